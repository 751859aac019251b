"""Lesson 11 panel for batch normalization (Q32).

batchnorm_explorer   depth, weight scale and a "batch norm" checkbox -> the std of
                     every block's output, without and with batch norm
"""

from __future__ import annotations

import ipywidgets as widgets

from nnviz.lessons.residuals.batchnorm_stack import activation_scales
from nnviz.lessons.residuals.batchnorm_views import ActivationScaleView
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)

__all__ = ["batchnorm_explorer"]

MAX_DEPTH = 50
#: The weight scales on the slider (times He's std). Their stacks are measured
#: when the panel opens (a few tens of ms each), so a move only redraws.
WEIGHT_SCALES = (0.5, 0.7, 0.9, 1.0, 1.1, 1.3, 1.5)


def batchnorm_explorer(depth=30, weight_scale=1.3, batchnorm=True, *, seed=0,
                       check_backend=True) -> Panel:
    """Panel: depth, weight scale, batch norm on/off -> ActivationScaleView.

    controls: "depth", "weight_scale", "batchnorm". state: "scales" (the
    activation_scales of the current weight scale, (50,) each).
    """
    if check_backend:
        require_widget_backend()
    view = ActivationScaleView(MAX_DEPTH)
    scales = {ws: activation_scales(MAX_DEPTH, weight_scale=ws, seed=seed)
              for ws in WEIGHT_SCALES}
    controls = {
        "depth": slider("depth (blocks)", depth, 1, MAX_DEPTH, 1),
        "weight_scale": widgets.SelectionSlider(
            options=WEIGHT_SCALES, value=weight_scale,
            description="weight scale (× He's std)",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="24em")),
        "batchnorm": widgets.Checkbox(value=batchnorm, description="batch norm"),
    }
    readout = widgets.HTML()

    def refresh(panel):
        n, now = controls["depth"].value, scales[controls["weight_scale"].value]
        view.update(now, n, controls["batchnorm"].value)
        text = f"block {n}: std {now['plain'][n - 1]:.2g} without batch norm"
        if controls["batchnorm"].value:
            text += (f"; {now['batchnorm'][n - 1]:.2f} with batch norm in training "
                     f"mode, {now['eval'][n - 1]:.2g} in evaluation mode before "
                     "training")
        readout.value = text
        panel.state["scales"] = now

    rows = [widgets.HBox(list(controls.values())), figure_widget(view.fig), readout]
    return simple_panel(rows, controls, [view], refresh)

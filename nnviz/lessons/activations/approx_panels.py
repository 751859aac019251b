"""Bumps explorer (Q18): build a bump from two sigmoid steps, then a curve from bumps.

    panel = nv.bumps_explorer()

Sliders: the step's weight w (steepness) and bias b (it sits at x = -b/w), the
bump's height, the number of bumps; a list of target functions. The right plot
shows the sum of bumps against the target and its largest error. Where the
step sits is written above the figure (an HTML readout: quicker than text
drawn in the figure at every move). The right plot's y-limits hold every
target of the list, so a new target redraws its curves only: new limits would
render the whole figure, ticks and labels, again (issue 18).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.activations.approx_views import BumpsView, fitted_range
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    reports_errors,
    require_widget_backend,
    slider,
)

TARGETS = {
    "sin x": np.sin,
    "x² / 4": lambda x: x**2 / 4,
    "|x| − 1": lambda x: np.abs(x) - 1,
    "step at 0": lambda x: (np.asarray(x) > 0) * 1.0,
    "sin 3x": lambda x: np.sin(3 * x),
}


def bumps_explorer(
    target="sin x", *, n_bumps=6, x_range=(-3.0, 3.0), check_backend=True
) -> Panel:
    """Panel: weight, bias, height, n_bumps and target -> BumpsView.

    `target`: a name from TARGETS or your own function of x (listed as "yours").
    controls: "weight", "bias", "height", "n_bumps", "target". views: [BumpsView].
    """
    if check_backend:
        require_widget_backend()
    targets = dict(TARGETS)
    if callable(target):
        targets, target = {"yours": target, **targets}, "yours"
    if target not in targets:
        raise ValueError(
            f"Unknown target {target!r}: choose one of {', '.join(targets)}"
            " or pass a function of x."
        )
    x = np.linspace(*x_range, 400)
    ranges = [fitted_range(function, x) for function in targets.values()]
    y_range = min(low for low, _ in ranges), max(high for _, high in ranges)
    view = BumpsView(targets[target], n_bumps=n_bumps, x_range=x_range,
                     y_range=y_range)
    # the step's readout (where it sits, the bump's size) goes above the figure
    # as HTML: text is the dearest thing to draw, and this one changes at
    # every move of the left plot's sliders (issue 18)
    view.readout.set_visible(False)
    readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
    # lay out once with every artist shown, then render the unchanging parts
    # (ticks, labels, legends) only when the axes move: see background.py
    freeze_layout(view.fig)
    cache = BackgroundCache(
        view.fig, view.changing_artists, overlay=view.overlay_artists
    )  # the legends: rendered once, laid on top of the lines
    controls = {
        "weight": slider("weight w (steepness)", 10.0, 0.5, 80.0, 0.5, fmt=".1f"),
        "bias": slider("bias b", 0.0, -20.0, 20.0, 0.1, fmt=".1f"),
        "height": slider("height h", 1.0, -1.5, 1.5, 0.05, fmt=".2f"),
        "n_bumps": slider("bumps", int(n_bumps), 1, 40, 1),
        "target": widgets.Dropdown(
            options=list(targets), value=target, description="target"
        ),
    }
    output = error_output()
    rows = [
        widgets.HBox([controls["weight"], controls["bias"]]),
        widgets.HBox([controls["height"], controls["n_bumps"], controls["target"]]),
    ]
    panel = Panel(
        widgets.VBox([*rows, readout, figure_widget(view.fig), output]),
        controls,
        [view],
        output,
        {"cache": cache, "readout": readout},
    )

    def show_readout():
        lines = view.readout.get_text().split("\n")
        readout.value = "<br>".join(map(html.escape, lines))

    @reports_errors(output)
    def on_change(change):
        name = next(k for k, c in controls.items() if c is change["owner"])
        if name == "target":
            view.set_target(targets[change["new"]])
        else:
            view.update(**{name: change["new"]})
        show_readout()

    for control in controls.values():
        control.observe(on_change, names="value")
    show_readout()
    return panel

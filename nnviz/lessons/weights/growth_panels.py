"""Lesson 1 panels about weights that keep growing.

and_neuron_explorer    Q23  the AND neuron's weights under sigmoid, step and identity
weight_growth_explorer Q1   weight norm while training, with an L2 slider
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.weights.growth import norm_history
from nnviz.lessons.weights.growth_views import WeightNormView
from nnviz.nn import losses, optimizers
from nnviz.nn.model import mlp
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
)

L2_RATES = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]


def weight_growth_explorer(
    X,
    y,
    sizes,
    *,
    steps=300,
    lr=0.5,
    rate=1e-2,
    seed=0,
    loss="softmax_cross_entropy",
    check_backend=True,
) -> Panel:
    """Panel: L2 rate -> WeightNormView (norm per step, against no penalty).

    Every run starts from the same seeded weights. controls: "l2". state: "norms".
    """
    if check_backend:
        require_widget_backend()
    view = WeightNormView(steps)

    def run(rate):
        rng = np.random.default_rng(seed)
        model = mlp(sizes, "tanh", rng=rng)
        return norm_history(
            model,
            losses.get(loss),
            optimizers.SGD(lr),
            X,
            y,
            steps=steps,
            penalty_rate=rate,
            rng=rng,
        )

    reference = run(0.0)
    view.ax.set_ylim(0, 1.2 * reference.max())
    view.set_reference(reference)
    control = widgets.SelectionSlider(
        options=L2_RATES, value=rate, description="L2 rate", continuous_update=False
    )

    def refresh(panel):
        norms = run(control.value)
        view.update(norms, label=f"L2 rate {control.value:g}")
        panel.state["norms"] = norms

    rows = [control, figure_widget(view.fig)]
    return simple_panel(
        rows, {"l2": control}, [view], refresh, state={"reference": reference}
    )

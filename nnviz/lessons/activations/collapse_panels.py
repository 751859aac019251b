"""The collapse panel: a deep linear net and its single collapsed layer (Q10)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.activations.collapse import collapsed_layer, linear_part
from nnviz.nn.model import Sequential, mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import fit
from nnviz.plots import style
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
)


def collapse_explorer(
    data,
    *,
    sizes=(2, 8, 8, 1),
    activation="identity",
    steps=300,
    seed=0,
    check_backend=True,
) -> Panel:
    """Panel: activation -> the trained deep net's boundary next to its collapsed
    linear part (the Dense layers multiplied out, activations left out).

    controls: "activation". state: "max_difference" between the two outputs
    over the plane (0 up to rounding exactly when the net is linear), "model".
    """
    if check_backend:
        require_widget_backend()
    fig, axes = style.new_figure(2, 1, size=(9.5, 3.8))
    views = [
        DecisionBoundaryView(data.X_train, data.y_train, ax=ax, resolution=80)
        for ax in axes
    ]
    control = widgets.ToggleButtons(
        options=["identity", "tanh", "relu"], value=activation, description="activation"
    )

    def refresh(panel):
        rng = np.random.default_rng(seed)
        model = mlp(list(sizes), control.value, rng=rng)
        fit(
            model,
            "binary_cross_entropy_logits",
            Adam(0.02),
            data.X_train,
            data.y_train,
            steps=steps,
            rng=rng,
        )
        single = collapsed_layer(linear_part(model))
        # float64 here: the panel shows the two are equal to rounding, not to float32
        views[0].update(model_predictor(model, float32=False))
        views[1].update(model_predictor(single_model(single), float32=False))
        diff = float(np.max(np.abs(views[0].values - views[1].values)))
        depth = len(linear_part(model))
        views[0].ax.set_title(f"{depth} Dense layers with {control.value}")
        views[1].ax.set_title(f"W1·W2·W3 as one layer (max diff {diff:.2g})")
        panel.state.update(max_difference=diff, model=model)

    rows = [control, figure_widget(fig)]
    return simple_panel(rows, {"activation": control}, views, refresh)



def single_model(layer):
    """A one-layer Sequential around `layer` (for predictors that take a model)."""
    return Sequential([layer])

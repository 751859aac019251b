"""Lesson 2 panels (activations and nonlinearity).

explosion_explorer   Q4   tanh vs ReLU on digits: learning rate, init, L2, epochs
collapse_explorer    Q10  a deep net and its collapsed single layer, with or without
                          activations: the boundaries match only when it is linear
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.activations.collapse import collapsed_layer, linear_part
from nnviz.lessons.activations.explosion import INITS, digits_run
from nnviz.lessons.activations.explosion_views import ExplosionView
from nnviz.nn.model import Sequential, mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import fit
from nnviz.plots import style
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    log_slider,
    require_widget_backend,
    simple_panel,
    slider,
)

L2_RATES = [0.0, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1]


def explosion_explorer(
    data,
    *,
    lr=1.0,
    init="glorot_uniform",
    l2=0.0,
    epochs=4,
    activations=("tanh", "relu"),
    check_backend=True,
) -> Panel:
    """Panel: lr, init, L2, epochs -> ExplosionView of one net under each activation.

    data: a flat (standardized) digits Dataset. controls: "lr", "init", "l2",
    "epochs". state["runs"]: {activation: DigitsRun}. Each change retrains
    (about 0.2 s per activation and 4 epochs), so sliders act on release.
    """
    if check_backend:
        require_widget_backend()
    view = ExplosionView(10, activations=activations)
    view.set_epochs(epochs)
    controls = {
        "lr": log_slider("learning rate", lr, 0.01, 2.0, continuous=False),
        "init": widgets.Dropdown(options=list(INITS), value=init, description="init"),
        "l2": widgets.SelectionSlider(
            options=L2_RATES, value=l2, description="L2 rate", continuous_update=False
        ),
        "epochs": slider("epochs", epochs, 1, 10, 1, continuous=False, width="16em"),
    }
    rows = [
        widgets.HBox([controls["lr"], controls["init"]]),
        widgets.HBox([controls["l2"], controls["epochs"]]),
        figure_widget(view.fig),
    ]

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        runs = {
            name: digits_run(
                data, name, lr=c["lr"], init=c["init"], l2=c["l2"], epochs=c["epochs"]
            )
            for name in activations
        }
        view.set_epochs(c["epochs"])
        view.update(runs)
        panel.state["runs"] = runs

    return simple_panel(rows, controls, [view], refresh)


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
        views[0].update(model_predictor(model))
        views[1].update(model_predictor(single_model(single)))
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

"""Lesson 2 panels (activations and nonlinearity).

explosion_explorer   Q4   tanh vs ReLU on digits: learning rate, init, L2, epochs
collapse_explorer    Q10  a deep net and its collapsed single layer, with or without
                          activations: the boundaries match only when it is linear
"""

from __future__ import annotations

import ipywidgets as widgets

from nnviz.lessons.initialization.explosion import INITS, digits_run
from nnviz.lessons.initialization.explosion_views import ExplosionView
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





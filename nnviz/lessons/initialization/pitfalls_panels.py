"""Q9 panel: "my network stops learning" -- break one thing at a time, then fix it.

Controls choose the inputs (centred, or shifted by +30), the network (hidden
layers, units, activation, initialization), the label encoding (0/1 or 1/2)
and the data (all examples, or only 8: the "overfit a handful" check). Any
change retrains from scratch for `steps` steps with the same batches and shows
the loss curve, the decision boundary and a one-line verdict.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.data.toy import circles
from nnviz.lessons.initialization.experiments import classifier, loss_history, verdict
from nnviz.lessons.initialization.scheme_views import SchemeCurvesView
from nnviz.plots import style
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)

OFFSET = 30.0


def _toggle(options, description):
    return widgets.ToggleButtons(
        options=options, description=description, style={"button_width": "auto"}
    )


def stops_learning_explorer(data=None, *, steps=300, check_backend=True) -> Panel:
    """Panel: inputs, network, labels, examples -> retrain -> loss curve, boundary.

    controls: "inputs" ("centred"/"shifted"), "depth", "units", "activation",
    "init", "labels" ("0/1"/"1/2"), "examples" ("all"/"8").
    state: "losses" (steps,), "verdict" (str), "model".
    """
    if check_backend:
        require_widget_backend()
    data = data if data is not None else circles(n=300, rng=np.random.default_rng(0))
    fig, (ax_loss, ax_plane) = style.new_figure(2, 1, size=(9.5, 3.6))
    curve = SchemeCurvesView(
        ["training loss"],
        steps,
        ax=ax_loss,
        ylim=(0.0, 1.0),
        title="training loss",
        legend="title",
        fit_diverged=True,
    )
    boundary = DecisionBoundaryView(
        data.X_train, data.y_train, ax=ax_plane, resolution=50
    )
    controls = {
        "inputs": _toggle(
            [("centred", "centred"), (f"shifted +{OFFSET:g}", "shifted")], "inputs"
        ),
        "depth": slider("hidden layers", 1, 1, 6, 1, continuous=False, width="16em"),
        "units": slider(
            "units per layer", 16, 1, 32, 1, continuous=False, width="18em"
        ),
        "activation": widgets.Dropdown(
            options=["tanh", "relu"], description="activation"
        ),
        "init": widgets.Dropdown(
            options=[
                ("Glorot", "glorot"),
                ("He", "he"),
                ("too small (std 0.01)", "too_small"),
            ],
            description="init",
        ),
        "labels": _toggle([("0 / 1", "0/1"), ("1 / 2", "1/2")], "labels"),
        "examples": _toggle(
            [("all", "all"), ("only 8 (overfit check)", "8")], "train on"
        ),
    }
    message = widgets.HTML()
    rows = [
        widgets.HBox([controls["inputs"], controls["labels"]]),
        widgets.HBox([controls["depth"], controls["units"]]),
        widgets.HBox([controls["activation"], controls["init"]]),
        controls["examples"],
        figure_widget(fig),
        message,
    ]

    def retrain(panel):
        c = {name: control.value for name, control in controls.items()}
        X, y = data.X_train, data.y_train
        shift = OFFSET if c["inputs"] == "shifted" else 0.0
        X, y = X + shift, y + (1 if c["labels"] == "1/2" else 0)
        if c["examples"] == "8":
            X, y = X[:8], y[:8]
        model = classifier(
            2,
            c["depth"],
            c["units"],
            c["activation"],
            c["init"],
            rng=np.random.default_rng(2),
        )
        losses = loss_history(
            model, X, y, steps=steps, batch_size=None if c["examples"] == "8" else 32
        )
        curve.update({"training loss": losses})
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged net's logits
            boundary.update(model_predictor(model, features=lambda P: P + shift))
        panel.state.update(losses=losses, verdict=verdict(losses), model=model)
        message.value = f"<b>{panel.state['verdict']}</b>"

    panel = simple_panel(rows, controls, [curve, boundary], retrain)
    freeze_layout(fig)
    return panel

"""Lesson 1 panels (weights and the dense layer).

logit_scale_explorer   Q11  logits and softmax probabilities, a logit-scale slider
shapes_calculator      Q21  shapes and parameter counts for sizes the learner types
bookkeeping_stepper    Q17  one training step, call by call, on a tiny net

The panels about weights that keep growing (Q1, Q23) are in `growth.py`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.weights.bookkeeping import stage_text, training_cycle
from nnviz.lessons.weights.logits_views import LogitsView
from nnviz.lessons.weights.shapes import dense_shapes, total_params
from nnviz.nn.model import mlp
from nnviz.nn.optimizers import SGD
from nnviz.nn.training import evaluate, train_steps
from nnviz.plots.curves import LossCurveView
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    log_slider,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.tables import layer_table

#: Q21 asks for every shape: what goes in, W, b, what comes out, and the count.
SHAPE_COLUMNS = ("layer", "input", "W", "b", "output", "parameters")


def parse_sizes(text) -> list[int]:
    """ "1000, 10" -> [1000, 10]; a ValueError that says what to type otherwise."""
    parts = [p for p in str(text).replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        sizes = [int(p) for p in parts]
    except ValueError:
        raise ValueError(
            f"Type whole numbers separated by commas, e.g. 1000, 10; got {text!r}."
        ) from None
    if any(s < 1 for s in sizes):
        raise ValueError(f"Every size must be at least 1; got {sizes}.")
    return sizes


def logit_scale_explorer(logits=(4.8, -5.3), *, scale=1.0, check_backend=True) -> Panel:
    """Panel: logit text box and a scale slider -> LogitsView.

    controls: "logits" (Text, comma-separated), "scale". state: "probabilities".
    """
    if check_backend:
        require_widget_backend()
    view = LogitsView(logits, labels=[f"class {i}" for i in range(len(logits))])
    controls = {
        "logits": widgets.Text(
            value=", ".join(f"{v:g}" for v in logits),
            description="logits",
            continuous_update=False,
        ),
        "scale": log_slider("logit scale s", scale, 0.02, 5.0),
    }
    rows = [
        widgets.HBox([controls["logits"], controls["scale"]]),
        figure_widget(view.fig),
    ]

    def refresh(panel):
        z = [float(v) for v in controls["logits"].value.split(",") if v.strip()]
        if len(z) != len(view.bars_logits):
            raise ValueError(
                f"Type {len(view.bars_logits)} logits (this panel has "
                f"{len(view.bars_logits)} bars); got {len(z)}."
            )
        view.update(z, controls["scale"].value)
        panel.state["probabilities"] = view.probabilities

    return simple_panel(rows, controls, [view], refresh)


def shapes_calculator(
    n_in=784, hidden="1000", n_classes=10, *, batch_size=32, activation="relu"
) -> Panel:
    """Panel: input size, hidden sizes (text), classes, batch -> a shapes table (HTML).

    controls: "inputs", "hidden", "classes", "batch". state: "rows", "total".
    No figure, so no backend check.
    """
    controls = {
        "inputs": widgets.BoundedIntText(
            value=n_in, min=1, max=10**7, description="inputs",
            style={"description_width": "initial"},
        ),
        "hidden": widgets.Text(
            value=str(hidden), description="hidden sizes", continuous_update=False,
            style={"description_width": "initial"},
        ),
        "classes": slider("classes", n_classes, 2, 100, 1),
        "batch": slider("batch size N", batch_size, 1, 256, 1),
    }
    table = widgets.HTML()

    def refresh(panel):
        hidden_sizes = parse_sizes(controls["hidden"].value)
        sizes = [controls["inputs"].value, *hidden_sizes, controls["classes"].value]
        rows = dense_shapes(
            sizes,
            batch_size=controls["batch"].value,
            activation=activation,
            output="softmax",
        )
        table.value = layer_table(rows, SHAPE_COLUMNS)
        panel.state.update(rows=rows, total=total_params(rows))

    return simple_panel(
        [
            widgets.HBox([controls["inputs"], controls["hidden"]]),
            widgets.HBox([controls["classes"], controls["batch"]]),
            table,
        ],
        controls,
        [table],
        refresh,
    )


def bookkeeping_stepper(
    model=None, x=None, y=None, *, loss="mse", lr=0.1, seed=0
) -> Panel:
    """Panel: a stage slider through one training step, and a button for the next step.

    Default: mlp([2, 2, 1], "sigmoid") on one example. controls: "stage", "next".
    state: "stages" (list of Stage), "step" (training steps taken).
    """
    rng = np.random.default_rng(seed)
    model = model or mlp([2, 2, 1], "sigmoid", rng=rng)
    x = np.array([[1.0, 2.0]]) if x is None else x
    y = np.array([[1.0]]) if y is None else y
    stages = training_cycle(model, loss, x, y, lr=lr)
    controls = {
        "stage": slider("stage", 0, 0, len(stages) - 1, 1, width="30em"),
        "next": widgets.Button(description="next training step"),
    }
    text, output = widgets.HTML(), error_output()
    panel = Panel(
        widgets.VBox(
            [widgets.HBox([controls["stage"], controls["next"]]), text, output]
        ),
        controls,
        [text],
        output,
        {"stages": stages, "step": 1},
    )

    @reports_errors(output)
    def show(_=None):
        stage = panel.state["stages"][controls["stage"].value]
        header = f"training step {panel.state['step']}, stage {controls['stage'].value}"
        body = html.escape(stage_text(stage))
        text.value = f"<pre>{html.escape(header)}\n{body}</pre>"

    @reports_errors(output)
    def next_step(_=None):
        panel.state["stages"] = training_cycle(model, loss, x, y, lr=lr)
        panel.state["step"] += 1
        show()

    controls["stage"].observe(show, names="value")
    controls["next"].on_click(next_step)
    show()
    return panel


BATCH_CHOICES = [("1 (online)", 1), ("8", 8), ("32", 32), ("full batch", 0)]


def batch_size_explorer(
    data,
    *,
    sizes=(2, 8, 1),
    batch=32,
    epochs=10,
    lr=0.1,
    seed=0,
    points=60,
    check_backend=True,
) -> Panel:
    """Panel: batch size (0 = full batch) -> LossCurveView of one run against the epoch.

    Solid: the loss of the batch each update saw (noisy for small batches);
    dashed: the held-out loss. At most `points` updates are drawn, evenly spaced.
    controls: "batch". state: "updates_per_epoch", "steps".
    """
    if check_backend:
        require_widget_backend()
    view = LossCurveView(xlabel="epoch")
    control = widgets.SelectionSlider(
        options=BATCH_CHOICES, value=batch, description="batch size"
    )
    text = widgets.HTML()
    loss = "binary_cross_entropy_logits"

    def refresh(panel):
        rng = np.random.default_rng(seed)
        model = mlp(list(sizes), "tanh", rng=rng)
        n, batch_size = len(data.X_train), control.value or None
        per_epoch = 1 if batch_size is None else n // min(batch_size, n)
        total = epochs * per_epoch
        every = max(1, -(-total // points))  # ceil: at most `points` drawn
        run = train_steps(
            model,
            loss,
            SGD(lr),
            data.X_train,
            data.y_train,
            batch_size=batch_size,
            rng=rng,
        )
        view.reset()
        for i in range(total):
            record = next(run)
            if (i + 1) % every == 0 or i + 1 == total:
                test = evaluate(model, loss, data.X_test, data.y_test)[0]
                view.append(record.epoch, record.loss, test)
        text.value = (
            f"{n} training examples, batch size {batch_size or n}: "
            f"<b>{per_epoch} update(s) per epoch</b>, {total} in {epochs} epochs"
        )
        panel.state.update(updates_per_epoch=per_epoch, steps=total)

    rows = [control, text, figure_widget(view.fig)]
    return simple_panel(rows, {"batch": control}, [view], refresh)

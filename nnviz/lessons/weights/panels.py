"""Lesson 1 panels (weights and the dense layer).

logit_scale_explorer   Q11  logits and softmax probabilities, a logit-scale slider
shapes_calculator      Q21  shapes and parameter counts for sizes the learner types

The panel about weights that keep growing (Q1) is in `growth_panels.py`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from nnviz.lessons.weights.logits_views import LogitsView
from nnviz.lessons.weights.shapes import dense_shapes, total_params
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    log_slider,
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
    """Panel: logit text box and a scale slider -> LogitsView, and a line under
    it: the argmax of both and the sum of the probabilities.

    controls: "logits" (Text, comma-separated), "scale". state: "probabilities",
    "summary" (the line shown).
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
    summary = widgets.HTML(layout=widgets.Layout(margin="0 0 0 3em"))
    rows = [
        widgets.HBox([controls["logits"], controls["scale"]]),
        figure_widget(view.fig),
        summary,
    ]

    def refresh(panel):
        z = [float(v) for v in controls["logits"].value.split(",") if v.strip()]
        if len(z) != len(view.bars_logits):
            raise ValueError(
                f"Type {len(view.bars_logits)} logits (this panel has "
                f"{len(view.bars_logits)} bars); got {len(z)}."
            )
        view.update(z, controls["scale"].value)
        panel.state.update(probabilities=view.probabilities, summary=view.summary)
        summary.value = html.escape(view.summary)

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

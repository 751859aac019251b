"""CNN lesson shapes table (Q15, Q29): sliders build a small CNN, a table shows
every layer's output shape, weight shape and parameter count with its formula."""

from __future__ import annotations

import html

import ipywidgets as widgets

from nnviz.nn.activations import ReLU
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.layer import ShapeError
from nnviz.nn.model import Sequential
from nnviz.nn.pooling import MaxPool2D
from nnviz.nn.reshape import Flatten
from nnviz.nn.summary import layer_rows
from nnviz.widgets.controls import (
    Panel,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.tables import layer_table

#: Q15 and Q29: what comes out of each layer, the kernel's shape, the count.
COLUMNS = ("layer", "output", "W", "parameters")


def cnn_builder(
    size=28, *, filters=3, kernel=5, padding=0, pool=2, filters2=0, check_backend=True
) -> Panel:
    """Panel: sliders for conv(filters, kernel, padding)-ReLU-pool[-conv2-ReLU-pool]-
    Flatten-Dense(…, 10); the table shows every shape and parameter count.

    The default is Q15's net: 3 x 12 x 12 = 432 -> Dense(432, 10).
    controls: "filters", "kernel", "padding", "pool", "filters2" (0 = no second conv).
    state: "model", "rows".
    """
    if check_backend:
        require_widget_backend()
    controls = {
        "filters": slider("filters", filters, 1, 64, 1),
        "kernel": slider("kernel", kernel, 1, 9, 1),
        "padding": slider("padding", padding, 0, 4, 1),
        "pool": slider("pool", pool, 1, 4, 1),
        "filters2": slider("2nd conv filters (0: none)", filters2, 0, 64, 1),
    }
    table = widgets.HTML()

    def refresh(panel):
        v = {key: control.value for key, control in controls.items()}
        layers = [
            Conv2D(1, v["filters"], v["kernel"], padding=v["padding"]),
            ReLU(),
            MaxPool2D(v["pool"]),
        ]
        if v["filters2"]:
            layers += [
                Conv2D(v["filters"], v["filters2"], v["kernel"], padding=v["padding"]),
                ReLU(),
                MaxPool2D(v["pool"]),
            ]
        try:  # a kernel that does not fit is explained in the table's place
            flat = Sequential(layers + [Flatten()], input_shape=(1, size, size))
        except ShapeError as error:
            panel.state.update(model=None, rows=[], error=str(error))
            table.value = f"<p>⚠ {html.escape(str(error))}</p>"
            return
        n_flat = flat.shapes()[-1][1][-1]
        model = Sequential(
            layers + [Flatten(), Dense(n_flat, 10)], input_shape=(1, size, size)
        )
        panel.state.update(model=model, rows=layer_rows(model), error="")
        table.value = layer_table(panel.state["rows"], COLUMNS)

    return simple_panel([*controls.values(), table], controls, [], refresh)

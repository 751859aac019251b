"""Q13 panel: build a Dense or Conv2D layer with sliders; read its fan-in and fan-out.

The layer is built for real (nnviz Dense or Conv2D with the chosen initializer),
so the dashed line is the std of the weights it holds, next to what Glorot, He
and LeCun prescribe for its fans.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.initialization.diagnostics import fan_in_readout
from nnviz.lessons.initialization.fan_views import FanView
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)

INITS = [
    ("Glorot (normal)", "glorot_normal"),
    ("He (normal)", "he_normal"),
    ("LeCun (normal)", "lecun_normal"),
]


def fan_in_explorer(*, seed=0, check_backend=True) -> Panel:
    """Panel: layer kind and sizes, initializer -> FanView and a text readout.

    controls: "kind" ("dense"/"conv"), "n_in", "n_out", "C_in", "C_out", "kernel",
    "init". state: "layer", "readout".
    """
    if check_backend:
        require_widget_backend()
    view = FanView()
    controls = {
        "kind": widgets.ToggleButtons(
            options=[("Dense", "dense"), ("Conv2D", "conv")], description="layer"
        ),
        "n_in": slider("n_in", 784, 1, 1024, 1, continuous=False),
        "n_out": slider("n_out", 256, 1, 1024, 1, continuous=False),
        "C_in": slider("C_in", 32, 1, 256, 1, continuous=False),
        "C_out": slider("C_out", 64, 1, 256, 1, continuous=False),
        "kernel": slider("kernel KH = KW", 5, 1, 7, 1, continuous=False),
        "init": widgets.Dropdown(options=INITS, value="he_normal", description="init"),
    }
    text = widgets.HTML()
    dense_box = widgets.HBox([controls["n_in"], controls["n_out"]])
    conv_box = widgets.HBox([controls["C_in"], controls["C_out"], controls["kernel"]])
    rows = [
        widgets.HBox([controls["kind"], controls["init"]]),
        dense_box,
        conv_box,
        figure_widget(view.fig),
        text,
    ]

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        rng = np.random.default_rng(seed)
        if c["kind"] == "dense":
            layer = Dense(c["n_in"], c["n_out"], init=c["init"], rng=rng)
        else:
            layer = Conv2D(c["C_in"], c["C_out"], c["kernel"], init=c["init"], rng=rng)
        dense_box.layout.display = None if c["kind"] == "dense" else "none"
        conv_box.layout.display = "none" if c["kind"] == "dense" else None
        readout = fan_in_readout(layer)
        view.update(readout)
        text.value = "<pre>" + str(readout) + "</pre>"
        panel.state.update(layer=layer, readout=readout)

    return simple_panel(rows, controls, [view], refresh)

"""Lesson 6 panels: a CNN trained live, conv arithmetic, a 3 x 3 kernel, CNN shapes.

cnn_training_panel      Play trains a small CNN on digits; its filters, one
                        image's feature maps and the class responses update
conv_arithmetic_explorer  sliders n, f, p, s -> input and output grids, formula
kernel_editor           a 3 x 3 kernel (presets or typed) applied to a digit,
                        beside the learned filters of a model
(cnn_builder, the shapes-and-parameters table, is in shapes_panels.py.)
"""

from __future__ import annotations

import itertools

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.cnn.experiments import KERNELS, small_cnn
from nnviz.lessons.cnn.views import (
    ClassResponseView,
    ConvArithmeticView,
    FeatureMapView,
    FilterGridView,
    KernelView,
)
from nnviz.nn.conv import Conv2D
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import accuracy, train_steps
from nnviz.plots import style
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining


def cnn_training_panel(
    data,
    *,
    model=None,
    lr=0.003,
    batch_size=64,
    steps_per_frame=5,
    n_show=200,
    max_steps=10_000,
    seed=0,
    check_backend=True,
) -> Panel:
    """Panel: Play trains `model` (default `small_cnn`) on `data` (NCHW digits).

    Views: first-layer filters, the feature maps of one test image, and which
    second-layer filter responds to which digit (over `n_show` test images).
    Each Play tick takes up to `steps_per_frame` steps (panel.live, a
    LiveTraining), and Play stops after `max_steps`.
    controls: "play", "frame" (Play's hidden tick counter), "image", "reset".
    state: "model", "step", "loss", "accuracy" (on the shown test images).
    """
    if check_backend:
        require_widget_backend()
    X, y = data.X_test[:n_show], data.y_test[:n_show]
    size = X.shape[-1]
    fig, axes = style.new_figure(2, 2, size=(8.6, 6.8))
    axes = axes.ravel()  # filters, input / feature maps, class responses
    state = {}
    initial = (
        None
        if model is None
        else [
            {key: p.copy() for key, p in layer.params.items()} for layer in model.layers
        ]
    )

    def build():
        rng = np.random.default_rng(seed)
        if model is None:
            state["model"] = small_cnn(size, rng=rng)
        else:  # Reset puts a given model back to the weights it came with
            for layer, params in zip(model.layers, initial, strict=True):
                for key, value in params.items():
                    layer.params[key][...] = value
            state["model"] = model
        net = state["model"]
        live.restart(lambda: itertools.islice(train_steps(
            net,
            "softmax_cross_entropy",
            Adam(lr),
            data.X_train,
            data.y_train,
            batch_size=batch_size,
            rng=rng,
        ), max_steps))
        state.update(step=0, loss=float("nan"))

    def on_frame(records):
        state.update(step=state["step"] + len(records), loss=records[-1].loss)
        show()

    output = error_output()
    live = LiveTraining(on_frame, output=output, steps_per_tick=steps_per_frame,
                        interval=200)
    build()
    convs = [
        i for i, layer in enumerate(state["model"].layers) if isinstance(layer, Conv2D)
    ]
    first, last = convs[0], convs[-1]
    outputs = state["model"].trace(X)
    views = [
        FilterGridView(state["model"].layers[first].params["W"], ax=axes[0]),
        FeatureMapView(X[0, 0], outputs[first + 2][0], axes=axes[1:3]),
        ClassResponseView(outputs[last + 2].shape[1], ax=axes[3]),
    ]
    controls = {
        "play": live.play,
        "frame": live.counter,
        "image": slider("test image", 0, 0, len(X) - 1, 1),
        "reset": widgets.Button(description="Reset"),
    }
    status = widgets.HTML()
    panel = Panel(
        widgets.VBox(
            [
                widgets.HBox([live.widget, controls["reset"]]),
                controls["image"],
                status,
                figure_widget(fig),
                output,
            ]
        ),
        controls,
        views,
        output,
        state,
        live,
    )

    def show():
        outputs = state["model"].trace(X)
        i = controls["image"].value
        views[0].update(state["model"].layers[first].params["W"])
        views[1].update(X[i, 0], outputs[first + 2][i])  # maps after the ReLU
        views[2].update(outputs[last + 2], y)
        state["accuracy"] = accuracy(outputs[-1], y)
        trained = (f"training loss {state['loss']:.3f}" if state["step"]
                   else "not trained yet: press Play")
        status.value = (
            f"step {state['step']} · {trained} · "
            f"accuracy on {len(X)} test digits {state['accuracy']:.1%}"
        )

    @reports_errors(output)
    def reset(_=None):
        live.stop()
        build()
        show()

    controls["image"].observe(reports_errors(output)(lambda _: show()), names="value")
    controls["reset"].on_click(reset)
    show()
    freeze_layout(fig)  # lay out once: a frame then only redraws
    return panel


def conv_arithmetic_explorer(
    n=7, f=3, p=0, s=1, *, max_n=16, max_p=3, check_backend=True
) -> Panel:
    """Panel: sliders on input size n, kernel f, padding p and stride s.

    The view draws both grids and the formula; a kernel that does not fit is
    explained in words. state: "result" (a ConvArithmetic).
    """
    if check_backend:
        require_widget_backend()
    view = ConvArithmeticView(max_n, max_p)
    controls = {
        "n": slider("input size n", n, 1, max_n, 1),
        "f": slider("kernel f", f, 1, 9, 1),
        "p": slider("padding p", p, 0, max_p, 1),
        "s": slider("stride s", s, 1, 4, 1),
    }
    rows = [
        widgets.HBox([controls["n"], controls["f"]]),
        widgets.HBox([controls["p"], controls["s"]]),
        figure_widget(view.fig),
    ]

    def refresh(panel):
        view.update(*(controls[key].value for key in "nfps"))
        panel.state["result"] = view.result

    panel = simple_panel(rows, controls, [view], refresh)
    freeze_layout(view.fig)
    return panel


def kernel_editor(
    image, *, model=None, preset="vertical edge", check_backend=True
) -> Panel:
    """Panel: a 3 x 3 kernel (preset menu or nine typed numbers) applied to `image`.

    With a `model`, its first conv layer's learned filters are shown beside,
    and the menu also offers them ("learned filter 3", rounded to 3 decimals):
    apply one to the digit.
    controls: "preset", "cells" (list of 9 FloatText). state: "kernel", "filtered".
    """
    if check_backend:
        require_widget_backend()
    presets, learned = dict(KERNELS), []
    size = (8.4, 3.0)  # inches; with the learned filters beside, both fit 10.4
    if model is not None:
        conv = next(layer for layer in model.layers if isinstance(layer, Conv2D))
        W = conv.params["W"]
        size = (7.4, 2.8)
        learned = [FilterGridView(W, ax=style.new_axes(size=(3.0, 2.8)),
                                  title="learned filters (0, 1, 2 / 3, ...)")]
        if W.shape[2:] == (3, 3):  # to 3 decimals, so that a cell can show them
            presets.update({f"learned filter {k}": np.round(W[k, 0], 3)
                            for k in range(len(W))})
    view = KernelView(image, presets[preset], size=size)
    views = [view, *learned]
    figures = [figure_widget(v.fig) for v in views]
    cells = [
        widgets.FloatText(value=float(v), layout=widgets.Layout(width="5.5em"))
        for v in presets[preset].ravel()
    ]
    controls = {
        "preset": widgets.Dropdown(
            options=list(presets), value=preset, description="preset"
        ),
        "cells": cells,
    }
    output = error_output()
    grid = widgets.GridBox(
        cells, layout=widgets.Layout(grid_template_columns="repeat(3, 6em)")
    )
    panel = Panel(
        widgets.VBox(
            [widgets.HBox([controls["preset"], grid]), widgets.HBox(figures), output]
        ),
        controls,
        views,
        output,
        {"busy": False},
    )

    @reports_errors(output)
    def refresh(_=None):
        if panel.state["busy"]:  # a preset is filling the nine cells: draw once
            return
        kernel = np.array([cell.value for cell in cells]).reshape(3, 3)
        view.update(kernel)
        panel.state.update(kernel=kernel, filtered=view.filtered)

    @reports_errors(output)
    def choose(change):
        panel.state["busy"] = True
        try:
            for cell, value in zip(cells, presets[change["new"]].ravel(), strict=True):
                cell.value = float(value)
        finally:
            panel.state["busy"] = False
        refresh()

    for cell in cells:
        cell.observe(refresh, names="value")
    controls["preset"].observe(choose, names="value")
    refresh()
    return panel

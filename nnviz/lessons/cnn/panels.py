"""CNN lesson panels: a CNN trained live, conv arithmetic, a 3 x 3 kernel.

cnn_training_panel      Play trains a small CNN on digits; its filters, one
                        image's feature maps and the class responses update
conv_arithmetic_explorer  sliders n, f, p, s -> input and output grids, formula
kernel_editor           a 3 x 3 kernel (presets or typed) applied to a digit,
                        beside the learned filters of a model
(cnn_builder, the shapes-and-parameters table, is in shapes_panels.py.)

Speed (issue 18: a control that only redraws answers within 30 ms): each
control redraws only the figure it changes, and text that changes with a
control is HTML beside the figure, not text drawn in it (see views.py).
"""

from __future__ import annotations

import html
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
from nnviz.plots.background import BackgroundCache
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
    budget_ms=20.0,
    responses_every=4,
    n_show=200,
    max_steps=10_000,
    seed=0,
    check_backend=True,
) -> Panel:
    """Panel: Play trains `model` (default `small_cnn`) on `data`, (N, 1, h, w) digits.

    Two figures, so that a move redraws only what it changes:
      1. the first-layer filters, one test image and its feature maps (the
         image slider redraws this one only);
      2. which second-layer filter responds to which digit, over `n_show` test
         images, with their accuracy in the status line.
    Each Play tick takes up to `steps_per_frame` steps within `budget_ms` of
    kernel time (panel.live, a LiveTraining), then redraws figure 1, except
    every `responses_every`-th tick, which redraws figure 2 instead: a tick
    draws one figure. Pause and Reset redraw both. Play stops after `max_steps`.
    The default model is float32: it trains faster and nothing here needs
    float64 (the notebook's gradient checks use float64 models).

    Both figures draw their images over a cached picture of the rest
    (state "caches", BackgroundCaches: maps figure, responses figure).
    controls: "play", "frame" (Play's hidden tick counter), "image", "reset".
    state: "model", "step", "loss", "frames" (ticks so far), "accuracy" (on the
    shown test images, when figure 2 was last drawn), "accuracy_step" (then).
    """
    if check_backend:
        require_widget_backend()
    dtype = np.float32 if model is None else _dtype_of(model)
    # once, here: train_steps would otherwise convert the 28 x 28 digits on
    # every Reset (np.asarray copies nothing when the dtype already matches)
    X_train = np.asarray(data.X_train, dtype=dtype)
    X, y = np.asarray(data.X_test[:n_show], dtype=dtype), data.y_test[:n_show]
    size = X.shape[-1]
    maps_fig, maps_axes = style.new_figure(3, 1, size=(8.0, 2.6))
    responses_ax = style.new_axes(size=(5.6, 2.8))
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
            state["model"] = small_cnn(size, rng=rng, dtype=dtype)
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
            X_train,
            data.y_train,
            batch_size=batch_size,
            rng=rng,
        ), max_steps))
        state.update(step=0, loss=float("nan"), frames=0)

    def on_frame(records):
        state.update(step=state["step"] + len(records), loss=records[-1].loss,
                     frames=state["frames"] + 1)
        if state["frames"] % responses_every:
            show_maps()
        else:
            show_responses()
        show_status()

    output = error_output()
    live = LiveTraining(on_frame, output=output, steps_per_tick=steps_per_frame,
                        budget_ms=budget_ms, interval=200)
    build()
    convs = [
        i for i, layer in enumerate(state["model"].layers) if isinstance(layer, Conv2D)
    ]
    first, last = convs[0], convs[-1]
    outputs = state["model"].trace(X)
    views = [
        FilterGridView(state["model"].layers[first].params["W"], ax=maps_axes[0],
                       title="1st-layer filters"),
        FeatureMapView(X[0, 0], outputs[first + 2][0], axes=maps_axes[1:]),
        ClassResponseView(outputs[last + 2].shape[1], ax=responses_ax),
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
                status,
                controls["image"],
                figure_widget(maps_fig),
                figure_widget(responses_ax.figure),
                output,
            ]
        ),
        controls,
        views,
        output,
        state,
        live,
    )

    def show_maps():
        """Figure 1: the filters, and the shown image's maps after the first ReLU."""
        i = controls["image"].value
        maps = state["model"].trace(X[i : i + 1])[first + 2][0]  # (C, h, w)
        views[0].update(state["model"].layers[first].params["W"])
        views[1].update(X[i, 0], maps)

    def show_responses():
        """Figure 2: every shown test digit through the model (and the accuracy)."""
        outputs = state["model"].trace(X)
        views[2].update(outputs[last + 2], y)
        state.update(accuracy=accuracy(outputs[-1], y), accuracy_step=state["step"])

    def show_status():
        trained = (f"training loss {state['loss']:.3f}" if state["step"]
                   else "not trained yet: press Play")
        status.value = (
            f"step {state['step']} · {trained} · accuracy on {len(X)} test "
            f"digits {state['accuracy']:.1%} (at step {state['accuracy_step']})"
        )

    def show():
        show_maps()
        show_responses()
        show_status()

    @reports_errors(output)
    def reset(_=None):
        state["accuracy_step"] = state["step"]  # so that the pause draws nothing:
        live.stop()  # the new model is drawn below
        build()
        show()

    @reports_errors(output)
    def paused(change):
        if not change["new"] and state["accuracy_step"] != state["step"]:
            show()  # Play stopped: both figures show the weights as they are now

    controls["image"].observe(reports_errors(output)(lambda _: show_maps()),
                              names="value")
    controls["reset"].on_click(reset)
    live.play.observe(paused, names="playing")
    show()
    for fig in (maps_fig, responses_ax.figure):
        freeze_layout(fig)  # lay out once: a frame then only redraws
    # ticks, labels and titles rendered once (issue 18): a frame draws the images
    state["caches"] = [
        BackgroundCache(maps_fig, lambda: views[0].changing_artists()
                        + views[1].changing_artists()),
        BackgroundCache(responses_ax.figure, views[2].changing_artists),
    ]
    return panel


def _dtype_of(model):
    """The dtype of the model's first parameter (float64 if it has none)."""
    for layer in model.layers:
        for value in layer.params.values():
            return value.dtype
    return np.float64


def conv_arithmetic_explorer(
    n=7, f=3, p=0, s=1, *, max_n=16, max_p=3, check_backend=True
) -> Panel:
    """Panel: sliders on input size n, kernel f, padding p and stride s.

    The view draws both grids; the formula, or why a kernel does not fit, is
    written below them (`panel.state["formula"]`, an HTML widget).
    state: "result" (a ConvArithmetic), "formula".
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
    formula = widgets.HTML(layout=widgets.Layout(min_height="3em"))
    rows = [
        widgets.HBox([controls["n"], controls["f"]]),
        widgets.HBox([controls["p"], controls["s"]]),
        figure_widget(view.fig),
        formula,
    ]

    def refresh(panel):
        view.update(*(controls[key].value for key in "nfps"))
        panel.state.update(result=view.result, formula=formula)
        sentence, _, note = view.result.message.partition("   (")
        formula.value = f"<b>{html.escape(sentence)}</b>" + (
            f"<br>({html.escape(note)}" if note else "")

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
    scale = widgets.HTML()  # how the filtered image is scaled: changes every move
    panel = Panel(
        widgets.VBox(
            [widgets.HBox([controls["preset"], grid]), widgets.HBox(figures), scale,
             output]
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
        scale.value = (f"<small>filtered: shown divided by its largest |value|, "
                       f"{view.peak:.2f}</small>")

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
    for v in views:
        freeze_layout(v.fig)  # lay out once: a move then only redraws
    return panel

"""Activation explorer (Q24): each activation and its derivative, and where a
layer's pre-activations land on it.

    panel = nv.activation_explorer()                  # z ~ N(0, 1) samples
    panel = nv.activation_explorer(model=model, X=X)  # a layer of your network

The "scale" slider multiplies the pre-activations, as larger weights would:
watch the points slide into the flat, saturated ends where f'(z) is about 0.

Speed (issue 18): the y-axis has two ranges, one for the activations that stay
within ±1 and one for the others (`_y_ranges`), instead of one per activation. A
new range renders the whole figure, ticks and labels (about 35 ms); with two, a
change of activation redraws only the curves over a kept background.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.nn import activations
from nnviz.nn.dense import Dense
from nnviz.plots.background import BackgroundCache
from nnviz.plots.curves import NAMES, ActivationCurvesView
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)


def preactivations(model, X):
    """{label: z (N, units)}: the output of every Dense layer of `model` on X."""
    trace = model.trace(np.asarray(X, dtype=float))
    out, k = {}, 0
    for i, layer in enumerate(model.layers):
        if isinstance(layer, Dense):
            k += 1
            out[f"layer {k} (z = x W{k} + b{k})"] = trace[i + 1]
    return out


def _y_ranges(view):
    """{name: (low, high)}: the y-limits of each activation of `view` (an
    ActivationCurvesView): one range for those whose f and f' stay within ±1
    (sigmoid, tanh, step), one for the others (relu, elu, ...), each holding every
    curve of its group with the view's 8 % margin. Sigmoid and tanh then share
    a scale: tanh's slope of 1 at 0 is four times sigmoid's 0.25."""
    extremes = {}
    for name in view.names:
        value = activations.FUNCTIONS[name][0](view.z)
        slope = activations.derivative_at(name, view.z)
        extremes[name] = (min(value.min(), slope.min()), max(value.max(), slope.max()))
    bounded = {name: max(abs(low), abs(high)) <= 1.0
               for name, (low, high) in extremes.items()}
    ranges = {}
    for name in extremes:
        group = [extremes[other] for other in extremes
                 if bounded[other] == bounded[name]]
        low, high = min(lo for lo, _ in group), max(hi for _, hi in group)
        pad = 0.08 * (high - low)
        ranges[name] = (low - pad, high + pad)
    return ranges


def activation_explorer(
    name="tanh", *, model=None, X=None, n_samples=300, seed=0, check_backend=True
) -> Panel:
    """Panel: activation, layer (if a model is given) and scale -> ActivationCurvesView.

    controls: "activation", "scale", and "layer" when `model` and `X` are given.
    views: [ActivationCurvesView].
    """
    if check_backend:
        require_widget_backend()
    if model is not None and X is not None:
        sources = preactivations(model, X)
    else:
        rng = np.random.default_rng(seed)
        sources = {"z ~ N(0, 1)": rng.standard_normal(n_samples)}
    view = ActivationCurvesView()
    ranges = _y_ranges(view)
    # lay out once with every artist shown, then render the unchanging parts
    # (ticks, labels, legends) only when the axes move: see background.py
    freeze_layout(view.fig)
    cache = BackgroundCache(
        view.fig, view.changing_artists, overlay=view.overlay_artists
    )  # the overlay (legend, note) is drawn again only when it changes
    controls = {
        "activation": widgets.Dropdown(
            options=list(NAMES), value=name, description="activation"
        ),
        "scale": slider("scale z ×", 1.0, 0.1, 5.0, 0.1, fmt=".1f"),
        "layer": widgets.Dropdown(options=list(sources), description="points"),
    }
    row = [controls["activation"], controls["scale"]] + (
        [controls["layer"]] if len(sources) > 1 else []
    )

    def show(panel):
        z = sources[controls["layer"].value] * controls["scale"].value
        name = controls["activation"].value
        view.update(name, z)
        view.ax.set_ylim(*ranges[name])  # two ranges in all: see the docstring

    return simple_panel(
        [widgets.HBox(row), figure_widget(view.fig)],
        controls,
        [view],
        show,
        state={"sources": sources, "cache": cache},
    )

"""Dropout panels (Q22): the keep slider, and training vs evaluation mode.

keep_prob_explorer   a keep slider over a large ReLU layer: the mean activation
                     without the 1/keep scaling shrinks with keep, with it stays put
train_eval_explorer  one input of a trained net: its output under many masks
                     (training mode) against the one evaluation-mode output

(dropout_vs_overfitting, trained live, lives in dropout_panels.py;
overfitting_explorer, lesson 8's first panel, in overfitting_panels.py.)
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.regularization.experiments import dropout_means, sample_outputs
from nnviz.lessons.regularization.views import DropoutOutputsView, KeepProbView
from nnviz.nn import activations
from nnviz.nn.dense import Dense
from nnviz.nn.dropout import Dropout
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)


def large_layer(n_units=1000, n_in=100, seed=0):
    """Activations (n_units,) of Dense(n_in, n_units) + ReLU (He init) for one input."""
    rng = np.random.default_rng(seed)
    dense = Dense(n_in, n_units, init="he_normal", rng=rng)
    return activations.relu(dense.forward(rng.normal(size=(1, n_in))))[0]


def keep_prob_explorer(
    keep=0.5, *, n_units=1000, n_masks=400, seed=0, check_backend=True
) -> Panel:
    """Panel: keep slider -> KeepProbView over a layer of `n_units` ReLU units.

    controls: "keep". state: "unscaled", "scaled" (means over n_masks masks),
    "mask" (one pass's mask, read from Dropout.cache["mask"]).
    """
    if check_backend:
        require_widget_backend()
    a = large_layer(n_units, seed=seed)
    view = KeepProbView(a)
    control = slider("keep probability p", keep, 0.1, 1.0, 0.05, fmt=".2f")
    rng = np.random.default_rng(seed + 1)

    def refresh(panel):
        p = control.value
        unscaled, scaled = dropout_means(a, p, n_masks, rng)
        layer = Dropout(keep=p, rng=rng)
        sample = layer.forward(a[None], training=True)[0]
        view.update(p, unscaled, scaled, sample)
        panel.state.update(
            unscaled=unscaled, scaled=scaled, mask=layer.cache["mask"][0]
        )

    rows = [control, figure_widget(view.fig)]
    return simple_panel(rows, {"keep": control}, [view], refresh)


def train_eval_explorer(
    model, X, *, n_masks=500, value_range=(-10, 10), seed=0, check_backend=True
) -> Panel:
    """Panel: pick an input of X (N, F); its output in training mode under n_masks
    masks (histogram) against evaluation mode, with all or only the last Dropout on.

    controls: "point" (index into X), "active" ("all" or "last"), "resample" (Button).
    state: "train" (n_masks,), "eval" (float).
    """
    if check_backend:
        require_widget_backend()
    drops = [i for i, layer in enumerate(model.layers) if isinstance(layer, Dropout)]
    if not drops:
        raise ValueError(
            "train_eval_explorer needs a model with at least one Dropout "
            "layer; build one with nv.dropout_mlp(sizes, rate=0.5)."
        )
    view = DropoutOutputsView(value_range)
    controls = {
        "point": slider("input #", 0, 0, len(X) - 1, 1),
        "active": widgets.ToggleButtons(
            options=[("all Dropout layers", "all"), ("only the last one", "last")],
            value="all",
            description="masks in",
        ),
        "resample": widgets.Button(description="new masks"),
    }
    rows = [
        widgets.HBox([controls["point"], controls["resample"]]),
        controls["active"],
        figure_widget(view.fig),
    ]

    def refresh(panel):  # also on a click of "resample" (a Button)
        x = X[controls["point"].value]
        active = None if controls["active"].value == "all" else drops[-1:]
        train = sample_outputs(model, x, n_masks, active=active).ravel()
        evaluation = float(model.predict(x[None]).ravel()[0])
        view.update(train, evaluation)
        panel.state.update(train=train, eval=evaluation)

    return simple_panel(rows, controls, [view], refresh)

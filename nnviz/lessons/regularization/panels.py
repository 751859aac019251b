"""Dropout panels (Q22): the keep slider, training vs evaluation mode, and dropout
against overfitting trained live.

keep_prob_explorer   a keep slider over a large ReLU layer: the mean activation
                     without the 1/keep scaling shrinks with keep, with it stays put
train_eval_explorer  one input of a trained net: its output under many masks
                     (training mode) against the one evaluation-mode output
dropout_vs_overfitting  the same net with and without dropout, trained live with
                     Play on a small noisy dataset (boundaries, train/test loss)

(overfitting_explorer, lesson 8's first panel, lives in overfitting_panels.py.)
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.data.toy import circles
from nnviz.lessons.regularization.experiments import (
    dropout_means,
    dropout_mlp,
    sample_outputs,
)
from nnviz.lessons.regularization.views import DropoutOutputsView, KeepProbView
from nnviz.nn import activations
from nnviz.nn.dense import Dense
from nnviz.nn.dropout import Dropout
from nnviz.nn.optimizers import SGD
from nnviz.nn.training import evaluate, train_steps
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.plots.curves import LossCurveView
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
from nnviz.widgets.progress import Progress

LOSS = "binary_cross_entropy_logits"
#: Steps of both nets taken in the rate slider's callback (a few ms): the
#: first answer, a new run from its start; Play's ticks bring the rest.
FIRST_STEPS = 5


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


def overfitting_data(seed=0):
    """Lesson 5's small noisy dataset: 80 circle points, noise 0.4, half for testing."""
    return circles(n=80, noise=0.4, test_fraction=0.5, rng=np.random.default_rng(seed))


def dropout_vs_overfitting(
    data=None,
    *,
    rate=0.5,
    sizes=(2, 128, 128, 1),
    lr=0.05,
    momentum=0.9,
    steps_per_frame=20,
    max_steps=4000,
    seed=5,
    resolution=60,
    check_backend=True,
) -> Panel:
    """Panel: the same net with and without dropout, trained live side by side.

    Same initial weights (seed) and the same batches; only the Dropout layers differ.
    Top: decision boundaries (evaluation mode); bottom: training and test loss.
    Each Play tick takes up to `steps_per_frame` steps of both nets (panel.live,
    a LiveTraining); Play stops after `max_steps`, and a progress bar beside
    Play says how far the run is and how long it took. A move of "rate" starts
    the new run at once: FIRST_STEPS steps in the callback, then Play's ticks.
    controls: "play", "frame" (Play's hidden tick counter), "rate" (drop rate of
    the dropout net; restarts), "reset" (Button).
    state: "models" [plain, dropout], "step".
    """
    if check_backend:
        require_widget_backend()
    data = data if data is not None else overfitting_data()
    fig, axes, boundaries, curves = _comparison_views(data, resolution, max_steps)
    output = error_output()

    def on_frame(records):
        panel.state["step"] += len(records)
        _show(panel, boundaries, curves, data)

    progress = Progress()
    live = LiveTraining(
        on_frame, output=output, steps_per_tick=steps_per_frame, interval=500,
        progress=progress,
    )
    controls = {
        "play": live.play,
        "frame": live.counter,
        "rate": slider(
            "dropout rate", rate, 0.1, 0.8, 0.05, continuous=False, fmt=".2f"
        ),
        "reset": widgets.Button(description="Reset"),
    }
    panel = Panel(
        widgets.VBox(
            [
                widgets.HBox([live.widget, controls["rate"], controls["reset"]]),
                progress.widget,
                figure_widget(fig),
                output,
            ]
        ),
        controls,
        boundaries + curves,
        output,
        live=live,
    )

    @reports_errors(output)
    def reset(_=None, *, draw=True):
        drop = controls["rate"].value
        models = [
            dropout_mlp(list(sizes), rate=r, rng=np.random.default_rng(seed))
            for r in (None, drop)
        ]  # same seed: same initial weights
        steps = [
            train_steps(
                m,
                LOSS,
                SGD(lr, momentum=momentum),
                data.X_train,
                data.y_train,
                rng=np.random.default_rng(1),
            )
            for m in models
        ]  # same seed: same batches
        both = zip(*steps, strict=True)  # one record a step: (plain, dropout)
        live.restart(lambda: both, total=max_steps, what="training both nets")
        panel.state.update(models=models, step=0)
        axes[0, 0].set_title("no dropout")
        axes[0, 1].set_title(f"dropout, rate {drop:.2f} (keep {1 - drop:.2f})")
        for curve in curves:
            curve.reset()
        if draw:  # (a new rate draws its first steps instead)
            _show(panel, boundaries, curves, data)

    @reports_errors(output)
    def new_rate(_=None):
        reset(draw=False)
        live.answer_now(FIRST_STEPS)  # the rest under Play

    controls["rate"].observe(new_rate, names="value")
    controls["reset"].on_click(reset)
    reset()
    freeze_layout(fig)  # lay out once: a frame then costs ~0.25 s, not ~0.6 s
    _cache(axes, boundaries, curves)
    return panel


def _cache(axes, boundaries, curves):
    """Ticks, labels and dots' axes rendered once (issue 18): a frame draws the
    two maps, the curves and the titles, with the curves' legends on top."""
    for ax in axes[0]:  # a fixed title place, as a hidden title would move
        ax.set_title(ax.get_title(), y=1.0)
    return BackgroundCache(
        axes[0, 0].figure,
        lambda: [a for view in (*boundaries, *curves) for a in view.changing_artists()]
        + [ax.title for ax in axes[0]],
        overlay=lambda: [a for curve in curves for a in curve.overlay_artists()])


def _comparison_views(data, resolution, max_steps):
    """2 x 2: boundaries on top, loss curves below (0 to max_steps: fixed axes);
    plain left, dropout right."""
    fig, axes = style.new_figure(2, 2, size=(9.0, 7.0))
    boundaries = [
        DecisionBoundaryView(
            data.X_train,
            data.y_train,
            data.X_test,
            data.y_test,
            ax=ax,
            resolution=resolution,
        )
        for ax in axes[0]
    ]
    curves = [LossCurveView(ax=ax, log=True, xlabel="step", x_max=max_steps)
              for ax in axes[1]]
    return fig, axes, boundaries, curves


def _show(panel, boundaries, curves, data):
    """Repaint both boundaries and append both nets' evaluation-mode losses."""
    for model, boundary, curve in zip(
        panel.state["models"], boundaries, curves, strict=True
    ):
        boundary.update(model_predictor(model))
        train = evaluate(model, LOSS, data.X_train, data.y_train)[0]
        test = evaluate(model, LOSS, data.X_test, data.y_test)[0]
        curve.append(panel.state["step"], train, test)

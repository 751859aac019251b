"""Lesson 3 panels (decision boundaries and capacity).

parity_explorer         Q12  odd/even of an integer vs a one-region target, 1-D
extrapolation_explorer  Q12  a regression trained on [0, 1], drawn on [0, 3]
picture_explorer        Q6   the learned picture next to the true one; depth, width,
                             Fourier features; Play trains live
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.boundaries.capacity import PictureFit
from nnviz.lessons.boundaries.extrapolation import (
    TARGETS,
    fit_classifier_1d,
    fit_regression_1d,
    max_error,
    parity_data,
    target_function,
)
from nnviz.lessons.boundaries.views import Fit1DView, PictureView
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


def parity_titles(n):
    """{target: (title, y label)} of the parity plot: the title names the target."""
    half = f"{n / 2:g}"
    return {
        "odd": ("Can a net learn odd / even?", "P(class 1: n is odd)"),
        "small": (f"Can a net learn n < {half}?", f"P(class 1: n < {half})"),
    }


def parity_explorer(
    n=40, *, target="odd", width=64, steps=1500, seed=0, check_backend=True
) -> Panel:
    """Panel: target ("odd" / "small") and width -> Fit1DView of P(class 1) per integer.

    The title and the y label name the chosen target. controls: "target",
    "width". state: "train_accuracy", "test_accuracy".
    """
    if check_backend:
        require_widget_backend()
    titles = parity_titles(n)
    view = Fit1DView(
        (0, n - 1),
        (-0.12, 1.12),
        xlabel="integer n",
        ylabel=titles[target][1],
        title=titles[target][0],
    )
    view.show_only(view.model_line, view.train_points, view.test_points)
    # a margin round the markers (none cut at the edges), and the accuracy
    # written under the legend, outside the axes, where it touches no marker
    view.ax.set_xlim(-1, n)
    view.text.set(position=(1.02, 0.0), ha="left", va="bottom", fontsize=8)
    controls = {
        "target": widgets.ToggleButtons(
            options=[("odd?", "odd"), ("smaller than n/2?", "small")],
            value=target,
            description="target",
        ),
        "width": slider("hidden units", width, 4, 128, 4, continuous=False),
    }
    rows = [controls["target"], controls["width"], figure_widget(view.fig)]

    def refresh(panel):
        x, y, train, test, ints = parity_data(
            n, target=controls["target"].value, rng=np.random.default_rng(seed)
        )
        w = controls["width"].value
        model = fit_classifier_1d(x[train], y[train], hidden=(w, w), steps=steps)
        grid = np.linspace(-1, 1, len(view.x))[:, None]
        p = 1 / (1 + np.exp(-np.clip(model.predict(grid), -50, 50)))
        guess = model.predict(x).ravel() > 0
        acc = {
            k: float(np.mean(guess[i] == y[i]))
            for k, i in (("train", train), ("test", test))
        }
        view.set_points(ints[train], y[train], ints[test], y[test])
        title, ylabel = titles[controls["target"].value]
        view.ax.set(title=title, ylabel=ylabel)
        view.update(
            p,
            text=f"train {acc['train']:.0%} correct\n"
            f"held-out {acc['test']:.0%} correct",
        )
        panel.state.update(train_accuracy=acc["train"], test_accuracy=acc["test"])

    return simple_panel(rows, controls, [view], refresh)


def extrapolation_explorer(
    target="x²",
    *,
    activation="tanh",
    x_range=(0.0, 3.0),
    train_range=(0.0, 1.0),
    steps=1500,
    check_backend=True,
) -> Panel:
    """Panel: target, activation, end of the training range -> Fit1DView on x_range.

    controls: "target", "activation", "train_to".
    state: "error_inside", "error_outside".
    """
    if check_backend:
        require_widget_backend()
    view = Fit1DView(
        x_range,
        (-2, 10),
        train_range=train_range,
        title="Trained on the shaded range only",
    )
    view.show_only(view.band, view.true_line, view.model_line, view.train_points)
    controls = {
        "target": widgets.Dropdown(
            options=list(TARGETS), value=target, description="target"
        ),
        "activation": widgets.Dropdown(
            options=["tanh", "relu"], value=activation, description="activation"
        ),
        "train_to": slider(
            "train on [0, …]",
            train_range[1],
            0.5,
            3.0,
            0.25,
            continuous=False,
            fmt=".2f",
        ),
    }
    rows = [
        widgets.HBox([controls["target"], controls["activation"]]),
        controls["train_to"],
        figure_widget(view.fig),
    ]

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        inside = (train_range[0], c["train_to"])
        model = fit_regression_1d(
            c["target"], x_range=inside, activation=c["activation"], steps=steps
        )
        f = target_function(c["target"])
        outside = (c["train_to"], x_range[1])
        errors = (max_error(model, f, inside), max_error(model, f, outside))
        view.set_train_range(*inside)
        x_show = np.linspace(*inside, 12)
        view.set_points(x_show, f(x_show))
        view.update(
            model.predict(view.x[:, None]),
            f(view.x),
            text=f"largest error: inside {errors[0]:.2f}, outside {errors[1]:.2f}",
        )
        panel.state.update(error_inside=errors[0], error_outside=errors[1])

    return simple_panel(rows, controls, [view], refresh)


FEATURE_CHOICES = [
    ("x, y only", 0),
    ("+ 4 Fourier frequencies", 4),
    ("+ 8 Fourier frequencies", 8),
]


def picture_explorer(
    data,
    *,
    depth=1,
    width=100,
    n_freq=0,
    steps_per_frame=10,
    seed=0,
    check_backend=True,
) -> Panel:
    """Panel: depth, width, features; Play trains up to `steps_per_frame` steps
    a tick (panel.live, a LiveTraining: fewer when a tick would pass its budget).

    The PictureView shows the true picture and P(white) learned so far; the
    title says after how many steps. Changing the architecture starts a fresh
    net at step 0 (a run still playing goes on with the new net).
    controls: "depth", "width", "features", "play", "frame" (Play's hidden
    tick counter). state: "fit" (the PictureFit being trained).
    """
    if check_backend:
        require_widget_backend()
    H, W = len(np.unique(data.X_train[:, 0])), len(np.unique(data.X_train[:, 1]))
    view = PictureView(data.y_train.reshape(H, W))
    output = error_output()
    live = LiveTraining(lambda records: show(), output=output,
                        steps_per_tick=steps_per_frame, interval=250)
    controls = {
        "depth": slider("hidden layers", depth, 1, 4, 1, continuous=False),
        "width": slider("units per layer", width, 10, 200, 10, continuous=False),
        "features": widgets.Dropdown(
            options=FEATURE_CHOICES, value=n_freq, description="features"
        ),
        "play": live.play,
        "frame": live.counter,
    }
    panel = Panel(
        widgets.VBox(
            [
                widgets.HBox([controls["depth"], controls["width"]]),
                controls["features"],
                live.widget,
                figure_widget(view.fig),
                output,
            ]
        ),
        controls,
        [view],
        output,
        live=live,
    )

    def show():
        fit = panel.state["fit"]
        view.update(
            fit.image(),
            f"{fit.accuracy:.1%} of pixels right after {fit.steps_done:,} steps "
            f"({fit.n_params:,} parameters)",
        )

    @reports_errors(output)
    def rebuild(_=None):
        fit = panel.state["fit"] = PictureFit(
            data,
            controls["depth"].value,
            controls["width"].value,
            controls["features"].value,
            seed=seed,
        )
        live.restart(lambda: _one_step_at_a_time(fit))
        show()

    for name in ("depth", "width", "features"):
        controls[name].observe(rebuild, names="value")
    rebuild()
    return panel


def _one_step_at_a_time(fit):
    """Train `fit` (a PictureFit) one step per item taken; yields steps done."""
    while True:
        fit.train(1)
        yield fit.steps_done

"""Lesson 6 panels (decision boundaries and capacity).

parity_explorer         Q12  odd/even of an integer vs a one-region target, 1-D;
                             the integer alone or with the feature cos(πn)
extrapolation_explorer  Q12  a regression trained on [0, 1], drawn on [0, 3]
picture_explorer        Q6   the learned picture next to the true one; depth, width,
                             Fourier features; Play trains live

Every answer here needs training, and no control waits for it. A move starts a
fresh net under the panel's LiveTraining: the parity and extrapolation panels
take a few steps at once (a first, rough curve) and Play's ticks do the rest,
a progress bar saying how far; the picture panel draws its fresh net at step 0
and Play trains it. A newer move replaces the run. The opening configuration is
trained in full when the panel is built, and a 1-D configuration trained to the
end is kept: coming back to it draws it at once.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.boundaries.capacity import PictureFit
from nnviz.lessons.boundaries.extrapolation import (
    REGRESSION_MODELS,
    TARGETS,
    classifier_run,
    max_error,
    parity_data,
    regression_run,
    target_function,
    with_cosine,
)
from nnviz.lessons.boundaries.views import Fit1DView, PictureView
from nnviz.nn.activations import sigmoid
from nnviz.plots.background import BackgroundCache
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

#: Steps taken at once after a move in the 1-D panels: a first, rough curve
#: (a few milliseconds), drawn with the rest of the move's answer.
FIRST_STEPS = 20
#: Kernel milliseconds of steps and views in one Play tick of the 1-D panels.
TICK_BUDGET_MS = 15.0
#: Steps in one run of the picture panel (Play again trains as many more).
PICTURE_STEPS = 1000


class _Retrainer:
    """A fresh net on every move, trained without blocking the page.

    start(key, make_run, what): make_run() -> (model, steps generator). A key
    trained to the end before is drawn at once (Play trains it again); otherwise
    the run goes under `live` for `steps` steps: FIRST_STEPS now, then Play's
    ticks (or all of it now, with now=True: the panel's opening).
    draw(model, steps_done) draws.
    """

    def __init__(self, draw, *, steps):
        self.draw, self.steps, self.trained = draw, steps, {}
        self.key = self.model = self.again = None
        self.progress = Progress()
        self.live = LiveTraining(lambda records: self._show(), progress=self.progress,
                                 steps_per_tick=steps, budget_ms=TICK_BUDGET_MS)
        self.live.play.observe(self._on_play, names="playing")

    def start(self, key, make_run, what, *, now=False):
        self.key = key
        if key in self.trained:  # trained before: drawn at once, nothing to do
            self.again = (make_run, what)  # ... unless Play is pressed
            self.live.restart(lambda: iter(()))  # a tick on its way finds no run
            self.live.stop()
            self.model = self.trained[key]
            self.draw(self.model, self.steps)
            return
        self.again = None
        self._restart(make_run, what)
        self.live.answer_now(self.steps if now else FIRST_STEPS)  # the rest under Play

    def _restart(self, make_run, what):
        def fresh():
            self.model, run = make_run()
            return run

        self.live.restart(fresh, total=self.steps, what=what)

    def _on_play(self, change):
        if change["new"] and self.again is not None:  # Play on a net from the
            self._restart(*self.again)  # cache: train it again, from the start
            self.again = None

    def _show(self):
        if self.live.run_steps >= self.steps:
            self.trained[self.key] = self.model
        self.draw(self.model, self.live.run_steps)


def parity_titles(n):
    """{target: (title, y label)} of the parity plot: the title names the target."""
    half = f"{n / 2:g}"
    return {
        "odd": ("Can a net learn odd / even?", "P(class 1: n is odd)"),
        "small": (f"Can a net learn n < {half}?", f"P(class 1: n < {half})"),
    }


def parity_explorer(n=40, *, target="odd", width=64, cosine=False, steps=1500,
                    seed=0, check_backend=True) -> Panel:
    """Panel: target ("odd" / "small"), inputs (n, or n and cos(πn)), width ->
    Fit1DView of P(class 1) per integer; each move trains a fresh net `steps`
    steps, progressively (module docstring).

    The title and the y label name the chosen target. controls: "target",
    "inputs", "width", "play", "frame" (Play's hidden tick counter).
    state: "train_accuracy", "test_accuracy", "model".
    """
    if check_backend:
        require_widget_backend()
    titles = parity_titles(n)
    view = Fit1DView((0, n - 1), (-0.12, 1.12), xlabel="integer n",
                     ylabel=titles[target][1], title=titles[target][0])
    view.show_only(view.model_line, view.train_points, view.test_points)
    # a margin round the markers (none cut at the edges), and the accuracy
    # written under the legend, outside the axes, where it touches no marker
    view.ax.set(xlim=(-1, n), yticks=[0, 0.5, 1])  # 0.5: where the class flips
    view.text.set(position=(1.02, 0.0), ha="left", va="bottom", fontsize=8)
    cache = BackgroundCache(view.fig, view.changing_artists,  # ticks, legend once
                            overlay=view.overlay_artists)  # title: when it changes
    controls = {
        "target": widgets.ToggleButtons(
            options=[("odd?", "odd"), ("smaller than n/2?", "small")],
            value=target, description="target"),
        "inputs": widgets.ToggleButtons(
            options=[("n", False), ("n and cos(πn)", True)], value=cosine,
            description="inputs"),
        "width": slider("hidden units", width, 4, 128, 4, continuous=False),
    }
    inputs = {}  # the current data: "all", "grid" (the view's x), y, train, test
    state = {"opening": True, "cache": cache}  # simple_panel keeps this dict

    def draw(model, done):
        p = sigmoid(model.predict(inputs["grid"]).ravel())
        guess = model.predict(inputs["all"]).ravel() > 0
        y = inputs["y"]
        acc = {k: float(np.mean(guess[i] == y[i]))
               for k, i in (("train", inputs["train"]), ("test", inputs["test"]))}
        when = "" if done >= steps else f"after {done:,} of {steps:,} steps:\n"
        view.update(p, text=f"{when}train {acc['train']:.0%} correct\n"
                    f"held-out {acc['test']:.0%} correct")
        state.update(train_accuracy=acc["train"], test_accuracy=acc["test"],
                     model=model)

    runs = _Retrainer(draw, steps=steps)

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        x, y, train, test, ints = parity_data(
            n, target=c["target"], rng=np.random.default_rng(seed))
        grid = (view.x / (n - 1) * 2.0 - 1.0)[:, None]  # the view's n, scaled as x

        def columns(x, integers):  # the network's inputs
            return with_cosine(x, integers) if c["inputs"] else x

        inputs.update(all=columns(x, ints), grid=columns(grid, view.x), y=y,
                      train=train, test=test)
        view.set_points(ints[train], y[train], ints[test], y[test])
        if view.ax.get_title() != titles[c["target"]][0]:  # (a new title is drawn)
            view.ax.set(title=titles[c["target"]][0], ylabel=titles[c["target"]][1])
        w = c["width"]
        runs.start(
            (c["target"], c["inputs"], w),
            lambda: classifier_run(inputs["all"][train], y[train], hidden=(w, w)),
            f"training a {w}-{w} net", now=panel.state.pop("opening", False))

    rows = [controls["target"], controls["inputs"], controls["width"],
            widgets.HBox([runs.live.widget, runs.progress.widget]),
            figure_widget(view.fig)]
    panel = simple_panel(rows, controls, [view], refresh, state=state,
                         live=runs.live)
    panel.controls.update(play=runs.live.play, frame=runs.live.counter)
    return panel


#: The extrapolation panel's models (keys of REGRESSION_MODELS), as the menu says.
MODEL_NAMES = {"tanh": "tanh net", "relu": "ReLU net",
               "linear": "linear model (no hidden layer)"}


def extrapolation_explorer(target="x²", *, model="tanh", x_range=(0.0, 3.0),
                           train_range=(0.0, 1.0), steps=1500,
                           check_backend=True) -> Panel:
    """Panel: target, model (REGRESSION_MODELS), end of the training range ->
    Fit1DView on x_range; each move trains a fresh model `steps` steps,
    progressively (module docstring).

    controls: "target", "model", "train_to", "play", "frame" (hidden).
    state: "error_inside", "error_outside", "model".
    """
    if check_backend:
        require_widget_backend()
    view = Fit1DView(x_range, (-2, 10), train_range=train_range,
                     title="Trained on the shaded range only")
    view.show_only(view.band, view.true_line, view.model_line, view.train_points)
    cache = BackgroundCache(view.fig, view.changing_artists,  # ticks, legend once
                            overlay=view.overlay_artists)  # title: when it changes
    controls = {
        "target": widgets.Dropdown(options=list(TARGETS), value=target,
                                   description="target"),
        "model": widgets.Dropdown(
            options=[(name, key) for key, name in MODEL_NAMES.items()], value=model,
            description="model"),
        "train_to": slider("train on [0, …]", train_range[1], 0.5, 3.0, 0.25,
                           continuous=False, fmt=".2f"),
    }
    ranges = {}  # "inside" (the training range) and "outside" (the rest)
    state = {"opening": True, "cache": cache}  # simple_panel keeps this dict

    def draw(net, done):
        f = target_function(controls["target"].value)
        errors = [max_error(net, f, ranges[k]) for k in ("inside", "outside")]
        when = "" if done >= steps else f"after {done:,} of {steps:,} steps: "
        view.update(net.predict(view.x[:, None]), text=f"{when}largest error: "
                    f"inside {errors[0]:.2f}, outside {errors[1]:.2f}")
        state.update(error_inside=errors[0], error_outside=errors[1], model=net)

    runs = _Retrainer(draw, steps=steps)

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        f = target_function(c["target"])
        ranges.update(inside=(train_range[0], c["train_to"]),
                      outside=(c["train_to"], x_range[1]))
        view.set_train_range(*ranges["inside"])
        x_show = np.linspace(*ranges["inside"], 12)
        view.set_points(x_show, f(x_show))
        view.set_truth(f(view.x))  # the truth at once, the net tick by tick
        runs.start(
            (c["target"], c["model"], c["train_to"]),
            lambda: regression_run(c["target"], x_range=ranges["inside"],
                                   **REGRESSION_MODELS[c["model"]]),
            f"training the {MODEL_NAMES[c['model']]}",
            now=panel.state.pop("opening", False))

    rows = [widgets.HBox([controls["target"], controls["model"]]),
            controls["train_to"],
            widgets.HBox([runs.live.widget, runs.progress.widget]),
            figure_widget(view.fig)]
    panel = simple_panel(rows, controls, [view], refresh, state=state,
                         live=runs.live)
    panel.controls.update(play=runs.live.play, frame=runs.live.counter)
    return panel


FEATURE_CHOICES = [
    ("x, y only", 0),
    ("+ 4 Fourier frequencies", 4),
    ("+ 8 Fourier frequencies", 8),
]


def picture_explorer(data, *, depth=1, width=100, n_freq=0, steps=PICTURE_STEPS,
                     steps_per_frame=10, seed=0, check_backend=True) -> Panel:
    """Panel: depth, width, features; Play trains `steps` steps, up to
    `steps_per_frame` a tick (panel.live, a LiveTraining: fewer when a tick
    would pass its budget), a progress bar saying how far.

    The PictureView shows the true picture and P(white) learned so far; the
    title says after how many steps. Changing the architecture draws a fresh
    net at step 0 at once and starts Play on it; Play again after a run trains
    `steps` more. controls: "depth", "width", "features", "play", "frame"
    (Play's hidden tick counter). state: "fit" (the PictureFit being trained).
    """
    if check_backend:
        require_widget_backend()
    fit = PictureFit(data, depth, width, n_freq, seed=seed)  # the opening net
    view = PictureView(data.y_train.reshape(fit.shape))
    cache = BackgroundCache(view.fig, view.changing_artists)  # the target once
    output = error_output()
    progress = Progress()
    live = LiveTraining(lambda records: show(), output=output, progress=progress,
                        steps_per_tick=steps_per_frame, budget_ms=25, interval=150)
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
        widgets.VBox([widgets.HBox([controls["depth"], controls["width"]]),
                      controls["features"],
                      widgets.HBox([live.widget, progress.widget]),
                      figure_widget(view.fig), output]),
        controls, [view], output, state={"fit": fit, "cache": cache}, live=live)

    def show():
        fit = panel.state["fit"]
        view.update(fit.image(),
                    f"{fit.accuracy:.1%} of pixels right after {fit.steps_done:,} "
                    f"steps ({fit.n_params:,} parameters)")

    def start(fit):
        panel.state["fit"] = fit
        live.restart(lambda: _one_step_at_a_time(fit), total=steps,
                     what=f"training {fit.n_params:,} parameters")
        show()

    @reports_errors(output)
    def rebuild(_=None):
        start(PictureFit(data, controls["depth"].value, controls["width"].value,
                         controls["features"].value, seed=seed))
        live.play.playing = True  # step 0 drawn now; Play's ticks train it

    for name in ("depth", "width", "features"):
        controls[name].observe(rebuild, names="value")
    start(fit)
    progress.hide()  # nothing trains until Play (the first tick shows the bar)
    return panel


def _one_step_at_a_time(fit):
    """Train `fit` (a PictureFit) one step per item taken; yields steps done."""
    while True:
        fit.train(1)
        yield fit.steps_done

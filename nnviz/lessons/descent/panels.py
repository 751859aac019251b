"""Lesson 3's panels: controls wired to the gradient-descent views.

descent_explorer       learning rate and start point -> one gradient-descent
                       path on the bowl, its losses, and the numbers in words
optimizer_explorer     SGD, momentum and Adam settings -> three paths
learning_rate_explorer activation menu and your learning rate -> a real net's
                       loss curves, trained live (a progress bar); a diverged
                       run is reported in words
batch_noise_explorer   batch size -> your run beside the full-batch and the
                       one-example runs, with its steps, noise and final loss,
                       trained live; a batch size seen before comes back at once

A control whose answer needs training never trains in its callback beyond
FIRST_STEPS steps: it restarts the panel's LiveTraining, which draws the run
as it grows, a Play tick at a time, and a newer move replaces the older run.
"""

from __future__ import annotations

import html
import itertools

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.descent.descent import (
    descent_path,
    steps_to_tolerance,
    zigzag_count,
)
from nnviz.lessons.descent.descent_views import DescentView, OptimizerPathsView
from nnviz.lessons.descent.experiments import (
    LearningRateRun,
    batch_size_runs,
    batch_size_stream,
    learning_rate_race,
    learning_rate_runs,
    step_noise,
)
from nnviz.lessons.descent.views import BatchNoiseView, LearningRateView
from nnviz.nn.optimizers import SGD, Adam
from nnviz.widgets.controls import (
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

__all__: list[str] = [
    "descent_explorer", "optimizer_explorer", "learning_rate_explorer",
    "batch_noise_explorer", "OPTIMIZER_NAMES",
]

#: Steps (of every run in training) taken inside a control's callback, so that
#: it answers at once; the rest of the run comes tick by tick.
FIRST_STEPS = 5
TOLERANCE = 1e-3
OPTIMIZER_NAMES = ("SGD", "SGD + momentum", "Adam")


def _readout_widget() -> widgets.HTML:
    """The numbers in words, under a figure (text in HTML costs the figure nothing)."""
    return widgets.HTML(layout=widgets.Layout(margin="0 0 0 3em"))


def _show_readout(readout, text):
    """Set an HTML readout to `text`, lines kept, in a fixed-width font."""
    readout.value = (f"<pre style='margin:0; font-size:12px; line-height:1.35'>"
                     f"{html.escape(text)}</pre>")


def _steps_text(surface, path):
    steps = steps_to_tolerance(surface, path, TOLERANCE)
    if steps is not None:
        return f"loss < {TOLERANCE:g} after {steps} steps"
    if not np.all(np.isfinite(path)):
        return "ran away: diverged"
    return f"loss {surface.loss(path[-1]):.2g}: not below {TOLERANCE:g} yet"


def descent_explorer(surface, *, lr=0.1, start=(-4.0, 3.0), steps=100,
                     check_backend=True):
    """Panel: sliders "lr", "w1", "w2" (the start) -> the path of plain gradient
    descent on `surface` (a Bowl), and the numbers in words under the figure.
    state: "path" (steps + 1, 2), "steps" (to the tolerance, or None),
    "zigzags", "readout" (the text shown)."""
    if check_backend:
        require_widget_backend()
    view = DescentView(surface, steps=steps)
    limit = surface.lr_limit
    controls = {
        "lr": slider("learning rate", float(lr), 0.005, round(1.25 * limit, 3), 0.005,
                     fmt=".3f", width="26em"),
        "w1": slider("start w₁", float(start[0]), -4.5, 4.5, 0.25, fmt=".2f",
                     width="18em"),
        "w2": slider("start w₂", float(start[1]), -4.5, 4.5, 0.25, fmt=".2f",
                     width="18em"),
    }
    low, high = surface.eigenvalues

    def refresh(panel):
        lr = controls["lr"].value
        path = descent_path(surface, (controls["w1"].value, controls["w2"].value),
                            SGD(lr), steps)
        text = (f"lr = {lr:.3f};  2/λ_max = {limit:.3f},  1/λ_max = {limit / 2:.3f}\n"
                f"per step, steep part ×{1 - lr * high:+.2f}, "
                f"flat part ×{1 - lr * low:+.3f}\n{_steps_text(surface, path)}")
        panel.state.update(path=path, zigzags=zigzag_count(surface, path),
                           steps=steps_to_tolerance(surface, path, TOLERANCE),
                           readout=text)
        view.update(path)
        _show_readout(readout, text)

    readout = _readout_widget()
    rows = [controls["lr"], widgets.HBox([controls["w1"], controls["w2"]]),
            figure_widget(view.fig), readout]
    return simple_panel(rows, controls, [view], refresh)


def optimizer_explorer(surface, *, sgd_lr=0.1, momentum=0.7, momentum_lr=0.05,
                       adam_lr=0.3, start=(-4.0, 3.0), steps=150, check_backend=True):
    """Panel: "sgd_lr", "momentum_lr", "momentum", "adam_lr" -> the paths of
    nv.SGD, nv.SGD(momentum=...) and nv.Adam from the same start; a slider
    recomputes only its optimizer's path. state: "paths" {name: (steps + 1,
    2)}, "steps" {name: int or None}, "readout" (the text under the figure)."""
    if check_backend:
        require_widget_backend()
    view = OptimizerPathsView(surface, OPTIMIZER_NAMES, steps=steps)
    controls = {
        "sgd_lr": slider("SGD lr", float(sgd_lr), 0.01, 0.2, 0.01, fmt=".2f"),
        "momentum_lr": slider("momentum lr", float(momentum_lr), 0.01, 0.2, 0.01,
                              fmt=".2f"),
        "momentum": slider("momentum β", float(momentum), 0.0, 0.95, 0.05, fmt=".2f"),
        "adam_lr": slider("Adam lr", float(adam_lr), 0.05, 1.5, 0.05, fmt=".2f"),
    }

    settings = {"SGD": ("sgd_lr",), "SGD + momentum": ("momentum_lr", "momentum"),
                "Adam": ("adam_lr",)}
    made = {"SGD": SGD, "SGD + momentum": lambda lr, beta: SGD(lr, momentum=beta),
            "Adam": Adam}
    paths_seen = {}  # (name, settings) -> path: a slider recomputes only its own

    def path_of(name):
        values = tuple(controls[key].value for key in settings[name])
        if (name, values) not in paths_seen:
            paths_seen[name, values] = descent_path(surface, start,
                                                    made[name](*values), steps)
        return paths_seen[name, values]

    def refresh(panel):
        paths = {name: path_of(name) for name in OPTIMIZER_NAMES}
        text = "\n".join(f"{name}: {_steps_text(surface, p)}"
                         for name, p in paths.items())
        panel.state.update(paths=paths, readout=text, steps={
            name: steps_to_tolerance(surface, p, TOLERANCE)
            for name, p in paths.items()})
        view.update(paths)
        _show_readout(readout, text)

    readout = _readout_widget()
    values = list(controls.values())
    rows = [widgets.HBox(values[:2]), widgets.HBox(values[2:]), figure_widget(view.fig),
            readout]
    return simple_panel(rows, controls, [view], refresh)


def learning_rate_explorer(data, *, lrs=(0.01, 0.1, 0.3, 0.7), lr=0.2, steps=300,
                           steps_per_frame=20, check_backend=True):
    """Panel: "activation" (Dropdown) and "lr" (your learning rate, log slider)
    -> loss curves of the same net at `lrs` and at yours.

    The runs of the first activation are trained when the panel opens. After
    that nothing trains inside a callback beyond FIRST_STEPS steps: a new lr
    trains your run live (panel.live, a LiveTraining, up to `steps_per_frame`
    steps a tick, a progress bar), and an activation not seen before trains
    its reference runs and yours side by side (learning_rate_race); an
    activation seen before draws its reference runs at once. "play" trains
    your run again; "frame" is Play's hidden tick counter. Runs stop after
    `steps` steps.

    A run that diverged is named in the status line with the words of
    nv.TrainingDiverged. state: "runs" {lr or "yours": LearningRateRun, as far
    as trained}, "finished" {activation: {lr: LearningRateRun}}.
    """
    if check_backend:
        require_widget_backend()
    view = LearningRateView(lrs, steps=steps)
    controls = {
        "activation": widgets.Dropdown(options=["tanh", "relu"], value="tanh",
                                       description="activation"),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0.3, step=0.05,
                                     description="your lr", continuous_update=False,
                                     readout_format=".3f",
                                     layout=widgets.Layout(width="26em")),
    }
    status = widgets.HTML()
    first = controls["activation"].value
    state = {"runs": {}, "growing": {}, "messages": {}, "finished": {
        first: learning_rate_runs(data, lrs, activation=first, steps=steps)}}
    state["opening"] = learning_rate_runs(data, [lr], activation=first, steps=steps)

    readout = _readout_widget()

    def say_diverged():  # the readout under the figure, and what diverged
        _show_readout(readout, view.summary())
        diverged = [f"<b>lr {r.lr:.3g}</b>: {html.escape(r.diverged)}"
                    for r in state["runs"].values() if r.diverged]
        status.value = "<br>".join(diverged) or "No run diverged."

    def new_race():  # the runs that are not trained yet for this activation
        activation, your_lr = controls["activation"].value, controls["lr"].value
        keys = {"yours": your_lr}
        if activation not in state["finished"]:
            keys.update({key: key for key in lrs})
        state.update(training=activation, messages={},
                     growing={key: [] for key in keys}, lrs=keys)
        return itertools.islice(learning_rate_race(data, keys, activation=activation),
                                steps)

    def show(records):
        growing, messages = state["growing"], state["messages"]
        for record in records:
            for key, loss in record.losses.items():
                growing[key].append(loss)
            messages.update(record.diverged)
        runs = {key: LearningRateRun(
            float(state["lrs"][key]),
            np.array(losses + ([np.nan] if key in messages else [])),
            messages.get(key)) for key, losses in growing.items()}
        references = {key: run for key, run in runs.items() if key != "yours"}
        if references and all(run.diverged or len(run.losses) >= steps
                              for run in references.values()):
            state["finished"][state["training"]] = references
        state["runs"].update(runs)
        view.update(runs)
        say_diverged()

    progress = Progress()
    live = LiveTraining(show, on_diverged=lambda _: say_diverged(),
                        steps_per_tick=steps_per_frame, interval=150,
                        progress=progress)

    def refresh(panel):
        activation, your_lr = controls["activation"].value, controls["lr"].value
        references = state["finished"].get(activation)
        opening = state.pop("opening", None)
        if opening is not None:  # the panel opens: every run is trained already
            state["runs"] = {**references, "yours": opening.popitem()[1]}
            view.update(state["runs"])
            say_diverged()
            live.restart(new_race, total=steps, what=f"training your lr {your_lr:.3g}")
            progress.hide()  # nothing runs until Play
            return
        if references is None:  # not trained yet: every curve starts again
            references = {key: LearningRateRun(float(key), np.array([]))
                          for key in lrs}
            what = f"training {len(lrs) + 1} runs ({activation})"
        else:
            what = f"training your lr {your_lr:.3g}"
        state["runs"] = dict(references)
        view.update(references)
        live.restart(new_race, total=steps, what=what)
        live.answer_now(FIRST_STEPS)  # the rest under Play

    rows = [widgets.HBox([controls["activation"], controls["lr"]]),
            widgets.HBox([live.widget, progress.widget]), figure_widget(view.fig),
            readout, status]
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel


BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, None)


def batch_noise_explorer(data, *, batch_size=16, batch_sizes=BATCH_SIZES, epochs=20,
                         lr=0.05, runs=None, steps_per_tick=1000, first_steps=20,
                         check_backend=True, **kwargs):
    """Panel: "batch" (a SelectionSlider over the `batch_sizes` below N, None =
    the full batch) -> your run, drawn in black beside the full-batch and the
    one-example runs, and a readout under the figure: steps per epoch, typical
    jump per step (nv.step_noise), loss after the last epoch.

    data: a Dataset (X_train (N, 2), y_train (N,)). Every run is the one
    nv.batch_size_runs(data, (size,), epochs=epochs, lr=lr, **kwargs) trains:
    the same net and initial weights. runs: optional, {size: BatchRun} that
    batch_size_runs already trained with these settings (they are reused).
    The full-batch, one-example and starting runs are ready when the panel
    opens. A size not seen before trains live: `first_steps` steps in the
    slider's callback, then up to `steps_per_tick` (and at most one epoch) a Play
    tick (panel.live, within its time budget), with a progress bar; a finished run is kept and
    comes back at once. state: "runs" {size: BatchRun} (finished runs, keys as
    batch_size_runs gives them: N for the full batch); "yours" (the BatchRun
    shown in black, as far as trained).
    """
    if check_backend:
        require_widget_backend()
    n = len(data.X_train)
    view = BatchNoiseView([n, 1], n_train=n, epochs=epochs, yours=True)
    options = [(f"full ({n})" if size is None else str(size),
                n if size is None else int(size))
               for size in batch_sizes if size is None or size < n]  # fits in N
    start = n if batch_size is None else int(batch_size)
    controls = {"batch": widgets.SelectionSlider(
        options=options, value=start, description="your batch size",
        continuous_update=False, style={"description_width": "initial"},
        layout=widgets.Layout(width="30em"))}
    finished = dict(runs or {})
    for size in (n, 1, start):
        if size not in finished:
            finished.update(batch_size_runs(data, (size,), epochs=epochs, lr=lr,
                                            **kwargs))
    view.update({n: finished[n], 1: finished[1]})
    state = {"runs": finished, "reference": {n: finished[n], 1: finished[1]}}

    readout = _readout_widget()

    def words(run):
        done = len(run.epoch_losses) - 1
        lines = [f"your batch: {view.label(run.batch_size)}",
                 f"{run.steps_per_epoch} step{'s' * (run.steps_per_epoch > 1)} "
                 "per epoch"]
        if len(run.step_losses) > 1:
            lines.append(f"jump per step {step_noise(run.step_losses):.2f}")
        lines.append(f"loss after {epochs} epochs {run.epoch_losses[-1]:.3f}"
                     if done == epochs else f"training: epoch {done} of {epochs}")
        return "\n".join(lines)

    def show_yours(run):
        state["yours"] = run
        view.update({"yours": run})
        _show_readout(readout, words(run))

    def show(records):
        run = records[-1].run()
        if len(run.epoch_losses) == epochs + 1:
            finished[run.batch_size] = run
        show_yours(run)

    def new_run():
        return batch_size_stream(data, controls["batch"].value, epochs=epochs, lr=lr,
                                 **kwargs)

    progress = Progress()
    live = LiveTraining(show, steps_per_tick=steps_per_tick, progress=progress)

    def refresh(panel):
        size = controls["batch"].value
        # At most one epoch a tick, so a run is seen to grow (Play on a finished
        # run trains it again, epoch by epoch, instead of jumping to the end).
        live.steps_per_tick = min(steps_per_tick, max(1, n // size))
        if size in finished:  # seen before: drawn at once, nothing trains
            live.restart(new_run)  # no total: no progress bar; Play retrains it
            live.stop()
            show_yours(finished[size])
            return
        live.restart(new_run, total=epochs * (n // size),
                     what=f"training batch {size}")
        live.answer_now(first_steps)  # the rest under Play

    rows = [controls["batch"], widgets.HBox([live.widget, progress.widget]),
            figure_widget(view.fig), readout]
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel



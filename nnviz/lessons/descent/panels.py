"""Lesson 9's panels: controls wired to the training-dynamics views.

descent_explorer       learning rate and start point -> one gradient-descent
                       path on the bowl, its losses, and the numbers in words
optimizer_explorer     SGD, momentum and Adam settings -> three paths
learning_rate_explorer activation menu and your learning rate -> a real net's
                       loss curves; Play trains your run live; a diverged run is
                       reported in words
overfitting_explorer   training examples and L2 -> a small and a large net's
                       training and validation curves (about 0.5 s a change)
batch_noise_explorer   batch size -> your run beside the full-batch and the
                       one-example runs, with its steps, noise and final loss
"""

from __future__ import annotations

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
    learning_rate_runs,
    learning_rate_stream,
    step_noise,
)
from nnviz.lessons.descent.views import BatchNoiseView, LearningRateView
from nnviz.nn.model import mlp
from nnviz.nn.optimizers import SGD, Adam
from nnviz.nn.training import evaluate, train_steps
from nnviz.plots.curves import LossCurveView
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining

__all__: list[str] = [
    "descent_explorer", "optimizer_explorer", "learning_rate_explorer",
    "batch_noise_explorer", "batch_size_explorer", "OPTIMIZER_NAMES",
]

TOLERANCE = 1e-3
OPTIMIZER_NAMES = ("SGD", "SGD + momentum", "Adam")


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
    descent on `surface` (a Bowl). state: "path" (steps + 1, 2), "steps" (to
    the tolerance, or None), "zigzags"."""
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
        panel.state.update(path=path, zigzags=zigzag_count(surface, path),
                           steps=steps_to_tolerance(surface, path, TOLERANCE))
        view.update(path, (
            f"lr = {lr:.3f};  2/λ_max = {limit:.3f},  1/λ_max = {limit / 2:.3f}\n"
            f"per step, steep part ×{1 - lr * high:+.2f}, "
            f"flat part ×{1 - lr * low:+.3f}\n{_steps_text(surface, path)}"))

    rows = [controls["lr"], widgets.HBox([controls["w1"], controls["w2"]]),
            figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)


def optimizer_explorer(surface, *, sgd_lr=0.1, momentum=0.7, momentum_lr=0.05,
                       adam_lr=0.3, start=(-4.0, 3.0), steps=150, check_backend=True):
    """Panel: "sgd_lr", "momentum_lr", "momentum", "adam_lr" -> the paths of
    nv.SGD, nv.SGD(momentum=...) and nv.Adam from the same start.
    state: "paths" {name: (steps + 1, 2)}, "steps" {name: int or None}."""
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

    def refresh(panel):
        optimizers = {
            "SGD": SGD(controls["sgd_lr"].value),
            "SGD + momentum": SGD(controls["momentum_lr"].value,
                                  momentum=controls["momentum"].value),
            "Adam": Adam(controls["adam_lr"].value),
        }
        paths = {name: descent_path(surface, start, opt, steps)
                 for name, opt in optimizers.items()}
        panel.state.update(paths=paths, steps={
            name: steps_to_tolerance(surface, p, TOLERANCE)
            for name, p in paths.items()})
        view.update(paths, "\n".join(f"{name}: {_steps_text(surface, p)}"
                                     for name, p in paths.items()))

    values = list(controls.values())
    rows = [widgets.HBox(values[:2]), widgets.HBox(values[2:]), figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)


def learning_rate_explorer(data, *, lrs=(0.01, 0.1, 0.3, 0.7), lr=0.2, steps=300,
                           steps_per_frame=5, check_backend=True):
    """Panel: "activation" (Dropdown) and "lr" (your learning rate, log slider)
    -> loss curves of the same net at `lrs` and at yours. "play" trains your
    run again live, up to `steps_per_frame` steps a tick (panel.live, a
    LiveTraining; "frame" is its hidden tick counter), and stops after `steps`.

    A run that diverged is named in the status line with the words of
    nv.TrainingDiverged. state: "runs" {lr or "yours": LearningRateRun},
    "live_losses" (the losses of the run Play is training).
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
    status, state = widgets.HTML(), {}

    def say_diverged(runs):
        diverged = [f"<b>lr {r.lr:.3g}</b>: {r.diverged}" for r in runs.values()
                    if r.diverged]
        status.value = "<br>".join(diverged) or "No run diverged."

    def refresh(panel):
        activation = controls["activation"].value
        if panel.state.get("activation") != activation:  # reference runs: once
            panel.state.update(activation=activation, reference=learning_rate_runs(
                data, lrs, activation=activation, steps=steps))
        yours = learning_rate_runs(data, [controls["lr"].value], steps=steps,
                                   activation=activation)
        runs = {**panel.state["reference"], "yours": next(iter(yours.values()))}
        panel.state["runs"] = runs
        live.restart(your_run)  # the whole run is drawn: Play starts it again
        view.update(runs)
        say_diverged(runs)

    def your_run():
        state["live_losses"] = []
        return itertools.islice(learning_rate_stream(
            data, controls["lr"].value, activation=controls["activation"].value),
            steps)

    def show_yours(records=(), diverged=None):
        state["live_losses"] += [record.loss for record in records]
        losses = state["live_losses"] + ([np.nan] if diverged else [])
        run = LearningRateRun(controls["lr"].value, np.array(losses), diverged)
        state["runs"]["yours"] = run
        view.update({"yours": run})
        say_diverged(state["runs"])

    live = LiveTraining(show_yours, on_diverged=lambda m: show_yours(diverged=m),
                        steps_per_tick=steps_per_frame, interval=150)
    rows = [widgets.HBox([controls["activation"], controls["lr"]]),
            live.widget, figure_widget(view.fig), status]
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel




BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, None)


def batch_noise_explorer(data, *, batch_size=16, batch_sizes=BATCH_SIZES, epochs=20,
                        lr=0.05, check_backend=True, **kwargs):
    """Panel: "batch" (a SelectionSlider over the `batch_sizes` below N, None =
    the full batch) -> your run, drawn in black beside the full-batch and the
    one-example runs, and a readout: steps per epoch, typical jump per step
    (nv.step_noise), loss after the last epoch.

    data: a Dataset (X_train (N, 2), y_train (N,)). Every run is
    nv.batch_size_runs(data, (size,), epochs=epochs, lr=lr, **kwargs): the same
    net and initial weights. At most about 0.25 s a new size (one example, N =
    210); a size seen before is not retrained. state: "runs" {size: BatchRun},
    keys as batch_size_runs gives them (N for the full batch); "yours" (the
    BatchRun shown in black).
    """
    if check_backend:
        require_widget_backend()
    n = len(data.X_train)
    view = BatchNoiseView([n, 1], n_train=n, epochs=epochs, yours=True)
    options = [(f"full ({n})" if size is None else str(size),
                n if size is None else int(size))
               for size in batch_sizes if size is None or size < n]  # fits in N
    controls = {"batch": widgets.SelectionSlider(
        options=options, value=n if batch_size is None else int(batch_size),
        description="your batch size", continuous_update=False,
        style={"description_width": "initial"}, layout=widgets.Layout(width="30em"))}

    def train(runs, size):
        if size not in runs:  # each batch size is trained once
            runs.update(batch_size_runs(data, (size,), epochs=epochs, lr=lr, **kwargs))
        return runs[size]

    def refresh(panel):
        runs = panel.state.setdefault("runs", {})
        if "reference" not in panel.state:
            panel.state["reference"] = {size: train(runs, size) for size in (n, 1)}
            view.update(panel.state["reference"])
        size = controls["batch"].value
        yours = panel.state["yours"] = train(runs, size)
        view.update({"yours": yours}, readout=(
            f"your batch: {view.label(size)}\n"
            f"{yours.steps_per_epoch} step{'s' * (yours.steps_per_epoch > 1)} "
            "per epoch\n"
            f"jump per step {step_noise(yours.step_losses):.2f}\n"
            f"loss after {epochs} epochs {yours.epoch_losses[-1]:.3f}"))

    rows = [controls["batch"], figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)


BATCH_CHOICES = [("1 (online)", 1), ("8", 8), ("32", 32), ("full batch", 0)]



def batch_size_explorer(
    data,
    *,
    sizes=(2, 8, 1),
    batch=32,
    epochs=10,
    lr=0.1,
    seed=0,
    points=60,
    check_backend=True,
) -> Panel:
    """Panel: batch size (0 = full batch) -> LossCurveView of one run against the epoch.

    Solid: the loss of the batch each update saw (noisy for small batches);
    dashed: the held-out loss. At most `points` updates are drawn, evenly spaced.
    controls: "batch". state: "updates_per_epoch", "steps".
    """
    if check_backend:
        require_widget_backend()
    view = LossCurveView(xlabel="epoch")
    control = widgets.SelectionSlider(
        options=BATCH_CHOICES, value=batch, description="batch size"
    )
    text = widgets.HTML()
    loss = "binary_cross_entropy_logits"

    def refresh(panel):
        rng = np.random.default_rng(seed)
        model = mlp(list(sizes), "tanh", rng=rng)
        n, batch_size = len(data.X_train), control.value or None
        per_epoch = 1 if batch_size is None else n // min(batch_size, n)
        total = epochs * per_epoch
        every = max(1, -(-total // points))  # ceil: at most `points` drawn
        run = train_steps(
            model,
            loss,
            SGD(lr),
            data.X_train,
            data.y_train,
            batch_size=batch_size,
            rng=rng,
        )
        view.reset()
        for i in range(total):
            record = next(run)
            if (i + 1) % every == 0 or i + 1 == total:
                test = evaluate(model, loss, data.X_test, data.y_test)[0]
                view.append(record.epoch, record.loss, test)
        text.value = (
            f"{n} training examples, batch size {batch_size or n}: "
            f"<b>{per_epoch} update(s) per epoch</b>, {total} in {epochs} epochs"
        )
        panel.state.update(updates_per_epoch=per_epoch, steps=total)

    rows = [control, text, figure_widget(view.fig)]
    return simple_panel(rows, {"batch": control}, [view], refresh)

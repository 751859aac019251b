"""Lesson 3's training experiments: the learning rate and the batch size.

Each function trains small networks from the same seed, so two runs differ
only in the one thing the lesson changes:

    learning_rate_runs   one net, several learning rates; a run that diverges
                         keeps the words of its `TrainingDiverged`
    learning_rate_race   the same runs side by side, one step of each at a time
                         (a live panel grows their curves together)
    batch_size_runs      full batch, mini-batches, one example per step, for the
                         same number of epochs
    batch_size_stream    one of those runs, one update at a time
    loss_after_updates   the loss on all training data after a run's first k
                         updates (Q8: per update, not per epoch)
    smooth_rate_limit    the largest learning rate, on a grid, whose loss never
                         goes up (the "find" exercise of the lesson measures it)

The gradient descent on a 2-parameter bowl lives in `descent.py`, re-exported here.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass

import numpy as np

from nnviz.lessons.descent.descent import *  # noqa: F403
from nnviz.lessons.descent.descent import __all__ as _descent_all
from nnviz.nn import optimizers
from nnviz.nn.model import mlp
from nnviz.nn.training import TrainingDiverged, evaluate, record_steps, train_steps

__all__: list[str] = [
    *_descent_all,
    "LearningRateRun", "learning_rate_stream", "learning_rate_runs", "RaceStep",
    "learning_rate_race", "BatchRun", "BatchProgress", "batch_size_stream",
    "batch_size_runs", "loss_after_updates", "step_noise", "smooth_rate_limit",
]

BATCH_LOSS = "binary_cross_entropy_logits"


@dataclass
class LearningRateRun:
    """One training run: losses (steps,) per step, NaN after a divergence;
    diverged: None, or the sentence `TrainingDiverged` gave."""

    lr: float
    losses: np.ndarray
    diverged: str | None = None

    @property
    def diverged_at(self) -> int | None:
        """The step at which the loss stopped being a number, or None."""
        bad = np.flatnonzero(np.isnan(self.losses))
        return int(bad[0]) + 1 if self.diverged and len(bad) else None


def learning_rate_stream(data, lr, *, activation="tanh", sizes=(2, 16, 16, 1),
                         loss="mse", seed=1):
    """The `train_steps` generator of one learning-rate run: a fresh MLP (the
    same initial weights for every lr) trained with full-batch SGD at `lr`.
    A Play button pulls a few steps per frame from it."""
    model = mlp(list(sizes), activation, rng=np.random.default_rng(seed))
    return train_steps(model, loss, optimizers.SGD(lr), data.X_train, data.y_train)


def learning_rate_runs(data, lrs, *, steps=300, **kwargs) -> dict:
    """{lr: LearningRateRun}: the same MLP (same initial weights) trained with
    full-batch SGD at each learning rate in `lrs` for `steps` steps.

    data: a Dataset (X_train (N, 2), y_train (N,)). The default task is
    regression with the mean squared error (nv.data.plane); kwargs
    (activation, sizes, loss, seed) go to `learning_rate_stream`.
    """
    runs = {}
    for lr in lrs:
        losses = np.full(int(steps), np.nan)
        message = record_steps(learning_rate_stream(data, lr, **kwargs), losses)
        runs[lr] = LearningRateRun(float(lr), losses, message)
    return runs


@dataclass
class RaceStep:
    """One step of every run still going. losses {key: loss of this step};
    diverged {key: sentence} for the runs that diverged at this step."""

    losses: dict
    diverged: dict


def learning_rate_race(data, lrs, **kwargs):
    """Several learning-rate runs side by side: yields a RaceStep per step.

    lrs: {key: learning rate}; kwargs go to `learning_rate_stream`, so each
    run is the one learning_rate_runs trains (same losses, step by step). A
    run that diverges leaves the race (its sentence in that step's
    `diverged`); the others go on. Endless while a run is going; when the
    last one has diverged, the next pull raises its `TrainingDiverged`, as
    `train_steps` would.
    """
    streams = {key: learning_rate_stream(data, lr, **kwargs) for key, lr in lrs.items()}
    last_error = None
    while streams:
        losses, diverged = {}, {}
        for key, stream in list(streams.items()):
            try:
                losses[key] = next(stream).loss
            except TrainingDiverged as error:
                diverged[key], last_error = str(error), error
                del streams[key]
        yield RaceStep(losses, diverged)
    if last_error is not None:
        raise last_error


@dataclass
class BatchRun:
    """Training with one batch size. step_losses (steps,): the loss of each
    step's batch; epoch_losses (epochs + 1,): the loss on all the training
    data before training and after each epoch."""

    batch_size: int
    steps_per_epoch: int
    step_losses: np.ndarray
    epoch_losses: np.ndarray


@dataclass
class BatchProgress:
    """A batch-size run as far as it got: step_losses and epoch_losses are
    lists that grow (see BatchRun); run() copies them into a BatchRun."""

    batch_size: int
    steps_per_epoch: int
    step_losses: list
    epoch_losses: list

    def run(self) -> BatchRun:
        return BatchRun(self.batch_size, self.steps_per_epoch,
                        np.array(self.step_losses), np.array(self.epoch_losses))


def batch_size_stream(data, batch_size, *, epochs=20, lr=0.05, sizes=(2, 16, 1),
                      activation="tanh", loss=BATCH_LOSS, seed=1):
    """The run batch_size_runs trains for one batch size, one update at a time.

    Yields the same BatchProgress after every update, grown in place (after
    the last update of an epoch, its epoch loss is in too); stops after
    `epochs` epochs, that is epochs * (N // batch_size) updates.
    batch_size None stands for the full batch.
    """
    X, y = data.X_train, data.y_train
    size = len(X) if batch_size is None else int(batch_size)
    model = mlp(list(sizes), activation, rng=np.random.default_rng(seed))
    stream = train_steps(model, loss, optimizers.SGD(lr), X, y, batch_size=size,
                         rng=np.random.default_rng(seed))
    per_epoch = len(X) // size
    progress = BatchProgress(size, per_epoch, [], [evaluate(model, loss, X, y)[0]])
    for _ in range(epochs):
        for step in range(per_epoch):
            progress.step_losses.append(next(stream).loss)
            if step == per_epoch - 1:
                progress.epoch_losses.append(evaluate(model, loss, X, y)[0])
            yield progress


def batch_size_runs(data, batch_sizes=(None, 16, 1), *, epochs=20, lr=0.05,
                    **kwargs) -> dict:
    """{batch size: BatchRun}, each trained for `epochs` passes over the data
    with plain SGD at the same learning rate, from the same initial weights.

    None stands for the full batch (its key is len(X_train)). An epoch of
    batch size B is N // B steps (the last N mod B examples wait for the next
    shuffle). kwargs (sizes, activation, loss, seed) go to batch_size_stream.
    """
    runs = {}
    for batch_size in batch_sizes:
        stream = batch_size_stream(data, batch_size, epochs=epochs, lr=lr, **kwargs)
        last = deque(stream, maxlen=1)[0]  # the whole run
        runs[last.batch_size] = last.run()
    return runs


def loss_after_updates(data, batch_size, updates, *, lr=0.05, sizes=(2, 16, 1),
                       activation="tanh", loss=BATCH_LOSS, seed=1) -> float:
    """The loss on all training data after the first `updates` updates of the
    run batch_size_runs trains for `batch_size` (the same net, the same
    batches): Q8's comparison per update rather than per epoch."""
    X, y = data.X_train, data.y_train
    size = len(X) if batch_size is None else int(batch_size)
    model = mlp(list(sizes), activation, rng=np.random.default_rng(seed))
    stream = train_steps(model, loss, optimizers.SGD(lr), X, y, batch_size=size,
                         rng=np.random.default_rng(seed))
    deque(itertools.islice(stream, int(updates)), maxlen=0)
    return evaluate(model, loss, X, y)[0]


def step_noise(losses) -> float:
    """Typical jump of the loss from one step to the next, relative to its size:
    the median of |L_t+1 − L_t| / L_t. A smooth curve gives about 0."""
    losses = np.asarray(losses, dtype=float)
    return float(np.median(np.abs(np.diff(losses)) / losses[:-1]))


def smooth_rate_limit(data, lrs, *, steps=300, **kwargs) -> tuple[float, float]:
    """(smooth, rough): the largest lr of the increasing grid `lrs` whose run's
    loss never goes up in `steps` full-batch steps (it falls smoothly), and the
    next lr of the grid (its loss goes up at least once, or diverges).

    data and kwargs as for learning_rate_runs; the first lr must be smooth and
    some lr rough, else a ValueError says so. The grid is walked upwards.
    """
    lrs = sorted(float(lr) for lr in lrs)
    smooth = None
    for lr in lrs:
        run = learning_rate_runs(data, [lr], steps=steps, **kwargs)[lr]
        if run.diverged or np.any(np.diff(run.losses) > 0):
            if smooth is None:
                raise ValueError(f"the smallest lr of the grid, {lr:g}, is not smooth")
            return smooth, lr
        smooth = lr
    raise ValueError(f"every lr of the grid up to {lrs[-1]:g} is smooth")

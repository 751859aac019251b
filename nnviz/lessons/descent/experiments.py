"""Lesson 9's training experiments: learning rate, batch size, over-fitting.

Each function trains small networks from the same seed, so two runs differ
only in the one thing the lesson changes:

    learning_rate_runs   one net, several learning rates; a run that diverges
                         keeps the words of its `TrainingDiverged`
    batch_size_runs      full batch, mini-batches, one example per step, for the
                         same number of epochs
    overfitting_run      training and validation loss per epoch, the best epoch

The gradient descent on a 2-parameter bowl lives in `descent.py`, the
debugging checks in `debugging.py`; both are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.lessons.descent.descent import *  # noqa: F403
from nnviz.lessons.descent.descent import __all__ as _descent_all
from nnviz.nn import optimizers
from nnviz.nn.model import mlp
from nnviz.nn.training import evaluate, record_steps, train_steps

__all__: list[str] = [
    *_descent_all,
    "LearningRateRun", "learning_rate_stream", "learning_rate_runs", "BatchRun",
    "batch_size_runs",
    "step_noise",
]


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
class BatchRun:
    """Training with one batch size. step_losses (steps,): the loss of each
    step's batch; epoch_losses (epochs + 1,): the loss on all the training
    data before training and after each epoch."""

    batch_size: int
    steps_per_epoch: int
    step_losses: np.ndarray
    epoch_losses: np.ndarray


def batch_size_runs(data, batch_sizes=(None, 16, 1), *, epochs=20, lr=0.05,
                    sizes=(2, 16, 1), activation="tanh",
                    loss="binary_cross_entropy_logits", seed=1) -> dict:
    """{batch size: BatchRun}, each trained for `epochs` passes over the data
    with plain SGD at the same learning rate, from the same initial weights.

    None stands for the full batch (its key is len(X_train)). An epoch of
    batch size B is N // B steps (the last N mod B examples wait for the next
    shuffle).
    """
    X, y = data.X_train, data.y_train
    runs = {}
    for batch_size in batch_sizes:
        size = len(X) if batch_size is None else int(batch_size)
        model = mlp(list(sizes), activation, rng=np.random.default_rng(seed))
        stream = train_steps(model, loss, optimizers.SGD(lr), X, y,
                             batch_size=size, rng=np.random.default_rng(seed))
        per_epoch = len(X) // size
        step_losses, epoch_losses = [], [evaluate(model, loss, X, y)[0]]
        for _ in range(epochs):
            step_losses += [next(stream).loss for _ in range(per_epoch)]
            epoch_losses.append(evaluate(model, loss, X, y)[0])
        runs[size] = BatchRun(size, per_epoch, np.array(step_losses),
                              np.array(epoch_losses))
    return runs


def step_noise(losses) -> float:
    """Typical jump of the loss from one step to the next, relative to its size:
    the median of |L_t+1 − L_t| / L_t. A smooth curve gives about 0."""
    losses = np.asarray(losses, dtype=float)
    return float(np.median(np.abs(np.diff(losses)) / losses[:-1]))

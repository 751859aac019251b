"""Over-fitting and early stopping: a small and a large net trained on few examples,
with an optional L2 penalty; training and validation loss per epoch."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from nnviz.nn import optimizers
from nnviz.nn.model import mlp
from nnviz.nn.training import evaluate, train_steps


@dataclass
class OverfitRun:
    """Loss per epoch (epochs + 1,) on the training and the validation data."""

    train: np.ndarray
    validation: np.ndarray

    @property
    def best_epoch(self) -> int:
        """The epoch with the lowest validation loss: where to stop early."""
        return int(np.argmin(self.validation))

    @property
    def gap(self) -> float:
        """Validation minus training loss at the last epoch."""
        return float(self.validation[-1] - self.train[-1])


def overfitting_stream(X, y, X_val, y_val, *, hidden=(64, 64), epochs=300, lr=0.01,
                       l2=0.0, activation="tanh", loss="binary_cross_entropy_logits",
                       seed=1):
    """The run `overfitting_run` trains, an epoch at a time: yields (train,
    validation) after every epoch, the same two lists of losses grown in place
    (loss before training first, so epoch e's lists are e + 1 long).

    An MLP 2 → hidden → 1, full-batch Adam(lr), one step per epoch.
    l2: the rate of an L2 penalty l2 · Σ W² on every weight matrix; the
    training loss is the data loss alone (the same ruler with and without L2).
    X (N, F), y (N,) training; X_val (M, F), y_val (M,) validation.
    """
    if epochs < 1:
        raise ValueError(f"Need at least one epoch; got epochs={epochs}.")
    model = mlp([X.shape[1], *hidden, 1], activation, rng=np.random.default_rng(seed))
    stream = train_steps(model, loss, optimizers.Adam(lr), X, y,
                         penalty="l2", penalty_rate=l2)
    train, validation = [evaluate(model, loss, X, y)[0]], [
        evaluate(model, loss, X_val, y_val)[0]]
    for _ in range(int(epochs)):
        next(stream)
        train.append(evaluate(model, loss, X, y)[0])
        validation.append(evaluate(model, loss, X_val, y_val)[0])
        yield train, validation


def overfitting_runs_stream(streams):
    """An epoch of every net in turn. streams: {title: overfitting_stream(...)}
    of the same length. Yields, after each round, a function that makes
    {title: OverfitRun} as far as trained when it is called (a frame builds
    only its last one)."""
    for rounds in zip(*streams.values(), strict=True):
        losses = dict(zip(streams, rounds, strict=True))
        yield lambda losses=losses: {title: OverfitRun(np.array(t), np.array(v))
                                     for title, (t, v) in losses.items()}


def overfitting_run(X, y, X_val, y_val, **settings) -> OverfitRun:
    """Train an MLP 2 → hidden → 1 with full-batch Adam (one step per epoch):
    the whole run of `overfitting_stream` (settings: hidden, epochs, lr, l2,
    activation, loss, seed). Losses (epochs + 1,) on training and validation data.
    """
    train, validation = deque(overfitting_stream(X, y, X_val, y_val, **settings),
                              maxlen=1)[0]
    return OverfitRun(np.array(train), np.array(validation))

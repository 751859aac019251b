"""Over-fitting and early stopping: a small and a large net trained on few examples,
with an optional L2 penalty; training and validation loss per epoch."""

from __future__ import annotations

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



def overfitting_run(X, y, X_val, y_val, *, hidden=(64, 64), epochs=300, lr=0.01,
                    l2=0.0, activation="tanh", loss="binary_cross_entropy_logits",
                    seed=1) -> OverfitRun:
    """Train an MLP 2 → hidden → 1 with full-batch Adam (one step per epoch).

    l2: the rate of an L2 penalty l2 · Σ W² on every weight matrix. The
    reported training loss is the data loss alone, so runs with and without
    L2 are measured with the same ruler.
    """
    model = mlp([X.shape[1], *hidden, 1], activation, rng=np.random.default_rng(seed))
    stream = train_steps(model, loss, optimizers.Adam(lr), X, y,
                         penalty="l2", penalty_rate=l2)
    train, validation = [evaluate(model, loss, X, y)[0]], [
        evaluate(model, loss, X_val, y_val)[0]]
    for _ in range(int(epochs)):
        next(stream)
        train.append(evaluate(model, loss, X, y)[0])
        validation.append(evaluate(model, loss, X_val, y_val)[0])
    return OverfitRun(np.array(train), np.array(validation))

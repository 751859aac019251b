"""A tanh output is not a probability (Q20's small point).

A likelihood needs probabilities: numbers in [0, 1]. tanh squashes any number
into (-1, 1), so a net whose output unit is a tanh can answer below 0, before
training and after it, even when it was trained on 0/1 targets. Cross-entropy
on such an output is undefined: -log p of a negative p is not a number, and
-log(1 - p) of a negative p is below 0, a "loss" no probability can give.

Rescaled, (tanh(z) + 1) / 2 = sigmoid(2 z) is a probability.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass

import numpy as np

from nnviz.nn import optimizers
from nnviz.nn.model import mlp
from nnviz.nn.training import train_steps


@dataclass
class TanhOutputs:
    """The outputs (N,) of one tanh-output net on the training inputs, before
    and after training on the 0/1 targets y (N,)."""

    untrained: np.ndarray
    trained: np.ndarray
    y: np.ndarray

    def cross_entropy_terms(self) -> np.ndarray:
        """-(y log p + (1 - y) log(1 - p)) per example, p the trained outputs
        read as P(class 1): NaN where log meets a negative number, below 0
        where 1 - p is above 1. (N,)"""
        p, y = self.trained, self.y
        with np.errstate(invalid="ignore", divide="ignore"):
            return -(np.where(y == 1, np.log(p), 0.0)
                     + np.where(y == 0, np.log(1 - p), 0.0))


def tanh_outputs(data, *, sizes=(2, 8, 1), steps=500, lr=0.1, loss="mse",
                 seed=0) -> TanhOutputs:
    """Train a net with a tanh on its output unit on data's 0/1 labels.

    data: a Dataset with X_train (N, 2) and y_train (N,) in {0, 1}. The net is
    nv.mlp(sizes, "tanh", output="tanh"), trained `steps` full-batch SGD steps
    at `lr` on the mean squared error (cross-entropy cannot train it: its
    outputs are not probabilities). Returns its outputs before and after.
    """
    y = np.asarray(data.y_train, dtype=float).ravel()
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(
            f"tanh_outputs trains on yes/no targets, 0 or 1; got values "
            f"{np.unique(y)[:5].tolist()}. Use a classification set such as "
            "nv.data.moons."
        )
    model = mlp(list(sizes), "tanh", output="tanh", rng=np.random.default_rng(seed))
    untrained = model.predict(data.X_train).ravel()
    stream = train_steps(model, loss, optimizers.SGD(lr), data.X_train, y)
    deque(itertools.islice(stream, int(steps)), maxlen=0)
    return TanhOutputs(untrained, model.predict(data.X_train).ravel(), y)

"""One neuron learning logical AND (lesson Q23): why a sigmoid's weights keep growing.

    z = x @ w + b,  y = f(z),  after every example:  w += lr (t - y) x,  b += lr (t - y)

That one "delta rule" is three familiar learning rules at once:

    f = sigmoid   gradient descent on cross-entropy (logistic regression)
    f = identity  gradient descent on squared error (the LMS / Widrow-Hoff rule)
    f = step      the perceptron rule (the step has no gradient; this is its rule)

The inputs are the four rows of the AND truth table, shown one at a time in a
fixed order (online learning), so what happens is easy to follow:

* step: once every row is right, t - y = 0 for all of them and nothing moves again.
* sigmoid: y is never exactly 0 or 1, so t - y is never 0: the weights keep
  growing (slowly, like a logarithm), making the sigmoid steeper, while their
  direction settles. The bias-to-weight ratio b / w goes to -1.5: the line
  x1 + x2 = 1.5 sits halfway between (1, 1) and the two rows with one 1
  (the widest margin).
* identity: the best straight fit still misses every row, so each example pulls
  the weights its own way: they circle near the least-squares answer
  (w1 = w2 = 0.5, b = -0.25) for ever, unless the learning rate decays.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from nnviz.nn.activations import identity, sigmoid, step

ACTIVATIONS = {"sigmoid": sigmoid, "step": step, "identity": identity}


def _sigmoid(z):
    """sigmoid for one Python float, split by sign like activations.sigmoid."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z) if z == z else z  # z == z is False for NaN: keep it
    return e / (1.0 + e)


#: The same three functions for one float at a time (equal to ACTIVATIONS; tested).
SCALAR = {
    "sigmoid": _sigmoid,
    "step": lambda z: 1.0 if z > 0 else 0.0,
    "identity": lambda z: z,
}

#: The AND truth table: X (4, 2) of 0/1, t (4,).
AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
AND_T = np.array([0, 0, 0, 1], dtype=float)


@dataclass(frozen=True)
class NeuronRun:
    """The trajectory of one training run.

    Shapes (S = number of updates = epochs * 4):
        weights (S + 1, 2)  w1, w2 after each update (row 0: the start)
        bias    (S + 1,)
        lr      (S,)        learning rate used at each update
    """

    activation: str
    weights: np.ndarray
    bias: np.ndarray
    lr: np.ndarray

    @property
    def norm(self) -> np.ndarray:
        """|(w1, w2, b)| after each update, (S + 1,)."""
        with np.errstate(over="ignore", invalid="ignore"):  # a blown-up run is inf
            return np.sqrt((self.weights**2).sum(axis=1) + self.bias**2)

    @property
    def ratio(self) -> np.ndarray:
        """b / mean(w1, w2) after each update (NaN while the weights are 0)."""
        w = self.weights.mean(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(w != 0, self.bias / np.where(w != 0, w, 1), np.nan)

    def outputs(self, X=AND_X) -> np.ndarray:
        """f(x @ w + b) with the final weights, for each row of X: (N,)."""
        z = X @ self.weights[-1] + self.bias[-1]
        return ACTIVATIONS[self.activation](z)

    def movement(self, last=100) -> float:
        """Largest change of any weight over the last `last` updates (0: it stopped)."""
        tail = np.c_[self.weights[-last - 1 :], self.bias[-last - 1 :]]
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.ptp(tail, axis=0).max())


def neuron_stream(activation="sigmoid", lr=0.5, epochs=1000, *, decay=0.0, X=AND_X,
                  t=AND_T, w0=(0.0, 0.0), b0=0.0):
    """Train one neuron online with the delta rule, an epoch at a time.

    Yields, after each epoch e, a function that makes the NeuronRun as far as
    trained when it is called (weights (4 e + 1, 2), bias, lr (4 e,) if called
    at once): a caller builds only the last one it keeps. lr at epoch e is
    lr / (1 + decay * e): decay=0 keeps it constant. Checks its arguments at
    once. Shapes: X (N, 2) inputs, t (N,) targets in {0, 1}; see NeuronRun.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"Unknown activation {activation!r} for the AND neuron. "
            f"Choose one of: {', '.join(ACTIVATIONS)}."
        )
    if not lr > 0 or epochs < 1:
        raise ValueError(
            f"Need lr > 0 and at least one epoch; got lr={lr}, epochs={epochs}."
        )
    X, t = np.asarray(X, dtype=float), np.asarray(t, dtype=float)
    rates = np.repeat(lr / (1.0 + decay * np.arange(epochs)), len(X))
    return _delta_rule(activation, X, t, rates, w0, b0)


def _delta_rule(activation, X, t, rates, w0, b0):
    """neuron_stream's updates: one per rate in `rates` (S,), the rows of X in turn."""
    f, n = SCALAR[activation], len(X)
    # Plain Python floats: for one neuron and one example at a time they are
    # about 10x faster than numpy's tiny arrays (the slider retrains 3 x 4000 steps).
    rows, targets, steps = X.tolist(), t.tolist(), rates.tolist()
    w, b = [float(v) for v in w0], float(b0)
    history = [[*w, b]]

    def run():
        h = np.array(history)
        return NeuronRun(activation, h[:, :-1], h[:, -1], rates[: len(h) - 1])

    for i in range(len(steps)):
        x = rows[i % n]
        z = b + sum(wj * xj for wj, xj in zip(w, x, strict=True))
        delta = steps[i] * (targets[i % n] - f(z))  # lr (t - y)
        w = [wj + delta * xj for wj, xj in zip(w, x, strict=True)]
        b += delta
        history.append([*w, b])
        if (i + 1) % n == 0:
            yield run


def neuron_runs_stream(activations, lr=0.5, epochs=1000, **kwargs):
    """An epoch of every neuron in turn: yields {activation: run()} each epoch,
    run() making that neuron's NeuronRun so far. kwargs go to neuron_stream."""
    streams = {name: neuron_stream(name, lr, epochs, **kwargs) for name in activations}
    for runs in zip(*streams.values(), strict=True):
        yield dict(zip(streams, runs, strict=True))


def train_neuron(activation="sigmoid", lr=0.5, epochs=1000, **kwargs) -> NeuronRun:
    """Train one neuron online with the delta rule; return every weight it passed:
    the whole run of `neuron_stream` (kwargs: decay, X, t, w0, b0; shapes and
    the decayed learning rate are said there). See NeuronRun."""
    return deque(neuron_stream(activation, lr, epochs, **kwargs), maxlen=1)[0]()


def identity_vs_least_squares(
    lrs=(0.5, 0.1, 0.02), epochs=1000, last=100, *, decay=0.0, w0=(0.0, 0.0), b0=0.0
) -> dict:
    """Where the identity neuron's weights settle, compared with least squares (Q23).

    For each learning rate, train the identity neuron online (train_neuron), take
    its (w1, w2, b) over the last `last` epochs, and report

        mean       (3,)  their average
        gap        float largest |mean - least squares| over w1, w2, b
        amplitude  float largest |(w1, w2, b) - mean| over those epochs: how far
                         the weights swing around their own average

    The least-squares answer solves [x1 x2 1] @ (w1, w2, b) ≈ t for the four AND
    rows at once (numpy lstsq): it is what batch gradient descent converges to.

    Returns {"least_squares": (3,) array, "rows": [{"lr", "mean", "gap",
    "amplitude"}, ...] in the order of `lrs`}.
    """
    if not 1 <= last <= epochs:
        raise ValueError(
            f"Need 1 <= last <= epochs to average the last epochs; got last={last}, "
            f"epochs={epochs}. Lower `last` or raise `epochs`."
        )
    design = np.c_[AND_X, np.ones(len(AND_X))]  # (4, 3): x1, x2 and 1 for the bias
    least_squares = np.linalg.lstsq(design, AND_T, rcond=None)[0]
    rows = []
    for lr in lrs:
        run = train_neuron("identity", lr, epochs, decay=decay, w0=w0, b0=b0)
        tail = np.c_[run.weights, run.bias][-last * len(AND_X) :]  # (last * 4, 3)
        mean = tail.mean(axis=0)
        rows.append({
            "lr": lr,
            "mean": mean,
            "gap": float(np.abs(mean - least_squares).max()),
            "amplitude": float(np.abs(tail - mean).max()),
        })
    return {"least_squares": least_squares, "rows": rows}

"""Measurements for the lesson's doubtful forum answers (Q24, Q18).

- `sigmoid_slope_errors`: is the sigmoid's slope s(1 - s) or 1 - s? Compare both
  with a finite-difference slope.
- `depth_race`: train the same deep net with sigmoid, tanh and ReLU; is an
  activation a way to "normalize" signals, or something else?
- `dead_relu_units`: ReLU units whose input is negative for every example (their
  slope is 0 everywhere, so they get no gradient).
- `bumps_outside`: a sum of bumps fitted on an interval, measured inside and outside.

numpy + nnviz.nn + nnviz.data only; the notebook prints what these return.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import ReLU, sigmoid
from nnviz.nn.model import mlp
from nnviz.nn.optimizers import SGD
from nnviz.nn.training import evaluate, fit

from .approx import approximate


def sigmoid_slope_errors(x, h=1e-5):
    """Max |formula - finite-difference slope| for s(1 - s) and for 1 - s.

    Shapes: x (P,) -> dict with "numeric", "s(1-s)", "1-s" arrays (P,) and
    "error s(1-s)", "error 1-s" floats. The numeric slope is the central
    difference (s(x + h) - s(x - h)) / 2h.
    """
    x = np.asarray(x, dtype=float)
    s = sigmoid(x)
    numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    right, wrong = s * (1 - s), 1 - s
    return {
        "numeric": numeric, "s(1-s)": right, "1-s": wrong,
        "error s(1-s)": float(np.max(np.abs(right - numeric))),
        "error 1-s": float(np.max(np.abs(wrong - numeric))),
    }


def depth_race(dataset, activations=("sigmoid", "tanh", "relu"), *, depth=6,
               width=16, lr=0.1, steps=400, seed=0):
    """Train the same deep net once per activation; return {name: test accuracy}.

    The net is mlp([2] + [width] * depth + [1], activation), trained with plain
    SGD (lr) for `steps` full-batch steps on binary cross-entropy. The same seed
    gives every activation the same initial random stream.
    """
    results = {}
    for name in activations:
        rng = np.random.default_rng(seed)
        init = "he_normal" if name == "relu" else "glorot_uniform"
        net = mlp([dataset.X_train.shape[1]] + [width] * depth + [1], name,
                  init=init, rng=rng)
        fit(net, "binary_cross_entropy_logits", SGD(lr), dataset.X_train,
            dataset.y_train, steps=steps, rng=rng)
        _, acc = evaluate(net, "binary_cross_entropy_logits", dataset.X_test,
                          dataset.y_test)
        results[name] = float(acc)
    return results


def dead_relu_units(model, X):
    """How many units of each ReLU layer output 0 for every row of X.

    Shapes: X (N, D_in) -> list of (dead, total) per ReLU layer. A dead unit's
    input is negative for every example, so ReLU's slope there is 0 everywhere
    and backprop sends it no gradient: its weights never change again.
    """
    h = np.asarray(X, dtype=float)
    counts = []
    for layer in model.layers:
        h = layer.forward(h)
        if isinstance(layer, ReLU):
            counts.append((int(np.sum(np.all(h <= 0, axis=0))), h.shape[1]))
    return counts


def bumps_outside(target, n_bumps=20, x_range=(0.0, 2 * np.pi), steepness=50.0):
    """Max |bumps - target| inside x_range and on the same length just beyond it.

    Returns (inside, outside) floats. The bumps are fitted on x_range only; outside
    it their sum falls to 0 while the target goes on.
    """
    total, inside = approximate(target, n_bumps, x_range, steepness)
    lo, hi = x_range
    x = np.linspace(hi + (hi - lo) / n_bumps, 2 * hi - lo, 1001)
    return inside, float(np.max(np.abs(total(x) - target(x))))


__all__ = ["bumps_outside", "dead_relu_units", "depth_race", "sigmoid_slope_errors"]

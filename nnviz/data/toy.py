"""Small 2-D datasets made on the fly, each with a train/test split.

Every maker returns a `Dataset` of float64 arrays:
    X_train (N_train, 2), y_train (N_train,), X_test (N_test, 2), y_test (N_test,)
Class labels are 0/1 (or 0..K-1 for blobs); regression targets are floats.
All randomness comes from the `rng` argument.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Dataset:
    """Inputs and targets, split into a training part and a test part."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    name: str = "data"

    @property
    def X(self):  # noqa: N802  X is the maths' name for the inputs
        return np.concatenate([self.X_train, self.X_test])

    @property
    def y(self):
        return np.concatenate([self.y_train, self.y_test])


def split(X, y, test_fraction=0.3, rng=None, name="data") -> Dataset:
    """Shuffle (X, y) and hold out `test_fraction` of it for testing."""
    if not 0 <= test_fraction < 1:
        raise ValueError(f"test_fraction must be in [0, 1), got {test_fraction}.")
    rng = rng if rng is not None else np.random.default_rng()
    order = rng.permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return Dataset(X[train], y[train], X[test], y[test], name)


def _rng(rng):
    return rng if rng is not None else np.random.default_rng()


def circles(n=300, noise=0.1, *, test_fraction=0.3, rng=None) -> Dataset:
    """Class 1 inside a circle of radius 1, class 0 on a ring of radius 2 around it."""
    rng = _rng(rng)
    y = (np.arange(n) % 2).astype(float)
    radius = np.where(y == 1, rng.uniform(0, 1.0, n), rng.uniform(1.6, 2.4, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "circles")


def xor(n=300, noise=0.1, *, test_fraction=0.3, rng=None) -> Dataset:
    """Points in [-2, 2]^2; class 1 where x1 and x2 have the same sign."""
    rng = _rng(rng)
    X = rng.uniform(-2, 2, size=(n, 2))
    X += np.sign(X) * 0.2  # a small gap along the axes
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "xor")


def blobs(n=300, noise=0.5, *, centers=2, test_fraction=0.3, rng=None) -> Dataset:
    """Gaussian blobs around `centers` points on a circle of radius 2; labels 0..K-1."""
    rng = _rng(rng)
    y = np.arange(n) % centers
    angle = 2 * np.pi * y / centers + np.pi / 4
    X = 2 * np.c_[np.cos(angle), np.sin(angle)] + noise * rng.normal(size=(n, 2))
    return split(X, y.astype(float), test_fraction, rng, "blobs")


def spirals(n=300, noise=0.1, *, turns=1.5, test_fraction=0.3, rng=None) -> Dataset:
    """Two interleaved spirals, one per class."""
    rng = _rng(rng)
    y = (np.arange(n) % 2).astype(float)
    t = np.sqrt(rng.uniform(0.02, 1, n)) * turns * 2 * np.pi
    angle = t + np.pi * y
    X = 0.35 * np.c_[t * np.cos(angle), t * np.sin(angle)] / turns
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "spirals")


def moons(n=300, noise=0.1, *, test_fraction=0.3, rng=None) -> Dataset:
    """Two interleaving half circles."""
    rng = _rng(rng)
    y = (np.arange(n) % 2).astype(float)
    t = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    X = 1.5 * (X - [0.5, 0.25])
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "moons")


def plane(
    n=300, noise=0.1, *, slope=(1.0, -0.5), test_fraction=0.3, rng=None
) -> Dataset:
    """Regression: y = slope . x + noise over [-2, 2]^2."""
    rng = _rng(rng)
    X = rng.uniform(-2, 2, size=(n, 2))
    y = X @ np.asarray(slope) + noise * rng.normal(size=n)
    return split(X, y, test_fraction, rng, "plane")


def truth_table(name="and", n_inputs=2):
    """All 0/1 input rows and the target of a logic function: "and", "or", "xor",
    "parity".

    Returns X (2**n_inputs, n_inputs), y (2**n_inputs,). "parity" is 1 when the
    number of ones is odd (xor of all inputs).
    """
    X = np.array([[(i >> b) & 1 for b in reversed(range(n_inputs))]
                  for i in range(2**n_inputs)], dtype=float)
    rules = {
        "and": X.all(axis=1),
        "or": X.any(axis=1),
        "xor": X.sum(axis=1) % 2 == 1,
        "parity": X.sum(axis=1) % 2 == 1,
    }
    if name not in rules:
        raise ValueError(
            f"Unknown truth table {name!r}. Choose one of: {', '.join(rules)}."
        )
    if name == "xor" and n_inputs != 2:
        raise ValueError("'xor' takes 2 inputs; use 'parity' for more.")
    return X, rules[name].astype(float)


MAKERS = {"circles": circles, "xor": xor, "blobs": blobs, "spirals": spirals,
          "moons": moons, "plane": plane}


def make(name, **kwargs) -> Dataset:
    """A toy dataset by name: circles, xor, blobs, spirals, moons, plane."""
    if name not in MAKERS:
        raise ValueError(
            f"Unknown dataset {name!r}. Choose one of: {', '.join(MAKERS)}."
        )
    return MAKERS[name](**kwargs)

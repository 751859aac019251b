"""Small 2-D datasets made on the fly, each with a train/test split.

Every maker returns a `Dataset` of float64 arrays:
    X_train (N_train, 2), y_train (N_train,), X_test (N_test, 2), y_test (N_test,)
Class labels are 0/1 (or 0..K-1 for blobs); regression targets are floats.
All randomness comes from the `rng` argument.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn.checks import check_number, check_rng


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
    test_fraction = check_number(
        test_fraction, "test_fraction", where="split", low=0, high=1, high_open=True,
        hint="It is the share of the examples held out for testing, e.g. 0.3.")
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"split: X has shape {X.shape} but y has shape {y.shape}; "
                         "they need one target per example (the same length).")
    rng = check_rng(rng, "split")
    order = rng.permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return Dataset(X[train], y[train], X[test], y[test], name)


def _rng(rng):
    return check_rng(rng, "The data maker")


def _check(maker, n, noise):
    """n a whole number of points >= 1 and noise a spread >= 0, or a ValueError."""
    check_number(n, "n", where=maker, low=1, whole=True,
                 hint="It is the number of points to make, e.g. n=300.")
    check_number(noise, "noise", where=maker, low=0,
                 hint="It is the spread of the noise added to each point, e.g. 0.1.")


def circles(n=300, noise=0.1, *, test_fraction=0.3, rng=None) -> Dataset:
    """Class 1 inside a circle of radius 1, class 0 on a ring of radius 2 around it."""
    _check("circles", n, noise)
    rng = _rng(rng)
    y = (np.arange(n) % 2).astype(float)
    radius = np.where(y == 1, rng.uniform(0, 1.0, n), rng.uniform(1.6, 2.4, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "circles")


def xor(n=300, noise=0.1, *, test_fraction=0.3, rng=None) -> Dataset:
    """Points in [-2, 2]^2; class 1 where x1 and x2 have the same sign."""
    _check("xor", n, noise)
    rng = _rng(rng)
    X = rng.uniform(-2, 2, size=(n, 2))
    X += np.sign(X) * 0.2  # a small gap along the axes
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "xor")


def blobs(n=300, noise=0.5, *, centers=2, test_fraction=0.3, rng=None) -> Dataset:
    """Gaussian blobs around `centers` points on a circle of radius 2; labels 0..K-1."""
    _check("blobs", n, noise)
    check_number(centers, "centers", where="blobs", low=1, whole=True,
                 hint="It is the number of blobs (classes), e.g. 3.")
    rng = _rng(rng)
    y = np.arange(n) % centers
    angle = 2 * np.pi * y / centers + np.pi / 4
    X = 2 * np.c_[np.cos(angle), np.sin(angle)] + noise * rng.normal(size=(n, 2))
    return split(X, y.astype(float), test_fraction, rng, "blobs")


def spirals(n=300, noise=0.1, *, turns=1.5, test_fraction=0.3, rng=None) -> Dataset:
    """Two interleaved spirals, one per class."""
    _check("spirals", n, noise)
    check_number(turns, "turns", where="spirals", low=0, low_open=True,
                 hint="It is how many times each spiral winds, e.g. 1.5.")
    rng = _rng(rng)
    y = (np.arange(n) % 2).astype(float)
    t = np.sqrt(rng.uniform(0.02, 1, n)) * turns * 2 * np.pi
    angle = t + np.pi * y
    X = 0.35 * np.c_[t * np.cos(angle), t * np.sin(angle)] / turns
    return split(X + noise * rng.normal(size=X.shape), y, test_fraction, rng, "spirals")


def moons(n=300, noise=0.1, *, test_fraction=0.3, rng=None) -> Dataset:
    """Two interleaving half circles."""
    _check("moons", n, noise)
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
    _check("plane", n, noise)
    if np.shape(slope) != (2,):
        raise ValueError(f"plane: slope must be two numbers (one per input), got "
                         f"{slope!r}.")
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
    check_number(n_inputs, "n_inputs", where="truth_table", low=1, high=16,
                 whole=True, hint="It is the number of 0/1 inputs, e.g. 2.")
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
    if not isinstance(name, str) or name not in MAKERS:
        raise ValueError(
            f"Unknown dataset {name!r}. Choose one of: {', '.join(MAKERS)}."
        )
    return MAKERS[name](**kwargs)

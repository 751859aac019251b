"""Input features: new columns computed from the two inputs, before the network.

    x1, x2            the coordinates themselves
    x1^2, x2^2        squares: a circle x1^2 + x2^2 = r^2 becomes a straight line
    x1x2              the product: its sign is the XOR of the signs of x1 and x2
    sinx1, sinx2      waves: stripes a single unit can draw

A network with only x1 and x2 must build curved boundaries out of its hidden
units; give it x1^2 and x2^2 and one output unit can separate circles. That
trade (hand-made features versus learned ones) is what the playground shows.

    Z = make_features(X, ["x1", "x2", "x1x2"])      # X (N, 2) -> Z (N, 3)
"""

from __future__ import annotations

import numpy as np

#: name -> function of X (N, 2) returning one column (N,).
FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sinx1": lambda X: np.sin(X[:, 0]),
    "sinx2": lambda X: np.sin(X[:, 1]),
}

#: How each feature is written on plots and controls.
LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1x2": "x₁x₂",
    "sinx1": "sin x₁",
    "sinx2": "sin x₂",
}

DEFAULT = ("x1", "x2")


def check_names(names) -> tuple[str, ...]:
    """The feature names as a tuple (order kept), or a ValueError saying why not."""
    if isinstance(names, str):
        names = [names]
    names = tuple(names)
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ValueError(
            f"Unknown input feature(s) {', '.join(map(repr, unknown))}. "
            f"Choose from: {', '.join(FEATURES)}."
        )
    if not names:
        raise ValueError("Choose at least one input feature (for example 'x1').")
    if len(set(names)) != len(names):
        raise ValueError(f"Each input feature may be chosen once; got {list(names)}.")
    return names


def canonical(names) -> tuple[str, ...]:
    """The names in FEATURES order (x1, x2, x1^2, ...), as the playground lists them."""
    names = check_names(names)
    return tuple(name for name in FEATURES if name in names)


def make_features(X, names=DEFAULT) -> np.ndarray:
    """Z[:, j] = FEATURES[names[j]](X): the chosen features as columns.

    Shapes: X (N, 2) -> Z (N, len(names)), float64, columns in the order of
    `names` (row j of the first layer's W is the weight of feature names[j]).
    """
    names = check_names(names)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"Input features are computed from 2-D points X of shape (N, 2); got "
            f"shape {X.shape}. Give one row (x1, x2) per point."
        )
    return np.stack([FEATURES[name](X) for name in names], axis=1)


def feature_fn(names=DEFAULT):
    """A function X (N, 2) -> Z (N, k) for the chosen features (views take one)."""
    names = check_names(names)

    def transform(X):
        return make_features(X, names)

    transform.names = names
    return transform

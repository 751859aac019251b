"""What a net cannot learn from examples (lesson Q12): parity, and extrapolation.

A classifier learns *regions*: it fills the space between training points with
the label of their neighbours. Two targets break that:

* parity, "is the integer n odd?": every neighbour of n has the other label,
  so filling the gaps with the neighbours' label is always wrong. Trained on
  most integers in [0, 40) and tested on the rest, a net does worse than a coin.
* extrapolation: trained on x in [0, 1], a net has never seen x = 3. What it
  outputs there is whatever its activations do far away (tanh goes flat, ReLU
  goes on in a straight line); nothing makes it continue x**2 or sin(2 pi x).
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.model import mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import fit

#: Targets for the extrapolation demo: name -> function of x (N, 1).
TARGETS = {
    "x²": lambda x: x**2,
    "sin(2πx)": lambda x: np.sin(2 * np.pi * x),
    "2x + 1": lambda x: 2 * x + 1,
}


def parity_data(n=40, *, train_fraction=0.7, target="odd", rng=None):
    """Integers 0..n-1 as one input scaled to [-1, 1], and a 0/1 target.

    target "odd": n % 2 (no regions); "small": n < n/2 (one region, for contrast).
    Returns (x (n, 1), y (n,), train_index, test_index, integers (n,)).
    """
    rng = rng if rng is not None else np.random.default_rng()
    integers = np.arange(n)
    rules = {"odd": integers % 2, "small": (integers < n / 2)}
    if target not in rules:
        raise ValueError(f"Unknown parity target {target!r}; choose 'odd' or 'small'.")
    x = (integers / (n - 1) * 2.0 - 1.0)[:, None]
    order = rng.permutation(n)
    n_train = int(round(train_fraction * n))
    return (
        x,
        rules[target].astype(float),
        np.sort(order[:n_train]),
        np.sort(order[n_train:]),
        integers,
    )


def fit_classifier_1d(
    x, y, *, hidden=(64, 64), activation="tanh", steps=1500, lr=0.01, seed=1
):
    """A 1-input classifier (one logit) trained with Adam on all of (x, y) given."""
    rng = np.random.default_rng(seed)
    model = mlp([1, *hidden, 1], activation, rng=rng)
    fit(model, "binary_cross_entropy_logits", Adam(lr), x, y, steps=steps, rng=rng)
    return model


def fit_regression_1d(
    target="x²",
    *,
    x_range=(0.0, 1.0),
    n=200,
    hidden=(32, 32),
    activation="tanh",
    steps=1500,
    lr=0.01,
    seed=1,
):
    """Train on `n` points of target(x) with x uniform in x_range; return the model.

    target: a name in TARGETS or a function of x (N, 1) -> (N, 1).
    """
    f = target_function(target)
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=(n, 1))
    model = mlp([1, *hidden, 1], activation, rng=rng)
    fit(model, "mse", Adam(lr), x, f(x), steps=steps, rng=rng)
    return model


def target_function(target):
    """The function for a TARGETS name (or the function itself)."""
    if isinstance(target, str):
        if target not in TARGETS:
            raise ValueError(
                f"Unknown target {target!r}; choose one of: {', '.join(TARGETS)}."
            )
        return TARGETS[target]
    return target


def max_error(model, target, x_range, n=301) -> float:
    """Largest |model(x) - target(x)| over n points of x_range."""
    x = np.linspace(*x_range, n)[:, None]
    return float(np.max(np.abs(model.predict(x) - target_function(target)(x))))

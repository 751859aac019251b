"""What a net cannot learn from examples (lesson Q12): parity, and extrapolation.

A classifier learns *regions*: it fills the space between training points with
the label of their neighbours. Two targets break that:

* parity, "is the integer n odd?": every neighbour of n has the other label,
  so filling the gaps with the neighbours' label is always wrong. Trained on
  most integers in [0, 40) and tested on the rest, a net does worse than a coin.
  The regions are missing *in this input*: given the feature cos(pi n) (+1 for
  even n, -1 for odd), the same net gets every held-out integer right.
* extrapolation: trained on x in [0, 1], a net has never seen x = 3. What it
  outputs there is whatever its activations do far away (tanh goes flat, ReLU
  goes on in straight pieces); nothing makes it continue x**2 or sin(2 pi x).
  A linear model y = w x + b continues a straight target exactly: its one
  family of shapes is the truth's.

Every model here can be trained in one call (`fit_classifier_1d`,
`fit_regression_1d`) or step by step: `classifier_run` and `regression_run`
return the model and its endless `train_steps` generator (a panel takes a few
steps per Play tick).
"""

from __future__ import annotations

import itertools

import numpy as np

from nnviz.nn.model import mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import train_steps

#: Targets for the extrapolation demo: name -> function of x (N, 1).
TARGETS = {
    "x²": lambda x: x**2,
    "sin(2πx)": lambda x: np.sin(2 * np.pi * x),
    "2x + 2": lambda x: 2 * x + 2,
}

#: The regression models compared: name -> keyword arguments of regression_run
#: (and of fit_regression_1d).
#: "linear" has no hidden layer, y = w x + b (2 parameters); a larger step (0.05)
#: is stable for it and reaches the least-squares line within 1500 steps.
REGRESSION_MODELS = {
    "tanh": dict(hidden=(32, 32), activation="tanh"),
    "relu": dict(hidden=(32, 32), activation="relu"),
    "linear": dict(hidden=(), lr=0.05),
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


def with_cosine(x, integers) -> np.ndarray:
    """[x, cos(pi n)]: the scaled integer and a feature that is +1 for even n,
    -1 for odd n (between integers it swings smoothly from one to the other).

    Shapes: x (N, 1), integers (N,) -> (N, 2).
    """
    return np.c_[np.asarray(x, dtype=float), np.cos(np.pi * np.ravel(integers))]


def classifier_run(x, y, *, hidden=(64, 64), activation="tanh", lr=0.01, seed=1):
    """A classifier on the columns of x (one logit) and its Adam training steps.

    Shapes: x (N, D), y (N,) of 0/1. Returns (model, steps): steps is the endless
    full-batch `train_steps` generator; taking k items trains k steps.
    """
    x = np.asarray(x, dtype=float)
    rng = np.random.default_rng(seed)
    model = mlp([x.shape[1], *hidden, 1], activation, rng=rng)
    steps = train_steps(
        model, "binary_cross_entropy_logits", Adam(lr), x, y, rng=rng
    )
    return model, steps


def fit_classifier_1d(
    x, y, *, hidden=(64, 64), activation="tanh", steps=1500, lr=0.01, seed=1
):
    """classifier_run, trained `steps` steps on all of (x, y) given; the model."""
    model, run = classifier_run(
        x, y, hidden=hidden, activation=activation, lr=lr, seed=seed
    )
    _take(run, steps)
    return model


def regression_run(
    target="x²",
    *,
    x_range=(0.0, 1.0),
    n=200,
    hidden=(32, 32),
    activation="tanh",
    lr=0.01,
    seed=1,
):
    """A 1-input regression net on `n` points of target(x), x uniform in x_range.

    target: a name in TARGETS or a function of x (N, 1) -> (N, 1).
    hidden: the hidden layer sizes; () is a linear model y = w x + b.
    Returns (model, steps): steps is the endless full-batch Adam `train_steps`
    generator on the mean squared error.
    """
    f = target_function(target)
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=(n, 1))
    model = mlp([1, *hidden, 1], activation, rng=rng)
    return model, train_steps(model, "mse", Adam(lr), x, f(x), rng=rng)


def fit_regression_1d(target="x²", *, steps=1500, **options):
    """regression_run (same options), trained `steps` steps; the model."""
    model, run = regression_run(target, **options)
    _take(run, steps)
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


def _take(steps, n):
    """Run n items of a train_steps generator (n optimizer steps)."""
    for _ in itertools.islice(steps, int(n)):
        pass

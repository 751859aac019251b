"""Small sequence tasks for recurrent nets: each returns X (N, T, F) and y.

    remember_first   the sign of the first step, to be told after `delay` noisy steps
    count_ones       how many 1s a binary sequence holds (a running sum)
    adding_problem   the sum of the two values marked by a second channel
    noisy_sine       the next value of a sine, from a noisy window of it

An LSTM solves each in seconds. A net without memory cannot do the first: the
answer sits at step 0, and everything after it is noise. `sequence_window`
gives what such a net would see (the last k steps, flattened), to show it.
All randomness comes from the `rng` argument; arrays are float64.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.checks import check_rng


def _rng(rng):
    return check_rng(rng, "The sequence maker")


def _check(n, steps, least=1, steps_name="steps"):
    """n and the number of steps whole numbers (n >= 1, steps >= least), named
    as the caller's argument, or a ValueError."""
    for arg, value, low in (("n", n, 1), (steps_name, steps, least)):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{arg} must be a whole number >= {low}, got {value!r}.")


def remember_first(n=256, delay=20, *, noise=0.5, rng=None):
    """X (n, delay + 1, 1): a symbol ±1 at step 0, then `delay` steps of N(0, noise²).
    y (n, 1): 1 if the first symbol was +1, else 0 (binary classification).

    The last step alone carries no information about y, and neither does any
    window of the last k <= delay steps: a net without memory is at chance (50 %).
    """
    _check(n, delay, steps_name="delay")
    rng = _rng(rng)
    symbol = rng.integers(0, 2, size=n)
    X = noise * rng.normal(size=(n, delay + 1, 1))
    X[:, 0, 0] = 2.0 * symbol - 1.0
    return X, symbol[:, None].astype(float)


def count_ones(n=256, steps=10, *, p=0.5, rng=None):
    """X (n, steps, 1) of 0s and 1s (each 1 with probability p);
    y (n, 1): the fraction of 1s, count / steps (a regression target in [0, 1])."""
    _check(n, steps)
    X = (_rng(rng).random((n, steps, 1)) < p).astype(float)
    return X, X.sum(axis=1) / steps


def adding_problem(n=256, steps=20, *, rng=None):
    """X (n, steps, 2): channel 0 values U(0, 1), channel 1 marks two steps with 1.
    y (n, 1): the sum of the two marked values (Hochreiter & Schmidhuber, 1997).
    A constant guess (1.0) has mean squared error about 0.167."""
    _check(n, steps, least=2)
    rng = _rng(rng)
    X = np.zeros((n, steps, 2))
    X[:, :, 0] = rng.random((n, steps))
    marks = np.argsort(rng.random((n, steps)), axis=1)[:, :2]  # two distinct steps
    np.put_along_axis(X[:, :, 1], marks, 1.0, axis=1)
    return X, (X[:, :, 0] * X[:, :, 1]).sum(axis=1, keepdims=True)


def noisy_sine(n=256, steps=20, *, noise=0.1, period=(8.0, 16.0), rng=None):
    """X (n, steps, 1): windows of sin(2π t / period + phase) plus N(0, noise²),
    with a random phase and a period drawn from `period`;
    y (n, 1): the next, noise-free value of the sine."""
    _check(n, steps)
    rng = _rng(rng)
    phase = rng.uniform(0, 2 * np.pi, size=(n, 1))
    omega = 2 * np.pi / rng.uniform(*period, size=(n, 1))
    t = np.arange(steps + 1)[None, :]
    clean = np.sin(omega * t + phase)
    X = clean[:, :steps] + noise * rng.normal(size=(n, steps))
    return X[:, :, None], clean[:, steps:]


def sequence_window(X, k):
    """What a net without memory sees: the last k steps of X (N, T, F), flattened
    to (N, k·F). k = 1 is the last step only."""
    X = np.asarray(X)
    if X.ndim != 3:
        raise ValueError(f"sequence_window expected X of shape (N, T, F), "
                         f"got {X.shape}.")
    if not 1 <= k <= X.shape[1]:
        raise ValueError(f"k must be between 1 and the {X.shape[1]} time steps, "
                         f"got {k}.")
    return X[:, -k:].reshape(len(X), -1)


TASKS = {"remember_first": remember_first, "count_ones": count_ones,
         "adding_problem": adding_problem, "noisy_sine": noisy_sine}

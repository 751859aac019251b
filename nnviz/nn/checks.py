"""Argument checks: a number in range, a random generator.

A learner's slip in an argument (`SGD(lr="0.1")`, `Dropout(rate=1.5)`, `rng=0`)
becomes a sentence that names the class or function, the argument, what was
expected and the likely fix, raised before anything changes. Input arrays are
checked in layer.py (`check_shape`, `check_finite`).
"""

from __future__ import annotations

import numpy as np


def check_number(value, name, *, where, low=None, high=None, low_open=False,
                 high_open=False, whole=False, hint=""):
    """`value` as a float (an int if whole=True), or a ValueError in words naming
    `where` (the class or function) and the argument `name`: text, NaN or inf,
    a fraction where a whole number is needed, or a value outside
    [low, high] (`low_open`/`high_open` leave an end out). `hint` is added to
    the out-of-range message: what the number does, or a typical value.
    """
    start = f"{where}: {name}={value!r}"
    if isinstance(value, str) and _is_float(value):
        raise ValueError(f"{start} is text; give the number without quotes: "
                         f"{name}={value.strip()}.")
    if isinstance(value, str):
        raise ValueError(f"{start} is text, not a number. {hint}".strip())
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ValueError(f"{start} is not a number. {hint}".strip())
    if not np.isfinite(value):
        raise ValueError(f"{start} is not a finite number. {hint}".strip())
    if whole and value != int(value):
        raise ValueError(f"{start} must be a whole number.")
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above:
        interval = _interval(low, high, low_open, high_open)
        raise ValueError(f"{start} is out of range: it must be {interval}. {hint}"
                         .strip())
    return int(value) if whole else float(value)


def _interval(low, high, low_open, high_open) -> str:
    if low is not None and high is not None:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f"in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"{'greater than' if low_open else 'at least'} {low:g}"
    return f"{'less than' if high_open else 'at most'} {high:g}"


def _is_float(text) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_rng(rng, where: str) -> np.random.Generator:
    """A numpy Generator: `rng` itself, a fresh one for None, or a TypeError
    showing how to make one (a plain seed such as 0 is the usual slip)."""
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    example = rng if isinstance(rng, (int, np.integer)) else 0
    raise TypeError(
        f"{where}: rng must be a numpy random Generator, got {rng!r}. "
        f"Make one once and pass it on: rng = np.random.default_rng({example})."
    )

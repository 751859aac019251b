"""Finite-difference gradient checks: is a backward pass right?

The idea (cs231n's `eval_numerical_gradient_array`): for a function
f(x) -> y and an upstream gradient dy = dL/dy, the gradient of
L = sum(f(x) * dy) with respect to each entry of x is approximately

    (L(x + h) - L(x - h)) / (2 h)          (central difference, error ~ h**2)

Compare that with what `backward` returns, using the relative error
|a - b| / max(|a| + |b|, tiny). In float64, a correct backward pass gives
about 1e-8 or less; a wrong one gives 1e-2 or more.
"""

from __future__ import annotations

import numpy as np


def numerical_gradient(f, x, dy=None, h=1e-6):
    """dL/dx by central differences, where L = sum(f(x) * dy).

    Parameters
    ----------
    f : callable taking x (changed in place and restored) and returning an array.
    x : array, any shape. Perturbed one entry at a time.
    dy : array shaped like f(x), or None for a scalar f (dy = 1).

    Returns
    -------
    array shaped like x.
    """
    x = _checked_point(x)
    y = f(x)
    if y is None:
        raise TypeError("numerical_gradient: f returned None; it must return its "
                        "output (did the function forget `return`?).")
    if dy is not None and np.ndim(dy) > 0 and np.shape(dy) != np.shape(y):
        raise ValueError(
            f"numerical_gradient: dy must have the shape of f(x), {np.shape(y)}, "
            f"but has {np.shape(dy)}. dy weighs each output: L = sum(f(x) * dy).")
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    for _ in it:
        index = it.multi_index
        old = x[index].copy()
        x[index] = old + h
        plus = np.sum(np.asarray(f(x)) * (1.0 if dy is None else dy))
        x[index] = old - h
        minus = np.sum(np.asarray(f(x)) * (1.0 if dy is None else dy))
        x[index] = old
        grad[index] = (plus - minus) / (2 * h)
    return grad


def _checked_point(x):
    """x as an array that can be nudged by h in place: float, and writable."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(
            f"numerical_gradient nudges x by a tiny h in place, so x must hold "
            f"floats, but it holds {x.dtype} (x + 1e-6 would be rounded away). "
            "Use x = np.array(x, dtype=float).")
    if not x.flags.writeable:
        raise ValueError("numerical_gradient nudges x in place, but this x is "
                         "read-only: pass a copy, x.copy().")
    return x


def rel_error(a, b) -> float:
    """Largest relative error between two arrays: max |a - b| / (|a| + |b|)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(
            f"rel_error compares two arrays of the same shape, got {a.shape} and "
            f"{b.shape}: compare each gradient with the numerical one for the "
            "same array.")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def check_layer(layer, x, rng=None, *, training=False, h=1e-6) -> dict:
    """Relative errors of a layer's dx and every grads[key] against finite differences.

    Draws a random upstream gradient dy, runs forward then backward once, and
    compares each analytic gradient with its numerical estimate.
    With `training=True` the layer is re-seeded by the caller (e.g. Dropout
    with a fixed mask) so that every forward call is the same function.

    Returns {"x": err, "W": err, ...}.
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    x = np.array(x, dtype=float)
    y = layer.forward(x, training=training)
    dy = rng.normal(size=np.shape(y))
    dx = layer.backward(dy)
    analytic = {"x": dx, **{key: g.copy() for key, g in layer.grads.items()}}

    def forward_only(_):
        return layer.forward(x, training=training)

    errors = {"x": rel_error(dx, numerical_gradient(forward_only, x, dy, h))}
    for key, param in layer.params.items():
        errors[key] = rel_error(
            analytic[key], numerical_gradient(forward_only, param, dy, h)
        )
    return errors


def check_loss(loss, y_pred, y_true, h=1e-6) -> float:
    """Relative error of a loss's backward against finite differences."""
    y_pred = np.array(y_pred, dtype=float)
    loss.forward(y_pred, y_true)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda p: loss.forward(p, y_true), y_pred, None, h)
    return rel_error(analytic, numeric)

"""Bumps (Q18): why one hidden layer can approximate any curve.

One sigmoid unit is a step:   s(x) = sigmoid(w x + b), at x = -b / w
Two steps make a bump:        bump(x) = h (sigmoid(k (x - l)) - sigmoid(k (x - r)))
                              = height h on [l, r], about 0 elsewhere
A row of bumps, each as high as the target at its middle, follows the target:

    f(x) ≈ sum_i  f(m_i) bump_i(x)      (n bumps -> 2 n hidden units, one output)

More bumps (narrower) and steeper steps (larger w) make the error as small as
we like: that is the universal approximation theorem, seen with a ruler.
`bumps_network` builds the very network (Dense -> sigmoid -> Dense) that
computes the sum, so the picture and the layer code agree.

This module holds the maths; approx_views.BumpsView draws it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnviz.nn.activations import Sigmoid, sigmoid
from nnviz.nn.dense import Dense
from nnviz.nn.model import Sequential


def step_pair(x, weight, bias, width):
    """sigmoid(w x + b), and the same step `width` later: sigmoid(w (x - width) + b).

    Shapes: x (P,) -> two arrays (P,). Their difference is a bump of height 1
    that starts at x = -b / w and is `width` wide.
    """
    x = np.asarray(x, dtype=float)
    return sigmoid(weight * x + bias), sigmoid(weight * (x - width) + bias)


def bump(x, left, right, height=1.0, steepness=20.0):
    """height * (sigmoid(k (x - left)) - sigmoid(k (x - right))), k = steepness.

    Shapes: x any shape -> same shape. About `height` on [left, right], 0 outside.
    """
    x = np.asarray(x, dtype=float)
    k = float(steepness)
    return height * (sigmoid(k * (x - left)) - sigmoid(k * (x - right)))


class Approximation(NamedTuple):
    """total: the sum of bumps as a function x -> y; max_error: max |total - target|."""

    total: object
    max_error: float


def approximate(target, n_bumps=10, x_range=(-3.0, 3.0), steepness=20.0):
    """The sum of n equal-width bumps, each as high as `target` at its middle.

    Returns Approximation(total, max_error): total(x) evaluates the sum (it also
    carries .edges (n + 1,) and .heights (n,)); max_error is measured on 1001
    points of x_range. The outer two edges lie one width outside x_range, so
    the ends of the range are not cut to half height by the outermost steps.
    """
    if int(n_bumps) < 1:
        raise ValueError(f"n_bumps must be at least 1, got {n_bumps}.")
    edges = np.linspace(*x_range, int(n_bumps) + 1)
    heights = np.asarray(target((edges[:-1] + edges[1:]) / 2), dtype=float)
    width = edges[1] - edges[0]
    edges[0], edges[-1] = edges[0] - width, edges[-1] + width  # no half-height ends

    def total(x):
        x = np.asarray(x, dtype=float)
        return sum(
            bump(x, left, right, h, steepness)
            for left, right, h in zip(edges[:-1], edges[1:], heights, strict=True)
        )

    total.edges, total.heights = edges, heights
    x = np.linspace(*x_range, 1001)
    return Approximation(total, float(np.max(np.abs(total(x) - target(x)))))


def bumps_network(edges, heights, steepness=20.0):
    """A 1 -> 2n -> 1 network (Dense, Sigmoid, Dense) computing the sum of bumps.

    Hidden unit 2i steps up at edges[i], unit 2i+1 at edges[i+1]; the output adds
    heights[i] times the first and subtracts it times the second.
    Shapes: input (N, 1) -> output (N, 1).
    """
    edges, heights = np.asarray(edges, float), np.asarray(heights, float)
    n, k = len(heights), float(steepness)
    hidden, output = Dense(1, 2 * n), Dense(2 * n, 1)
    hidden.params["W"][:] = k
    hidden.params["b"][:] = -k * np.c_[edges[:-1], edges[1:]].ravel()
    output.params["W"][:, 0] = np.c_[heights, -heights].ravel()
    output.params["b"][:] = 0.0
    return Sequential([hidden, Sigmoid(), output])


def each_bump(x, total, steepness):
    """Every bump of `total` (a sum from `approximate`, with .edges and .heights)
    over x (P,), joined into one line with NaN gaps: xs, ys both (n (P + 1),)."""
    gap = [np.nan]
    xs, ys = [], []
    for left, right, h in zip(
        total.edges[:-1], total.edges[1:], total.heights, strict=True
    ):
        xs += [*x, *gap]
        ys += [*bump(x, left, right, h, steepness), *gap]
    return np.array(xs), np.array(ys)

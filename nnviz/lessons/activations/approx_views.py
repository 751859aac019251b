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
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnviz.nn.activations import Sigmoid, sigmoid
from nnviz.nn.dense import Dense
from nnviz.nn.model import Sequential
from nnviz.plots import style
from nnviz.plots.curves import heading


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


class BumpsView:
    """Left: one step sigmoid(w x + b) and the bump two such steps make.
    Right: the target and the sum of n bumps (with steepness w), its max error.

    update(weight=, bias=, height=, n_bumps=): change any of them.
    `ax`: None, or a pair of Axes. Attributes: fig, axes, step_line, second_line,
    bump_line, target_line, sum_line, parts_line (every bump, NaN-separated),
    readout (Text: where the step is),
    approximation (the last Approximation), weight, bias, height, n_bumps.
    """

    def __init__(
        self,
        target=np.sin,
        *,
        ax=None,
        n_bumps=6,
        x_range=(-3.0, 3.0),
        weight=10.0,
        bias=0.0,
        height=1.0,
    ):
        if ax is None:
            fig, ax = style.new_figure(ncols=2, size=(8.6, 3.2))
        self.axes = list(ax)
        self.fig, self.target = self.axes[0].figure, target
        self.x_range, self.x = x_range, np.linspace(*x_range, 400)
        self.weight, self.bias, self.height, self.n_bumps = (
            weight,
            bias,
            height,
            n_bumps,
        )
        left, right = self.axes
        (self.step_line,) = left.plot(
            [], [], color=style.CYCLE[0], lw=1.5, label="step: sigmoid(w x + b)"
        )
        (self.second_line,) = left.plot(
            [],
            [],
            color=style.CYCLE[0],
            lw=1.5,
            ls=":",
            label="the same step, one width later",
        )
        (self.bump_line,) = left.plot(
            [], [], color=style.CYCLE[3], lw=2.5, label="bump = h × (step − later step)"
        )
        (self.target_line,) = right.plot(
            self.x, target(self.x), color="black", lw=2, label="target"
        )
        (self.parts_line,) = right.plot(
            [], [], color=style.CYCLE[5], lw=0.9, label="each bump"
        )
        (self.sum_line,) = right.plot(
            [], [], color=style.CYCLE[3], lw=2.2, ls="--", label="sum of bumps"
        )
        for ax_ in self.axes:
            ax_.axhline(0, color="#999999", lw=0.6)
            ax_.set(xlim=x_range, xlabel="x")
            ax_.legend(loc="lower right", fontsize=7)
        right.set(ylabel="y")
        self._fit(target)
        left.set(ylim=(-1.6, 1.6), ylabel="unit output", title="two steps make a bump")
        self.readout = left.text(
            0.02, 0.97, "", transform=left.transAxes, va="top", fontsize=8
        )
        self.heading = heading(right)
        self.update()

    def changing_artists(self):
        """The artists `update` and `set_target` change (for a BackgroundCache)."""
        lines = [a for ax in self.axes for a in (*ax.lines, *ax.spines.values())]
        legends = [ax.get_legend() for ax in self.axes]  # lines may pass under them
        return [*lines, *legends, self.readout, self.heading]

    def set_target(self, target):
        """Approximate another function (same artists; the y-axis is refitted)."""
        self.target = target
        self.target_line.set_ydata(target(self.x))
        self._fit(target)
        self.update()

    def _fit(self, target):
        values = np.asarray(target(self.x), dtype=float)
        low, high = min(values.min(), 0), max(values.max(), 0)
        pad = 0.25 * ((high - low) or 1.0)
        self.axes[1].set_ylim(low - pad, high + pad)

    def update(self, *, weight=None, bias=None, height=None, n_bumps=None):
        """Redraw with any of weight (steepness), bias, height, n_bumps changed."""
        for name, value in (
            ("weight", weight),
            ("bias", bias),
            ("height", height),
            ("n_bumps", n_bumps),
        ):
            if value is not None:
                setattr(self, name, value)
        x, w, b = self.x, float(self.weight), float(self.bias)
        width = (self.x_range[1] - self.x_range[0]) / int(self.n_bumps)
        first, later = sigmoid(w * x + b), sigmoid(w * (x - width) + b)
        self.step_line.set_data(x, first)
        self.second_line.set_data(x, later)
        self.bump_line.set_data(x, self.height * (first - later))
        where = f"{-b / w:.2f}" if w else "nowhere (w = 0)"
        self.readout.set_text(
            f"w = {w:.1f}, b = {b:.2f}: step at x = −b/w = {where}"
            f"\nbump height h = {self.height:.2f}, width {width:.2f}"
        )
        self.approximation = approximate(self.target, self.n_bumps, self.x_range, w)
        total = self.approximation.total
        self.sum_line.set_data(x, total(x))
        self.parts_line.set_data(*_each_bump(x, total, w))
        self.heading.set_text(
            f"{int(self.n_bumps)} bumps ({2 * int(self.n_bumps)} "
            f"units): max error {self.approximation.max_error:.3f}"
        )
        style.redraw(self.fig)


def _each_bump(x, total, steepness):
    """Every bump of `total` over x, joined into one line with NaN gaps."""
    gap = [np.nan]
    xs, ys = [], []
    for left, right, h in zip(
        total.edges[:-1], total.edges[1:], total.heights, strict=True
    ):
        xs += [*x, *gap]
        ys += [*bump(x, left, right, h, steepness), *gap]
    return np.array(xs), np.array(ys)

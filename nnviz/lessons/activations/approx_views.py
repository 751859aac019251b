"""BumpsView (Q18): two sigmoid steps make a bump, a row of bumps follows a curve.

The maths (bump, approximate, bumps_network) is in approx.py; this module only
draws it. Left: one step and the bump; right: the target and the sum of bumps.
"""

from __future__ import annotations

import numpy as np

from nnviz.lessons.activations.approx import approximate, bump, step_pair
from nnviz.plots import style
from nnviz.plots.curves import heading


class BumpsView:
    """Left: one step sigmoid(w x + b) and the bump two such steps make.
    Right: the target and the sum of n bumps (with steepness w), its max error.

    update(weight=, bias=, height=, n_bumps=): change any of them.
    `ax`: None, or a pair of Axes. `y_range`: fixed y-limits of the right plot
    (None: fitted to each target, `fitted_range`). Attributes: fig, axes,
    step_line, second_line,
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
        y_range=None,
    ):
        self.y_range = y_range
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
        return [*lines, self.readout, self.heading]

    def overlay_artists(self):
        """The legends, on top of the lines that pass under them (for a
        BackgroundCache's overlay: rendered once, then laid on top)."""
        return [ax.get_legend() for ax in self.axes]

    def set_target(self, target):
        """Approximate another function (same artists; the y-axis is refitted)."""
        self.target, self._fitted = target, None
        self.target_line.set_ydata(target(self.x))
        self._fit(target)
        self.update()

    def _fit(self, target):
        self.axes[1].set_ylim(self.y_range or fitted_range(target, self.x))

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
        # the right plot depends on the target, n_bumps and w only: a move of
        # the bias or the height leaves it as it is (see _show_sum)
        width = (self.x_range[1] - self.x_range[0]) / int(self.n_bumps)
        first, later = step_pair(x, w, b, width)
        self.step_line.set_data(x, first)
        self.second_line.set_data(x, later)
        self.bump_line.set_data(x, self.height * (first - later))
        where = f"{-b / w:.2f}" if w else "nowhere (w = 0)"
        self.readout.set_text(
            f"w = {w:.1f}, b = {b:.2f}: step at x = −b/w = {where}"
            f"\nbump height h = {self.height:.2f}, width {width:.2f}"
        )
        self._show_sum(w)
        style.redraw(self.fig)

    def _show_sum(self, w):
        """The right plot: the sum of n bumps of steepness w, each bump, the error.
        Computed again only when the target, n_bumps or w changed."""
        key = (self.target, int(self.n_bumps), w)
        if getattr(self, "_fitted", None) == key:
            return
        self._fitted = key
        self.approximation = approximate(self.target, self.n_bumps, self.x_range, w)
        total = self.approximation.total
        self.sum_line.set_data(self.x, total(self.x))
        self.parts_line.set_data(*each_bump_fast(self.x, total, w))
        self.heading.set_text(
            f"{int(self.n_bumps)} bumps ({2 * int(self.n_bumps)} "
            f"units): max error {self.approximation.max_error:.3f}"
        )


def fitted_range(target, x):
    """(low, high): y-limits holding target(x) and 0, with a quarter's margin."""
    values = np.asarray(target(x), dtype=float)
    low, high = min(values.min(), 0), max(values.max(), 0)
    pad = 0.25 * ((high - low) or 1.0)
    return low - pad, high + pad


def each_bump_fast(x, total, steepness):
    """approx.each_bump for drawing, with arrays in place of Python lists:
    every bump of `total` over x (P,), NaN-separated: xs, ys both (n (P + 1),)."""
    edges, heights = total.edges, total.heights  # (n + 1,), (n,)
    n = len(heights)
    xs = np.full((n, len(x) + 1), np.nan)
    xs[:, :-1] = x
    ys = np.full_like(xs, np.nan)
    ys[:, :-1] = bump(x, edges[:-1, None], edges[1:, None], heights[:, None], steepness)
    return xs.ravel(), ys.ravel()

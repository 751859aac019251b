"""Curves: activation functions with their derivatives (Q24), and loss curves.

ActivationCurvesView draws f(z) and f'(z) from nnviz.nn.activations, the same
functions the layers train with, and shades where f'(z) is nearly 0: a unit
whose pre-activation z lands there passes almost no gradient back (it
"saturates"). Give it a layer's pre-activations and it shows where they land.

LossCurveView draws training and test loss as training runs. Appending a point
sets the lines' data; when the curve reaches the right edge the x-axis doubles,
so the figure is never rebuilt.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullFormatter
from matplotlib.transforms import offset_copy

from nnviz.nn import activations
from nnviz.plots import style

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "step")
#: |f'(z)| below this counts as saturated (the gradient is mostly lost).
SATURATED = 0.05


class ActivationCurvesView:
    """f(z) solid, f'(z) dashed, saturated regions shaded, optional points z.

    update(name, preactivations=None): show activation `name`; preactivations
    (any shape) are drawn as points (z, f(z)) and the fraction saturated is
    written in the title. Attributes: fig, ax, value_line, derivative_line,
    points (PathCollection), spans (two Rectangles), name, saturated (fraction
    of the preactivations where |f'(z)| < SATURATED, or None).
    """

    def __init__(self, names=None, *, ax=None, x_range=(-5.0, 5.0)):
        self.names = tuple(names) if names is not None else NAMES
        for name in self.names:
            activations.check_name(name)
        self.ax = ax if ax is not None else style.new_axes()
        self.fig = self.ax.figure
        self.x_range = tuple(float(v) for v in x_range)
        self.z = np.linspace(*self.x_range, 401)
        ax = self.ax
        self.spans = [
            ax.add_patch(
                Rectangle(
                    (0, -1e3), 0, 2e3, facecolor="#DDDDDD", edgecolor="none", zorder=0
                )
            )
            for _ in range(2)
        ]
        ax.axhline(0, color="#999999", linewidth=0.6, zorder=1)
        ax.axvline(0, color="#999999", linewidth=0.6, zorder=1)
        (self.value_line,) = ax.plot(
            [], [], color=style.CYCLE[0], linewidth=2.2, label="f(z)", zorder=3
        )
        (self.derivative_line,) = ax.plot(
            [],
            [],
            color=style.CYCLE[3],
            linewidth=1.8,
            linestyle="--",
            label="f′(z)",
            zorder=3,
        )
        self.points = ax.scatter(
            [],
            [],
            s=26,
            color=style.CYCLE[2],
            alpha=0.55,
            edgecolors="#222222",
            linewidths=0.5,
            zorder=4,
            label="pre-activations",
        )
        self.spans[0].set_label(f"saturated: |f′| < {SATURATED}")
        ax.set(xlim=self.x_range, xlabel="pre-activation z", ylabel="value")
        self.heading = heading(ax)
        ax.legend(
            handles=[self.value_line, self.derivative_line, self.spans[0], self.points],
            loc="upper left",
            fontsize=8,
        )
        self.update(self.names[0])

    def update(self, name, preactivations=None):
        """Show activation `name` (and where `preactivations` land on it)."""
        fn = activations.FUNCTIONS[activations.check_name(name)][0]
        value, slope = fn(self.z), activations.derivative_at(name, self.z)
        self.name = name
        self.value_line.set_data(self.z, value)
        self.derivative_line.set_data(self.z, slope)
        self._shade(np.abs(slope) < SATURATED)
        low, high = min(value.min(), slope.min()), max(value.max(), slope.max())
        pad = 0.08 * (high - low)
        self.ax.set_ylim(low - pad, high + pad)
        self._points(name, preactivations)
        self.heading.set_text(
            f"{name}: f(z) and its derivative f′(z)"
            if self.saturated is None
            else f"{name}: {100 * self.saturated:.0f}% of "
            f"{self.points.get_offsets().shape[0]} values saturated"
        )
        style.redraw(self.fig)

    def changing_artists(self):
        """The artists `update` changes (for a BackgroundCache)."""
        return [
            *self.ax.patches,
            *self.ax.lines,
            self.points,
            self.ax.get_legend(),
            self.heading,
            *self.ax.spines.values(),
        ]

    def overlay_artists(self):
        """The legend, drawn on top of the curves (for a BackgroundCache's
        overlay: drawn again only when it changes)."""
        return [self.ax.get_legend()]

    def _shade(self, saturated):
        runs = _runs(saturated)
        edges = np.r_[self.z[0], (self.z[1:] + self.z[:-1]) / 2, self.z[-1]]
        shown = runs[:1] + runs[-1:] if len(runs) > 1 else runs  # outermost runs
        for span, run in zip(
            self.spans, shown + [None] * (2 - len(shown)), strict=True
        ):
            span.set_visible(run is not None)
            if run is not None:
                span.set_x(edges[run[0]])
                span.set_width(edges[run[1]] - edges[run[0]])

    def _points(self, name, z):
        if z is None:
            self.points.set_offsets(np.zeros((0, 2)))
            self.saturated = None
            return
        z = np.asarray(z, dtype=float).ravel()
        z = z[~np.isnan(z)]  # a diverged layer: nan has no place on the curve
        fn = activations.FUNCTIONS[name][0]
        shown = np.clip(z, *self.x_range)  # ±inf too: drawn at the ends
        self.points.set_offsets(np.c_[shown, fn(shown)])
        with np.errstate(all="ignore"):
            slope = activations.derivative_at(name, z)
        self.saturated = (
            float(np.mean(np.abs(slope) < SATURATED)) if len(z) else None
        )


def heading(ax):
    """A Text artist where the title goes: unlike ax.title, it can be drawn alone
    (a BackgroundCache draws changing artists on their own)."""
    above = offset_copy(ax.transAxes, fig=ax.figure, y=6, units="points")
    return ax.text(
        0.5, 1.0, "", transform=above, ha="center", va="bottom", fontsize="large"
    )


def _runs(mask):
    """[(start, stop)] of the True runs in a boolean array (stop exclusive)."""
    padded = np.r_[False, mask, False].astype(int)
    changes = np.flatnonzero(np.diff(padded))
    return list(zip(changes[::2], changes[1::2], strict=True))


class LossCurveView:
    """Training loss (solid) and test loss (dashed) against the step or epoch.

    append(step, train, test=None) adds one point; reset() empties the curves.
    The x-axis starts at 0 to `x_max` and doubles when the data reach its right
    edge (a run of known length passes its length: the axes then stay put, and
    a cached background serves every frame), the y-axis grows to the largest
    finite loss seen (log=True: a log axis, for long runs). While
    the curves are empty, `empty_text` says why in the middle of the axes.
    Attributes: fig, ax, train_line, test_line, steps, train, test, note.
    """

    def __init__(self, *, ax=None, log=False, xlabel="epoch",
                 empty_text="no training steps yet: press Play", x_max=10):
        self.ax = ax if ax is not None else style.new_axes(size=(4.5, 2.6))
        self.fig, self.log, self.x_max = self.ax.figure, bool(log), float(x_max)
        # A marker on the newest point: the first point shows before there
        # is a line to draw, and the latest value is easy to find.
        newest = dict(marker="o", markersize=4, markevery=[-1])
        (self.train_line,) = self.ax.plot(
            [], [], color=style.CYCLE[0], linewidth=1.8, label="train", **newest
        )
        (self.test_line,) = self.ax.plot(
            [], [], color=style.CYCLE[1], linewidth=1.8, linestyle="--", label="test",
            **newest,
        )
        self.ax.set(
            xlabel=xlabel, ylabel="loss", yscale="log" if self.log else "linear"
        )
        if self.log:  # labels on the decades only: less than a decade of 6e-1,
            self.ax.yaxis.set_minor_formatter(NullFormatter())  # 4e-1, ... crowds
        self.ax.legend(loc="upper right", fontsize=8)
        self.note = self.ax.text(0.5, 0.5, empty_text, transform=self.ax.transAxes,
                                 ha="center", va="center", color="#666666")
        self.reset()

    def reset(self):
        """Empty curves, axes back to their starting size."""
        self.steps, self.train, self.test = [], [], []
        self.train_line.set_data([], [])
        self.test_line.set_data([], [])
        self.note.set_visible(True)
        self._x_max, self._y = self.x_max, None
        self._set_xlim()
        self.ax.set_ylim(*((0.01, 1.0) if self.log else (0.0, 1.0)))
        style.redraw(self.fig)

    def append(self, step, train, test=None):
        """Add the losses at `step` (test may be None)."""
        self.steps.append(float(step))
        self.train.append(float(train))
        self.test.append(np.nan if test is None else float(test))
        self.train_line.set_data(self.steps, self.train)
        self.test_line.set_data(self.steps, self.test)
        if self.note.get_visible():  # (matplotlib < 3.8 marks it changed at each
            self.note.set_visible(False)  # set_visible: a cache would redraw it)
        self._grow(
            float(step), [float(train)] + ([] if test is None else [float(test)])
        )
        style.redraw(self.fig)

    def changing_artists(self):
        """The artists `append` changes (growing axes redraw the background)."""
        return [
            self.train_line,
            self.test_line,
            self.note,
            *self.ax.spines.values(),
            self.ax.get_legend(),
        ]

    def overlay_artists(self):
        """The note and the legend, on top of the curves (for a BackgroundCache's
        overlay: drawn again only when they change)."""
        return [self.note, self.ax.get_legend()]

    def _set_xlim(self):
        """0 to _x_max, with 2 % to spare each side: end markers are drawn whole."""
        self.ax.set_xlim(-0.02 * self._x_max, 1.02 * self._x_max)

    def _grow(self, step, values):
        if step > self._x_max:
            while step > self._x_max:
                self._x_max *= 2
            self._set_xlim()
        values = [v for v in values if np.isfinite(v) and (v > 0 or not self.log)]
        if not values:
            return
        low, high = min(values), max(values)
        old = self._y or (high, low)
        if self._y is None or high > old[1] or (self.log and low < old[0]):
            self._y = (min(low, old[0]), max(high, old[1]))
            if self.log:
                self.ax.set_ylim(
                    10 ** np.floor(np.log10(self._y[0])),
                    10 ** np.ceil(np.log10(self._y[1]) + 1e-9),
                )
            else:
                self.ax.set_ylim(0, 1.3 * self._y[1] or 1.0)  # room for the legend

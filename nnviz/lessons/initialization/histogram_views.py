"""PerLayerHistogramView: activations and gradients of every layer, side by side (Q25).

Three panels, built once:

    activations h_l        one histogram per layer, stacked bottom (layer 1) to top
    gradients dL/dh_l      the same for the backward pass
    std per layer          both standard deviations on a log scale: flat is healthy,
                           a slope down is vanishing, a slope up is exploding

The bins are fixed (values beyond the range land in the outermost bins, so an
explosion shows as piles at the edges), each histogram is scaled to its own
peak (height ~ sqrt(count)) so its *width* is what you read, and `update` only calls
`StepPatch.set_data`, `Line2D.set_data` and `Text.set_text`.

Speed (issue 18): on its own figure the layout is solved once and the axes,
ticks and labels are rendered once (BackgroundCache; again when a depth or
an activation changes the limits): a move draws the ridges, the std lines and
the summary, with the legend laid on top.
"""

from __future__ import annotations

import numpy as np
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

ACT_COLOR, GRAD_COLOR = style.CYCLE[0], style.CYCLE[1]
#: The ridges' opacity, and the last picture's while new numbers are measured.
RIDGE_ALPHA, FADED_ALPHA = 0.75, 0.2


def _ridge_heights(values, edges):
    """Histogram of `values` over fixed `edges` (outliers clipped in) as ridge heights.

    Height = 0.9 * sqrt(count / peak count): the square root keeps thin tails
    visible next to a tall spike (half of a ReLU layer's outputs are exactly 0).
    """
    # equal bins given by count and range: numpy's fast path (no sort)
    counts, _ = np.histogram(np.clip(values, edges[0], edges[-1]), len(edges) - 1,
                             range=(edges[0], edges[-1]))
    return 0.9 * np.sqrt(counts / max(counts.max(), 1))


class PerLayerHistogramView:
    """Per-layer histograms of activations and back-propagated gradients; their stds.

    update(stats) takes a `LayerStatistics` (from this lesson's diagnostics.py), or
    anything with .activations, .gradients, .act_std, .grad_std, of <= `max_layers`.

    Artists: `act_steps[l]`, `grad_steps[l]` (StepPatch), `act_line`,
    `grad_line` (std per layer), `summary` (Text). `cache`: the
    BackgroundCache of a view on its own figure (else None).
    summary_in_figure: False keeps `summary` out of the figure (a Text that is
    never drawn, and no room kept for it), for a panel that writes it above
    the figure: its 90 glyphs were a sixth of a move's redraw (issue 18).
    """

    def __init__(
        self,
        max_layers=10,
        *,
        bins=41,
        act_range=(-1.0, 1.0),
        grad_range=(-3.0, 3.0),
        std_range=(1e-12, 1e10),
        axes=None,
        summary_in_figure=True,
    ):
        own = axes is None
        if own:
            # 10.4 in (1040 px): as wide as a notebook's output area in a 1280 px window
            self.fig, axes = style.new_figure(3, 1, size=(10.4, 4.4))
        self.axes, self.fig = list(axes), axes[0].figure
        self.max_layers, self.bins = int(max_layers), int(bins)
        self.std_range = std_range
        self.act_edges = np.linspace(*act_range, self.bins + 1)
        self.grad_edges = np.linspace(*grad_range, self.bins + 1)
        ax_a, ax_g, ax_s = self.axes
        self.act_steps = _ridges(ax_a, self.act_edges, ACT_COLOR, self.max_layers)
        self.grad_steps = _ridges(ax_g, self.grad_edges, GRAD_COLOR, self.max_layers)
        ax_a.set(xlabel="activation h", ylabel="layer", title="forward: activations")
        ax_g.set(xlabel="gradient dL/dh", title="backward: gradients")
        for ax in (ax_a, ax_g):  # tick labels that do not run into each other
            ax.xaxis.set_major_locator(MaxNLocator(5))
        self.act_line, self.grad_line = _std_lines(ax_s, self.max_layers, std_range)
        self.summary = (self.fig.suptitle(" ", fontsize=9) if summary_in_figure
                        else Text(text=" ", visible=False))
        self.n_layers = None
        self._show(self.max_layers)
        self.cache = None
        if own:
            freeze_layout(self.fig)
            self.cache = BackgroundCache(
                self.fig, self.changing_artists, overlay=lambda: [ax_s.get_legend()])

    def changing_artists(self):
        """What `update` changes: the ridges, the std lines, the summary (if
        in the figure)."""
        summary = [self.summary] if self.summary.get_figure() is not None else []
        return [*self.act_steps, *self.grad_steps, self.act_line, self.grad_line,
                *summary]

    def _show(self, n):
        """Show layers 1..n (hide the rest) and fit the axes to them."""
        if n == self.n_layers:
            return
        if not 1 <= n <= self.max_layers:
            raise ValueError(
                f"PerLayerHistogramView was built for at most "
                f"{self.max_layers} layers but got {n}; build it with "
                f"max_layers={n}."
            )
        self.n_layers = n
        for l in range(self.max_layers):
            self.act_steps[l].set_visible(l < n)
            self.grad_steps[l].set_visible(l < n)
        ticks = np.arange(1, n + 1, max(1, n // 10))
        for ax in self.axes[:2]:
            ax.set(ylim=(0.8, n + 1.0), yticks=ticks)
        self.axes[2].set_xlim(0.5, n + 0.5)

    def fits(self, n_layers, act_range):
        """Does a net of `n_layers` with outputs binned over `act_range` show
        on the axes as they are (no new limits)?"""
        return (n_layers == self.n_layers
                and tuple(act_range) == (self.act_edges[0], self.act_edges[-1]))

    def preview(self, note):
        """A first answer while new numbers are measured: the last picture
        faded, `note` in place of the summary; `update` brings it back."""
        for artist in (*self.act_steps, *self.grad_steps, self.act_line,
                       self.grad_line):
            artist.set_alpha(FADED_ALPHA)
        self.summary.set_text(note)
        self.fig.canvas.draw_idle()

    def set_ranges(self, act_range=None, grad_range=None):
        """Move the fixed bins (e.g. (0, 1) for sigmoid), used from the next update."""
        if act_range is not None:
            self.act_edges = np.linspace(*act_range, self.bins + 1)
            self.axes[0].set_xlim(*act_range)
        if grad_range is not None:
            self.grad_edges = np.linspace(*grad_range, self.bins + 1)
            self.axes[1].set_xlim(*grad_range)

    def update(self, stats):
        n = len(stats.activations)
        self._show(n)
        if self.act_line.get_alpha() is not None:  # after a preview
            for steps in (*self.act_steps, *self.grad_steps):
                steps.set_alpha(RIDGE_ALPHA)
            self.act_line.set_alpha(None)
            self.grad_line.set_alpha(None)
        for l in range(n):
            for steps, values, edges in (
                (self.act_steps, stats.activations, self.act_edges),
                (self.grad_steps, stats.gradients, self.grad_edges),
            ):
                steps[l].set_data(
                    l + 1 + _ridge_heights(values[l], edges), edges, l + 1.0
                )
        self._set_stds(np.asarray(stats.act_std), np.asarray(stats.grad_std))
        self.fig.canvas.draw_idle()

    def _set_stds(self, act_std, grad_std):
        layers, (low, high) = np.arange(1, len(act_std) + 1), self.std_range
        self.act_line.set_data(layers, np.clip(act_std, low, high))
        self.grad_line.set_data(layers, np.clip(grad_std, low, high))
        self.summary.set_text(summary_line(act_std, grad_std))


def _ridges(ax, edges, color, n_layers):
    """One filled StepPatch per layer, layer l drawn on the baseline y = l."""
    ax.set_xlim(edges[0], edges[-1])
    bins = len(edges) - 1
    return [
        ax.stairs(
            np.full(bins, l + 1.0),
            edges,
            baseline=l + 1.0,
            fill=True,
            facecolor=color,
            edgecolor="black",
            linewidth=0.6,
            alpha=RIDGE_ALPHA,
            zorder=n_layers - l,
        )
        for l in range(n_layers)
    ]


def _std_lines(ax, n_layers, std_range):
    """The std-per-layer panel: two lines on a log axis, 1 marked as the target."""
    layers, ones = np.arange(1, n_layers + 1), np.ones(n_layers)
    (act,) = ax.plot(layers, ones, "o-", color=ACT_COLOR, label="std(h)")
    (grad,) = ax.plot(layers, ones, "^--", color=GRAD_COLOR, label="std(dL/dh)")
    ax.axhline(1.0, color="0.6", lw=0.8, zorder=0)
    ax.set(
        yscale="log",
        ylim=std_range,
        xlabel="layer",
        ylabel="standard deviation",
        title="std per layer (log scale)",
    )
    ax.legend(loc="upper left", fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return act, grad


def summary_line(act_std, grad_std) -> str:
    """'std(h) layer 1 -> 10: 0.63 -> 0.22 (x0.35) | std(dL/dh) ...': one line."""

    def part(label, s):
        ratio = s[-1] / s[0] if s[0] > 0 else float("nan")
        return f"{label} layer 1 → {len(s)}: {s[0]:.3g} → {s[-1]:.3g} (×{ratio:.3g})"

    return part("std(h)", act_std) + "   |   " + part("std(dL/dh)", grad_std)

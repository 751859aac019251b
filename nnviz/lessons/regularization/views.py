"""Views for dropout (Q22): why inverted dropout divides the kept units by keep.

KeepProbView, three panels built once:

    one training pass   a few units: their value a (outline) and after one random
                        mask, divided by keep (filled); dropped units fall to 0
    every unit          each unit's average over many masks against its value a:
                        unscaled points lie on y = p·a, scaled ones on y = a
    the layer mean      mean activation against keep: the expectation p·mean(a)
                        (dashed), mean(a) (solid), and the two measured means now

DropoutOutputsView: one input's output over many training-mode passes (a
histogram), next to the single evaluation-mode output and the passes' mean.

Speed (issue 18): on a view's own figure the layout is solved once and the
axes, ticks, labels and titles are rendered once (`cache`, a BackgroundCache):
a move draws what `changing_artists()` lists, with the legends laid on top.
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.background import view_cache
from nnviz.plots.style import freeze_layout


def _corner_text(ax, x=0.98, y=0.97, ha="right", size=8.5):
    return ax.text(x, y, "", transform=ax.transAxes, ha=ha, va="top", fontsize=size,
                   bbox={"facecolor": "white", "alpha": 0.85, "lw": 0})

UNSCALED, SCALED = style.CYCLE[0], style.CYCLE[1]


class KeepProbView:
    """Mean activation under dropout, unscaled vs scaled, against p·a.

    a (U,) are one layer's activations without dropout (non-negative, e.g. ReLU).
    update(keep, unscaled, scaled, sample) with unscaled, scaled (U,) the means over
    masks (see `nnviz.nn.dropout.dropout_means`) and sample (U,) one pass's
    output a * mask / keep.
    """

    def __init__(self, a, *, n_shown=30, axes=None):
        own = axes is None
        if own:
            self.fig, axes = style.new_figure(3, 1, size=(10.4, 3.8))
        self.axes, self.fig = list(axes), axes[0].figure
        self.a = np.asarray(a, dtype=float).ravel()
        self.n_shown = min(int(n_shown), self.a.size)
        self.sample_bars = _pass_panel(self.axes[0], self.a[: self.n_shown])
        self.clipped = self.axes[0].text(  # bars taller than the panel, said
            0.97, 0.82, "", transform=self.axes[0].transAxes, ha="right", va="top",
            fontsize=8, zorder=5,  # under the legend, over the bars
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.85))
        self.pa_line, self.unscaled_points, self.scaled_points = _units_panel(
            self.axes[1], self.a
        )
        self.unscaled_mark, self.scaled_mark, self.keep_line, self.readout = (
            _mean_panel(self.axes[2], self.a.mean())
        )
        self.cache = None
        if own:
            freeze_layout(self.fig)
            self.cache = view_cache(self)

    def changing_artists(self):
        """What `update` changes (the rest is the cached background)."""
        return [*self.sample_bars, self.clipped, self.pa_line, self.unscaled_points,
                self.scaled_points, self.unscaled_mark, self.scaled_mark,
                self.keep_line, self.readout]

    def update(self, keep, unscaled, scaled, sample):
        shown = np.ravel(sample)[: self.n_shown]
        for bar, height in zip(self.sample_bars, shown, strict=True):
            bar.set_height(height)
        over = int(np.sum(shown > self.axes[0].get_ylim()[1]))
        self.clipped.set_text(
            f"{over} bar(s) go above the top:\nkept units are ×1/p = ×{1 / keep:.3g}"
            if over else "")
        self.pa_line.set_ydata([0, keep * self.pa_line.get_xdata()[1]])
        self.unscaled_points.set_offsets(np.c_[self.a, np.ravel(unscaled)])
        self.scaled_points.set_offsets(np.c_[self.a, np.ravel(scaled)])
        self.unscaled_mark.set_data([keep], [np.mean(unscaled)])
        self.scaled_mark.set_data([keep], [np.mean(scaled)])
        self.keep_line.set_xdata([keep, keep])
        self.readout.set_text(readout_text(keep, self.a, unscaled, scaled))
        self.fig.canvas.draw_idle()


def _pass_panel(ax, a):
    """Bars of a (outline) and of one pass's a·mask/keep (filled, returned)."""
    units, top = np.arange(len(a)), 1.05 * a.max()
    ax.bar(units, a, width=0.8, fill=False, edgecolor="0.3", label="a (no dropout)")
    bars = ax.bar(units, a, width=0.5, color=SCALED, label="a·mask/keep (one pass)")
    ax.set(
        xlim=(-0.7, len(a) - 0.3),
        ylim=(0, 2.5 * top),
        xlabel="unit",
        ylabel="activation",
        title="one training pass",
    )  # taller bars: clipped
    ax.legend(loc="upper right", fontsize=8)
    return bars


def _units_panel(ax, a):
    """Each unit's average over masks against a; the lines y = a and y = p·a."""
    top = 1.05 * a.max()
    ax.plot([0, top], [0, top], color=SCALED, lw=1.2, label="y = a")
    (pa_line,) = ax.plot(
        [0, top], [0, top], "--", color=UNSCALED, lw=1.2, label="y = p·a"
    )
    unscaled = ax.scatter(a, a, s=6, color=UNSCALED, label="mean of a·mask")
    scaled = ax.scatter(
        a, a, s=6, marker="^", color=SCALED, label="mean of a·mask/keep"
    )
    ax.set(
        xlim=(0, top),
        ylim=(0, 1.3 * top),
        xlabel="a (no dropout)",
        ylabel="average over masks",
        title="every unit",
    )
    ax.legend(loc="upper left", fontsize=8)
    return pa_line, unscaled, scaled


def _mean_panel(ax, mean_a):
    """The layer mean against p: the two expectations, the measured markers."""
    keeps = np.linspace(0, 1, 101)
    ax.plot(keeps, np.full_like(keeps, mean_a), color=SCALED, label="mean(a)")
    ax.plot(keeps, keeps * mean_a, "--", color=UNSCALED, label="p·mean(a)")
    mark = dict(ms=9, mec="black", linestyle="none")
    (unscaled,) = ax.plot(
        [1], [mean_a], "o", color=UNSCALED, **mark, label="measured, unscaled"
    )
    (scaled,) = ax.plot(
        [1], [mean_a], "^", color=SCALED, **mark, label="measured, scaled"
    )
    keep_line = ax.axvline(1.0, color="0.5", lw=0.8)
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1.5 * mean_a),
        xlabel="keep probability p",
        ylabel="mean activation of the layer",
        title="the layer mean",
    )
    ax.legend(loc="lower right", fontsize=8)
    readout = ax.text(
        0.03, 0.97, "", transform=ax.transAxes, va="top", fontsize=8,
        family="monospace", bbox=dict(facecolor="white", edgecolor="none", alpha=0.85),
    )
    return unscaled, scaled, keep_line, readout


def readout_text(keep, a, unscaled, scaled) -> str:
    """Three lines: p, the measured means, and the expectations they should match."""
    return (
        f"p = {keep:.2f}\nunscaled {np.mean(unscaled):.3f} (p·mean(a) "
        f"{keep * np.mean(a):.3f})\nscaled   {np.mean(scaled):.3f} (mean(a)   "
        f"{np.mean(a):.3f})"
    )


class DropoutOutputsView:
    """One input's output in training mode over many masks, against evaluation mode.

    update(train_outputs (M,), eval_output) sets the histogram (fixed bins over
    `value_range`), the evaluation line and the mean line. Outputs beyond the
    range are counted in the edge bins, and `clipped` (a text beside the plot)
    says how many.
    """

    def __init__(
        self,
        value_range,
        *,
        bins=40,
        ax=None,
        xlabel="network output (logit)",
        title="one input, many masks",
    ):
        own = ax is None
        self.ax = ax if not own else style.new_figure(size=(7.4, 3.4))[1]
        self.fig = self.ax.figure
        self.edges = np.linspace(*value_range, bins + 1)
        self.steps = self.ax.stairs(
            np.zeros(bins),
            self.edges,
            fill=True,
            color=UNSCALED,
            alpha=0.6,
            label="training mode, one mask each",
        )
        self.eval_line = self.ax.axvline(
            0, color="black", lw=2, label="evaluation mode"
        )
        self.mean_line = self.ax.axvline(
            0, color=SCALED, lw=2, ls="--", label="mean of training mode"
        )
        self.ax.set(
            xlim=value_range,
            ylim=(0, 1.15),
            xlabel=xlabel,
            ylabel="number of masks (peak = 1)",
            title=title,
        )
        # beside the axes, where no bar can be hidden under it
        self.ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8)
        self.clipped = self.ax.text(1.04, 0.45, "", transform=self.ax.transAxes,
                                    va="top", fontsize=8)
        self.cache = None
        if own:
            freeze_layout(self.fig)
            self.cache = view_cache(self)

    def changing_artists(self):
        """What `update` changes (the rest is the cached background)."""
        return [self.steps, self.eval_line, self.mean_line, self.clipped]

    def update(self, train_outputs, eval_output):
        train_outputs = np.ravel(train_outputs)
        low, high = self.edges[0], self.edges[-1]
        counts, _ = np.histogram(np.clip(train_outputs, low, high), self.edges)
        self.steps.set_data(counts / max(counts.max(), 1))
        beyond = [(np.mean(train_outputs < low), f"below {low:g}"),
                  (np.mean(train_outputs > high), f"above {high:g}")]
        self.clipped.set_text("\n".join(
            f"{share:.0%} of the masks give\noutputs {where}: counted\nin the edge bar"
            for share, where in beyond if share > 0))
        self.eval_line.set_xdata([eval_output] * 2)
        self.mean_line.set_xdata([train_outputs.mean()] * 2)
        self.fig.canvas.draw_idle()


class OverfitView:
    """update(runs, done=True): runs {title: OverfitRun}, one axes each (fixed
    titles). While a run is still training (done=False) the readouts say so
    in a word instead of their two lines of numbers: drawing those glyphs at
    every Play tick cost about a third of a frame (issue 18).

    Artists per title: train_lines, val_lines, best_lines (vertical marker),
    best_points, readouts.
    """

    def __init__(self, titles, *, epochs=300, ylim=(0.0, 1.0)):
        self.fig, axes = style.new_figure(len(titles), 1, size=(9.8, 3.6))
        self.axes = dict(zip(titles, np.atleast_1d(axes), strict=True))
        self.train_lines, self.val_lines, self.best_lines = {}, {}, {}
        self.best_points, self.readouts = {}, {}
        for title, ax in self.axes.items():
            (self.train_lines[title],) = ax.plot([], [], color=style.CYCLE[0],
                                                 lw=1.7, label="training")
            (self.val_lines[title],) = ax.plot([], [], "--", color=style.CYCLE[1],
                                               lw=1.7, label="validation")
            self.best_lines[title] = ax.axvline(0, color="0.4", lw=0.9, ls=":")
            (self.best_points[title],) = ax.plot([], [], "o", color=style.CYCLE[3],
                                                 ms=7, label="lowest validation",
                                                 clip_on=False)
            self.best_points[title].set_in_layout(False)  # not part of the layout
            ax.set(xlim=(0, epochs), ylim=ylim, xlabel="epoch", ylabel="loss",
                   title=title)
            ax.legend(loc="center right", fontsize=8)
            self.readouts[title] = _corner_text(ax)
        freeze_layout(self.fig)
        self.cache = view_cache(self)

    def changing_artists(self):
        """What `update` changes (the rest is the cached background)."""
        return [artist for group in (self.train_lines, self.val_lines, self.best_lines,
                                     self.best_points, self.readouts)
                for artist in group.values()]

    def update(self, runs, done=True):
        for title, run in runs.items():
            epochs = np.arange(len(run.train))
            self.train_lines[title].set_data(epochs, run.train)
            self.val_lines[title].set_data(epochs, run.validation)
            best = run.best_epoch
            self.best_lines[title].set_xdata([best, best])
            self.best_points[title].set_data([best], [run.validation[best]])
            self.readouts[title].set_text(
                f"best epoch {best}: validation {run.validation[best]:.3f}\n"
                f"last epoch: training {run.train[-1]:.3f}, "
                f"validation {run.validation[-1]:.3f}" if done else "training…")
        self.fig.canvas.draw_idle()

"""SchemeCurvesView: the training loss of one network under several init schemes.

Only the initialization differs between the curves (same data, same batches,
same optimizer), so any gap between them is the initialization's doing.

Each curve's final loss is the mean of its last `FINAL_STEPS` steps (one step
is too noisy to quote), written in the legend -- the same figure the lesson's
cells print. A run that diverged (its loss became NaN) keeps the steps before
it: its curve ends at a marker with "diverged at step N" next to it (a
triangle on the edge when the loss had already left the plot). The numbers
(final loss, divergence step, smoothing) come from loss_curves.py.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from nnviz.lessons.initialization.loss_curves import (
    FINAL_STEPS,
    diverged_at,
    final_loss,
    moving_mean,
)
from nnviz.plots import style

#: Colour-blind-safe (Okabe-Ito, `style.CYCLE`), and every line style differs
#: too, so no two curves are told apart by colour alone.
STYLES = ["-", "--", ":", "-.", (0, (7, 2, 1, 2, 1, 2)), (0, (10, 3))]
WIDTHS = [1.8, 1.8, 2.4, 1.8, 1.8, 1.8]  # dots need a thicker line to show


def loss_text(value):
    """'0.732' (3 decimals, as the lesson's cells print it), '-1087' from 100 on."""
    return f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"


def final_text(losses):
    """'0.231' (mean of the last 20 steps), or 'diverged at step 5'."""
    step = diverged_at(losses)
    return f"diverged at step {step}" if step else loss_text(final_loss(losses))


class SchemeCurvesView:
    """One loss curve per scheme; `update({scheme: losses (steps,)})` sets their data.

    legend: "right" (outside the axes), "below" (under the axes, in columns) or
    "title" (one curve: its final loss goes into the axes title, no legend).
    fit_diverged: when a run diverges, zoom the axes onto the steps before it
    (for a one-curve view; a many-curve view keeps its axes for the others).

    Artists: `lines[scheme]` (Line2D), `labels[scheme]` (the legend Text, or the
    title in "title" mode), `marks[scheme]` (Line2D, one marker where a
    diverged run ends), `notes[scheme]` (Text, "diverged at step N").
    """

    def __init__(
        self,
        schemes,
        steps,
        *,
        ax=None,
        ylim=(0.0, 1.5),
        smooth=10,
        title="same network, different initialization",
        legend="right",
        fit_diverged=False,
    ):
        self.ax = ax if ax is not None else style.new_figure(size=(8.0, 3.8))[1]
        self.fig, self.smooth = self.ax.figure, int(smooth)
        self.steps, self.ylim, self.fit_diverged = int(steps), tuple(ylim), fit_diverged
        self.title, self.names = title, list(schemes)
        self.lines, self.marks, self.notes = {}, {}, {}
        for i, name in enumerate(self.names):
            color = style.CYCLE[i % len(style.CYCLE)]
            (self.lines[name],) = self.ax.plot(
                [],
                [],
                color=color,
                lw=WIDTHS[i % len(WIDTHS)],
                linestyle=STYLES[i % len(STYLES)],
                label=name,
            )
            (self.marks[name],) = self.ax.plot(
                [],
                [],
                ls="none",
                marker="X",
                ms=9,
                color=color,
                mec="black",
                mew=0.6,
                clip_on=False,
                zorder=5,
                visible=False,
            )
            self.notes[name] = self.ax.text(
                0,
                0,
                "",
                fontsize=8,
                visible=False,
                zorder=4,
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85),
            )
        self.ax.axhline(np.log(2), color="0.5", lw=0.8, zorder=0)
        # In the right margin, where no curve runs.
        self.guess_label = self.ax.annotate(
            "log 2:\nguessing",
            xy=(1.0, np.log(2)),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=8,
            color="0.4",
            annotation_clip=False,
        )
        self.ax.set(
            xlim=(0, self.steps),
            ylim=self.ylim,
            xlabel="step",
            ylabel=f"training loss (mean of {self.smooth} steps)",
        )
        self.ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole steps
        self.title_text = self.ax.set_title(
            title, fontsize=10 if legend == "title" else None
        )
        if fit_diverged:  # a fixed place, clear of the tick labels of a blow-up
            self.ax.yaxis.set_label_coords(-0.2, 0.5)
        heading = f"final loss\n(mean of the last {FINAL_STEPS} steps)"
        self.legend = None
        if legend == "right":
            self.legend = self.ax.legend(
                fontsize=8,
                title=heading,
                title_fontsize=8,
                loc="upper left",
                bbox_to_anchor=(1.12, 1.0),
                frameon=False,
                alignment="left",
            )
        elif legend == "below":
            self.legend = self.ax.legend(
                fontsize=8,
                title=heading.replace("\n", " "),
                title_fontsize=8,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.17),
                ncols=2,
                frameon=False,
            )
        if self.legend is not None:
            handles = self.legend.legend_handles
            self.labels = dict(zip(self.names, self.legend.get_texts(), strict=True))
            for handle in handles:
                handle.set_linewidth(2.2)
        else:
            self.labels = {name: self.title_text for name in self.names}

    def changing_artists(self):
        """What `update` changes (for a BackgroundCache): the curves, the
        divergence marks and notes, and the title or legend with the final losses."""
        words = self.title_text if self.legend is None else self.legend
        return [*self.lines.values(), *self.marks.values(), *self.notes.values(), words]

    def update(self, histories):
        zoom, ends = None, {}
        for name, losses in histories.items():
            losses = np.asarray(losses, dtype=float)
            smoothed = moving_mean(losses, self.smooth)
            self.lines[name].set_data(np.arange(1, len(smoothed) + 1), smoothed)
            step = ends[name] = diverged_at(losses)
            if self.legend is not None:
                self.labels[name].set_text(f"{name}: {final_text(losses)}")
            else:
                self.labels[name].set_text(self._title_text(losses, step))
            if step is not None and step > 1 and self.fit_diverged:
                zoom = smoothed[: step - 1]
                zoom = zoom[np.isfinite(zoom)] if np.isfinite(zoom).any() else None
        self._set_limits(zoom)  # the marks below are placed in the final limits
        for name, step in ends.items():
            self._mark_divergence(name, step)
        self.fig.canvas.draw_idle()

    def _title_text(self, losses, step):
        if step is None:
            mean = loss_text(final_loss(losses))
            return f"{self.title}: {mean} (mean of the last {FINAL_STEPS} steps)"
        return f"{self.title}: diverged at step {step}"

    def _set_limits(self, finite):
        """Zoom onto a diverged run's steps (fit_diverged), else the default axes."""
        if finite is None:
            self.ax.set_yscale("linear")
            self.ax.set(xlim=(0, self.steps), ylim=self.ylim, xlabel="step")
            return
        low = min(self.ylim[0], float(finite.min()))
        high = max(self.ylim[1], float(finite.max()))
        if high - low > 50:  # a blow-up: linear up to 1, logarithmic beyond
            self.ax.set_yscale("symlog", linthresh=1.0)
            big = 1e300  # room for the margin below float's largest value
            # 6 % of the decades spanned to spare at each end, so that the X on
            # the last finite point is drawn whole
            spare = 10 ** (0.06 * (np.log10(abs(low) + 1) + np.log10(abs(high) + 1)))
            limits = (max(low * spare, -big) if low < 0 else low,
                      min(high * spare, big))
            self.ax.set_ylim(*limits)
            self.ax.yaxis.set_major_locator(FixedLocator(_power_ticks(*limits)))
            self.ax.yaxis.set_minor_locator(NullLocator())
            self.ax.yaxis.set_major_formatter(FuncFormatter(_power_text))
        else:
            self.ax.set_yscale("linear")
            pad = 0.05 * (high - low)
            self.ax.set_ylim(low - pad, high + pad)
        last = min(self.steps, max(10, 2 * (len(finite) + 1)))
        self.ax.set(
            xlim=(0, last), xlabel="step (zoomed in on the steps before it diverged)"
        )

    def _mark_divergence(self, name, step):
        """An X where a diverged run's curve ends (its loss first NaN at `step`,
        None if it did not diverge), and 'diverged at step N' by it.

        If its loss had already left the plot, the marker is a triangle on the
        edge it left by.
        """
        mark, note = self.marks[name], self.notes[name]
        if step is None:
            mark.set_visible(False)
            note.set_visible(False)
            return
        x = max(step - 1, 1)
        y = self.lines[name].get_ydata()[step - 2] if step > 1 else np.nan
        low, high = self.ax.get_ylim()
        inset = 0.05 * (high - low) if self.ax.get_yscale() == "linear" else 0.0
        if np.isnan(y) or y > high:
            y, marker, va = high - inset, "^", "center"
        elif y < low:
            y, marker, va = low + inset, "v", "center"
        else:
            marker, va = "X", None
        mark.set_data([x], [y])
        mark.set_marker(marker)
        mark.set_visible(True)
        words = f"diverged at step {step}"
        if len(self.names) > 1:
            words = f"{name}: {words}"
        # Where the point sits in the axes (0..1 each way; the y axis may be symlog).
        fx, fy = self.ax.transAxes.inverted().transform(
            self.ax.transData.transform((x, y))
        )
        va = va or ("top" if fy > 0.5 else "bottom")
        right = fx < 0.6
        note.set_text(("  " + words) if right else (words + "  "))
        note.set_position((x, y))
        note.set_ha("left" if right else "right")
        note.set_va(va)
        note.set_visible(True)


def _power_ticks(low, high):
    """0 and a few powers of ten towards each limit beyond 100 (a symlog axis)."""
    ticks = [0.0]
    for sign, limit in ((-1, low), (1, high)):
        if abs(limit) > 100:
            top = int(np.floor(np.log10(abs(limit))))
            powers = np.unique(np.linspace(0, top, 4)[1:].round())
            ticks += [sign * 10.0**k for k in powers if k >= 1]
    return sorted(ticks)


def _power_text(x, pos=None):
    """Tick labels of a blown-up loss: '0', '1', '−1e210' (at most 6 characters)."""
    if abs(x) < 1000:
        return f"{x:g}".replace("-", style.MINUS)
    mantissa, exponent = f"{x:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", style.MINUS)


class PitfallsView:
    """Small multiples: per cause of "it stops learning", the broken run and the fix.

    runs: {cause: (broken losses, fixed losses)}. Artists: `views[cause]`, each a
    SchemeCurvesView with lines "broken" and "fixed", whose legend (under the
    panel, where it covers no curve) gives each run's final loss: the mean of
    its last 20 steps, as the lesson's cells print it.
    """

    def __init__(self, runs, *, ylim=(0.0, 1.0), ncols=3):
        nrows = -(-len(runs) // ncols)
        self.fig, axes = style.new_figure(ncols, nrows, size=(4.6 * ncols, 3.5 * nrows))
        axes = np.ravel(axes)
        self.views = {}
        for ax, (cause, (broken, fixed)) in zip(axes, runs.items(), strict=False):
            view = SchemeCurvesView(
                ["broken", "fixed"],
                len(broken),
                ax=ax,
                ylim=ylim,
                title=cause,
                legend="below",
            )
            view.update({"broken": broken, "fixed": fixed})
            self.views[cause] = view
        for ax in axes[len(runs) :]:
            ax.set_visible(False)

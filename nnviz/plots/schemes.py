"""SchemeCurvesView: the training loss of one network under several init schemes.

Only the initialization differs between the curves (same data, same batches,
same optimizer), so any gap between them is the initialization's doing.
A run that diverged stops where its loss became NaN, and says so in the legend
of the final losses.
"""

from __future__ import annotations

import numpy as np

from . import style

STYLES = ["-", "--", ":", "-.", (0, (5, 1)), (0, (1, 1))]


class SchemeCurvesView:
    """One loss curve per scheme; `update({scheme: losses (steps,)})` sets their data.

    Artists: `lines[scheme]` (Line2D), `summary` (Text with the final losses).
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
        legend_outside=True,
    ):
        self.ax = ax if ax is not None else style.new_figure(size=(7.0, 3.8))[1]
        self.fig, self.smooth = self.ax.figure, int(smooth)
        self.lines = {}
        for i, name in enumerate(schemes):
            (self.lines[name],) = self.ax.plot(
                [],
                [],
                color=style.CYCLE[i % len(style.CYCLE)],
                lw=1.8,
                linestyle=STYLES[i % len(STYLES)],
                label=name,
            )
        self.ax.axhline(np.log(2), color="0.5", lw=0.8, zorder=0)
        self.ax.text(
            steps,
            np.log(2),
            " log 2: guessing",
            va="bottom",
            ha="right",
            fontsize=8,
            color="0.4",
        )
        self.ax.set(
            xlim=(0, steps),
            ylim=ylim,
            xlabel="step",
            ylabel=f"training loss (mean of {self.smooth} steps)",
            title=title,
        )
        where = (
            dict(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
            if legend_outside
            else dict(loc="center right")
        )
        self.ax.legend(fontsize=8, **where)
        self.summary = self.ax.text(
            0.02,
            0.97,
            "",
            transform=self.ax.transAxes,
            fontsize=8,
            va="top",
            family="monospace",
        )

    def update(self, histories):
        finals = []
        for name, losses in histories.items():
            smoothed = moving_mean(np.asarray(losses, dtype=float), self.smooth)
            self.lines[name].set_data(np.arange(1, len(smoothed) + 1), smoothed)
            finals.append(f"{name}: {final_text(losses)}")
        rows = [", ".join(finals[i : i + 2]) for i in range(0, len(finals), 2)]
        self.summary.set_text("final loss  " + "\n".join(rows))
        self.fig.canvas.draw_idle()


def moving_mean(values, k):
    """Mean of the last k values at each step (fewer at the start); NaN stays NaN."""
    cumsum = np.cumsum(np.nan_to_num(values))
    out = np.empty_like(values)
    for i in range(len(values)):
        low = max(0, i - k + 1)
        out[i] = (cumsum[i] - (cumsum[low - 1] if low else 0.0)) / (i - low + 1)
    out[np.isnan(values)] = np.nan
    return out


def final_text(losses):
    """'0.231', or 'diverged at step 5' when the run hit NaN."""
    losses = np.asarray(losses, dtype=float)
    bad = np.flatnonzero(np.isnan(losses))
    return f"diverged at step {bad[0] + 1}" if bad.size else f"{losses[-1]:.3g}"


class PitfallsView:
    """Small multiples: per cause of "it stops learning", the broken run and the fix.

    runs: {cause: (broken losses, fixed losses)}. Artists: `views[cause]`, each a
    SchemeCurvesView with lines "broken" and "fixed".
    """

    def __init__(self, runs, *, ylim=(0.0, 1.0), ncols=3):
        nrows = -(-len(runs) // ncols)
        self.fig, axes = style.new_figure(ncols, nrows, size=(4.0 * ncols, 3.0 * nrows))
        axes = np.ravel(axes)
        self.views = {}
        for ax, (cause, (broken, fixed)) in zip(axes, runs.items(), strict=False):
            view = SchemeCurvesView(
                ["broken", "fixed"],
                len(broken),
                ax=ax,
                ylim=ylim,
                title=cause,
                legend_outside=False,
            )
            view.update({"broken": broken, "fixed": fixed})
            self.views[cause] = view
        for ax in axes[len(runs) :]:
            ax.set_visible(False)

"""The AND neuron's views: weight trajectories for each activation (Q23)."""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

NEURON_PANELS = ("sigmoid", "step", "identity")



_LINES = (
    ("w1", style.CYCLE[0], "-"),
    ("w2", style.CYCLE[1], "--"),
    ("b", style.CYCLE[2], "-"),
)



#: The time axis's possible lengths (epochs): a run ends at or after 2/3 of it.
AXIS_EPOCHS = (100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000)


class NeuronTrajectoryView:
    """w1, w2 and b against epochs for each activation, plus b / w for the sigmoid.

    update(runs) takes {"sigmoid": NeuronRun, "step": ..., "identity": ...}.
    Artists: lines[activation][k] (k: w1, w2, b), ratio_line, texts[activation].
    Fixed y-limits per panel (`limits`): the step and identity weights stay
    small, so their panels zoom in; weights beyond the limit leave the plot and
    the panel's text says so.

    Speed (issue 18): on its own figure the layout is solved once and what a
    move does not change (ticks, labels, titles) is rendered once (`cache`, a
    BackgroundCache): a move draws the lines and the texts, with the legends
    laid on top. The texts (about 50 characters each: dearer to draw than the
    lines) say how a finished run ended, so a run still training leaves them
    empty (`update(runs, finished=False)`). The lines hold 4 points an epoch,
    up to 16,000, where the axes are about 360 pixels wide: each line is
    drawn from at most 4 points per pixel column (`thinned`), the same picture
    up to anti-aliasing at its edges (the identity neuron's zigzag cost 15 ms
    a draw at 1000 epochs, now 7).
    """

    def __init__(self, epochs, *, axes=None, limits=None):
        self.limits = {"sigmoid": 20.0, "step": 5.0, "identity": 1.5, **(limits or {})}
        own = axes is None
        if own:
            self.fig, axes = style.new_figure(2, 2, size=(9.0, 5.6))
            axes = axes.ravel()
        self.fig = axes[0].figure
        self.axes = dict(zip((*NEURON_PANELS, "ratio"), axes, strict=True))
        self.lines, self.texts = {}, {}
        for name in NEURON_PANELS:
            ax = self.axes[name]
            self.lines[name] = [
                ax.plot([], [], color=c, ls=ls, lw=1.4, label=lab)[0]
                for lab, c, ls in _LINES
            ]
            self.texts[name] = ax.text(
                0.02, 0.03, "", transform=ax.transAxes, fontsize=9
            )
            ax.axhline(0, color="grey", lw=0.6, zorder=1.5)  # under the weights
            limit = self.limits[name]
            ax.set(
                ylim=(-limit, limit),
                xlabel="epoch",
                ylabel="weight",
                title=f"{name} neuron",
            )
        self.axes["sigmoid"].legend(loc="upper left", fontsize=8, ncols=3)
        ax = self.axes["ratio"]
        ax.axhline(-1.5, color="black", ls=":", lw=1, label="−1.5")
        self.ratio_line = ax.plot(
            [], [], color=style.CYCLE[3], lw=1.6, label="sigmoid b / w"
        )[0]
        ax.set(
            ylim=(-3, 0),
            xlabel="epoch",
            ylabel="b / w",
            title="sigmoid: direction settles",
        )
        self._shown = None  # (runs, finished) of the last update: set_epochs
        # thins the lines again for the new axis
        self.legends = [self.axes["sigmoid"].get_legend(), ax.legend(loc="upper right",
                                                                      fontsize=8)]
        self.set_epochs(epochs)
        self.cache = None
        if own:
            freeze_layout(self.fig)
            self.cache = BackgroundCache(
                self.fig, self.changing_artists, overlay=lambda: self.legends)

    def changing_artists(self):
        """The artists a move changes: every line and text (the legends stay on top)."""
        return [*(line for lines in self.lines.values() for line in lines),
                self.ratio_line, *self.texts.values()]

    @staticmethod
    def axis_length(epochs):
        """The time axis's length for a run of `epochs`: the next of AXIS_EPOCHS."""
        return next((n for n in AXIS_EPOCHS if n >= epochs), epochs)

    def fits(self, epochs):
        """Is the time axis already the one for a run of `epochs`?"""
        return self.axes["ratio"].get_xlim() == (0, self.axis_length(epochs))

    def set_epochs(self, epochs):
        """Widen or narrow the time axis to the next of AXIS_EPOCHS at or above
        `epochs` (a control, not a per-frame change). A few round lengths, not
        every slider value: a new length draws the whole figure once, while a
        length seen before reuses its cached background (issue 18)."""
        for ax in self.axes.values():
            ax.set_xlim(0, self.axis_length(epochs))
        if self._shown is not None:
            runs, finished = self._shown
            self.update(runs, finished=finished)

    def update(self, runs, *, finished=True):
        """Show `runs`; finished=False: a run still training (its texts empty)."""
        self._shown = runs, finished
        for name, run in runs.items():
            epochs = np.arange(len(run.bias)) / 4.0
            for line, values in zip(
                self.lines[name],
                (run.weights[:, 0], run.weights[:, 1], run.bias),
                strict=True,
            ):
                line.set_data(*thinned(epochs, values, line.axes))
            self.texts[name].set_text(summary(run, self.limits[name]) if finished
                                      else "")
            if name == "sigmoid":
                self.ratio_line.set_data(*thinned(epochs, run.ratio,
                                                  self.axes["ratio"]))
        self.fig.canvas.draw_idle()


def thinned(x, y, ax):
    """(x, y) (N,) with x increasing, cut to at most 4 points per pixel column of
    `ax`: in each column the first, lowest, highest and last point, in their
    order (the "M4" rule). The line covers what the full line covers in each
    column, however many points it holds: a column's zigzag becomes one stroke
    from its lowest to its highest point.
    """
    columns = max(int(ax.bbox.width), 1)
    if len(x) <= 4 * columns:
        return x, y
    x0, x1 = ax.get_xlim()
    column = np.clip(((x - x0) / (x1 - x0) * columns).astype(int), -1, columns)
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])  # (C,)
    ends = np.r_[starts[1:], len(x)] - 1
    by_height = np.lexsort((y, column))  # within each column, lowest first
    keep = np.unique(np.concatenate([starts, ends, by_height[starts], by_height[ends]]))
    return x[keep], y[keep]


def summary(run, limit=np.inf) -> str:
    """One line about a run: size, and whether it still moves."""
    norm, moving = run.norm[-1], run.movement()
    if not np.isfinite(norm) or norm > limit:
        return f"|w| = {norm:.3g}: blew up (off the plot)"
    state = "still moving" if moving > 1e-9 else "stopped"
    return f"|w| = {norm:.2f}, {state} (last 25 epochs: ±{moving / 2:.3f})"

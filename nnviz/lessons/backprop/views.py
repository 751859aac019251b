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
    laid on top.
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

    def set_epochs(self, epochs):
        """Widen or narrow the time axis to the next of AXIS_EPOCHS at or above
        `epochs` (a control, not a per-frame change). A few round lengths, not
        every slider value: a new length draws the whole figure once, while a
        length seen before reuses its cached background (issue 18)."""
        length = next((n for n in AXIS_EPOCHS if n >= epochs), epochs)
        for ax in self.axes.values():
            ax.set_xlim(0, length)

    def update(self, runs):
        for name, run in runs.items():
            epochs = np.arange(len(run.bias)) / 4.0
            for line, values in zip(
                self.lines[name],
                (run.weights[:, 0], run.weights[:, 1], run.bias),
                strict=True,
            ):
                line.set_data(epochs, values)
            self.texts[name].set_text(summary(run, self.limits[name]))
            if name == "sigmoid":
                self.ratio_line.set_data(epochs, run.ratio)
        self.fig.canvas.draw_idle()



def summary(run, limit=np.inf) -> str:
    """One line about a run: size, and whether it still moves."""
    norm, moving = run.norm[-1], run.movement()
    if not np.isfinite(norm) or norm > limit:
        return f"|w| = {norm:.3g}: blew up (off the plot)"
    state = "still moving" if moving > 1e-9 else "stopped"
    return f"|w| = {norm:.2f}, {state} (last 25 epochs: ±{moving / 2:.3f})"

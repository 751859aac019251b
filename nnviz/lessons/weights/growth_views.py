"""The weight norm during training, with and without an L2 penalty (Q1).

The axes, the legend and the grey reference curve are rendered once (see
nnviz/plots/background.py); a slider move redraws only the L2 curve and its
one-line label.
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout


class WeightNormView:
    """The weight norm per training step: a reference run (no penalty) and one with L2.

    update(norms, label=...) sets the L2 line (norms (steps_done,), any length
    up to `steps`: a run still training is drawn as far as it got) and the
    label in the corner; set_reference(norms) sets the grey line.
    Artists: reference, line, label (Text).
    """

    def __init__(self, steps, *, ax=None, ylim=(0, 15)):
        own = ax is None
        if own:
            self.fig, ax = style.new_figure(size=(5.5, 3.4))
        self.ax, self.fig = ax, ax.figure
        self.reference = ax.plot([], [], color="grey", lw=1.5, label="no penalty")[0]
        self.line = ax.plot([], [], color=style.CYCLE[0], lw=2, label="L2 penalty")[0]
        ax.set(
            xlim=(0, steps),
            ylim=ylim,
            xlabel="training step",
            ylabel="‖W‖ (all weight matrices)",
            title="Do trained weights stay small?",
        )
        self.legend = ax.legend(loc="lower right")
        self.label = ax.text(0.03, 0.95, "", transform=ax.transAxes, va="top",
                             color=style.CYCLE[0])
        self.cache = None
        if own:
            freeze_layout(self.fig)
            self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """What a slider move changes (the rest is drawn once)."""
        return [self.line, self.label]

    def set_reference(self, norms):
        self.reference.set_data(np.arange(1, len(norms) + 1), norms)
        if self.cache is not None:
            self.cache.invalidate()  # the grey line is part of the background
        self.fig.canvas.draw_idle()

    def update(self, norms, label="L2"):
        self.line.set_data(np.arange(1, len(norms) + 1), norms)
        self.label.set_text(label)
        self.fig.canvas.draw_idle()

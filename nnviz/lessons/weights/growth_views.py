"""Weight trajectories: the AND neuron under three activations (Q23), and the
weight norm during training with and without L2 (Q1).
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.style import freeze_layout


class WeightNormView:
    """The weight norm per training step: a reference run (no penalty) and one with L2.

    update(norms, label=...) sets the L2 line; set_reference(norms) the other.
    """

    def __init__(self, steps, *, ax=None, ylim=(0, 15)):
        own = ax is None
        if own:
            self.fig, ax = style.new_figure(size=(5.5, 3.4))
        self.ax, self.fig = ax, ax.figure
        self.reference = ax.plot([], [], color="grey", lw=1.5, label="no penalty")[0]
        self.line = ax.plot([], [], color=style.CYCLE[0], lw=2, label="L2")[0]
        ax.set(
            xlim=(0, steps),
            ylim=ylim,
            xlabel="training step",
            ylabel="‖W‖ (all weight matrices)",
            title="Do trained weights stay small?",
        )
        self.legend = ax.legend(loc="lower right")
        if own:
            freeze_layout(self.fig)

    def set_reference(self, norms):
        self.reference.set_data(np.arange(1, len(norms) + 1), norms)
        self.fig.canvas.draw_idle()

    def update(self, norms, label="L2"):
        self.line.set_data(np.arange(1, len(norms) + 1), norms)
        self.line.set_label(label)
        self.legend.get_texts()[1].set_text(label)
        self.fig.canvas.draw_idle()

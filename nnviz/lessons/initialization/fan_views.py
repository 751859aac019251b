"""FanView (Q13): the std each init scheme gives one layer, from its fan-in and fan-out.

Three bars (Glorot, He, LeCun) on a log axis, a line at the std of the weights the
layer actually holds, and the fan formula as the title. Each bar's value is written
under its name, below the axis, where the dashed line can never cross it.

Speed (issue 18): on its own figure the y axis, its labels and the frame are
rendered once (BackgroundCache); a move draws the bars and the line. The texts
that hold numbers (x axis, title) and the legend are laid on top, rendered
again only when they change (not when only the initializer changes).
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

SCHEMES = ("Glorot", "He", "LeCun")


class FanView:
    """update(readout) with a `nnviz.lessons.initialization.diagnostics.FanReadout`.

    Artists: `bars` (one Rectangle per scheme), `actual` (Line2D), `formula` (Text);
    `values()` gives the bar labels under the axis ("He\nstd 0.05"). `cache`:
    the BackgroundCache of a view on its own figure (else None).
    """

    def __init__(self, *, ax=None, std_range=(1e-3, 2.0)):
        own = ax is None
        self.ax = style.new_axes(size=(5.6, 3.2)) if own else ax
        self.fig = self.ax.figure
        self.bars = self.ax.bar(SCHEMES, np.ones(3), color=style.CYCLE[:3], width=0.6)
        self.actual = self.ax.axhline(
            1.0, color="black", lw=1.5, ls="--", label="std of this layer's weights"
        )
        # Two-line tick labels from the start, so the frozen layout has room.
        self.ax.set_xticks(range(3), labels=[f"{name}\nstd –" for name in SCHEMES])
        self.ax.set(
            yscale="log",
            ylim=std_range,
            ylabel="std of the weights",
            xlabel="init scheme",
        )
        self.ax.legend(loc="upper right", fontsize=8)
        self.formula = self.ax.set_title("fan_in\nfan_out", fontsize=9)
        self.cache = None
        if own:
            freeze_layout(self.fig)
            # a fixed title place: the title is drawn alone, over the background
            self.ax.set_title(self.formula.get_text(), y=1.0, fontsize=9)
            self.cache = BackgroundCache(
                self.fig, self.changing_artists, overlay=self.changing_texts)

    def changing_artists(self):
        """What `update` changes: the bars, the line (and `changing_texts`)."""
        return [*self.bars, self.actual, *self.changing_texts()]

    def changing_texts(self):
        """The x axis (its labels hold the stds), the title, and the legend that
        lies over the bars: changed only when the layer's sizes change."""
        return [self.ax.xaxis, self.formula, self.ax.get_legend()]

    def values(self):
        """The bars' labels under the axis, one per scheme."""
        return [label.get_text() for label in self.ax.get_xticklabels()]

    def update(self, readout):
        stds = (readout.glorot_std, readout.he_std, readout.lecun_std)
        for bar, std in zip(self.bars, stds, strict=True):
            bar.set_height(std)
        labels = [
            f"{name}\nstd {std:.3g}" for name, std in zip(SCHEMES, stds, strict=True)
        ]
        xlabel = f"init scheme, for W of shape {readout.shape}"
        if labels != self.values() or xlabel != self.ax.get_xlabel():
            # set only on a change: the axis is then drawn again (a dear text)
            self.ax.set_xticks(range(3), labels=labels)
            self.ax.set_xlabel(xlabel)
        self.actual.set_ydata([readout.weight_std] * 2)
        self.formula.set_text(readout.formula.replace(", ", "\n"))
        self.fig.canvas.draw_idle()

"""FanView (Q13): the std each init scheme gives one layer, from its fan-in and fan-out.

Three bars (Glorot, He, LeCun) on a log axis, a line at the std of the weights the
layer actually holds, and the fan formula as the title.
"""

from __future__ import annotations

import numpy as np

from . import style
from .style import freeze_layout

SCHEMES = ("Glorot", "He", "LeCun")


class FanView:
    """update(readout) with a `nnviz.core.diagnostics.FanReadout`.

    Artists: `bars` (one Rectangle per scheme), `actual` (Line2D), `formula` (Text).
    """

    def __init__(self, *, ax=None, std_range=(1e-3, 2.0)):
        own = ax is None
        self.ax = style.new_axes(size=(5.6, 3.2)) if own else ax
        self.fig = self.ax.figure
        self.bars = self.ax.bar(SCHEMES, np.ones(3), color=style.CYCLE[:3], width=0.6)
        self.actual = self.ax.axhline(
            1.0, color="black", lw=1.5, ls="--", label="std of this layer's weights"
        )
        self.values = [
            self.ax.text(i, 1.0, "", ha="center", va="bottom", fontsize=8)
            for i in range(3)
        ]
        self.ax.set(
            yscale="log",
            ylim=std_range,
            ylabel="std of the weights",
            xlabel="init scheme",
        )
        self.ax.legend(loc="upper right", fontsize=8)
        self.formula = self.ax.set_title("fan_in\nfan_out", fontsize=9)
        if own:
            freeze_layout(self.fig)

    def update(self, readout):
        stds = (readout.glorot_std, readout.he_std, readout.lecun_std)
        for bar, text, std in zip(self.bars, self.values, stds, strict=True):
            bar.set_height(std)
            text.set_position((text.get_position()[0], std))
            text.set_text(f"{std:.3g}")
        self.actual.set_ydata([readout.weight_std] * 2)
        self.formula.set_text(readout.formula.replace(", ", "\n"))
        self.ax.set_xlabel(f"init scheme, for W of shape {readout.shape}")
        self.fig.canvas.draw_idle()

"""Lesson 11 views for batch normalization (Q32).

ActivationScaleView   the std of every block's output in a deep stack, without and
                      with batch norm (log scale), built once and updated in place over
                      a cached background (BackgroundCache)
"""

from __future__ import annotations

import numpy as np

from nnviz.lessons.residuals.views import decade_ticks
from nnviz.plots import style
from nnviz.plots.background import view_cache

__all__ = ["ActivationScaleView"]

PLAIN, NORMED = style.CYCLE[0], style.CYCLE[1]  # blue, orange


class ActivationScaleView:
    """Std of each block's output against the block number (log scale).

    Three lines, from `activation_scales`: the stack without batch norm (blue
    circles), with batch norm in training mode (orange triangles), and the same
    batch-norm stack in evaluation mode before any training (orange, dotted).
    `update(scales, depth, batchnorm)` draws the first `depth` blocks; with
    batchnorm False the two orange lines are empty.
    """

    LIMITS = (1e-17, 1e11)

    def __init__(self, max_depth=50):
        self.fig, self.ax = style.new_figure(size=(6.4, 3.6))
        self.lines = {}
        for kind, color, style_kw, label in (
                ("plain", PLAIN, dict(marker="o", ls="-"), "without batch norm"),
                ("batchnorm", NORMED, dict(marker="^", ls="-"),
                 "batch norm, training mode"),
                ("eval", NORMED, dict(marker="", ls=":", lw=2),
                 "batch norm, evaluation mode,\nbefore training")):
            (self.lines[kind],) = self.ax.plot([], [], ms=3, color=color,
                                               label=label, **style_kw)
        self.ax.axhline(1.0, color="#999999", lw=0.8, zorder=0)
        self.ax.set(yscale="log", ylim=self.LIMITS, xlim=(0.5, max_depth + 0.5),
                    xlabel="block (Dense → [batch norm] → ReLU)",
                    ylabel="std of the block's output")
        self.ax.set_title("activation scale, block by block", y=1.0)
        decade_ticks(self.ax.yaxis, range(-16, 9, 4))
        self.ax.legend(loc="lower left", fontsize=8)
        style.freeze_layout(self.fig)
        # axes and ticks rendered once; the legend, over the lines, laid on top
        self.cache = view_cache(self)

    def changing_artists(self):
        """The three lines `update` sets."""
        return list(self.lines.values())

    def update(self, scales, depth, batchnorm=True):
        """scales {"plain", "batchnorm", "eval"}: (max_depth,) stds, block 1 first."""
        blocks = np.arange(1, depth + 1)
        low, high = self.LIMITS
        for kind, line in self.lines.items():
            shown = kind == "plain" or batchnorm
            line.set_data(blocks if shown else [],
                          np.clip(scales[kind][:depth], low, high) if shown else [])
        self.fig.canvas.draw_idle()

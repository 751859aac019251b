"""Views for lesson 2's loss questions (Q19, Q20).

SoftmaxL1View (Q19): the probabilities p = softmax(z) as bars, and the size of
three gradients per logit on a log axis: the L1 penalty's through the Jacobian,
the same by finite differences, and the L2 penalty's (which does pull). A
gradient of exactly 0 is drawn at the bottom of the axis and labelled "0".

LossCompareView (Q20): the loss one entry with target 1 adds, against the
probability p it was given (MSE (1 - p)^2 and cross-entropy -log p), and the
batch's losses as bars.

Both render their axes, ticks, legends and curves once (BackgroundCache): a
slider move redraws only what `changing_artists()` returns.
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

FLOOR = 1e-20  # where exact zeros are drawn on the log axis
EPSILON = np.finfo(float).eps
GRADIENTS = ("L1, Jacobian", "L1, finite differences", "L2 (for contrast)")


class SoftmaxL1View:
    """update(p, gradients) with p (K,) and gradients (3, K) in GRADIENTS order.

    Artists: p_bars, p_texts, grad_bars (3 lists of K Rectangles). `summary`
    (a string, for the panel's readout) gives sum |p| to 15 digits.
    """

    def __init__(self, k=4):
        self.fig, (self.ax_p, self.ax_g) = style.new_figure(2, 1, size=(10.0, 3.6))
        units, width = np.arange(k), 0.26
        self.p_bars = self.ax_p.bar(units, np.zeros(k), color=style.CYCLE[0], width=0.6)
        self.p_texts = [self.ax_p.text(i, 0, "", ha="center", va="bottom", fontsize=8)
                        for i in units]
        self.ax_p.set(xticks=units, xticklabels=[f"p{i + 1}" for i in units],
                      ylim=(0, 1.15), ylabel="probability", title="softmax(z)")
        self.grad_bars = [
            self.ax_g.bar(units + (j - 1) * width, np.full(k, FLOOR), width=width,
                          bottom=FLOOR / 10, color=style.CYCLE[j], label=label)
            for j, label in enumerate(GRADIENTS)
        ]
        self.ax_g.axhline(EPSILON, color="black", lw=0.8, ls=":",
                          label="machine epsilon 2.2e-16")
        self.ax_g.set(yscale="log", ylim=(FLOOR / 10, 1e6), xticks=units,
                      xticklabels=[f"z{i + 1}" for i in units],
                      ylabel="|dPenalty/dz| (bottom: exactly 0)",
                      title="gradient of the penalty")
        self.ax_g.legend(fontsize=7, loc="upper right", ncol=2)
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """The bars and texts an update changes (the rest is drawn once)."""
        return [*self.p_bars, *self.p_texts,
                *(bar for bars in self.grad_bars for bar in bars)]

    def update(self, p, gradients):
        p = np.ravel(p)
        for bar, text, value in zip(self.p_bars, self.p_texts, p, strict=True):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value))
            text.set_text(f"{value:.3f}")
        self.summary = f"sum |p| = {np.abs(p).sum():.15f}"
        for bars, gradient in zip(self.grad_bars, np.asarray(gradients), strict=True):
            for bar, value in zip(bars, np.abs(gradient), strict=True):
                bar.set_height(max(value, FLOOR) - FLOOR / 10)
        self.fig.canvas.draw_idle()


class LossCompareView:
    """update(p_true, losses) with p_true the edited probability of a true class
    and losses {name: value} in the order given at construction.

    Artists: marks (two Line2D points on the curves), bars, bar_texts.
    """

    def __init__(self, names):
        self.fig, (self.ax_curve, self.ax_bars) = style.new_figure(
            2, 1, size=(10.0, 3.6))
        p = np.linspace(0.005, 1, 300)
        colors = style.CYCLE[0], style.CYCLE[1]
        self.ax_curve.plot(p, (1 - p) ** 2, color=colors[0],
                           label="squared error (1 − p)²")
        self.ax_curve.plot(p, -np.log(p), color=colors[1], label="cross-entropy −log p")
        self.marks = [self.ax_curve.plot([1], [0], "o", color=c, ms=8, mec="black")[0]
                      for c in colors]
        self.ax_curve.set(xlim=(0, 1), ylim=(0, 5),
                          xlabel="probability p given to the true class",
                          ylabel="loss of that entry",
                          title="one entry with target 1")
        self.ax_curve.legend(fontsize=8, loc="upper right")
        self.names = list(names)
        self.bars = self.ax_bars.bar(self.names, np.zeros(len(self.names)),
                                     color=style.CYCLE[: len(self.names)], width=0.6)
        self.bar_texts = [self.ax_bars.text(i, 0, "", ha="center", va="bottom",
                                            fontsize=9)
                          for i in range(len(self.names))]
        self.ax_bars.set(ylim=(0, 3), ylabel="mean loss over the batch",
                         title="the two examples of Q20")
        self.ax_bars.tick_params(axis="x", labelsize=8)
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """The marks, bars and texts an update changes (the rest is drawn once)."""
        return [*self.marks, *self.bars, *self.bar_texts]

    def update(self, p_true, losses):
        self.marks[0].set_data([p_true], [(1 - p_true) ** 2])
        self.marks[1].set_data([p_true], [-np.log(p_true)])
        for bar, text, name in zip(self.bars, self.bar_texts, self.names, strict=True):
            bar.set_height(losses[name])
            text.set_position((bar.get_x() + bar.get_width() / 2, losses[name]))
            text.set_text(f"{losses[name]:.3f}")
        self.fig.canvas.draw_idle()

"""Logits next to their softmax probabilities (lesson Q11).

    p = softmax(s * z) = exp(s z_k) / sum_j exp(s z_j)

Left: the logits z (scaled by s), any real numbers. Right: the probabilities,
which are positive and sum to 1. The tallest bar is the same on both sides
(softmax keeps the order), and as the scale grows the probabilities saturate
to [1, 0, ...]; as it shrinks they flatten towards 1/K each.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import softmax
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout


class LogitsView:
    """Two bar charts, logits and probabilities, updated in place.

    Shapes: logits (K,). `bars_logits`, `bars_probs` hold K Rectangles each,
    `value_texts` the probability over each bar; `summary` (a string, for the
    panel's readout: text costs the figure more than bars) gives the argmax
    of both and the sum of the probabilities. On its own figure, the axes,
    ticks and titles are rendered once (BackgroundCache): a slider move redraws
    only `changing_artists()`.
    """

    def __init__(self, logits, *, labels=None, axes=None, logit_limit=15.0):
        logits = np.asarray(logits, dtype=float)
        k = len(logits)
        own = axes is None
        if own:
            self.fig, axes = style.new_figure(2, 1, size=(8.0, 3.2))
        self.ax_logits, self.ax_probs = axes
        self.fig = self.ax_logits.figure
        self.labels = list(labels) if labels else [f"class {i}" for i in range(k)]
        colors = [style.CYCLE[i % len(style.CYCLE)] for i in range(k)]
        self.bars_logits = self.ax_logits.bar(self.labels, np.zeros(k), color=colors)
        self.bars_probs = self.ax_probs.bar(self.labels, np.zeros(k), color=colors)
        self.ax_logits.axhline(0, color="black", lw=0.8)
        self.ax_logits.set(
            ylim=(-logit_limit, logit_limit),
            ylabel="logit  s·z",
            title="logits: any real numbers",
        )
        self.ax_probs.set(
            ylim=(0, 1.12), ylabel="probability", title="softmax: positive, sum to 1"
        )
        self.value_texts = [
            self.ax_probs.text(i, 0, "", ha="center", va="bottom") for i in range(k)
        ]
        self.logits = logits
        self.update(logits, 1.0)
        if own:
            freeze_layout(self.fig)  # lay out once: redraws then cost half as much
            self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """The bars and texts an update changes (the rest is drawn once)."""
        return [*self.bars_logits, *self.bars_probs, *self.value_texts]

    def update(self, logits=None, scale=1.0):
        """Show softmax(scale * logits); logits None keeps the current ones."""
        if logits is not None:
            self.logits = np.asarray(logits, dtype=float)
        z = scale * self.logits
        p = softmax(z)
        for bar, h in zip(self.bars_logits, z, strict=True):
            bar.set_height(h)
        for bar, text, h in zip(self.bars_probs, self.value_texts, p, strict=True):
            bar.set_height(h)
            text.set_position((bar.get_x() + bar.get_width() / 2, h))
            text.set_text(f"{h:.3f}")
        self.probabilities = p
        self.summary = (
            f"argmax of the logits: {self.labels[int(np.argmax(z))]}, "
            f"argmax of the probabilities: {self.labels[int(np.argmax(p))]}, "
            f"sum of the probabilities = {p.sum():.6f}"
        )
        self.fig.canvas.draw_idle()

"""The debugging view: gradient norms per layer over training."""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.style import freeze_layout


class GradientHistoryView:
    """update(histories): {name: norms (steps, layers)}; solid lines for the
    first name, dashed for the second; colour = layer (layer 1 darkest blue)."""

    def __init__(self, names, n_layers, *, steps=200, ylim=(1e-12, 1e2)):
        self.fig, self.ax = style.new_figure(size=(9.0, 3.6))
        self.lines = {}
        for j, name in enumerate(names):
            for layer in range(n_layers):
                (self.lines[name, layer],) = self.ax.plot(
                    [], [], ["-", "--"][j % 2], color=style.CYCLE[layer % 8], lw=1.4,
                    label=f"{name}: layer {layer + 1}")
        self.ax.set(xlim=(0, steps), ylim=ylim, yscale="log", xlabel="step",
                    ylabel="|dL/dW| of the layer",
                    title="gradient size per layer during training")
        self.ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7.5)
        freeze_layout(self.fig)

    def update(self, histories):
        for name, norms in histories.items():
            for layer in range(norms.shape[1]):
                self.lines[name, layer].set_data(np.arange(1, len(norms) + 1),
                                                 norms[:, layer])
        self.fig.canvas.draw_idle()

"""Views of gradient descent on a 2-parameter bowl (lesson 3, parts 1 and 2).

DescentView      contours of L(w) with one descent path, and L against the step
OptimizerPathsView  the same contours with one path per optimizer, and their
                 losses against the step

The contours never change (the surface is fixed); paths are Line2D artists
whose data are set in place. A path that runs away leaves the axes (the
panel's readout, below the figure, says so in words). The contours, axes and
legends are rendered once (BackgroundCache): a slider move redraws only
`changing_artists()`. Text is the costly part of a redraw, so the numbers in
words live in the panel's HTML readout, not in the figure.
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

LOSS_RANGE = (1e-8, 1e4)


def draw_contours(ax, surface, lim=5.0, resolution=161):
    """Contour lines of surface.loss over [-lim, lim]², log-spaced; the minimum
    marked with a +. Drawn once: the surface never changes."""
    grid = np.linspace(-lim, lim, resolution)
    gx, gy = np.meshgrid(grid, grid)
    values = surface.loss(np.stack([gx, gy], axis=-1))
    levels = np.geomspace(max(values.min(), 1e-2), values.max(), 14)
    ax.contour(gx, gy, values, levels=levels, colors="0.7", linewidths=0.8)
    ax.plot([0], [0], "+", color="black", markersize=10, mew=1.5)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel="w₁", ylabel="w₂",
           aspect="equal")


def _loss_axes(ax, steps, title):
    ax.set(xlim=(0, steps), ylim=LOSS_RANGE, yscale="log", xlabel="step",
           ylabel="loss L(w)", title=title)


class DescentView:
    """update(path): one path (T, 2) on the contours and its losses.

    Artists: path_line, start_point, loss_line.
    """

    def __init__(self, surface, *, steps=100, lim=5.0):
        self.surface = surface
        self.fig, (self.ax_path, self.ax_loss) = style.new_figure(
            2, 1, size=(9.4, 4.0), gridspec_kw={"width_ratios": [1, 1.2]})
        draw_contours(self.ax_path, surface, lim)
        (self.path_line,) = self.ax_path.plot([], [], "-o", color=style.CYCLE[3],
                                              ms=3, lw=1.2)
        (self.start_point,) = self.ax_path.plot([], [], "s", color="black", ms=6)
        self.ax_path.set_title("gradient descent on L(w) = ½ wᵀAw")
        (self.loss_line,) = self.ax_loss.plot([], [], color=style.CYCLE[3], lw=1.6)
        _loss_axes(self.ax_loss, steps, "loss per step")
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """The path and its losses (the contours are drawn once)."""
        return [self.path_line, self.start_point, self.loss_line]

    def update(self, path):
        path = np.asarray(path)
        self.path_line.set_data(path[:, 0], path[:, 1])
        self.start_point.set_data(path[:1, 0], path[:1, 1])
        losses = self.surface.loss(path)
        self.loss_line.set_data(np.arange(len(losses)), losses)
        self.fig.canvas.draw_idle()


class OptimizerPathsView:
    """update({name: path (T, 2)}): one path per optimizer.

    Artists: path_lines[name], loss_lines[name].
    """

    def __init__(self, surface, names, *, steps=150, lim=5.0):
        self.surface = surface
        self.fig, (self.ax_path, self.ax_loss) = style.new_figure(
            2, 1, size=(9.4, 4.0), gridspec_kw={"width_ratios": [1, 1.2]})
        draw_contours(self.ax_path, surface, lim)
        self.path_lines, self.loss_lines = {}, {}
        for i, name in enumerate(names):
            color, marker = style.CYCLE[i], style.CLASS_MARKERS[i]
            (self.path_lines[name],) = self.ax_path.plot(
                [], [], "-", marker=marker, color=color, ms=3, lw=1.2, label=name)
            (self.loss_lines[name],) = self.ax_loss.plot([], [], color=color, lw=1.6,
                                                         label=name)
        self.ax_path.set_title("three optimizers, same start")
        _loss_axes(self.ax_loss, steps, "loss per step")
        # one row above the plot: inside, it covered a curve wherever it went
        self.ax_loss.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3,
                            fontsize=8, frameon=False)
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """The paths and their losses (the contours are drawn once)."""
        return [*self.path_lines.values(), *self.loss_lines.values()]

    def update(self, paths):
        for name, path in paths.items():
            path = np.asarray(path)
            self.path_lines[name].set_data(path[:, 0], path[:, 1])
            losses = self.surface.loss(path)
            self.loss_lines[name].set_data(np.arange(len(losses)), losses)
        self.fig.canvas.draw_idle()

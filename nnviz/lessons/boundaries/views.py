"""One-input fits (lesson Q12): the net's curve against the truth, training shaded;
and the Q6 picture next to what a net has learned of it.

Both are drawn once and updated in place; panels retrain while the learner
watches, so each update sets data on existing artists and asks for a redraw.
`changing_artists` lists what changes, for a BackgroundCache (the panels
render the axes, ticks and legend once; issue 18).
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from nnviz.plots import style
from nnviz.plots.style import freeze_layout


class Fit1DView:
    """A curve y = model(x) over x_range, the true curve, and the training points.

    update(y_model, y_true=None) sets the curves on the view's grid `x` (M,)
    and draws; set_truth(y_true) sets the true curve alone (no redraw);
    set_points(x_train, y_train, x_test=None, y_test=None) moves the markers
    (test points hollow); set_train_range(low, high) moves the shaded band.
    """

    def __init__(
        self,
        x_range,
        y_range,
        *,
        ax=None,
        n=301,
        train_range=None,
        xlabel="x",
        ylabel="y",
        title="",
    ):
        own = ax is None
        if own:
            self.fig, ax = style.new_figure(size=(7.5, 3.6))
        self.ax, self.fig = ax, ax.figure
        self.x = np.linspace(*x_range, n)
        low, high = train_range or x_range
        # The shaded training range: a Rectangle spanning the axes' height (x in
        # data, y in axes units). axvspan draws the same, but it returns a
        # Polygon before matplotlib 3.9 and a Rectangle since; this one moves
        # with set_x/set_width on every matplotlib from 3.7 on.
        self.band = ax.add_patch(
            Rectangle(
                (low, 0.0), high - low, 1.0, transform=ax.get_xaxis_transform(),
                color=style.CYCLE[5], alpha=0.15, lw=0, label="training range",
            )
        )
        self.true_line = ax.plot(
            self.x, np.full(n, np.nan), color="black", ls="--", lw=1.2, label="truth"
        )[0]
        self.model_line = ax.plot(
            self.x, np.full(n, np.nan), color=style.CYCLE[0], lw=2, label="network"
        )[0]
        self.train_points = ax.scatter(
            [], [], s=22, color=style.CYCLE[1], zorder=3, label="training examples"
        )
        self.test_points = ax.scatter(
            [],
            [],
            s=30,
            facecolors="none",
            zorder=3,
            edgecolors=style.CYCLE[3],
            label="held-out examples",
        )
        spare = 0.02 * (x_range[1] - x_range[0])  # points at the ends drawn whole
        ax.set(xlim=(x_range[0] - spare, x_range[1] + spare), ylim=y_range,
               xlabel=xlabel, ylabel=ylabel)
        # y=1.0: a fixed place (where matplotlib would put it here), so that a
        # BackgroundCache can draw the title alone (see changing_artists)
        ax.set_title(title, y=1.0)
        self.legend = ax.legend(
            loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8
        )
        self.text = ax.text(
            0.98, 0.03, "", transform=ax.transAxes, ha="right", fontsize=9
        )
        if own:
            freeze_layout(self.fig)

    def changing_artists(self):
        """The artists the panels change between frames (for a BackgroundCache):
        curves, markers, band, text, and the title and y label a target names.
        (The title has a fixed place: matplotlib's automatic one moves a title
        hidden while the background is drawn off the figure.)"""
        return [
            self.band,
            self.true_line,
            self.model_line,
            self.train_points,
            self.test_points,
            self.text,
            self.ax.title,
            self.ax.yaxis.label,
            *self.ax.spines.values(),
        ]

    def overlay_artists(self):
        """The title and the y label: they change with the target only (for a
        BackgroundCache's overlay: drawn again only when they change)."""
        return [self.ax.title, self.ax.yaxis.label]

    def show_only(self, *artists):
        """Keep only these artists (and their legend entries), e.g. no truth line."""
        for artist in (
            self.band,
            self.true_line,
            self.model_line,
            self.train_points,
            self.test_points,
        ):
            artist.set_visible(artist in artists)
        self.legend.remove()
        self.legend = self.ax.legend(
            handles=list(artists),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
        )

    def set_train_range(self, low, high):
        self.band.set_x(low)
        self.band.set_width(high - low)

    def set_points(self, x_train, y_train, x_test=None, y_test=None):
        self.train_points.set_offsets(np.c_[np.ravel(x_train), np.ravel(y_train)])
        test = (
            np.c_[np.ravel(x_test), np.ravel(y_test)]
            if x_test is not None
            else np.empty((0, 2))
        )
        self.test_points.set_offsets(test)

    def set_truth(self, y_true):
        self.true_line.set_ydata(np.ravel(y_true))

    def update(self, y_model, y_true=None, text=""):
        self.model_line.set_ydata(np.ravel(y_model))
        if y_true is not None:
            self.set_truth(y_true)
        self.text.set_text(text)
        self.fig.canvas.draw_idle()


class PictureView:
    """The true picture and the learned one side by side (grey scale, P(white)).

    update(image (H, W), title=None) sets the learned picture. The axes carry
    no tick numbers (pixel indices say nothing here, and their text is most of
    a redraw's time).
    """

    def __init__(self, picture, *, axes=None):
        own = axes is None
        if own:
            self.fig, axes = style.new_figure(2, 1, size=(7.0, 3.8))
        self.ax_true, self.ax_learned = axes
        self.fig = self.ax_true.figure
        kw = dict(cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        self.ax_true.imshow(picture, **kw)
        self.image = self.ax_learned.imshow(np.full(np.shape(picture), 0.5), **kw)
        self.ax_true.set_title("the picture (target)")
        self.ax_learned.set_title("what the network learned")
        for ax in axes:
            ax.set(xlabel="column c", ylabel="row r", xticks=[], yticks=[])
        self.title = self.fig.suptitle("learned: …")
        if own:
            freeze_layout(self.fig)

    def changing_artists(self):
        """The learned picture, its frame (drawn over it) and the title (for a
        BackgroundCache)."""
        return [self.image, *self.ax_learned.spines.values(), self.title]

    def update(self, image, title=None):
        self.image.set_data(image)
        if title:
            self.title.set_text(title)
        self.fig.canvas.draw_idle()

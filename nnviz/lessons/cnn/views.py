"""CNN lesson views: filters, feature maps, class responses, arithmetic, a kernel.

Every view builds its figure once; `update` only sets data. Grids of small
images (filters, maps) are drawn as *one* tiled image with gaps, so a frame
is one `set_data` however many filters there are.

Speed: Agg draws every character of every text again on each redraw (about
0.1 ms a character), so the views keep their text short and fixed; what
changes with a control (a formula, a largest value) is returned for the
panel to write in HTML beside the figure. Titles get a fixed position
(`y=1.0`), so a redraw does not measure the axes again to place them, and
`changing_artists()` lists what `update` changes: a panel's BackgroundCache
draws only those over a picture of the rest (ticks, titles).

Scales: a filter or a map is shown divided by its own largest |value|, so
its *pattern* is visible from the first training step on (the lesson is what
the filters look like, not how large they are). Filters use the signed map
(blue negative, orange positive); maps and images the one-sided map.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Rectangle

from nnviz.lessons.cnn.experiments import class_responses, conv_arithmetic
from nnviz.nn.conv import correlate2d
from nnviz.plots import style
from nnviz.plots.images import tile


def normalized(images, signed=True):
    """Each image divided by its own max |value| (all-zero images stay 0)."""
    images = np.asarray(images, dtype=float)
    scale = np.abs(images).reshape(len(images), -1).max(axis=1)
    return images / np.where(scale > 0, scale, 1.0)[:, None, None]


def _quiet(ax, title=""):
    ax.set(xticks=[], yticks=[])
    ax.set_title(title, y=1.0)  # a fixed place: not measured again on every draw


class FilterGridView:
    """Kernels W (C_out, C_in, KH, KW) of one conv layer, for one input `channel`."""

    def __init__(
        self, W, *, channel=0, ncols=None, ax=None, title="learned filters", labels=None
    ):
        self.channel, self.ncols = channel, ncols
        self.ax = ax if ax is not None else style.new_axes(size=(3.6, 3.4))
        self.fig = self.ax.figure
        self.image = self.ax.imshow(
            self._mosaic(W), cmap=style.SIGNED, vmin=-1, vmax=1, interpolation="nearest"
        )
        _quiet(self.ax, title)
        if labels is not None:
            kh, kw = np.shape(W)[2:]
            ncols = ncols or int(np.ceil(np.sqrt(len(W))))
            for i, label in enumerate(labels):
                r, c = divmod(i, ncols)
                self.ax.text(
                    c * (kw + 1) + (kw - 1) / 2,
                    r * (kh + 1) + kh - 0.3,
                    label,
                    ha="center",
                    va="top",
                    fontsize=7,
                )

    def _mosaic(self, W):
        return tile(normalized(np.asarray(W)[:, self.channel]), self.ncols)

    def changing_artists(self):
        """What `update` changes (for a BackgroundCache)."""
        return [self.image]

    def update(self, W):
        self.image.set_data(self._mosaic(W))
        self.fig.canvas.draw_idle()


class FeatureMapView:
    """One input image and the C feature maps (C, h, w) a layer makes of it."""

    def __init__(self, image, maps, *, ncols=None, axes=None):
        if axes is None:
            self.fig, axes = style.new_figure(2, 1, size=(7.0, 3.4))
        self.fig = axes[0].figure
        self.ncols = ncols
        self.input = axes[0].imshow(
            image, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest"
        )
        _quiet(axes[0], "input")
        self.maps = axes[1].imshow(
            self._mosaic(maps),
            cmap=style.SEQUENTIAL,
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        _quiet(axes[1], "maps after ReLU")
        self.axes = axes

    def _mosaic(self, maps):
        return tile(normalized(np.maximum(maps, 0)), self.ncols)

    def changing_artists(self):
        """What `update` changes (for a BackgroundCache)."""
        return [self.input, self.maps]

    def update(self, image, maps):
        self.input.set_data(image)
        self.maps.set_data(self._mosaic(maps))
        self.fig.canvas.draw_idle()


class ClassResponseView:
    """Mean activation of each filter (columns) for each digit (rows).

    Each column is stretched from its least to its most excited digit (digits
    with more ink excite every filter more; the stretch shows *preferences*).
    A dot marks the digit each filter responds to most."""

    def __init__(self, n_filters, n_classes=10, *, ax=None):
        self.ax = ax if ax is not None else style.new_axes(size=(4.2, 3.4))
        self.fig = self.ax.figure
        self.n_classes = n_classes
        self.image = self.ax.imshow(
            np.zeros((n_classes, n_filters)),
            vmin=0,
            vmax=1,
            cmap=style.SEQUENTIAL,
            aspect="auto",
        )
        self.best = self.ax.scatter(
            np.arange(n_filters),
            np.zeros(n_filters),
            s=18,
            color=style.OKABE_ITO["vermillion"],
            marker="o",
        )
        self.ax.set(
            xlabel="filter",
            ylabel="digit",
            yticks=range(n_classes),
            # every 5th filter numbered when there are many: each label is redrawn
            xticks=range(0, n_filters, 5 if n_filters > 10 else 1),
        )
        self.ax.set_title("which filter likes which digit", y=1.0)

    def changing_artists(self):
        """What `update` changes (for a BackgroundCache)."""
        return [self.image, self.best]

    def update(self, maps, y):
        """maps (N, C, h, w) feature maps of labelled images y (N,)."""
        responses = class_responses(maps, y, self.n_classes)  # (classes, C)
        self.responses = responses
        low, high = responses.min(axis=0), responses.max(axis=0)
        self.image.set_data((responses - low) / np.where(high > low, high - low, 1.0))
        best = responses.argmax(axis=0)
        self.best.set_offsets(np.c_[np.arange(len(best)), best])
        self.fig.canvas.draw_idle()


# cells: 0 padding, 1 input (or output), 2 the first window (and the output it makes)
_CELLS = ListedColormap(["#D9D9D9", "#A6D4F2", style.OKABE_ITO["orange"]])


def _hidden_cells(size):
    """A size x size grid of cells, all hidden (masked), holding zeros underneath.

    (np.ma.masked_all leaves whatever was in memory underneath, NaN included,
    and the colour scaling then warns about it.)"""
    return np.ma.masked_array(np.zeros((size, size)), mask=True)


class ConvArithmeticView:
    """Input grid (with its padding) and output grid of one convolution. The first
    window is filled orange, the window one stride to the right is outlined green,
    as are the outputs they make. The formula o = floor((n + 2p - f)/s) + 1 is in
    `result.message` after `update`, for the panel to write beside the figure."""

    def __init__(self, max_n=16, max_p=3, *, axes=None):
        if axes is None:
            self.fig, axes = style.new_figure(2, 1, size=(8.0, 3.8))
        self.fig, self.axes = axes[0].figure, axes
        self.size = max_n + 2 * max_p
        empty = _hidden_cells(self.size)
        self.cells = [
            ax.pcolormesh(
                empty,
                cmap=_CELLS,
                vmin=-0.5,
                vmax=2.5,
                edgecolors="white",
                linewidth=0.8,
            )
            for ax in axes
        ]
        self.next = [
            ax.add_patch(
                Rectangle((0, 0), 1, 1, fill=False, lw=2.5, ec=style.OKABE_ITO["green"])
            )
            for ax in axes
        ]
        for ax, title in zip(axes, ("input (grey: padding)", "output"), strict=True):
            ax.set(xlim=(0, self.size), ylim=(self.size, 0), aspect="equal")
            _quiet(ax, title)

    def update(self, n, f, p=0, s=1):
        result = conv_arithmetic(n, f, p, s)
        grid, out = _hidden_cells(self.size), _hidden_cells(self.size)
        padded = min(n + 2 * p, self.size)
        grid[:padded, :padded] = 0
        grid[p : p + n, p : p + n] = 1
        if result.output > 0:
            grid[:f, :f] = 2
            o = min(result.output, self.size)
            out[:o, :o] = 1
            out[0, 0] = 2
        second = result.output > 1
        self.next[0].set_bounds(s, 0, f, f)
        self.next[1].set_bounds(1, 0, 1, 1)
        for patch in self.next:
            patch.set_visible(second)
        self.cells[0].set_array(grid.ravel())
        self.cells[1].set_array(out.ravel())
        for ax in self.axes:  # zoom to the padded input; the output shares its scale
            ax.set(xlim=(0, max(padded, 2)), ylim=(max(padded, 2), 0))
        self.result = result
        self.fig.canvas.draw_idle()


class KernelView:
    """An image, a 3 x 3 kernel and the image filtered by it.

    The filtered image is shown divided by its largest |value|, `peak` (the
    panel writes that number; its nine typed cells show the kernel's numbers).
    """

    def __init__(self, image, kernel, *, axes=None, size=(8.4, 3.0)):
        if axes is None:
            self.fig, axes = style.new_figure(3, 1, size=size)
        self.fig, self.axes, self.source = axes[0].figure, axes, np.asarray(image)
        axes[0].imshow(self.source, cmap="gray_r", vmin=0, vmax=1)
        _quiet(axes[0], "digit")
        self.kernel = axes[1].imshow(
            np.zeros((3, 3)), cmap=style.SIGNED, vmin=-1, vmax=1
        )
        _quiet(axes[1], "kernel")
        self.output = axes[2].imshow(
            np.zeros_like(self.source), cmap=style.SIGNED, vmin=-1, vmax=1
        )
        _quiet(axes[2], "filtered")
        self.update(kernel)

    def update(self, kernel):
        kernel = np.asarray(kernel, dtype=float)
        self.filtered = correlate2d(self.source, kernel, padding=1)
        self.kernel.set_data(normalized(kernel[None])[0])
        self.peak = float(np.abs(self.filtered).max())
        self.output.set_data(self.filtered / (self.peak if self.peak > 0 else 1.0))
        self.fig.canvas.draw_idle()


def compare_filters(W, kernels, *, labels=None):
    """Learned filters (left) beside hand-made kernels (right); returns (fig, views)."""
    fig, axes = style.new_figure(2, 1, size=(7.2, 3.4))
    names = list(kernels)
    bank = np.stack([kernels[name] for name in names])[:, None]
    views = [
        FilterGridView(W, ax=axes[0], labels=labels),
        FilterGridView(bank, ax=axes[1], ncols=3, labels=names, title="hand-made"),
    ]
    return fig, views

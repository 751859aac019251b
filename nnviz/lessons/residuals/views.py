"""Lesson 11 views: the ResNet's maps to scale, what a strided shortcut reads,
gradients per block, shifted digits.

ResNetStagesView      the CIFAR ResNet's feature maps drawn to scale (static)
StridedShortcutView   the pixels a 1×1 stride-2 shortcut reads, and |dL/dx| at each
                      input pixel through the shortcut and through the body (static)
GradientNormView      ‖dL/dW‖ per block of a plain and a residual stack (log scale),
                      and block 1's gradient against depth, with the current depth
                      marked
ShiftView             a shifted digit, both heads' class probabilities, and accuracy
                      against the shift for both heads

Each builds its figure once; `update` only sets data. Titles are placed once
(`y=1.0`: matplotlib then stops measuring the tick labels on every draw to place
them), and log axes get fixed decades labelled in plain text (`decade_ticks`).
The views that change keep a `cache` (a BackgroundCache): axes, ticks and titles
are rendered once, a redraw draws only `changing_artists()`, and the legends are
laid on top from a picture drawn once (issue 18).
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from nnviz.nn.activations import softmax
from nnviz.plots import style
from nnviz.plots.background import view_cache
from nnviz.plots.images import tile

__all__ = ["GradientNormView", "ResNetStagesView", "ShiftView", "StridedShortcutView"]

PLAIN, RESIDUAL = style.CYCLE[0], style.CYCLE[1]  # blue, orange
FLAT, GAP = style.CYCLE[0], style.CYCLE[1]


def decade_ticks(axis, exponents):
    """Label a log axis at 10**e for e in `exponents` only, in plain text ("1e−8").

    matplotlib's own log labels are typeset as formulas and its minor ticks
    measured on every draw; fixed plain labels make each redraw cheaper.
    """
    values = [10.0**e for e in exponents]
    labels = ["1" if e == 0 else f"1e{e}".replace("-", style.MINUS) for e in exponents]
    axis.set_major_locator(FixedLocator(values))
    axis.set_major_formatter(FixedFormatter(labels))
    axis.set_minor_locator(NullLocator())


class ResNetStagesView:
    """Input and the three stages of the CIFAR ResNet: squares of side = map size.

    Each stage is drawn as a few stacked maps (a stack of C maps of h × h);
    the label gives the exact shape. A static figure (nothing to update).
    """

    STAGES = [("input", 3, 32), ("stage 1", 16, 32), ("stage 2", 32, 16),
              ("stage 3", 64, 8)]

    def __init__(self, ax=None):
        if ax is None:
            self.fig, ax = style.new_figure(size=(9.0, 3.0))
        self.ax, self.fig = ax, ax.figure
        x = 0.0
        for i, (name, channels, size) in enumerate(self.STAGES):
            color = style.CYCLE[i % 4] if i else "#999999"
            for k in range(4 if i else 3):   # a few maps, offset, stand for C maps
                ax.add_patch(Rectangle((x + 2.0 * k, 2.0 * k), size, size,
                                       facecolor=color, edgecolor="white",
                                       alpha=0.35 + 0.15 * k, linewidth=1.2))
            ax.text(x + size / 2 + 3, -5, f"{name}\n{channels} × {size} × {size}",
                    ha="center", va="top")
            if i:
                ax.annotate("", xy=(x - 2, 12), xytext=(x - 11, 12),
                            arrowprops=dict(arrowstyle="->", color="#555555"))
                ax.text(x - 6.5, 15, "stride 2" if i > 1 else "conv", ha="center",
                        fontsize=8, color="#555555")
            x += size + 20
        ax.text(x - 8, 12, "GAP → 64\n→ dense → 10", va="center", ha="left")
        ax.set(xlim=(-2, x + 22), ylim=(-17, 40), aspect="equal",
               title="CIFAR ResNet: maps halve, filters double (drawn to scale)")
        ax.axis("off")


class GradientNormView:
    """Left: ‖dL/dW‖ of each block's first conv (block 1 = next to the input).
    Right: block 1's ‖dL/dW‖ against the stack's depth; a marker shows the current one.

    max_depth fixes the x axis; `update(norms, depth_curve, depth)` takes
    gradient_norms(...) and first_block_gradients(...) results. NaN entries (not
    computed yet) are not drawn.
    """

    LIMITS = (1e-8, 1e9)

    def __init__(self, max_depth=50, depths=None):
        self.fig, (self.ax, self.ax_depth) = style.new_figure(2, size=(10.0, 3.6))
        self.depths = np.asarray(depths if depths is not None else [max_depth])
        self.lines, self.curves, self.marks = {}, {}, {}
        for kind, color, marker in (("plain", PLAIN, "o"), ("residual", RESIDUAL, "^")):
            label = "plain (no shortcut)" if kind == "plain" else "with shortcuts"
            (self.lines[kind],) = self.ax.plot([], [], marker, ms=3, ls="-",
                                               color=color, label=label)
            (self.curves[kind],) = self.ax_depth.plot(self.depths, self.depths * 0 + 1,
                                                      marker, ms=3, ls="-",
                                                      color=color, label=label)
            (self.marks[kind],) = self.ax_depth.plot([], [], marker, ms=10,
                                                     color=color, mec="black")
        self.ax.set(yscale="log", ylim=self.LIMITS, xlim=(0.5, max_depth + 0.5),
                    xlabel="block (1 = next to the input)",
                    ylabel="‖dL/dW‖, first conv")
        self.ax_depth.set(yscale="log", ylim=self.LIMITS, xlim=(0, max_depth + 2),
                          xlabel="depth (blocks in the stack)",
                          ylabel="‖dL/dW‖ of block 1")
        self.ax.set_title("gradient reaching each block", y=1.0)
        self.ax_depth.set_title("gradient at block 1 against depth", y=1.0)
        for ax in (self.ax, self.ax_depth):
            decade_ticks(ax.yaxis, range(-8, 9, 4))
        self.ax.legend(loc="lower left", fontsize=8)
        style.freeze_layout(self.fig)
        self.cache = view_cache(self)

    def changing_artists(self):
        """The lines `update` sets: per block, against depth, the depth marks."""
        return [*self.lines.values(), *self.curves.values(), *self.marks.values()]

    def update(self, norms, depth_curve, depth):
        low, high = self.LIMITS
        for kind in ("plain", "residual"):
            values = np.clip(norms[kind], low, high)  # NaN stays NaN: not drawn
            self.lines[kind].set_data(np.arange(1, len(values) + 1), values)
            self.curves[kind].set_ydata(np.clip(depth_curve[kind], low, high))
            self.marks[kind].set_data([depth], [values[0]])
        self.fig.canvas.draw_idle()


class StridedShortcutView:
    """Three maps of the input pixels of a stride-2 block (static).

    reads (size, size) booleans: where the 1×1 stride-2 shortcut reads.
    sensitivity {"shortcut": (size, size), "body": (size, size)}: |dL/dx| through
    each path (`path_sensitivity`); a pixel drawn white gets no gradient.
    """

    def __init__(self, reads, sensitivity):
        self.fig, axes = style.new_figure(3, size=(9.0, 3.6))
        self.ax_reads, self.ax_skip, self.ax_body = axes
        size = len(reads)
        dropped = int(reads.size - reads.sum())
        self.images = [self.ax_reads.imshow(reads, cmap="Greys", vmin=0, vmax=1.4)]
        top = max(float(np.max(sensitivity["body"])),
                  float(np.max(sensitivity["shortcut"])))
        for ax, key in ((self.ax_skip, "shortcut"), (self.ax_body, "body")):
            shown = np.ma.masked_equal(sensitivity[key], 0.0)  # no gradient: white
            self.images.append(ax.imshow(shown, cmap=style.SEQUENTIAL, vmin=0,
                                         vmax=top))
        titles = (f"the 1×1 shortcut reads {int(reads.sum())},\n"
                  f"drops {dropped} of {reads.size} pixels",
                  f"|dL/dx| through the shortcut:\n"
                  f"{np.count_nonzero(sensitivity['shortcut'])} pixels get a gradient",
                  f"|dL/dx| through the body:\n"
                  f"{np.count_nonzero(sensitivity['body'])} pixels get a gradient")
        edges = np.arange(size + 1) - 0.5  # a grid line between pixels
        for ax, title in zip(axes, titles, strict=True):
            ax.set(xticks=edges, yticks=edges, xticklabels=[], yticklabels=[])
            ax.set_title(title, fontsize=9)
            ax.tick_params(length=0)
            ax.grid(True, color="#BBBBBB", lw=0.5)
        style.freeze_layout(self.fig)


class ShiftView:
    """A shifted digit, both models' class probabilities, accuracy against shift,
    and the GAP model's 10 class maps (the means of which are its logits).

    shifts (S,) horizontal shifts and accuracy {"flatten": (S,), "gap": (S,)}
    give the static curves; `update(image, logits, dx, maps)` moves the rest.
    label_in_figure: False keeps `label` (what the models guess) out of the
    figure, hidden and with no room kept for it, for a panel that writes it
    beside the figure (text is the dearest thing a redraw draws).
    """

    def __init__(self, shifts, accuracy, map_size=7, *, label_in_figure=True):
        self.fig = style.new_figure(size=(10.4, 5.0))[0]
        self.fig.clear()
        grid = self.fig.add_gridspec(2, 3, width_ratios=[1, 1.5, 1.7],
                                     height_ratios=[3.4, 1.3])
        self.ax_image, self.ax_bars, self.ax_curve = (
            self.fig.add_subplot(grid[0, i]) for i in range(3))
        self.ax_maps = self.fig.add_subplot(grid[1, :])
        self.image = self.ax_image.imshow(np.zeros((28, 28)), cmap="gray_r",
                                          vmin=0, vmax=1)
        self.ax_image.set(xticks=[], yticks=[])
        self.ax_image.set_title("the digit, shifted", y=1.0)
        self.label = self.ax_image.set_xlabel("\n" if label_in_figure else "")
        self.label.set_visible(label_in_figure)
        self._bars()
        for key, color, marker, label in (("flatten", FLAT, "o", "flatten + dense"),
                                          ("gap", GAP, "^", "GAP")):
            self.ax_curve.plot(shifts, accuracy[key], marker, ls="-", ms=4,
                               color=color, label=label)
        self.marker = self.ax_curve.axvline(0, color="black", lw=1, ls="--")
        self.ax_curve.set(ylim=(0, 1.02), xticks=np.arange(-8, 9, 2),
                          xlabel="horizontal shift dx (pixels)", ylabel="test accuracy")
        self.ax_curve.set_title("accuracy against shift (dy = 0)", y=1.0)
        self.ax_curve.legend(loc="lower center", fontsize=8)
        self.maps = self.ax_maps.imshow(tile(np.zeros((10, map_size, map_size)), 10),
                                        cmap=style.SIGNED, vmin=-1, vmax=1)
        # under map k, "k:" (drawn once, with the axes) and its mean (drawn at
        # every move: the fewer glyphs, the quicker)
        centres = (map_size + 1) * np.arange(10) + map_size / 2 - 0.5
        self.map_digits = [self.ax_maps.text(x - 0.2, map_size + 0.6, f"{k}:",
                                             ha="right", va="top", fontsize=8)
                           for k, x in enumerate(centres)]
        self.map_labels = [self.ax_maps.text(x + 0.2, map_size + 0.6, "", ha="left",
                                             va="top", fontsize=8) for x in centres]
        self.ax_maps.set(xticks=[], yticks=[], ylim=(map_size + 2.2, -0.5))
        self.ax_maps.set_title("GAP model: a class map per digit (orange: looks like "
                               "that digit); under each, its mean = that digit's "
                               "logit", y=1.0)
        style.freeze_layout(self.fig)
        self.cache = view_cache(self)  # the legends, over the bars and marker

    def changing_artists(self):
        """What `update` sets: the digit, its label, the bars, the shift marker,
        the class maps and their means."""
        return [self.image, self.label, *self.bars["flatten"], *self.bars["gap"],
                self.marker, self.maps, *self.map_labels]

    def _bars(self):
        classes = np.arange(10)
        self.bars = {
            "flatten": self.ax_bars.bar(classes - 0.2, np.zeros(10), 0.4, color=FLAT,
                                        label="flatten + dense"),
            "gap": self.ax_bars.bar(classes + 0.2, np.zeros(10), 0.4, color=GAP,
                                    label="GAP"),
        }
        self.ax_bars.set(xticks=classes, ylim=(0, 1.05), xlabel="digit",
                         ylabel="probability")
        self.ax_bars.set_title("what each model predicts", y=1.0)
        self.ax_bars.legend(loc="upper right", fontsize=8)

    def update(self, image, logits, dx, maps, label=""):
        """image (28, 28); logits {"flatten": (10,), "gap": (10,)}; dx the shift;
        maps (10, 7, 7) the GAP model's class maps."""
        self.image.set_data(image)
        for key, bars in self.bars.items():
            probabilities = softmax(np.asarray(logits[key], dtype=float))
            for bar, p in zip(bars, probabilities, strict=True):
                bar.set_height(p)
        self.marker.set_xdata([dx, dx])
        self.label.set_text(label)
        scale = max(float(np.abs(maps).max()), 1e-12)  # the 10 maps share one scale
        self.maps.set_data(tile(np.asarray(maps) / scale, 10))
        for k, text in enumerate(self.map_labels):  # beside map_digits[k]
            text.set_text(f"{maps[k].mean():+.1f}")
        self.fig.canvas.draw_idle()

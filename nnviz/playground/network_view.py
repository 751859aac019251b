"""Network diagram: every unit drawn as a small map of what it computes over the plane.

    column 0         the input features (x1, x2, ...) over the input plane
    column k         the units of Dense layer k, after its activation:
                     node map = a(x @ W + b)[:, unit] at every grid point
    links            one per weight W[i, j]: width grows with |W[i, j]|,
                     orange solid if W > 0, blue dashed if W < 0
                     (the dash carries the sign in greyscale and for colour-blind eyes);
                     more than CROWDED links: thin and faint, width and opacity
                     growing with |W| / max |W|, so the strongest still read
    bias             a dot at each unit's corner (area ~ |b|, orange +, blue -),
                     and its value written under the unit (up to 5 units a column),
                     short even when training diverged: "b +0.25", "b −3.2e12"

The large map on the right repeats one unit at a finer grid: the one chosen with
`select(layer, unit)`, clicked, or under the mouse.

Speed: every node map comes from one trace of the model (in float32, for drawing
only: nnviz.plots.float32) over a single batch that joins the coarse grid of the
small maps and the finer grid of the large map.
Each map is its own colour scale (symmetric about 0), so its shape shows even
when its values are small; the colour bar is not shared. An output that is a
probability (a Sigmoid after the last Dense) is centred at 0.5 instead, where
the classes meet: orange is class 1 there too, as in the P(class 1) plot.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from nnviz.data.features import LABELS
from nnviz.data.features import feature_fn as make_feature_fn
from nnviz.nn.dense import Dense
from nnviz.plots import float32 as drawing
from nnviz.plots import style

# column spacing, row spacing, node size, large map size (data units)
GAP, PITCH, SIZE, BIG = 1.8, 1.25, 0.8, 2.8
LARGE_RESOLUTION = 60
#: more links than this: drawn thin and faint, by |W| relative to the largest
CROWDED = 40
#: behind the bias labels: the links pass under them
LABEL_CARD = dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none",
                  alpha=0.85)


def output_centre(model):
    """The value where the output maps turn from blue to orange: 0.5 for a
    Sigmoid output (a probability), 1 / K for a Softmax over K outputs (chance),
    0 for raw outputs (a logit: class 1 where it is > 0)."""
    layers = [layer for layer in model.layers if type(layer).__name__ != "Dropout"]
    kind = type(layers[-1]).__name__.lower()
    if kind == "sigmoid":
        return 0.5
    if kind == "softmax":
        return 1.0 / node_groups(model)[-1][0].n_out
    return 0.0


def node_groups(model):
    """[(dense_layer, trace_index)]: each Dense and where its activated output is.

    trace_index points into model.trace(x): the output of the last layer before
    the next Dense (its activation, after any dropout), or the final output.
    """
    dense = [i for i, layer in enumerate(model.layers) if isinstance(layer, Dense)]
    if not dense:
        raise ValueError(
            "The network diagram needs a model with at least one Dense layer."
        )
    ends = [*dense[1:], len(model.layers)]
    return [(model.layers[i], end) for i, end in zip(dense, ends, strict=True)]


class NetworkDiagramView:
    """Nodes per layer as maps, links by weight, biases; a large map of one node.

    `features` names the input columns (nnviz.data.features); `feature_fn`
    (X (M, 2) -> Z (M, n_features)) defaults to the one those names define.
    Attributes: fig, ax, sizes (units per column), maps (list of lists of
    AxesImage, [column][unit]), links (LineCollection, one segment per weight,
    in layer order, W row-major), bias_texts (hidden for columns taller than 5),
    bias_marks (one dot per unit: area ~ |b|, colour = sign), large (AxesImage),
    map_note (Text: the plane and what the colours mean), centre (the output
    maps' white value: 0, or 0.5 for a Sigmoid output), selected.
    """

    def __init__(
        self,
        model,
        *,
        features=("x1", "x2"),
        ax=None,
        node_resolution=24,
        extent=((-3.0, 3.0), (-3.0, 3.0)),
        feature_fn=None,
    ):
        self.ax = ax if ax is not None else style.new_axes(size=(5.2, 3.4))
        self.fig, self.features = self.ax.figure, tuple(features)
        self.extent, self.resolution = extent, int(node_resolution)
        self.feature_fn = feature_fn or make_feature_fn(self.features)
        self.groups = node_groups(model)
        self.sizes = [len(self.features)] + [d.n_out for d, _ in self.groups]
        if self.groups[0][0].n_in != len(self.features):
            raise ValueError(
                f"The first Dense layer takes {self.groups[0][0].n_in} inputs but "
                f"{len(self.features)} features were named "
                f"({', '.join(self.features)}). Pass features= with one name per input."
            )
        self.centre = output_centre(model)
        small = style.grid_points(*extent, self.resolution)
        large = style.grid_points(*extent, LARGE_RESOLUTION)
        self._points, self._split = np.r_[small, large], len(small)
        self._draw_static()
        self.selected = None
        self.select(len(self.sizes) - 1, 0, redraw=False)
        self.update(model)
        self._cids = [
            self.fig.canvas.mpl_connect("pick_event", self._on_pick),
            self.fig.canvas.mpl_connect("motion_notify_event", self._on_move),
        ]

    # ---- per-frame update: artist data only -------------------------------

    def update(self, model):
        """Repaint maps, links and biases from `model`'s current weights."""
        self.model, self.groups = model, node_groups(model)
        if [len(self.features)] + [d.n_out for d, _ in self.groups] != self.sizes:
            raise ValueError(
                "This network has another shape than the diagram: build "
                "a new NetworkDiagramView for it."
            )
        self._values = self._node_values(model)
        centre = output_centre(model)
        if centre != self.centre:  # another output activation
            self.centre = centre
            self.map_note.set_text(f"{self._plane}\n{self._colour_note()}")
        for column, images in enumerate(self.maps):
            for unit, image in enumerate(images):
                values = self._values[column][: self._split, unit]
                image.set_data(values.reshape(self.resolution, self.resolution))
                image.set_clim(*_symmetric(values, self._map_centre(column)))
        weights = np.concatenate([d.params["W"].ravel() for d, _ in self.groups])
        widths, alphas = link_style(weights)
        self.links.set_linewidths(widths)
        self.links.set_colors(
            [
                to_rgba(style.POSITIVE if w >= 0 else style.NEGATIVE, a)
                for w, a in zip(weights, alphas, strict=True)
            ]
        )
        self.links.set_linestyles(["-" if w >= 0 else "--" for w in weights])
        biases = np.concatenate([d.params["b"] for d, _ in self.groups])
        colors = [style.POSITIVE if b >= 0 else style.NEGATIVE for b in biases]
        for text, b, color in zip(self.bias_texts, biases, colors, strict=True):
            text.set_text(bias_label(b))
            if text.get_color() != color:  # set only on a change: see background.py
                text.set_color(color)
        self.bias_marks.set_sizes(8 + 40 * np.minimum(np.abs(biases), 2.0))
        self.bias_marks.set_facecolors(colors)
        self._show_large()
        style.redraw(self.fig)

    def select(self, layer_index, unit, *, redraw=True):
        """Show node `unit` of column `layer_index` large (0: inputs, k: Dense k)."""
        if not (
            0 <= layer_index < len(self.sizes) and 0 <= unit < self.sizes[layer_index]
        ):
            raise ValueError(
                f"No node ({layer_index}, {unit}): columns 0..{len(self.sizes) - 1} "
                f"hold {self.sizes} units."
            )
        self.selected = (int(layer_index), int(unit))
        x, y = self._corner(*self.selected)
        self.highlight.set_xy((x - 0.06, y - 0.06))
        if redraw:
            self._show_large()
            style.redraw(self.fig)

    def changing_artists(self):
        """The artists `update` and `select` change (for a BackgroundCache), with
        what lies on or under them (input maps, frames) so the layers stay right."""
        maps = [image for column in self.maps for image in column]
        return [
            *maps,
            self.links,
            self.bias_marks,
            *self.bias_texts,
            self.large,
            self.large_title,
            *self.ax.patches,
        ]

    # ---- drawing once ------------------------------------------------------

    def _draw_static(self):
        ax, n_cols = self.ax, len(self.sizes)
        self._tall = max(self.sizes)
        self._top = PITCH * (self._tall - 1) + SIZE
        segments = [
            [
                (c * GAP + SIZE, self._centre(c, i)),
                ((c + 1) * GAP, self._centre(c + 1, j)),
            ]
            for c in range(n_cols - 1)
            for i in range(self.sizes[c])
            for j in range(self.sizes[c + 1])
        ]
        # no alpha of its own: each link's colour carries it (see link_style)
        self.links = ax.add_collection(LineCollection(segments, zorder=1))
        self.maps, self.bias_texts, corners = [], [], []
        short = self._tall > 5  # tall columns: short titles, no bias numbers
        brief = short or n_cols > 4  # three hidden layers or more: short titles
        for c, n in enumerate(self.sizes):
            self.maps.append([])
            for i in range(n):
                x, y = self._corner(c, i)
                image = _framed_map(ax, x, y, SIZE, picker=True)
                image.node = (c, i)
                self.maps[c].append(image)
                if c == 0:
                    name = LABELS.get(self.features[i], self.features[i])
                    ax.text(x - 0.08, y + SIZE / 2, name, ha="right", va="center")
                else:
                    # starts right of the bias dot at the corner, so neither hides
                    # the other; on a white card, over the links passing under it
                    text = ax.text(x + 0.1, y - 0.1, "", va="top", fontsize=7,
                                   zorder=5, bbox=LABEL_CARD)
                    self.bias_texts.append(text)
                    text.set_visible(not short)
                    corners.append((x, y))
            names = (
                ("in", "out", f"h{c}") if brief else ("input", "output", f"hidden {c}")
            )
            title = names[0] if c == 0 else names[1] if c == n_cols - 1 else names[2]
            # clear of the top node (va bottom: descenders stay above it too)
            ax.text(c * GAP + SIZE / 2, self._top + 0.15, title, ha="center",
                    va="bottom")
        # each unit's bias: a dot at its lower-left corner, area ~ |b|, colour = sign
        self.bias_marks = ax.scatter(
            *np.array(corners).T,
            s=8,
            zorder=4,
            marker="o",
            edgecolors="#333333",
            linewidths=0.5,
        )
        self.highlight = ax.add_patch(
            Rectangle((0, 0), SIZE + 0.12, SIZE + 0.12, fill=False, lw=2.0, zorder=4)
        )
        self._draw_large(left=(n_cols - 1) * GAP + SIZE + 0.6)
        ax.set_aspect("equal")
        ax.set_axis_off()

    def _draw_large(self, left):
        ax, (x0, x1), (y0, y1) = self.ax, *self.extent
        bottom = (self._top - BIG) / 2 - 0.1
        self.large = _framed_map(ax, left, bottom, BIG)
        self._large_centre = left + BIG / 2
        self.large_title = ax.text(self._large_centre, bottom + BIG + 0.05, "",
                                   ha="center", fontsize=style.FONT_SIZE)
        # short lines: the note must fit under the map, which is small in a
        # narrow figure or a tall network
        plane = (
            f"x₁, x₂ ∈ [{x0:g}, {x1:g}]"
            if (x0, x1) == (y0, y1)
            else f"x₁ ∈ [{x0:g}, {x1:g}]\nx₂ ∈ [{y0:g}, {y1:g}]"
        )
        self._plane = plane
        self.map_note = ax.text(left, bottom - 0.08, f"{plane}\n{self._colour_note()}",
                                va="top", fontsize=7, color="#444444")
        positive = Line2D([], [], color=style.POSITIVE, lw=2, label="weight > 0")
        negative = Line2D(
            [], [], color=style.NEGATIVE, lw=2, ls="--", label="weight < 0"
        )
        ax.legend(
            handles=[positive, negative],
            loc="lower left",
            fontsize=7,
            ncols=2,
            frameon=False,
            bbox_to_anchor=(0.0, -0.02),
            borderaxespad=0.0,
        )
        ax.set_xlim(-0.45, left + BIG + 0.1)
        # room under the lowest units for their bias labels above the legend
        low = -0.55 if self._tall > 5 else -0.9
        ax.set_ylim(min(bottom - 0.5, low), max(self._top + 0.6, bottom + BIG + 0.4))

    def _corner(self, column, unit):
        """Lower-left corner of a node; columns are centred vertically."""
        offset = (self._tall - self.sizes[column]) / 2
        return column * GAP, PITCH * (self._tall - 1 - unit - offset)

    def _centre(self, column, unit):
        return self._corner(column, unit)[1] + SIZE / 2

    # ---- values ------------------------------------------------------------

    def _node_values(self, model):
        """[(M, n_units) per column]: features, then each layer's activated output."""
        Z = self.feature_fn(self._points)
        with np.errstate(all="ignore"):  # a diverged network: inf/nan maps, drawn
            trace = drawing.trace(model, Z)  # blank, without a warning per frame
        return [Z] + [trace[end] for _, end in self.groups]

    def _map_centre(self, column):
        """The value drawn white in the maps of `column`: 0, or the output's
        centre (0.5 for a probability)."""
        return self.centre if column == len(self.sizes) - 1 else 0.0

    def _colour_note(self):
        """What the colours of the maps mean (the output's own line if it is a
        probability)."""
        note = "maps: blue < 0 < orange"
        if self.centre:
            # as short as the line above: the note must fit under a small map
            note += f"\nP: blue < {self.centre:.2g} < orange"
        return note

    def _show_large(self):
        column, unit = self.selected
        values = self._values[column][self._split :, unit]
        self.large.set_data(values.reshape(LARGE_RESOLUTION, LARGE_RESOLUTION))
        self.large.set_clim(*_symmetric(values, self._map_centre(column)))
        output = "P(class 1)" if self.centre == 0.5 else "output"
        name = (
            "input " + LABELS.get(self.features[unit], self.features[unit])
            if column == 0
            else output
            if column == len(self.sizes) - 1
            else f"hidden {column}, unit {unit + 1}"
        )
        low, high = np.min(values), np.max(values)
        self.large_title.set_text(
            f"{name}\n{style.short_number(low)} … {style.short_number(high)}"
        )
        self._fit_large_title()

    def _fit_large_title(self):
        """Shrink the large map's caption (never below 6 pt) until it lies inside the
        figure: centred over the map, it can be wider than the map in a tall
        network, where the map is drawn small. Measures one text: cheap."""
        title, size = self.large_title, style.FONT_SIZE
        if not hasattr(self.fig.canvas, "get_renderer"):  # not Agg (nor ipympl)
            title.set_fontsize(size)
            return
        renderer = self.fig.canvas.get_renderer()
        centre = self.ax.transData.transform((self._large_centre, 0))[0]
        room = 2 * min(centre - self.fig.bbox.x0, self.fig.bbox.x1 - centre) - 4
        # measured at the size it has; text width grows in proportion to the size
        width = title.get_window_extent(renderer).width * size / title.get_fontsize()
        fitted = max(6.0, np.floor(2 * size * room / width) / 2) if (
            width > room > 0) else size
        if fitted != title.get_fontsize():  # set only on a change: it redraws
            title.set_fontsize(fitted)

    # ---- mouse ---------------------------------------------------------------

    def _on_pick(self, event):
        node = getattr(event.artist, "node", None)
        if node is not None and node != self.selected:
            self.select(*node)

    def _on_move(self, event):
        if event.inaxes is not self.ax or event.xdata is None:
            return
        column = int(round((event.xdata - SIZE / 2) / GAP))
        if not 0 <= column < len(self.sizes):
            return
        for unit in range(self.sizes[column]):
            x, y = self._corner(column, unit)
            if x <= event.xdata <= x + SIZE and y <= event.ydata <= y + SIZE:
                if (column, unit) != self.selected:
                    self.select(column, unit)
                return


def bias_label(b):
    """ "b +0.25" under a unit, at most 9 characters even for a diverged run's
    biases ("b +1.0e6", "b −3.2e12"), so it stays under its node."""
    return "b " + style.short_number(b, sign=True)


def _framed_map(ax, x, y, size, picker=False):
    """An image filling the square (x, y, size) of data space, with a thin frame."""
    frame = Rectangle((x, y), size, size, fill=False, lw=0.6, ec="#555555", zorder=3)
    ax.add_patch(frame)
    return ax.imshow(
        np.zeros((2, 2)),
        extent=(x, x + size, y, y + size),
        zorder=2,
        origin="lower",
        cmap=style.SIGNED,
        interpolation="bilinear",
        picker=picker,
    )


def _symmetric(values, centre=0.0):
    """Colour limits (centre - m, centre + m) so that `centre` is white; m > 0 even
    for a constant map."""
    m = float(np.max(np.abs(np.asarray(values) - centre))) if np.size(values) else 1.0
    m = m if np.isfinite(m) and m > 0 else 1.0
    return centre - m, centre + m


def link_style(weights):
    """(widths, opacities) of the links for these weights.

    Few links: width 0.4 + 2 |w| (at most 5), opacity 0.85. More than CROWDED:
    thin and faint by |w| relative to the largest weight, so the few strong
    links of a wide network still read through the many weak ones.
    """
    size = np.abs(np.asarray(weights, dtype=float))
    size = np.where(np.isfinite(size), size, 0.0)
    if len(size) <= CROWDED:
        return np.clip(0.4 + 2.0 * size, 0.4, 5.0), np.full(len(size), 0.85)
    share = size / (size.max() or 1.0)
    return 0.25 + 2.25 * share, 0.12 + 0.78 * share

"""Space distortion (Q18): how each layer bends the input plane, one stage at a time.

A Dense layer followed by its activation is three stages, each a simple map of
the whole space:

    × W     h = x @ W          a linear map: rotate, stretch, shear (maybe to more dims)
    + b     h = h + b          a shift
    f       h = f(h)           the nonlinearity bends the space, unit by unit

The grid of the input plane and the data points are carried through every
stage, and `update(position)` slides between stage i and i + 1 by linear
interpolation (position = i + fraction). The last hidden stage is where the
output layer works: it draws one straight line, w · h + b = 0, and that line
is drawn there. If the data are separable by that line, the network has
learned to untangle them; the curved boundary over the input plane is this
line pulled back through every stage.

Layers with two units are shown as they are (h1 against h2). Wider layers are
shown through a fixed 2-D projection, stated on the plot: the two principal
directions of that layer's activated data (its PCA plane), the same for all
three stages of the layer so the shift + b and the bend f stay visible.

Speed: `set_model` computes every stage's coordinates once (one trace of the
points and the grid); `update` only interpolates two arrays and sets the data
of three artists, so scrubbing and playing cost little.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from nnviz.plots import style
from nnviz.plots.space_stages import (
    SUB,
    boundary_line,
    grid_polylines,
    output_line,
    square_limits,
    stage_values,
    steady,
)

#: lines of constant x2 grey, of constant x1 light purple: two families to follow
GRID_COLORS = ("#9A9A9A", "#C3A6D8")
#: the note's font size (pt) and its bottom (axes fraction)
NOTE_SIZE, NOTE_Y = 8, 0.012
#: the note's first line when the model's values are not finite
NOT_FINITE = "⚠ values not finite (training diverged?):\n"
#: room around the data: the shown half-width is this much more than the data's
#: padded half-width (square_limits adds 8 %), so markers on the edges of a tanh
#: square (±1) lie well inside the axes
MARGIN = 1.06


class SpaceDistortionView:
    """Grid lines and data carried stage by stage through a network.

    Shapes: X (N, d) network inputs (or (N, 2) raw points if `feature_fn` maps
    them to the network's inputs); y (N,) labels 0/1 (floats: coloured by value,
    no boundary). `extent` ((x0, x1), (y0, y1)) of the input grid, default the
    data's bounds. Attributes: fig, ax, stages (names), grid_lines (two Line2D:
    lines of constant x2 and of constant x1), points (PathCollection),
    boundary (Line2D), label (Text above the axes: the stage), note (Text in
    a band along the bottom kept free of data: the projection, and the dashed
    line's meaning at the last stage),
    coords (n_stages + 1, N, 2), position, model (the last model given),
    finite (False when the last model given had values that are not finite:
    its frame was not drawn).
    """

    def __init__(
        self, model, X, y, *, ax=None, grid_lines=15, extent=None, feature_fn=None
    ):
        self.ax = ax if ax is not None else style.new_axes(size=(4.4, 3.4))
        self.fig, self.feature_fn = self.ax.figure, feature_fn
        self.X, self.y = np.asarray(X, dtype=float), np.asarray(y).ravel()
        plane = self.X[:, :2] if feature_fn is None else self.X
        self.extent = extent if extent is not None else style.bounds(plane, 0.5)
        self._grid, self._n_grid = grid_polylines(self.extent, grid_lines)
        ax = self.ax
        self.grid_lines = [
            ax.plot([], [], color=c, lw=0.8, zorder=1)[0] for c in GRID_COLORS
        ]
        n, colors = len(self.y), _point_colors(self.y)
        self.points = ax.scatter(
            np.zeros(n),
            np.zeros(n),
            s=16,
            c=colors,
            zorder=3,
            edgecolors="#222222",
            linewidths=0.3,
        )
        label = "output layer: w·h + b = 0"
        (self.boundary,) = ax.plot([], [], "k--", lw=2.2, zorder=4, label=label)
        # The stage is written above the axes (the layout leaves room for its one
        # line), the note in a band along the bottom that the limits keep free of
        # data (_set_limits): neither hides a point at any stage. A tanh layer
        # puts its data in the corners of the square, right where a corner
        # label would sit.
        self.label = ax.text(
            0.0, 1.015, "", va="bottom", ha="left", fontsize=10,
            transform=ax.transAxes, zorder=5,
        )
        box = dict(boxstyle="round,pad=0.25", facecolor="white", alpha=0.7, lw=0)
        self.note = ax.text(
            0.01, NOTE_Y, "", va="bottom", fontsize=NOTE_SIZE, bbox=box, zorder=5,
            transform=ax.transAxes, in_layout=False,
        )
        for axis in (ax.xaxis, ax.yaxis):  # few tick labels: text is most of a render
            axis.set_major_locator(MaxNLocator(5))
            # short labels, no offset text: a diverged network reaches 1e12 here
            axis.set_major_formatter(style.ShortTicks())
        self.position, self._basis, self._line = 0.0, {}, ([], [])
        self.set_model(model)

    def set_points(self, X, y, model=None):
        """Show other data (same artists): X (N, d) inputs, y (N,) labels or values.

        The stages are computed again for `model` (default: the last model
        given). The grid of the plane stays: it is set by `extent`.
        """
        self.X, self.y = np.asarray(X, dtype=float), np.asarray(y).ravel()
        self.points.set_offsets(np.zeros((len(self.y), 2)))
        self.points.set_facecolors(_point_colors(self.y))
        self.set_model(self.model if model is None else model)

    def set_model(self, model):
        """Recompute every stage from the model's current weights (same artists).

        The model may have another shape than the last one (more layers or
        units): the stages are those of the new model.

        A model whose values are not all finite (a diverged run: weights or
        activations that overflowed) changes nothing: the last finite frame
        stays, or nothing is drawn if there was none, `finite` becomes False
        and the note says so. The view never raises on such a model.
        """
        self.model = model
        Z = self.X if self.feature_fn is None else self.feature_fn(self.X)
        G = self._grid if self.feature_fn is None else self.feature_fn(self._grid)
        with np.errstate(all="ignore"):  # overflow is checked below, not warned
            stages, output = stage_values(model, np.r_[Z, G])
            plane = np.r_[self.X, self._grid]
            if self.feature_fn is not None and not np.array_equal(
                stages[0][2], plane
            ):
                stages = [
                    ("input", 0, plane),
                    ("features", 0, stages[0][2]),
                    *stages[1:],
                ]
            frame = self._frame(stages, output, len(Z))
        self.finite = frame is not None
        if frame is None:
            kept = hasattr(self, "coords")
            self._warning = NOT_FINITE + (
                "the last finite frame is shown" if kept else "nothing to show"
            )
            frame = None if kept else self._empty_frame(stages, len(Z))
        if frame is not None:
            for name, value in frame.items():
                setattr(self, name, value)
        self.position = min(self.position, len(self.stages) - 1)
        self.update(self.position)

    def _frame(self, stages, output, n_points):
        """What set_model shows: stages, coords, limits, names, line; or None if
        any of it is not finite."""
        w, c = output_line(output)
        last = stages[-1][1]
        rows = np.isfinite(stages[0][2]).all(axis=1)  # not the grid's NaN breaks
        if not (
            all(np.isfinite(v[rows]).all() for _, _, v in stages)
            and np.isfinite(w).all()
            and np.isfinite(c)
        ):
            return None
        basis_before = dict(self._basis)
        try:
            planes = [
                self._plane(k, v, stages, w if k == last else None)
                for _, k, v in stages
            ]
        except np.linalg.LinAlgError:  # huge values: the SVD did not converge
            planes = None
        shown = planes and [
            (v - centre) @ basis
            for (_, _, v), (centre, basis, _) in zip(stages, planes, strict=True)
        ]
        if not shown or not all(np.isfinite(s[rows]).all() for s in shown):
            self._basis = basis_before  # orientation from the last finite frame
            return None
        limits = steady(
            getattr(self, "limits", None), np.array([square_limits(s) for s in shown])
        )
        frame = dict(
            stages=[name for name, _, _ in stages],
            _layer=[k for _, k, _ in stages],
            coords=np.stack([s[:n_points] for s in shown]),
            grid_coords=np.stack([s[n_points:] for s in shown]),
            limits=limits,
            axis_names=[
                _axis_names(k, v.shape[1], plane[2], k == last)
                for (_, k, v), plane in zip(stages, planes, strict=True)
            ],
        )
        frame["_line"] = ([], [])  # values, not classes: no line
        if np.allclose(self.y, np.round(self.y)):  # classes: the output layer's line
            frame["_line"] = boundary_line(w, c, *planes[-1][:2], limits[-1])
        return frame

    def _empty_frame(self, stages, n_points):
        """Nothing to draw (the first model was already not finite): every stage
        empty, limits those of the input plane."""
        n_stages, n_grid = len(stages), len(self._grid)
        box = square_limits(np.r_[self.X[:, :2], self._grid[:, :2]])
        last = stages[-1][1]
        return dict(
            stages=[name for name, _, _ in stages],
            _layer=[k for _, k, _ in stages],
            coords=np.full((n_stages, n_points, 2), np.nan),
            grid_coords=np.full((n_stages, n_grid, 2), np.nan),
            limits=np.tile(box, (n_stages, 1)),
            axis_names=[_axis_names(k, v.shape[1], 0.0, k == last)
                        for _, k, v in stages],
            _line=([], []),
        )

    def update(self, position):
        """Show the space at `position` in [0, n_stages]: stage i + fraction f."""
        t = float(np.clip(position, 0, len(self.stages) - 1))
        i = min(int(t), len(self.stages) - 2) if len(self.stages) > 1 else 0
        f = t - i
        j = min(i + 1, len(self.stages) - 1)
        grid = (1 - f) * self.grid_coords[i] + f * self.grid_coords[j]
        lim = (1 - f) * self.limits[i] + f * self.limits[j]
        n = self._n_grid
        self.grid_lines[0].set_data(grid[:n, 0], grid[:n, 1])
        self.grid_lines[1].set_data(grid[n:, 0], grid[n:, 1])
        self.points.set_offsets((1 - f) * self.coords[i] + f * self.coords[j])
        last = t >= len(self.stages) - 1 - 1e-9
        self.boundary.set_data(*(self._line if last else ([], [])))
        self.position = t
        self._write(i, j, f, last and len(self._line[0]) > 0)
        self._set_limits(lim)  # after _write: the note's lines set the free band
        style.redraw(self.fig)

    def changing_artists(self):
        """The artists `update` changes (for a BackgroundCache; the axis limits
        change between stages too, which redraws the background)."""
        return [
            self.points,
            *self.grid_lines,
            self.boundary,
            self.label,
            self.note,
            self.ax.xaxis.label,
            self.ax.yaxis.label,
            *self.ax.spines.values(),
        ]

    def overlay_artists(self):
        """The texts on top that change less often than every update (for a
        BackgroundCache's overlay: drawn again only when they change)."""
        return [self.note]

    # ---- helpers ------------------------------------------------------------

    def note_band(self):
        """The height of the band along the bottom of the axes (a fraction of
        the axes' height) that holds the note and is kept free of data."""
        lines = self.note.get_text().count("\n") + 1 if self.note.get_text() else 0
        if not lines:
            return 0.0
        height = self.fig.get_size_inches()[1] * self.ax.get_position().height
        # lines at 1.2 line spacing, the box's padding (0.25 em each side), a gap
        points = NOTE_SIZE * (1.2 * lines + 0.5) + 3
        return min(NOTE_Y + points / 72 / max(height, 1e-3), 0.45)

    def _set_limits(self, lim):
        """Square data limits widened to the axes' shape: one unit is as long in
        x as in y, so rotations and stretches look like what they are. The data
        get a margin all round and stay above the note's band (note_band)."""
        box = self.ax.get_position()
        width, height = self.fig.get_size_inches() * (box.width, box.height)
        band = self.note_band()
        free = height * (1 - band)  # the part of the axes the data may use
        cx, cy, half = (
            (lim[0] + lim[1]) / 2,
            (lim[2] + lim[3]) / 2,
            MARGIN * (lim[1] - lim[0]) / 2,
        )
        hx, hy = (
            (half * width / free, half)
            if width > free
            else (half, half * free / width)
        )
        below = 2 * hy * band / (1 - band)
        self.ax.set(xlim=(cx - hx, cx + hx), ylim=(cy - hy - below, cy + hy))

    def _write(self, i, j, f, line_shown=False):
        near = i if f < 0.5 else j
        step = f"stage {near}/{len(self.stages) - 1}: {self.stages[near]}"
        if 0.02 < f < 0.98:
            step = f"{self.stages[i]} → {self.stages[j]} ({100 * f:.0f}%)"
        layer = f"layer {self._layer[near]}, " if self._layer[near] else ""
        self.label.set_text(layer + step)
        xlabel, ylabel, note = self.axis_names[near]
        self.ax.set(xlabel=xlabel, ylabel=ylabel)
        # the dashed line is named in the note (cheaper to draw than a legend)
        if not self.finite:  # said first: it is why the picture stands still
            note = f"{self._warning}\n{note}"
        self.note.set_text(
            note + ("\n- - -  output layer's line: w·h + b = 0" if line_shown else "")
        )

    def _plane(self, k, values, stages, w=None):
        """(centre, basis (d, 2), explained): display coords = (h - centre) @ basis.

        One or two units: the units themselves. More: the PCA plane of layer k's
        activated data, kept pointing the same way from one call to the next.
        For the last hidden layer (w given: the output layer's weights) the first
        direction is w itself, so the output layer's line is exactly the line
        drawn, and the second is the main spread across w.
        """
        d = values.shape[1]
        if d <= 2:
            return np.zeros(d), np.eye(d, 2), 1.0
        activated = [v for _, layer, v in stages if layer == k][-1][: len(self.y)]
        centre = activated.mean(axis=0)
        spread = activated - centre
        along = None if w is None or not np.any(w) else w / np.linalg.norm(w)
        if along is None:
            basis = np.linalg.svd(spread, full_matrices=False)[2][:2].T
        else:  # w first, then the main spread of what is left across w
            across = spread - np.outer(spread @ along, along)
            basis = np.c_[along, np.linalg.svd(across, full_matrices=False)[2][0]]
        previous = self._basis.get((k, d, along is None))
        if previous is not None:  # keep orientation from one training frame to the next
            signs = np.where((basis * previous).sum(axis=0) < 0, -1.0, 1.0)
            basis = basis * np.r_[1.0 if along is not None else signs[0], signs[1]]
        self._basis[(k, d, along is None)] = basis
        unit = spread / (np.abs(spread).max() or 1.0)  # no overflow in the squares
        explained = ((unit @ basis) ** 2).sum() / max((unit**2).sum(), 1e-300)
        return centre, basis, float(explained)


def _axis_names(k, d, explained, read_by_output=False):
    """(x label, y label, note on the projection) for a stage of layer k, d units."""
    unit, what = ("x", "features") if k == 0 else ("h", "units")
    if d > 2 and read_by_output:
        return (
            "w · h / |w| (what the output layer reads)",
            "main spread across w",
            f"{d} {what} shown on the output direction w\nand the main spread "
            f"across it ({100 * explained:.0f}% of the spread)",
        )
    if d > 2:
        return (
            "principal direction 1",
            "principal direction 2",
            f"{d} {what} shown in their PCA plane:\n2 principal directions, "
            f"{100 * explained:.0f}% of the spread",
        )
    names = [f"{unit}{i + 1}".translate(SUB) for i in range(2)]
    if d == 1:
        names[1] = "(one unit: on a line)"
    note = "one value, drawn on a line" if d == 1 else f"{d} {what} shown directly"
    return *names, ("input plane" if k == 0 and d == 2 else note)


def _point_colors(y):
    if np.allclose(y, np.round(y)):
        return [style.CYCLE[int(k) % len(style.CYCLE)] for k in y]
    low, high = y.min(), y.max()
    return style.DIVERGING((y - low) / ((high - low) or 1.0))

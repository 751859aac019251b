"""Decision boundary: what the network outputs at every point of the input plane.

    values[i, j] = predict([x1_j, x2_i])      over a resolution x resolution grid

The values (P(class 1) in [0, 1], or a regression output) are shown as an image,
blue -> white -> orange, with the training points on top (filled) and the test
points hollow. "Discretize" shows only which side of 0.5 each point falls on,
which is the decision the classifier actually makes.

    view = DecisionBoundaryView(X_train, y_train, X_test, y_test)
    view.update(model_predictor(model))    # after every few training steps

Speed: one `predict` call over the whole grid (10,000 points at 100x100), in
float32 with `model_predictor` (nnviz/plots/float32.py), then `image.set_data`;
the grid is fixed, so the axes never move. Lower the resolution while training
plays (`set_resolution(50)`), raise it on pause.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from nnviz.data.features import feature_fn as make_feature_fn
from nnviz.nn import activations
from nnviz.plots import float32 as drawing
from nnviz.plots import style

#: The field is a pale copy of style.DIVERGING so that the points on top, drawn
#: in the full class colours, stand out from the region they fall in.
FIELD = LinearSegmentedColormap.from_list(
    "nnviz_field", ["#7FB8D8", "#F7F7F7", "#F2CF7F"]
)


class DecisionBoundaryView:
    """Output over the input plane as an image, train (filled) and test (hollow) points.

    Shapes: X_train (N, 2), y_train (N,) labels 0/1 (or floats if regression);
    X_test (M, 2), y_test (M,). `extent` ((x_min, x_max), (y_min, y_max)) fixes
    the plane; by default the points' bounds widened by `margin`.
    Attributes: fig, ax, image (AxesImage), train_points / test_points (lists of
    PathCollections, one per class; one collection if regression), values (R, R).
    """

    def __init__(
        self,
        X_train,
        y_train,
        X_test=None,
        y_test=None,
        *,
        ax=None,
        resolution=100,
        margin=0.5,
        regression=False,
        extent=None,
    ):
        self.ax = ax if ax is not None else style.new_axes()
        self.fig = self.ax.figure
        self.regression, self.discretize = bool(regression), False
        points = (
            np.asarray(X_train)
            if X_test is None or not len(X_test)
            else np.r_[np.asarray(X_train), np.asarray(X_test)]
        )
        self.extent = extent if extent is not None else style.bounds(points, margin)
        (x0, x1), (y0, y1) = self.extent
        self.set_resolution(resolution)
        self.values = np.full((self.resolution, self.resolution), np.nan)
        self.clim = (0.0, 1.0) if not self.regression else _value_range(y_train)
        self.image = self.ax.imshow(
            self.values,
            origin="lower",
            extent=(x0, x1, y0, y1),
            aspect="auto",
            cmap=FIELD,
            vmin=self.clim[0],
            vmax=self.clim[1],
            interpolation="bilinear",
            zorder=0,
        )
        self.train_points, self.test_points = [], []
        self.set_points(X_train, y_train, X_test, y_test, redraw=False)
        self.ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="x₁", ylabel="x₂")
        self.ax.set_title("network output" if self.regression else "P(class 1)")
        self.ax.legend(
            handles=self._legend_handles(),
            loc="upper left",
            fontsize=8,
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            handletextpad=0.1,
            borderpad=0.1,
            borderaxespad=0.2,
            labelspacing=0.3,
        )

    def update(self, predict):
        """Repaint from `predict`: points (M, 2) -> values (M,)."""
        values = np.asarray(predict(self.grid), dtype=float).reshape(self.shape)
        self.values = values
        self._show()
        style.redraw(self.fig)

    def changing_artists(self):
        """The artists `update` and `set_points` change (for a BackgroundCache)."""
        return [
            self.image,
            *self.train_points,
            *self.test_points,
            *self.ax.spines.values(),
        ]

    def set_discretize(self, flag=True):
        """Show only the decision (value >= 0.5, or >= the mid value if regression)."""
        self.discretize = bool(flag)
        self._show()
        style.redraw(self.fig)

    def set_resolution(self, resolution):
        """Grid size for the next `update` (50 while training plays, 100 paused)."""
        if int(resolution) < 2:
            raise ValueError(
                f"resolution must be at least 2 grid points, got {resolution}."
            )
        self.resolution = int(resolution)
        self.shape = (self.resolution, self.resolution)
        self.grid = style.grid_points(*self.extent, self.resolution)

    def set_points(self, X_train, y_train, X_test=None, y_test=None, *, redraw=True):
        """Show other data with the same artists (offsets and colours only)."""
        self._fill(self.train_points, X_train, y_train, test=False)
        if X_test is None:
            X_test, y_test = np.zeros((0, 2)), np.zeros(0)
        self._fill(self.test_points, X_test, y_test, test=True)
        if redraw:
            style.redraw(self.fig)

    # ---- helpers ---------------------------------------------------------

    def _show(self):
        values = self.values
        if self.discretize:
            mid = 0.5 if not self.regression else sum(self.clim) / 2
            values = np.where(np.isnan(values), np.nan, (values >= mid) * 1.0)
            values = self.clim[0] + values * (self.clim[1] - self.clim[0])
        self.image.set_data(values)
        self.image.set_interpolation("nearest" if self.discretize else "bilinear")

    def _fill(self, artists, X, y, *, test):
        X, y = np.asarray(X, dtype=float).reshape(-1, 2), np.asarray(y).ravel()
        if self.regression:
            if not artists:
                artists.append(
                    self.ax.scatter(
                        [],
                        [],
                        s=22,
                        marker="s" if test else "o",
                        linewidths=1.4 if test else 0.4,
                        zorder=3,
                        label="test" if test else "train",
                    )
                )
            colors = style.DIVERGING((y - self.clim[0]) / (self.clim[1] - self.clim[0]))
            artists[0].set_offsets(X)
            if test:
                artists[0].set_facecolors("white")
                artists[0].set_edgecolors(colors)
            else:
                artists[0].set_facecolors(colors)
                artists[0].set_edgecolors("#333333")
            return
        labels = y.astype(int)
        n_classes = max(2, labels.max() + 1 if len(labels) else 2)
        while len(artists) < n_classes:  # built once; later calls only set offsets
            artists.append(_class_artist(self.ax, len(artists), test))
        for k, artist in enumerate(artists):
            artist.set_offsets(X[labels == k])
            artist.set_sizes([point_size(len(X))])

    def _legend_handles(self):
        has_test = any(len(a.get_offsets()) for a in self.test_points)
        return self.train_points + (self.test_points if has_test else [])


def point_size(n_points):
    """Marker area in points²: 22 for a data set of a few hundred points, up to
    90 for a handful (the four XOR corners), so that few points are seen."""
    return float(np.clip(1200 / max(n_points, 1), 22, 90))


def _class_artist(ax, k, test):
    """An empty scatter drawn like style.class_scatter draws class k."""
    color = style.CYCLE[k % len(style.CYCLE)]
    return ax.scatter(
        [],
        [],
        s=22,
        marker=style.CLASS_MARKERS[k % 8],
        zorder=3,
        facecolors="white" if test else color,
        edgecolors=color if test else "#222222",
        linewidths=1.6 if test else 0.4,
        label=(f"test {k}" if test else f"class {k}"),
    )


def _value_range(y):
    y = np.asarray(y, dtype=float)
    low, high = float(np.min(y)), float(np.max(y))
    pad = 0.1 * (high - low) or 1.0
    return low - pad, high + pad


def model_predictor(model, features=None, output="auto", *, float32=True):
    """A `predict(P)` for the view: points P (M, 2) -> one value per point (M,).

    features: None (the network takes x1, x2), a list of feature names
    (nnviz.data.features, e.g. ["x1", "x2", "x1x2"]) or a function X -> Z.
    output: "auto" reads the last layer: after a Sigmoid the output is already
    P(class 1); after Softmax, column 1; a raw single output is a logit
    (sigmoid applied) and raw K outputs are logits (softmax, column 1).
    "logit" forces the sigmoid/softmax; "probability" takes the output as is;
    "regression" (or "raw") returns the raw first column.
    float32: the forward pass in float32 (nnviz.plots.float32: faster on a big
    grid, the same picture); False: the model's own float64 pass.
    """
    if features is None:
        transform = None
    elif callable(features):
        transform = features
    else:
        transform = make_feature_fn(features)
    if output not in ("auto", "logit", "probability", "regression", "raw"):
        raise ValueError(
            "output must be 'auto', 'logit', 'probability' or 'regression'; "
            f"got {output!r}."
        )
    last = type(model.layers[-1]).__name__ if hasattr(model, "layers") else ""
    if output == "auto":
        output = "probability" if last in ("Sigmoid", "Softmax") else "logit"

    def predict(P):
        Z = P if transform is None else transform(P)
        if float32 and hasattr(model, "layers"):
            out = drawing.forward(model, Z)
        elif hasattr(model, "predict"):
            out = np.asarray(model.predict(Z))
        else:
            out = np.asarray(model(Z))
        out = out.reshape(len(P), -1)
        if output in ("regression", "raw"):
            return out[:, 0]
        if out.shape[1] == 1:
            return (
                out[:, 0] if output == "probability" else activations.sigmoid(out[:, 0])
            )
        probs = out if output == "probability" else activations.softmax(out, axis=1)
        return probs[:, 1]

    return predict

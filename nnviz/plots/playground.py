"""The playground's four figures, kept together: boundary, network, loss curves, space.

`PlaygroundViews(session)` builds each figure once. `install(session)` points
them at a new data set or network: artists are reused where the shapes allow
(new points, same network shape), and a view is rebuilt on its own figure
only when its structure changed (another architecture, regression <-> classes).
`paint(session, full=...)` is the per-frame update: artist data only.

Speed: each figure renders its unchanging parts (axes, ticks, labels,
legends) once and then only the artists that change (BackgroundCache); while
training plays, the boundary is computed at PLAY_RESOLUTION and
the space view is refreshed every SPACE_EVERY frames; a paused panel is
painted at FULL_RESOLUTION. The session is any object with .data (a Dataset),
.model, .config (features, hidden), .regression, .feature_fn and
.predict(points) -> values; nnviz.widgets.session.Session is one.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from . import style
from .background import BackgroundCache
from .boundary import DecisionBoundaryView
from .curves import LossCurveView
from .network import NetworkDiagramView
from .space import SpaceDistortionView

EXTENT = ((-3.0, 3.0), (-3.0, 3.0))
SIZES = {
    "boundary": (3.9, 3.4),
    "network": (5.2, 3.4),
    "loss": (3.9, 2.4),
    "space": (4.4, 3.4),
}


class PlaygroundViews:
    """Boundary, network diagram, loss curves and space distortion of one session."""

    PLAY_RESOLUTION, FULL_RESOLUTION, SPACE_EVERY = 50, 100, 5

    def __init__(self, session):
        self.names = list(SIZES)
        figures = [style.new_figure(size=SIZES[name]) for name in self.names]
        self.figures = [fig for fig, _ in figures]
        self.views = [None] * 4
        # the space view starts at its last stage, where the output line is drawn
        self.position, self.resolution, self._keys = np.inf, self.FULL_RESOLUTION, {}
        self.loss = self.views[2] = LossCurveView(ax=figures[2][1])
        self.caches = [BackgroundCache(fig, getattr(self, f"_{name}_artists"))
                       for fig, name in zip(self.figures, self.names, strict=True)]
        self.install(session)

    @property
    def boundary(self):
        return self.views[0]

    @property
    def network(self):
        return self.views[1]

    @property
    def space(self):
        return self.views[3]

    def figure(self, name):
        """A figure by name: "boundary", "network", "loss" or "space"."""
        if name not in self.names:
            raise ValueError(
                f"No figure {name!r}; choose one of: {', '.join(self.names)}."
            )
        return self.figures[self.names.index(name)]

    def _axes(self, index):
        fig = self.figures[index]
        fig.clear()
        fig.set_layout_engine("constrained")
        return fig.add_subplot()

    @staticmethod
    def _freeze(fig):
        """Lay the figure out once, then keep that layout: about half of every render
        is constrained layout re-solving a layout that never changes."""
        if fig.get_layout_engine() is not None:
            fig.draw_without_rendering()
            fig.set_layout_engine("none")

    def install(self, session):
        """Show a new session: same artists where possible, rebuilt views where not."""
        for cache in self.caches:
            cache.enabled = False
        data, config = session.data, session.config
        keys = {
            "regression": session.regression,
            "network": (
                config.features,
                config.hidden,
                config.activation,
                config.dropout,
                session.regression,
                config.loss,
            ),
            "data": id(data),
        }
        if self._keys.get("regression") != keys["regression"]:
            self.views[0] = DecisionBoundaryView(
                data.X_train,
                data.y_train,
                data.X_test,
                data.y_test,
                ax=self._axes(0),
                resolution=self.resolution,
                extent=EXTENT,
                regression=session.regression,
            )
            self._notice = self.boundary.ax.text(
                0.5,
                0.5,
                "",
                transform=self.boundary.ax.transAxes,
                ha="center",
                va="center",
                fontsize=9,
                visible=False,
                zorder=10,
                bbox=dict(boxstyle="round", facecolor="white", edgecolor="#D55E00"),
            )
        elif self._keys.get("data") != keys["data"]:
            self.boundary.set_points(
                data.X_train, data.y_train, data.X_test, data.y_test
            )
        if self._keys.get("network") != keys["network"]:
            self.views[1] = NetworkDiagramView(
                session.model,
                features=config.features,
                ax=self._axes(1),
                extent=EXTENT,
                feature_fn=session.feature_fn,
            )
        if (
            self._keys.get("network") != keys["network"]
            or self._keys.get("data") != keys["data"]
        ):
            self.views[3] = SpaceDistortionView(
                session.model, data.X_train, data.y_train, ax=self._axes(3),
                extent=EXTENT, feature_fn=session.feature_fn)
            self.position = min(self.position, self.n_stages)
        self._keys = keys
        self.loss.reset()
        self._notice.set_visible(False)
        for view in (self.boundary, self.loss, self.space):
            _few_ticks(view.ax)
        for fig, cache in zip(self.figures, self.caches, strict=True):
            self._freeze(fig)
            cache.invalidate()
            cache.enabled = True

    # What changes from frame to frame (the rest is rendered once: see background.py)

    def _boundary_artists(self):
        b = self.boundary
        return [b.image, *b.train_points, *b.test_points, self._notice,
                *b.ax.spines.values()]

    def _network_artists(self):
        n = self.network
        maps = [image for column in n.maps[1:] for image in column]
        return [*maps, n.links, *n.bias_texts, n.large, n.large_title, *n.ax.patches]

    def _loss_artists(self):
        return [self.loss.train_line, self.loss.test_line, *_legend(self.loss.ax)]

    def _space_artists(self):
        s = self.space
        return [s.points, *s.grid_lines, s.boundary, s.label, s.note, *_legend(s.ax)]

    @property
    def n_stages(self) -> int:
        return len(self.space.stages) - 1

    def paint(self, session, *, full=True, space=True):
        """Repaint from the session's current weights (lower resolution unless full)."""
        resolution = self.FULL_RESOLUTION if full else self.PLAY_RESOLUTION
        if resolution != self.resolution:
            self.boundary.set_resolution(resolution)
            self.resolution = resolution
        self.boundary.update(session.predict)
        self.network.update(session.model)
        if space:
            self.space.set_model(session.model)
            self.space.update(self.position)

    def space_to(self, position):
        """Move the space view to a stage position in [0, n_stages]."""
        self.position = float(position)
        self.space.update(self.position)

    def notice(self, text):
        """Write a message across the boundary plot (e.g. why training stopped)."""
        self._notice.set_text(text)
        self._notice.set_visible(True)
        style.redraw(self.figures[0])

    def render(self):
        """Draw every figure now (Agg in tests and benchmarks; draw_idle otherwise)."""
        for fig in self.figures:
            fig.canvas.draw()


def _legend(ax):
    """[the legend] if ax has one: drawn again on top of lines that may cross it."""
    legend = ax.get_legend()
    return [] if legend is None else [legend]


def _few_ticks(ax, n=4):
    """At most n labelled ticks per axis: each tick label costs about a millisecond
    of every render (text layout and glyphs), the largest part of a frame."""
    for axis in (ax.xaxis, ax.yaxis):
        if axis.get_scale() == "linear":
            axis.set_major_locator(MaxNLocator(n, steps=[1, 2, 2.5, 5, 10]))

"""The playground's four figures, kept together: boundary, network, loss curves, space.

`PlaygroundViews(session)` builds each figure once. `install(session)` points
them at a new data set or network: artists are reused where the shapes allow
(new points, another network of the same shape, and the space view for any
network), and a view is rebuilt on its own figure only when its structure
changed (the diagram's columns, classes <-> regression, the input features).
`paint(session, full=...)` is the per-frame update: artist data only.

What may wait: `install` and `paint(..., later=...)` leave the network diagram
and the space view out of date (`pending` says which), and `settle()` brings
them up to date. The panel calls it a moment after the last move of a drag
(nnviz/playground/later.py), so a slider answers with the boundary at once.

Speed: each figure renders its unchanging parts (axes, ticks, labels,
legends) once and then only the artists that change (BackgroundCache), with
its texts on top kept as a picture until one of them changes (the cache's
overlay); while training plays, the boundary is computed at PLAY_RESOLUTION and
the space view is refreshed every SPACE_EVERY frames; a paused panel is
painted at FULL_RESOLUTION. The session is any object with .data (a Dataset),
.model, .config (features, hidden), .regression, .feature_fn and
.predict(points) -> values; nnviz.playground.session.Session is one.
"""

from __future__ import annotations

import numpy as np
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from nnviz.playground.network_view import NetworkDiagramView
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.boundary import DecisionBoundaryView
from nnviz.plots.curves import LossCurveView
from nnviz.plots.space import SpaceDistortionView

EXTENT = ((-3.0, 3.0), (-3.0, 3.0))
#: What may be out of date in the boundary, the network diagram and the space view
BOUNDARY = {"boundary shape"}
NETWORK = {"network", "network shape"}
SPACE = {"space", "space data", "space features", "space layout"}
#: inches at 100 dpi. Two figures side by side take 7.5 in (750 px): the room
#: JupyterLab leaves right of the controls in a 1280 px wide window, so no
#: figure is cut off at the right edge of the notebook.
SIZES = {
    "boundary": (3.3, 3.4),
    "network": (4.2, 3.4),
    "loss": (3.3, 2.4),
    "space": (4.2, 3.4),
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
        self.caches = [
            BackgroundCache(fig, getattr(self, f"_{name}_artists"),
                            getattr(self, f"_{name}_texts"))
            for fig, name in zip(self.figures, self.names, strict=True)
        ]
        self._stale, self._space_key = set(), None
        self._relayout(2)
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
        style.freeze_layout(fig)

    def install(self, session):
        """Show a new session: the same artists where possible, views rebuilt where not.

        Done now: the boundary's points and the loss curves (emptied). Brought
        up to date by `settle`, which the panel calls a moment later: the
        boundary view when it must be rebuilt (between classes and regression:
        until then the old one says so), the network diagram (rebuilt only
        when its columns change: features or units) and the space view (given
        the new data and network).
        """
        data, config = session.data, session.config
        keys = {
            "regression": session.regression,
            "network": (config.features, config.hidden),
            "data": id(data),
        }
        if self.views[0] is None:
            self._build_boundary(session)
        elif self._keys.get("regression") != keys["regression"] or (
            self._stale & BOUNDARY
        ):  # another kind of view (or one is already waiting): rebuilt by settle
            self._stale.add("boundary shape")
        elif self._keys.get("data") != keys["data"]:
            self.boundary.set_points(
                data.X_train, data.y_train, data.X_test, data.y_test, redraw=False
            )
        if self._keys.get("network") != keys["network"]:
            self._stale.add("network shape")
        if self._keys.get("network", (None,))[0] != config.features:
            self._stale.add("space features")  # another feature function: rebuilt
        if self._keys.get("data") != keys["data"]:
            self._stale.add("space data")
        self._stale.update(("network", "space"))
        self._keys, self.session = keys, session
        self.loss.reset()
        self.notice("drawing the new data…" if self._stale & BOUNDARY else None)
        if self.views[1] is None:  # the first session: every view now
            self.settle()

    def _build_boundary(self, session):
        data, cache = session.data, self.caches[0]
        cache.enabled = False
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
        self.boundary.discretize = bool(session.config.discretize)
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
        self._relayout(0)

    def _build_network(self, session):
        self.caches[1].enabled = False
        self.views[1] = NetworkDiagramView(
            session.model,
            features=session.config.features,
            ax=self._axes(1),
            extent=EXTENT,
            feature_fn=session.feature_fn,
        )
        self._relayout(1)

    def _build_space(self, session):
        data = session.data
        self.caches[3].enabled = False
        self.views[3] = SpaceDistortionView(
            session.model, data.X_train, data.y_train, ax=self._axes(3),
            extent=EXTENT, feature_fn=session.feature_fn)
        self._relayout(3)

    def _relayout(self, index):
        """After a view was built on figure `index`: few ticks, the layout solved
        once, and the figure's cached background drawn again at the next render."""
        view = self.views[index]
        if index != 1:
            _few_ticks(view.ax)
        self._freeze(self.figures[index])
        self.caches[index].invalidate()
        self.caches[index].enabled = True
        if index == 3:
            self._space_key = None

    def settle(self):
        """Bring every view up to the last session's weights (rebuilding the
        boundary view or the diagram if their kind or shape changed). Returns
        what was out of date (an empty set: nothing was)."""
        stale = self.pending
        self._bring_up_to_date(("boundary", "network", "space"))
        return stale

    def _bring_up_to_date(self, which):
        session, stale = self.session, self._stale
        if "boundary" in which and stale & BOUNDARY:
            self._build_boundary(session)
            self.boundary.update(session.predict)
            stale -= BOUNDARY
        if "network" in which and (self.views[1] is None or stale & NETWORK):
            if self.views[1] is None or "network shape" in stale:
                self._build_network(session)
            else:
                self.network.update(session.model)
            stale -= NETWORK
        if "space" in which and (self.views[3] is None or stale & SPACE):
            if self.views[3] is None or "space features" in stale:
                self._build_space(session)
            elif "space data" in stale:
                data = session.data
                self.space.set_points(data.X_train, data.y_train, session.model)
            elif "space" in stale:
                self.space.set_model(session.model)
            if stale & SPACE != {"space layout"}:  # new stages: show the position
                self.position = min(self.position, self.n_stages)
                self.space.update(self.position)
            stale -= SPACE
            self._keep_space_inside()

    # What changes from frame to frame (the rest is rendered once: see
    # background.py), and the texts on top that change now and then (drawn in
    # the cache's overlay: text is the dearest thing to draw)

    def _boundary_artists(self):
        b = self.boundary
        return [b.image, *b.train_points, *b.test_points, *b.ax.spines.values()]

    def _boundary_texts(self):
        return [self._notice]

    def _network_artists(self):
        n = self.network
        maps = [image for column in n.maps[1:] for image in column]
        # the large map's title says its range: it changes with every weight
        return [*maps, n.links, n.bias_marks, n.large, n.large_title, *n.ax.patches]

    def _network_texts(self):
        # the biases change only with a bias; the colour note with the loss
        return [*self.network.bias_texts, self.network.map_note,
                *_legend(self.network.ax)]

    def _loss_artists(self):
        return [self.loss.train_line, self.loss.test_line]

    def _loss_texts(self):
        return [self.loss.note, *_legend(self.loss.ax)]

    def _space_artists(self):
        s = self.space
        # the stage's name changes with every move of the stage slider
        return [s.points, *s.grid_lines, s.boundary, s.label]

    def _space_texts(self):
        s = self.space
        return [s.note, *_legend(s.ax)]

    @property
    def n_stages(self) -> int:
        return len(self.space.stages) - 1

    def paint(self, session, *, full=True, space=True, later=()):
        """Repaint from the session's current weights (lower resolution unless full).

        The boundary is repainted now. later: views ("network", "space") left
        for `settle`, which the panel calls a moment later; space=False leaves
        the space view for then too (a playing frame refreshes it only every
        few frames).
        """
        self.session = session
        resolution = self.FULL_RESOLUTION if full else self.PLAY_RESOLUTION
        if resolution != self.resolution:
            self.boundary.set_resolution(resolution)
            self.resolution = resolution
        if not self._stale & BOUNDARY:  # else the old kind of view: settle's work
            self.boundary.update(session.predict)
        self._stale.update(("network", "space"))  # new weights: both out of date
        now = {"network", "space"} - set(later) - (set() if space else {"space"})
        self._bring_up_to_date(now)

    @property
    def pending(self) -> set:
        """What `settle` would bring up to date (empty: every view is current)."""
        return set(self._stale)

    def space_to(self, position):
        """Move the space view to a stage position in [0, n_stages].

        Whether its labels still fit the figure is checked by `settle`, a
        moment later (the panel asks for it): a few milliseconds saved per
        move of a drag.
        """
        self.position = float(position)
        self.space.update(self.position)
        self._stale.add("space layout")

    def _keep_space_inside(self):
        """Lay the space figure out again if its labels no longer fit in it.

        Its layout is solved once (_freeze), for the stage shown then; another
        stage has other axis labels, and other limits other tick labels (wider
        ones after a diverged run). Checked only when those texts change length
        (about 0.5 ms); measured (a few ms) only then; laid out again (no
        render) only when something sticks out. The axes only ever shrink,
        so scrubbing back and forth does not lay the figure out each time.
        """
        ax, fig = self.space.ax, self.figures[3]
        key = (ax.get_xlabel(), ax.get_ylabel(), _tick_lengths(ax.xaxis),
               _tick_lengths(ax.yaxis))
        if key == self._space_key:
            return
        self._space_key = key
        for _ in range(2):  # the new box changes the limits, so once more at most
            if _inside(fig, ax):
                return
            old = ax.get_position()
            ConstrainedLayoutEngine().execute(fig)  # positions only: no draw
            box = Bbox.intersection(old, ax.get_position())
            if box is not None:
                ax.set_position(box)
                ax.set_in_layout(True)  # set_position took it out of the next layout
            self.caches[3].invalidate()
            self.space.update(self.position)  # square limits for the new box

    def notice(self, text):
        """Write a message across the boundary plot (e.g. why training stopped);
        None takes it away."""
        if text is None and not self._notice.get_visible():
            return
        self._notice.set_text(text or "")
        self._notice.set_visible(text is not None)
        style.redraw(self.figures[0])

    def render(self):
        """Draw every figure now (Agg in tests and benchmarks; draw_idle otherwise)."""
        for fig in self.figures:
            fig.canvas.draw()


def _tick_lengths(axis):
    """Characters in each tick label the axis shows now (without drawing it)."""
    low, high = sorted(axis.get_view_interval())
    locs = [v for v in axis.get_majorticklocs() if low <= v <= high]
    return tuple(len(t) for t in axis.get_major_formatter().format_ticks(locs))


def _inside(fig, ax, pad=0.5):
    """Whether ax's tick labels and axis labels lie inside fig (pixels)."""
    tight, box = ax.get_tightbbox(fig.canvas.get_renderer()), fig.bbox
    return (
        tight.x0 >= box.x0 - pad
        and tight.y0 >= box.y0 - pad
        and tight.x1 <= box.x1 + pad
        and tight.y1 <= box.y1 + pad
    )


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

"""Render a figure's unchanging parts once; later renders paint that picture back and
draw only the artists that change.

Why: in a playground frame most of the Agg render is text that never changes
(tick labels, axis labels, titles, legends), about a millisecond per label,
while the things that move (an image, points, lines) are cheap. This is
matplotlib's blitting recipe (copy_from_bbox, restore_region, draw an artist)
applied inside `Figure.draw`, so it also works where `canvas.blit` does not
(ipympl): the canvas still renders, and sends, the whole figure; it renders it
faster.

    cache = BackgroundCache(fig, lambda: [view.image, *view.points])
    cache.invalidate()          # after changing anything not in that list

The background is redrawn by itself when the renderer changes (a new size or
dpi) or when any axes' limits or position change. Saving (savefig, GIF and
HTML export) always draws everything. A draw at new limits (a slider that
changes a depth, a number of epochs) costs what a plain draw of everything
costs (the background, then the changing artists over it), and the next draw
at those limits is cheap. The backgrounds of the last `KEPT` settings are
kept: moving back is cheap.

Text is the dearest thing to draw (every glyph is rendered again at every
draw: a three-line note costs more than the hundreds of points under it),
and a text on top of a plot changes far less often than the points under it.
Give such artists as `overlay`: they are drawn once into a transparent layer,
and each render lays that picture over the changing artists (one image:
cheap). The layer is drawn again when one of them changed (matplotlib marks
an artist "stale" when any of its properties is set), and with the background.

    cache = BackgroundCache(fig, lambda: [view.points], overlay=lambda: [view.note])

Many changing texts of which a move changes a few (a graph's values and
gradients: the numbers a slider touches) are still dear to draw all again.
With `incremental=True`, a draw keeps its picture, and the next one draws
again only the rectangles where a changing artist changed (matplotlib marks
it "stale" when any property is set): there, the background and every
changing artist that reaches into the rectangle; elsewhere, the last picture.
For views of texts, lines and patches only (their window extents are exact).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import Collection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

#: How many backgrounds (one per setting of the axes' limits) a cache keeps.
KEPT = 3
#: Pixels added around a changed artist's extent (anti-aliasing, line widths).
PAD = 4


class BackgroundCache:
    """Figure.draw replaced by: background picture, the `dynamic()` artists, then
    the `overlay()` artists' picture.

    dynamic: a function returning the artists that change between frames (it
    is called at every draw, so views rebuilt later are followed). They are
    drawn in zorder on top of the background, with the cheap unchanging
    artists a full draw would paint over them (a frame, a reference line).
    overlay: optional, a function returning artists drawn on top of
    everything (texts, legends) that change now and then (those also listed
    by `dynamic` are drawn in the overlay only); they are drawn again only
    when one of them changed. Artists
    drawn above an overlay artist must not be left out of it: an overlay is
    always on top. `full_draws` counts the background renders and
    `overlay_draws` the overlay's, for tests and benchmarks.
    incremental: draw again only where a changing artist changed (module
    docstring); `redrawn` counts the artists the last draw drew.
    """

    def __init__(self, fig, dynamic, overlay=None, *, incremental=False):
        self.fig, self.dynamic, self.overlay = fig, dynamic, overlay or (lambda: [])
        self._draw_everything = fig.draw
        self._backgrounds = {}  # state -> picture, oldest first (at most KEPT)
        self._key = None  # the state drawn last
        self._layer, self.full_draws, self.overlay_draws = None, 0, 0
        self.enabled = True  # False: draw everything (e.g. while views are rebuilt)
        self.incremental, self.redrawn = incremental, 0
        self._last = None  # incremental: (artists' ids, picture, their extents)
        fig.draw = self.draw  # an instance attribute: the canvas calls this one

    def differing_pixels(self, tolerance=3):
        """(H, W) bool: where a cached draw differs from a full draw by more than
        `tolerance` levels in a channel (an overlay's anti-aliased edges round a
        level or two differently). Draws twice through the cache (the second
        time over the kept background), then once in full. For tests and checks:
        a changing artist left out of `dynamic` shows up here."""
        canvas = self.fig.canvas
        canvas.draw()
        canvas.draw()
        fast = np.asarray(canvas.buffer_rgba()).astype(int)
        self.enabled = False
        try:
            canvas.draw()
            full = np.asarray(canvas.buffer_rgba()).astype(int)
        finally:
            self.enabled = True
        return np.abs(fast - full).max(axis=-1) > tolerance

    def invalidate(self):
        """Render the background (and the overlay) again at the next draw."""
        self._backgrounds.clear()
        self._layer = self._last = None

    def _state(self, renderer):
        axes = tuple((*ax.viewLim.bounds, *ax.get_position().bounds)
                     for ax in self.fig.axes)
        return id(renderer), renderer.width, renderer.height, axes

    def draw(self, renderer):
        saving = self.fig.canvas.is_saving()
        if saving or not self.enabled or not hasattr(renderer, "copy_from_bbox"):
            # the overlay's and changing artists are no longer marked stale
            self._layer = self._last = None
            return self._draw_everything(renderer)
        key = self._state(renderer)
        background = self._backgrounds.get(key)
        overlay = list(self.overlay())
        on_top = {id(a) for a in overlay}  # drawn in the overlay, not twice
        dynamic = [a for a in self.dynamic() if a.get_visible() and id(a) not in on_top]
        artists = self._in_draw_order(dynamic, on_top)
        if background is None:
            hidden = [a for a in (*artists, *overlay) if a.get_visible()]
            for artist in hidden:
                artist.set_visible(False)
            try:
                self._draw_everything(renderer)
            finally:
                for artist in hidden:  # (a hidden overlay text stays hidden)
                    artist.set_visible(True)
            key = self._state(renderer)  # drawing may have settled the limits
            # the renderer's whole pixels (fig.bbox may fall just short of a row)
            everything = Bbox.from_bounds(0, 0, renderer.width, renderer.height)
            self._backgrounds[key] = renderer.copy_from_bbox(everything)
            while len(self._backgrounds) > KEPT:
                del self._backgrounds[next(iter(self._backgrounds))]
            self.full_draws += 1
            self._last = None
        else:
            renderer.restore_region(background)
        if key != self._key:
            self._key, self._layer, self._last = key, None, None  # texts may sit
            # at data places
        if self.incremental:
            self._draw_changed(renderer, artists)
        else:
            for artist in artists:
                artist.draw(renderer)
            self.redrawn = len(artists)
        self._draw_overlay(renderer, overlay)
        self.fig.stale = False

    def _draw_changed(self, renderer, artists):
        """Over the restored background: draw `artists` where one changed since
        the last draw, and lay the last picture everywhere else (incremental)."""
        ids = [id(a) for a in artists]
        if self._last is None or self._last[0] != ids:  # the first, or others
            for artist in artists:
                artist.draw(renderer)
                artist.stale = False  # (an empty text's draw leaves it stale)
            self.redrawn = len(artists)
            picture = np.asarray(renderer.buffer_rgba()).copy()
            self._last = (ids, picture, [_extent(a, renderer) for a in artists])
            return
        _, picture, extents = self._last
        boxes = []  # where the changed artists were, and are now
        for i, artist in enumerate(artists):
            if artist.stale:
                now = _extent(artist, renderer)
                boxes.append(_padded(extents[i], now))
                extents[i] = now
        drawn = 0
        for artist, extent in zip(artists, extents, strict=True):
            if any(_overlap(extent, box) for box in boxes):
                artist.draw(renderer)
                artist.stale = False
                drawn += 1
        self.redrawn = drawn
        pixels = np.asarray(renderer.buffer_rgba())  # (H, W, 4), rows from the top
        height = pixels.shape[0]
        for x0, y0, x1, y1 in boxes:  # display boxes: y from the bottom
            rows = slice(max(height - y1, 0), max(height - y0, 0))
            cols = slice(max(x0, 0), max(x1, 0))
            picture[rows, cols] = pixels[rows, cols]
        pixels[...] = picture

    def _in_draw_order(self, dynamic, on_top):
        """`dynamic`, with the cheap unchanging artists (lines, patches such as
        the axes' frame, collections) that a full draw paints over one of them,
        in a full draw's order (zorder, then the order they were added): the
        picture is the full draw's."""
        changing = {id(a) for a in dynamic}
        place = {}  # id -> (zorder, place among its axes' children)
        above = []
        for ax in {a.axes for a in dynamic if a.axes is not None}:
            children = ax.get_children()
            if not ax.axison:
                children = [a for a in children if a not in ax.spines.values()]
            covering = False
            for i, artist in sorted(enumerate(children),
                                    key=lambda item: item[1].get_zorder()):  # stable
                place[id(artist)] = (artist.get_zorder(), i)
                if id(artist) in changing:
                    covering = True
                elif (covering and artist is not ax.patch and id(artist) not in on_top
                      and artist.get_visible()
                      and isinstance(artist, (Line2D, Patch, Collection))):
                    above.append(artist)
        return sorted(dynamic + above,
                      key=lambda a: place.get(id(a), (a.get_zorder(), len(place))))

    def _draw_overlay(self, renderer, overlay):
        """Lay the overlay's picture on top, drawing it first if one of its
        artists changed (shown, hidden or any property set) since."""
        if not overlay:
            return
        if self._layer is None or any(a.stale for a in overlay):
            shown = [a for a in overlay if a.get_visible()]
            layer = type(renderer)(renderer.width, renderer.height, renderer.dpi)
            layer.clear()  # transparent
            for artist in sorted(shown, key=lambda a: a.get_zorder()):
                artist.draw(layer)
            for artist in overlay:
                artist.stale = False  # drawn: changed again only by a new setting
            self._layer = np.asarray(layer.buffer_rgba()).copy()  # (H, W, 4)
            if not shown:
                self._layer = self._layer[:0]  # nothing on top: an empty picture
            self.overlay_draws += 1
        if not self._layer.size:
            return
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self._layer[::-1])  # rows from the bottom
        gc.restore()


def view_cache(view):
    """The usual cache of a view on its own figure: `view.changing_artists()` drawn
    at every draw, every legend of `view.fig` (present now) laid on top: legends
    lie over lines and change only with a new setting."""
    legends = [ax.get_legend() for ax in view.fig.axes if ax.get_legend()]
    return BackgroundCache(view.fig, view.changing_artists, overlay=lambda: legends)


def _extent(artist, renderer):
    """(x0, y0, x1, y1): the display pixels `artist` paints, a text's box
    patch included; None for an artist that paints nothing."""
    if not artist.get_visible():
        return None
    if not isinstance(artist, (Text, Line2D, Patch)):
        raise TypeError(f"BackgroundCache(incremental=True) redraws texts, lines and "
                        f"patches, not {type(artist).__name__}: give this view "
                        f"incremental=False")
    if isinstance(artist, Patch):
        boxes = [_patch_extent(artist, renderer)]
    elif isinstance(artist, Annotation):  # its text, and its arrow placed as drawn
        if not artist._check_xy(renderer):
            return None
        artist.update_positions(renderer)
        boxes = [Text.get_window_extent(artist, renderer)]
        if artist.arrow_patch is not None:
            boxes.append(_patch_extent(artist.arrow_patch, renderer))
    else:
        boxes = [artist.get_window_extent(renderer)]
    if isinstance(artist, Text) and artist.get_bbox_patch() is not None:
        boxes.append(_patch_extent(artist.get_bbox_patch(), renderer))
    boxes = [b for b in boxes if b is not None and np.all(np.isfinite(b.extents))]
    if not boxes:
        return None
    return tuple(Bbox.union(boxes).extents)


def _patch_extent(patch, renderer):
    """A box around everything `patch` paints (display pixels), or None.

    The box of its path's points, curves' control points included: a curve
    lies inside its control points, so this holds the exact extent
    (`get_window_extent` finds each curve's extremes: ten times dearer), grown
    by half the edge's width.
    """
    path = patch.get_path()
    real = path.codes != Path.CLOSEPOLY if path.codes is not None else slice(None)
    points = patch.get_transform().transform(path.vertices[real])  # (N, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if not len(points):
        return None
    edge = renderer.points_to_pixels(patch.get_linewidth()) / 2
    return Bbox([points.min(axis=0) - edge, points.max(axis=0) + edge])


def _padded(old, new):
    """The whole-pixel rectangle covering two extents (either may be None), PAD
    pixels wider each way."""
    boxes = [b for b in (old, new) if b is not None]
    if not boxes:
        return (0, 0, 0, 0)
    return (int(np.floor(min(b[0] for b in boxes))) - PAD,
            int(np.floor(min(b[1] for b in boxes))) - PAD,
            int(np.ceil(max(b[2] for b in boxes))) + PAD,
            int(np.ceil(max(b[3] for b in boxes))) + PAD)


def _overlap(extent, box):
    """Does the artist's extent (or None) reach into the padded box?"""
    if extent is None:
        return False
    x0, y0, x1, y1 = extent
    return x0 < box[2] and x1 > box[0] and y0 < box[3] and y1 > box[1]

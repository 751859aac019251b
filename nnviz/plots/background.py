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
HTML export) always draws everything.
"""

from __future__ import annotations


class BackgroundCache:
    """Figure.draw replaced by: background picture, then the `dynamic()` artists.

    dynamic: a function returning the artists that change between frames (it
    is called at every draw, so views rebuilt later are followed). They are
    drawn in zorder on top of the background. `full_draws` counts the
    background renders, for tests and benchmarks.
    """

    def __init__(self, fig, dynamic):
        self.fig, self.dynamic = fig, dynamic
        self._draw_everything = fig.draw
        self._background, self._key, self.full_draws = None, None, 0
        self.enabled = True  # False: draw everything (e.g. while views are rebuilt)
        fig.draw = self.draw  # an instance attribute: the canvas calls this one

    def invalidate(self):
        """Render the background again at the next draw."""
        self._background = None

    def _state(self, renderer):
        axes = tuple((*ax.viewLim.bounds, *ax.get_position().bounds)
                     for ax in self.fig.axes)
        return id(renderer), renderer.width, renderer.height, axes

    def draw(self, renderer):
        saving = self.fig.canvas.is_saving()
        if saving or not self.enabled or not hasattr(renderer, "copy_from_bbox"):
            return self._draw_everything(renderer)
        artists = sorted((a for a in self.dynamic() if a.get_visible()),
                         key=lambda a: a.get_zorder())
        key = self._state(renderer)
        if self._background is None or key != self._key:
            for artist in artists:
                artist.set_visible(False)
            try:
                self._draw_everything(renderer)
            finally:
                for artist in artists:
                    artist.set_visible(True)
            self._background = renderer.copy_from_bbox(self.fig.bbox)
            self._key = self._state(renderer)
            self.full_draws += 1
        else:
            renderer.restore_region(self._background)
        for artist in artists:
            artist.draw(renderer)
        self.fig.stale = False

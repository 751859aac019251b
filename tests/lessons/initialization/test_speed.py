"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import nnviz as nv  # noqa: E402


def test_init_explorer_reuses_artists_and_background(cached_render_is_exact):
    panel = nv.init_explorer(depth=5, width=30, check_backend=False)
    view = panel.views[0]
    view.fig.canvas.draw()
    before = view.changing_artists()
    panel.controls["scale"].value = 2.0
    view.fig.canvas.draw()
    assert all(a is b for a, b in zip(before, view.changing_artists(), strict=True))
    assert view.cache.full_draws == 1
    cached_render_is_exact(view.fig)
    panel.controls["depth"].value = 8  # new limits: drawn plainly, then kept
    cached_render_is_exact(view.fig)

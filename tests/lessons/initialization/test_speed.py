"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import nnviz as nv  # noqa: E402


def test_init_explorer_reuses_artists_and_background(move_redraws_in_place,
                                                     cached_render_is_exact):
    panel = nv.init_explorer(depth=5, width=30, check_backend=False)
    move_redraws_in_place(panel, "scale", 2.0)
    panel.controls["depth"].value = 8  # new limits: drawn plainly, then kept
    cached_render_is_exact(panel.views[0].fig)

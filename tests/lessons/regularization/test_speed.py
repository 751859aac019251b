"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import nnviz as nv  # noqa: E402


def test_keep_prob_reuses_artists_and_background(move_redraws_in_place):
    move_redraws_in_place(nv.keep_prob_explorer(keep=0.5, check_backend=False),
                          "keep", 0.3)


def test_dropout_vs_overfitting_draws_exactly_over_its_background(
        cached_render_is_exact):
    panel = nv.dropout_vs_overfitting(check_backend=False)
    panel.live.run_to_end()
    cached_render_is_exact(panel.views[0].fig)

"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import nnviz as nv  # noqa: E402


def test_and_neuron_reuses_artists_and_background(move_redraws_in_place,
                                                  cached_render_is_exact):
    panel = nv.and_neuron_explorer(epochs=200, check_backend=False)
    panel.live.run_to_end()
    move_redraws_in_place(panel, "lr", 1.0)
    panel.live.run_to_end()
    cached_render_is_exact(panel.views[0].fig)


def test_gate_patterns_reuse_artists_and_background(move_redraws_in_place):
    move_redraws_in_place(nv.gate_patterns_explorer(check_backend=False), "a", 1.0)

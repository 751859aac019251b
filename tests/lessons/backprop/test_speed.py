"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import nnviz as nv  # noqa: E402


def _move(panel, name, value):
    fig = panel.views[0].fig
    fig.canvas.draw()
    before = list(panel.views[0].changing_artists())
    panel.controls[name].value = value
    fig.canvas.draw()
    return before, list(panel.views[0].changing_artists())


def test_and_neuron_reuses_artists_and_background(cached_render_is_exact):
    panel = nv.and_neuron_explorer(epochs=200, check_backend=False)
    panel.live.run_to_end()
    before, after = _move(panel, "lr", 1.0)
    assert all(a is b for a, b in zip(before, after, strict=True))
    assert panel.views[0].cache.full_draws == 1  # a move drew no background
    panel.live.run_to_end()
    cached_render_is_exact(panel.views[0].fig)


def test_gate_patterns_reuse_artists_and_background(cached_render_is_exact):
    panel = nv.gate_patterns_explorer(check_backend=False)
    before, after = _move(panel, "a", 1.0)
    assert all(a is b for a, b in zip(before, after, strict=True))
    assert panel.views[0].cache.full_draws == 1
    cached_render_is_exact(panel.views[0].fig)

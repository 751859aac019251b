"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

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


@pytest.mark.parametrize("make, moves", [
    (nv.gate_patterns_explorer, [("a", 1.0), ("b", 0.3), ("g", -1.0), ("a", -2.0)]),
    (nv.backprop_stepper, [("x1", 1.5), ("step", 3), ("w2", -0.5), ("step", 12),
                           ("loss", "squared"), ("b", 0.4)]),
], ids=["gate patterns", "stepper"])
def test_graphs_draw_again_only_what_a_move_changes(make, moves, monkeypatch):
    panel = make(check_backend=False)
    view = panel.views[0]
    canvas = view.fig.canvas
    monkeypatch.setattr(canvas, "draw_idle", lambda: None)  # one draw per move
    canvas.draw()
    redrawn = []
    for name, value in moves:
        panel.controls[name].value = value
        canvas.draw()
        redrawn.append(view.cache.redrawn)
        fast = np.asarray(canvas.buffer_rgba()).copy()
        view.cache.enabled = False
        canvas.draw()  # the full picture
        view.cache.enabled = True
        full = np.asarray(canvas.buffer_rgba())  # (the overlay rounds a level)
        np.testing.assert_allclose(fast.astype(int), full.astype(int), atol=3)
        canvas.draw()  # (a full draw starts the incremental pictures again)
    # a number's move draws a part again (a step lights other boxes and
    # arrows: more; a new loss, new headers: all)
    assert 0 < min(redrawn) <= len(view.changing_artists()) / 2

"""Issue 18: lesson 11's moves redraw the same artists in place over a cached
background, and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnviz as nv  # noqa: E402


@pytest.mark.parametrize("name, value", [("depth", 12), ("weight_scale", 0.7),
                                         ("batchnorm", False)])
def test_batchnorm_explorer_redraws_in_place(move_redraws_in_place, name, value):
    move_redraws_in_place(nv.batchnorm_explorer(depth=30, weight_scale=1.3,
                                                check_backend=False), name, value)


@pytest.mark.parametrize("name, value", [("depth", 20), ("depth", 33),
                                         ("branch_scale", 0.5)])
def test_shortcut_gradient_explorer_redraws_in_place(move_redraws_in_place, name,
                                                     value):
    """Cached depths answer at once; others begin on the first tick (NaN, not
    drawn, where not computed yet): the same lines, the same background."""
    move_redraws_in_place(nv.shortcut_gradient_explorer(depth=50, check_backend=False),
                          name, value)


def test_shortcut_gradient_explorer_draws_exactly_once_finished(cached_render_is_exact):
    panel = nv.shortcut_gradient_explorer(depth=50, check_backend=False)
    panel.controls["depth"].value = 33
    while panel.live.source is not None:
        panel.live.tick()
    cached_render_is_exact(panel.views[0].fig)


@pytest.fixture(scope="module")
def shift_panel_args():
    """Untrained heads and two digits: what the view draws, not how well."""
    rng = np.random.default_rng(0)
    models = {"flatten": nv.flatten_head_cnn(rng=rng).astype(np.float32),
              "gap": nv.gap_head_cnn(rng=rng).astype(np.float32)}
    X = np.zeros((2, 1, 28, 28))
    X[:, 0, 10:18, 12:16] = 1.0
    X[1, 0, 6:10, 8:20] = 1.0
    shifts = np.arange(-8, 9)
    curves = {"flatten": np.linspace(0.2, 0.9, 17), "gap": np.full(17, 0.8)}
    return models, X, np.array([1, 7]), shifts, curves


@pytest.mark.parametrize("name, value", [("dx", -3), ("dy", 5), ("digit", 1)])
def test_shift_explorer_redraws_in_place(move_redraws_in_place, shift_panel_args,
                                         name, value):
    """The digit, its label, the bars, the marker and the class maps with their
    means are drawn over the background; the legends are laid on top."""
    move_redraws_in_place(nv.shift_explorer(*shift_panel_args, dx=4,
                                            check_backend=False), name, value)


def test_shift_explorer_writes_the_guesses_beside_the_figure(shift_panel_args):
    """The true digit and both guesses are an HTML line, not a text the figure
    draws again at every move (and no room is kept for it under the digit)."""
    panel = nv.shift_explorer(*shift_panel_args, check_backend=False)
    view = panel.views[0]
    assert not view.label.get_visible()
    panel.controls["digit"].value = 1
    assert panel.state["readout"].value.startswith("true digit 7 · flatten: ")
    assert view.label.get_text().startswith("true digit 7\n")

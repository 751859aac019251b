"""Issue 18: lesson 12's moves and Play ticks redraw the same artists in place over
a cached background, and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnviz as nv  # noqa: E402
from nnviz.lessons.lstm.panels import memory_model  # noqa: E402


@pytest.fixture(scope="module")
def sequences():
    """An untrained memory net and a few test sequences: what is drawn, not how
    well the net does."""
    X, _ = nv.data.remember_first(6, delay=25, rng=np.random.default_rng(0))
    return memory_model(25, 4, seed=0), X


@pytest.mark.parametrize("name, value", [("step", 7), ("example", 3)])
def test_gate_timeline_redraws_in_place(move_redraws_in_place, sequences, name, value):
    move_redraws_in_place(nv.gate_timeline_explorer(*sequences, check_backend=False),
                          name, value)


def test_memory_explorer_redraws_in_place(move_redraws_in_place):
    move_redraws_in_place(nv.memory_explorer(forget_bias=5.0, check_backend=False),
                          "forget_bias", 1.0)


def test_memory_trainer_ticks_redraw_in_place(move_redraws_in_place,
                                              cached_render_is_exact):
    """A Play tick redraws the gates over their background; the loss curves are
    drawn over theirs too (a new background when their axes grow), after ticks
    and after Reset."""
    panel = nv.memory_trainer(n=64, n_test=50, check_backend=False)
    move_redraws_in_place(panel, "frame", 1)
    curve = panel.views[1]
    for frame in range(2, 12):  # the x axis doubles at steps 10 and 20
        panel.controls["frame"].value = frame
        curve.fig.canvas.draw()
        assert not curve.note.get_visible()  # "press Play": hidden once trained
    cached_render_is_exact(curve.fig)
    panel.controls["reset"].click()
    assert curve.note.get_visible()
    cached_render_is_exact(curve.fig)
    cached_render_is_exact(panel.views[0].fig)


@pytest.fixture(scope="module")
def layout_windows():
    """The two layouts, untrained, and a few windows."""
    X, y, where = nv.symbol_anywhere(12, 8, rng=np.random.default_rng(0))
    models = {layout: nv.layout_model(layout, 8, units=4)
              for layout in ("(look_back, 1)", "(1, look_back)")}
    return models, X, y, where


def test_window_layout_explorer_redraws_in_place(move_redraws_in_place,
                                                 layout_windows):
    move_redraws_in_place(nv.window_layout_explorer(*layout_windows,
                                                    check_backend=False),
                          "window", 5)

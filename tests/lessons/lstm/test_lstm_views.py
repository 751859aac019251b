"""GateTimelineView and LayoutView: built once, updated in place, redrawn from a
cached background (only the artists that move are drawn again)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.lstm.views import GateTimelineView, LayoutView


@pytest.fixture
def trace(rng):
    model = nv.Sequential([nv.LSTM(1, 3, rng=rng), nv.Dense(3, 1, rng=rng)])
    return nv.sequence_trace(model, rng.normal(size=(8, 1)))


def test_trace_matches_the_layer_cache(rng):
    model = nv.Sequential([nv.LSTM(2, 3, rng=rng), nv.Dense(3, 1, rng=rng)])
    x = rng.normal(size=(5, 2))
    trace = nv.sequence_trace(model, x)
    assert trace["gates"].shape == (5, 4, 3) and trace["c"].shape == (5, 3)
    logit = model.forward(x[None])[0, 0]
    assert trace["y"][-1] == pytest.approx(1 / (1 + np.exp(-logit)))
    np.testing.assert_allclose(trace["h"], trace["gates"][:, 3] * np.tanh(trace["c"]))


def test_trace_needs_an_lstm_first(rng):
    with pytest.raises(ValueError, match="first layer is an LSTM"):
        nv.sequence_trace(nv.mlp([1, 2, 1]), np.zeros((3, 1)))


def test_update_sets_every_panel_in_place(trace):
    view = GateTimelineView(8, 3)
    lines = dict(view.lines)
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"], trace["y"],
                title="hello")
    assert all(view.lines[name] is artist for name, artist in lines.items())
    np.testing.assert_allclose(view.shown("f")[2], trace["gates"][:, 1, 2])
    np.testing.assert_allclose(view.shown("c")[0], trace["c"][:, 0])
    np.testing.assert_allclose(view.shown("y")[0], trace["y"])
    assert view.headline == "hello"
    assert view.axes["i"].get_ylim() == (-0.05, 1.05)


def test_set_step_reveals_the_sequence_step_by_step(trace):
    view = GateTimelineView(8, 3)
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"])
    view.set_step(2)
    assert view.shown("h").shape[1] == 3
    assert all(cursor.get_xdata()[0] == 2 for cursor in view.cursors)
    view.set_step(100)
    assert view.step == 7 and view.shown("o").shape[1] == 8


def test_shorter_sequences_fit_longer_ones_are_refused(trace):
    view = GateTimelineView(10, 3, max_units=2)
    assert len(view.shown("g")) == 2
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"])
    view.set_step(9)
    assert view.step == 7
    short = GateTimelineView(4, 3)
    with pytest.raises(ValueError, match="up to 4 time steps"):
        short.update(trace["x"], trace["gates"], trace["c"], trace["h"])


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).astype(int).copy()


def _same_as_a_full_draw(view):
    """The cached redraw against a draw of everything: at most 0.5 % of the
    pixels differ (where a line crosses an axis frame, the order differs)."""
    cached = _pixels(view.fig)
    view.cache.enabled = False
    full = _pixels(view.fig)
    view.cache.enabled = True
    return (np.abs(cached - full).max(axis=2) > 40).mean() < 0.005


def test_gate_view_redraws_only_what_moves(trace):
    view = GateTimelineView(8, 3)
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"], trace["y"])
    view.fig.canvas.draw()
    for t in (1, 4, 7):
        view.set_step(t)
        view.fig.canvas.draw()
    assert view.cache.full_draws == 1            # axes, ticks and titles drawn once
    assert _same_as_a_full_draw(view)


def _layout_view_data(rng, T=10, H=4):
    states = {"(look_back, 1)": rng.normal(size=(T, H)),
              "(1, look_back)": rng.normal(size=(1, H))}
    answers = {"(look_back, 1)": 0.2, "(1, look_back)": 0.7}
    return rng.normal(size=T), states, answers


def test_layout_view_shows_each_layout_in_its_own_shape(rng):
    view = LayoutView(10, 4)
    window, states, answers = _layout_view_data(rng)
    images = (dict(view.inputs), dict(view.cells))
    view.update(window, states, answers, 3, -1)
    assert (dict(view.inputs), dict(view.cells)) == images      # the same artists
    assert view.inputs["(look_back, 1)"].get_array().shape == (10, 1)
    assert view.inputs["(1, look_back)"].get_array().shape == (1, 10)
    np.testing.assert_array_equal(view.inputs["(1, look_back)"].get_array()[0], window)
    np.testing.assert_array_equal(view.cells["(look_back, 1)"].get_array(),
                                  states["(look_back, 1)"])
    assert view.cells["(1, look_back)"].get_array().shape == (1, 4)
    assert view.titles["(1, look_back)"].get_text() == "0.70"
    assert "symbol -1 arrived at step 3" in view.headline
    assert view.mark.get_xdata()[0] == 3
    view.set_accuracy({"(look_back, 1)": np.linspace(0.5, 1, 10)})
    np.testing.assert_allclose(view.lines["(look_back, 1)"].get_ydata(),
                               np.linspace(0.5, 1, 10))
    with pytest.raises(ValueError, match="windows of 10 values; got 12"):
        view.update(np.zeros(12), states, answers, 0, 1)


def test_layout_view_redraws_only_what_moves(rng):
    view = LayoutView(10, 4)
    view.set_accuracy({"(look_back, 1)": np.full(10, 0.9),
                       "(1, look_back)": np.full(10, 0.7)})
    for where in (1, 5, 8):
        window, states, answers = _layout_view_data(rng)
        view.update(window, states, answers, where, 1)
        view.fig.canvas.draw()
    assert view.cache.full_draws == 1
    assert _same_as_a_full_draw(view)

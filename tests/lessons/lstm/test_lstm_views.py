"""GateTimelineView: built once, updated in place, animated by set_step."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.lstm.views import GateTimelineView


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
    lines = {name: list(ls) for name, ls in view.lines.items()}
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"], trace["y"],
                title="hello")
    assert {name: list(ls) for name, ls in view.lines.items()} == lines
    np.testing.assert_allclose(view.lines["f"][2].get_ydata(), trace["gates"][:, 1, 2])
    np.testing.assert_allclose(view.lines["c"][0].get_ydata(), trace["c"][:, 0])
    np.testing.assert_allclose(view.lines["y"][0].get_ydata(), trace["y"])
    assert view.suptitle.get_text() == "hello"
    assert view.axes["i"].get_ylim() == (-0.05, 1.05)


def test_set_step_reveals_the_sequence_step_by_step(trace):
    view = GateTimelineView(8, 3)
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"])
    view.set_step(2)
    assert len(view.lines["h"][1].get_xdata()) == 3
    assert all(cursor.get_xdata()[0] == 2 for cursor in view.cursors)
    view.set_step(100)
    assert view.step == 7 and len(view.lines["o"][0].get_xdata()) == 8


def test_shorter_sequences_fit_longer_ones_are_refused(trace):
    view = GateTimelineView(10, 3, max_units=2)
    assert len(view.lines["g"]) == 2
    view.update(trace["x"], trace["gates"], trace["c"], trace["h"])
    view.set_step(9)
    assert view.step == 7
    short = GateTimelineView(4, 3)
    with pytest.raises(ValueError, match="up to 4 time steps"):
        short.update(trace["x"], trace["gates"], trace["c"], trace["h"])

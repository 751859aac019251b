"""Lesson 9's scaling and steering panels."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.scaling.panels import scaling_explorer, steering_explorer
from nnviz.lessons.scaling.views import ScalingGridView


@pytest.fixture(scope="module")
def digits():
    data = nv.data.digits(8, rng=np.random.default_rng(0), flat=True)
    return data.X_train[:200], data.X_test[:5]


@pytest.fixture(scope="module")
def steering_runs():
    X, angle = nv.steering_data(100, rng=np.random.default_rng(0))
    X_test, true = nv.steering_data(50, rng=np.random.default_rng(1))
    return nv.train_steering(X, angle, X_test, steps=40, every=10), true


def test_scaling_view_curves_and_selection(digits):
    clean = digits[0]
    runs = nv.train_denoisers(clean, clean, steps=5)
    view = ScalingGridView(steps=5)
    line = view.lines["zscore", "sigmoid"]
    view.update_curves(runs, 0.07)
    assert view.lines["zscore", "sigmoid"] is line
    np.testing.assert_allclose(line.get_ydata(), runs["zscore", "sigmoid"].losses)
    assert view.floor_line.get_ydata()[0] == 0.07
    view.update_selected("minmax", "identity", (clean[0], clean[0], clean[0]),
                         np.array([-0.5, 0.5, 1.5, 0.2]))
    assert "25% below 0" in view.readout.get_text()
    assert view.image.get_array().shape == (8, 26)


def test_scaling_explorer_retrains_only_when_the_strength_moves(digits):
    panel = scaling_explorer(*digits, steps=20, check_backend=False)
    runs = panel.state["runs"]
    assert set(runs) == {(s, o) for s in nv.SCALINGS for o in nv.DENOISER_OUTPUTS}
    panel.controls["scaling"].value = "robust"
    assert panel.state["runs"] is runs                     # a menu: no retraining
    assert "robust" in panel.views[0].readout.get_text()
    line = panel.views[0].lines["minmax", "identity"]
    before = line.get_ydata().copy()
    panel.controls["strength"].value = 15.0
    assert panel.state["runs"] is not runs
    assert not np.allclose(line.get_ydata(), before)
    status = panel.widget.children[1]
    assert "strength 15: six networks trained in" in status.value
    panel.controls["strength"].value = 5.0                 # seen before: kept
    assert panel.state["runs"] is runs
    assert "kept from before" in status.value
    np.testing.assert_array_equal(line.get_ydata(), before)
    assert not panel.output.outputs


def test_steering_explorer_step_slider(steering_runs):
    runs, true = steering_runs
    panel = steering_explorer(runs, true, check_backend=False)
    view = panel.views[0]
    assert panel.state["index"] == 4 and "40 steps" in view.title.get_text()
    points = view.points["scaled, tanh"]
    before = points.get_offsets().copy()
    panel.controls["step"].value = 10
    assert panel.state["index"] == 1 and view.points["scaled, tanh"] is points
    assert not np.allclose(points.get_offsets(), before)

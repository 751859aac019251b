"""init_explorer: moving a control changes what the histogram view holds."""

import numpy as np
import pytest

from nnviz.lessons.initialization.panels import init_explorer
from nnviz.widgets.controls import BackendError


@pytest.fixture
def panel():
    return init_explorer(
        depth=6, width=40, max_depth=12, n_samples=64, check_backend=False
    )


def test_needs_the_widget_backend():
    with pytest.raises(BackendError, match="%matplotlib widget"):
        init_explorer()


def test_initial_state_is_drawn(panel):
    view = panel.views[0]
    np.testing.assert_allclose(view.act_line.get_ydata(), panel.state["stats"].act_std)
    assert len(panel.state["stats"]) == 6


@pytest.mark.parametrize(
    "name, value",
    [
        ("init", "too_small"),
        ("activation", "relu"),
        ("width", 100),
        ("scale", 2.0),
    ],
)
def test_each_control_changes_the_histograms(panel, name, value):
    view = panel.views[0]
    before = view.act_steps[4].get_data().values.copy()
    stds = panel.state["stats"].act_std.copy()
    panel.controls[name].value = value
    assert not np.allclose(view.act_steps[4].get_data().values, before)
    assert not np.allclose(panel.state["stats"].act_std, stds)
    assert not panel.output.outputs


def test_depth_changes_the_number_of_layers_shown(panel):
    panel.controls["depth"].value = 9
    view = panel.views[0]
    assert len(panel.state["stats"]) == 9
    assert sum(s.get_visible() for s in view.grad_steps) == 9


def test_activation_moves_the_bins(panel):
    panel.controls["activation"].value = "sigmoid"
    assert panel.views[0].act_steps[0].get_data().edges[0] == 0.0


def test_too_small_vanishes_and_he_with_relu_stays_steady(panel):
    panel.controls["activation"].value = "relu"
    panel.controls["init"].value = "he"
    stats = panel.state["stats"]
    assert 0.3 < stats.act_std[-1] / stats.act_std[0] < 3
    panel.controls["init"].value = "too_small"
    stats = panel.state["stats"]
    assert stats.act_std[-1] / stats.act_std[0] < 1e-3


def test_heavy_sliders_update_on_release_only(panel):
    for name in ("depth", "width", "scale"):
        assert panel.controls[name].continuous_update is False

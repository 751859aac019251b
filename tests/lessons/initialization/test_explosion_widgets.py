"""Q4's explosion explorer (lesson 7)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization.explosion import standardize
from nnviz.lessons.initialization.explosion_panels import explosion_explorer
from nnviz.widgets.controls import BackendError


@pytest.fixture(scope="module")
def digits():
    return standardize(nv.data.digits(28, rng=np.random.default_rng(0), flat=True))


def test_explosion_explorer_needs_the_widget_backend(digits):
    with pytest.raises(BackendError):
        explosion_explorer(digits)


def test_lr_slider_turns_the_explosion_off(digits):
    panel = explosion_explorer(digits, lr=1.0, epochs=3, check_backend=False)
    view = panel.views[0]
    assert panel.state["runs"]["relu"].diverged_at is not None
    panel.controls["lr"].value = 0.05
    assert panel.state["runs"]["relu"].diverged_at is None
    assert len(view.crosses["relu"].get_xdata()) == 0
    assert max(view.scale_lines["relu"].get_ydata()) < 3


@pytest.mark.parametrize(
    "name, value", [("init", "normal(1)"), ("l2", 1e-2), ("epochs", 2)]
)
def test_each_control_retrains(digits, name, value):
    panel = explosion_explorer(digits, lr=0.1, epochs=3, check_backend=False)
    before = list(panel.views[0].acc_lines["tanh"].get_ydata())
    panel.controls[name].value = value
    after = list(panel.views[0].acc_lines["tanh"].get_ydata())
    assert after != before
    assert panel.state["runs"]["tanh"].settings[name] == value

"""Q9: the verdict on a run, and the stops-learning panel (break one thing, fix it)."""

import numpy as np
import pytest

from nnviz.lessons.initialization.experiments import verdict
from nnviz.lessons.initialization.pitfalls_panels import stops_learning_explorer


@pytest.mark.parametrize(
    "losses, words",
    [
        (np.full(50, 0.693), "guessing"),
        (np.linspace(0.7, 0.01, 50), "learning."),
        (np.full(50, 0.5), "stuck well above 0"),
        (np.linspace(0.7, -50, 50), "below 0"),
        (
            np.r_[np.linspace(0.7, -5, 10), np.full(40, np.nan)],
            "Then it diverged at step 11",
        ),
        (np.r_[np.full(3, 0.7), np.full(47, np.nan)], "Diverged at step 4"),
    ],
)
def test_verdict(losses, words):
    assert words in verdict(losses)


@pytest.fixture(scope="module")
def panel():
    panel = stops_learning_explorer(steps=120, check_backend=False)
    panel.views[0].fig.canvas.draw_idle = lambda: None  # tests read artist data
    return panel


@pytest.mark.parametrize(
    "name, broken, fixed, words",
    [
        ("inputs", "shifted", "centred", "guessing"),
        ("units", 1, 16, "stuck"),
        ("init", "too_small", "glorot", "guessing"),
        ("labels", "1/2", "0/1", "below 0"),
    ],
)
def test_each_cause_breaks_and_its_fix_repairs(panel, name, broken, fixed, words):
    if name == "init":
        panel.controls["depth"].value = 4
    panel.controls[name].value = broken
    assert words in panel.state["verdict"]
    assert not panel.output.outputs
    panel.controls[name].value = fixed
    assert "learning." in panel.state["verdict"]
    panel.controls["depth"].value = 1


def test_controls_update_the_views(panel):
    curve = panel.views[0].lines["training loss"]
    before = curve.get_ydata().copy()
    image = panel.views[1].image.get_array().copy()
    panel.controls["activation"].value = "relu"
    assert not np.allclose(curve.get_ydata(), before)
    assert not np.allclose(panel.views[1].image.get_array(), image)
    panel.controls["activation"].value = "tanh"


def test_overfit_check_on_eight_examples(panel):
    panel.controls["examples"].value = "8"
    assert panel.state["losses"][-1] < 0.05
    panel.controls["examples"].value = "all"


def test_a_diverged_run_is_drawn_up_to_the_blow_up(panel):
    c = panel.controls
    c["labels"].value, c["examples"].value = "1/2", "8"
    c["activation"].value, c["init"].value = "relu", "he"
    c["depth"].value, c["units"].value = 3, 17
    losses, view = panel.state["losses"], panel.views[0]
    step = int(np.flatnonzero(np.isnan(losses))[0]) + 1
    assert f"diverged at step {step}" in panel.state["verdict"]
    assert view.title_text.get_text() == f"training loss: diverged at step {step}"
    y = view.lines["training loss"].get_ydata()
    assert np.isfinite(y[: step - 1]).all() and step - 1 >= 5  # the curve has points
    low, high = view.ax.get_ylim()
    assert low <= np.nanmin(y) and np.nanmax(y) <= high  # ... all of them in view
    # ... and the X on the last one is drawn whole: it sits clear of the frame
    to_axes = view.ax.transAxes.inverted().transform
    mark = view.marks["training loss"].get_xydata()[0]
    _, fy = to_axes(view.ax.transData.transform(mark))
    assert 0.03 < fy < 0.97
    assert view.ax.get_xlim()[1] < 120 and view.ax.get_xlim()[1] >= step
    assert view.marks["training loss"].get_visible()
    assert f"diverged at step {step}" in view.notes["training loss"].get_text()
    c["labels"].value, c["examples"].value = "0/1", "all"
    c["activation"].value, c["init"].value = "tanh", "glorot"
    c["depth"].value, c["units"].value = 1, 16
    assert view.ax.get_xlim() == (0, 120) and view.ax.get_ylim() == (0, 1)
    assert "mean of the last 20 steps" in view.title_text.get_text()
    assert not view.marks["training loss"].get_visible()

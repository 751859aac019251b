"""Lesson 4's panels: the bookkeeping stepper (Q17) and the AND neuron (Q23)."""

import numpy as np
import pytest

from nnviz.lessons.backprop.neuron import train_neuron
from nnviz.lessons.backprop.panels import (
    FIRST_EPOCHS,
    and_neuron_explorer,
    bookkeeping_stepper,
)
from nnviz.lessons.weights.panels import (
    logit_scale_explorer,
)
from nnviz.widgets.controls import BackendError


@pytest.mark.parametrize("build", [logit_scale_explorer, and_neuron_explorer])
def test_figure_panels_need_the_widget_backend(build):
    with pytest.raises(BackendError, match="%matplotlib widget"):
        build()


def test_bookkeeping_stepper_stage_slider_and_next_step():
    panel = bookkeeping_stepper()
    text = panel.views[0]
    first = text.value
    panel.controls["stage"].value = 4
    assert text.value != first and "[loss]" in text.value
    loss_before = float(panel.state["stages"][4].arrays["loss"])
    for _ in range(20):
        panel.controls["next"].click()
    assert panel.state["step"] == 21
    assert float(panel.state["stages"][4].arrays["loss"]) < loss_before


def test_and_neuron_lr_slider_changes_the_trajectories():
    panel = and_neuron_explorer(lr=0.5, epochs=300, check_backend=False)
    line = panel.views[0].lines["sigmoid"][0]
    before = line.get_ydata().copy()
    panel.controls["lr"].value = 1.5
    panel.live.run_to_end()
    assert line is panel.views[0].lines["sigmoid"][0]
    assert line.get_ydata()[-1] > before[-1]


def test_and_neuron_decay_stops_the_identity_circling():
    panel = and_neuron_explorer(lr=0.1, epochs=1000, check_backend=False)
    assert panel.state["runs"]["identity"].movement() > 0.01
    panel.controls["decay"].value = 0.05
    panel.live.run_to_end()
    assert panel.state["runs"]["identity"].movement() < 0.002
    assert "stopped" in panel.views[0].texts["step"].get_text()


def test_and_neuron_epochs_widen_the_axis():
    panel = and_neuron_explorer(epochs=300, check_backend=False)
    panel.controls["epochs"].value = 800
    panel.live.run_to_end()
    assert panel.views[0].axes["sigmoid"].get_xlim() == (0, 1000)  # a round length
    assert len(panel.state["runs"]["step"].bias) == 800 * 4 + 1
    assert panel.views[0].lines["step"][0].get_xdata()[-1] == 800  # drawn to the end
    panel.controls["epochs"].value = 300
    assert panel.views[0].axes["ratio"].get_xlim() == (0, 300)


def test_and_neuron_move_answers_at_once_and_trains_on_under_play():
    panel = and_neuron_explorer(lr=0.5, epochs=600, check_backend=False)
    live, view = panel.live, panel.views[0]
    assert len(panel.state["runs"]["sigmoid"].bias) == 600 * 4 + 1  # at open
    panel.controls["decay"].value = 0.02
    # (a) a first answer: FIRST_EPOCHS epochs of the three neurons, drawn
    assert len(view.lines["identity"][0].get_xdata()) == FIRST_EPOCHS * 4 + 1
    assert live.play.playing and not live.progress.finished
    # (b) Play's ticks go on to the end, (c) the bar says when and how long
    live.budget_ms = None  # every tick takes EPOCHS_PER_TICK epochs at most
    live.steps_per_tick = 200
    live.tick()
    assert live.progress.done == FIRST_EPOCHS + 200
    live.run_to_end()
    assert live.progress.finished and "600 epochs in" in live.progress.line
    assert not live.play.playing and not panel.output.outputs
    # (d) the runs are train_neuron's, update for update
    for name, run in panel.state["runs"].items():
        ref = train_neuron(name, 0.5, 600, decay=0.02)
        np.testing.assert_array_equal(run.weights, ref.weights)
        np.testing.assert_array_equal(run.bias, ref.bias)
        np.testing.assert_array_equal(run.lr, ref.lr)

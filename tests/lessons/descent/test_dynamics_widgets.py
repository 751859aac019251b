"""Lesson 3's views and panels: controls update the artists in place, and a
control whose answer needs training answers at once, then trains tick by tick."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.descent.panels import (
    FIRST_STEPS,
    batch_noise_explorer,
    descent_explorer,
    learning_rate_explorer,
    optimizer_explorer,
)
from nnviz.widgets.controls import BackendError


@pytest.fixture(scope="module")
def surface():
    return nv.bowl(10, 0.5, 30)


@pytest.fixture(scope="module")
def plane():
    return nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))


def test_panels_need_the_widget_backend(surface):
    with pytest.raises(BackendError):
        descent_explorer(surface)


def test_descent_slider_moves_the_path_in_place(surface):
    panel = descent_explorer(surface, check_backend=False)
    view = panel.views[0]
    line, figure = view.path_line, view.fig
    assert panel.state["steps"] == 67 and panel.state["zigzags"] == 0
    panel.controls["lr"].value = 0.15
    assert view.path_line is line and view.fig is figure
    np.testing.assert_allclose(line.get_xydata(), panel.state["path"])
    assert panel.state["zigzags"] > 20
    panel.controls["lr"].value = 0.22                       # above 2 / λ_max
    assert panel.state["steps"] is None
    assert "diverged" in panel.state["readout"] or "not below" in \
        panel.state["readout"]
    assert "×-1.20" in panel.widget.children[3].value       # the readout, in words
    panel.controls["w1"].value = 2.0
    assert panel.state["path"][0, 0] == 2.0 and not panel.output.outputs


def test_descent_moves_redraw_only_the_path(surface):
    panel = descent_explorer(surface, check_backend=False)
    view = panel.views[0]
    view.fig.canvas.draw()
    for lr in (0.05, 0.12, 0.19):
        panel.controls["lr"].value = lr
        view.fig.canvas.draw()
    assert view.cache.full_draws == 1  # the contours were rendered once


def test_optimizer_sliders_change_their_own_path(surface):
    panel = optimizer_explorer(surface, check_backend=False)
    assert panel.state["steps"] == {"SGD": 67, "SGD + momentum": 34, "Adam": 117}
    adam_before = panel.state["paths"]["Adam"]
    sgd_line = panel.views[0].path_lines["SGD"]
    panel.controls["sgd_lr"].value = 0.05
    assert panel.state["paths"]["Adam"] is adam_before     # not computed again
    np.testing.assert_allclose(sgd_line.get_xydata(), panel.state["paths"]["SGD"])
    expected = nv.descent_path(surface, (-4.0, 3.0), nv.SGD(0.05), 150)
    np.testing.assert_allclose(panel.state["paths"]["SGD"], expected)
    assert "SGD: loss < 0.001 after" in panel.state["readout"]
    assert "SGD: loss &lt; 0.001 after" in panel.widget.children[3].value


def test_learning_rate_explorer_opens_with_every_run_trained(plane):
    panel = learning_rate_explorer(plane, steps=200, check_backend=False)
    status, readout = panel.widget.children[-2], panel.widget.children[-3]
    assert "Training diverged" in status.value and "0.7" in status.value
    view = panel.views[0]
    assert len(view.crosses[0.7].get_xdata()) == 1           # the ✕ is drawn
    assert "diverged at step" in readout.value
    assert len(view.lines["yours"].get_ydata()) == 200
    expected = nv.learning_rate_runs(plane, [0.2], steps=200)[0.2].losses
    np.testing.assert_allclose(view.lines["yours"].get_ydata(), expected)
    assert panel.live.run_steps == 0 and not panel.live.play.playing
    assert panel.live.progress.widget.layout.display == "none"  # nothing runs


def test_a_new_lr_answers_at_once_then_trains_tick_by_tick(plane):
    # Issue 18: the callback trains FIRST_STEPS steps only (one tick's worth at
    # most); Play's ticks bring the rest, and the progress bar finishes.
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=120, check_backend=False)
    live, line = panel.live, panel.views[0].lines["yours"]
    reference = panel.views[0].lines[0.1].get_ydata().copy()
    panel.controls["lr"].value = 0.05
    assert live.last_steps == FIRST_STEPS <= live.steps_per_tick
    assert len(line.get_ydata()) == FIRST_STEPS and live.play.playing
    assert live.progress.what == "training your lr 0.05"
    live.run_to_end()
    assert panel.views[0].lines["yours"] is line and len(line.get_ydata()) == 120
    expected = nv.learning_rate_runs(plane, [0.05], steps=120)[0.05].losses
    np.testing.assert_allclose(line.get_ydata(), expected)  # the same run
    np.testing.assert_allclose(panel.views[0].lines[0.1].get_ydata(), reference)
    assert live.progress.finished and "120 steps in" in live.progress.line
    assert not live.play.playing and not panel.output.outputs


def test_a_diverging_lr_stops_and_says_so(plane):
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=200, check_backend=False)
    panel.controls["lr"].value = 1.5                       # far too large
    panel.live.run_to_end()
    yours = panel.state["runs"]["yours"]
    assert yours.diverged and yours.diverged_at < 200
    status = panel.widget.children[-2].value
    assert "Training diverged" in status and "lr 1.5" in status
    assert "Training stopped" in panel.live.note.value
    assert panel.live.progress.stopped and "Training diverged" in \
        panel.live.progress.line
    assert len(panel.views[0].crosses["yours"].get_xdata()) == 1
    assert not panel.live.play.playing and not panel.output.outputs


def test_a_new_activation_trains_every_run_side_by_side_once(plane):
    panel = learning_rate_explorer(plane, lrs=(0.1, 0.7), steps=100,
                                   check_backend=False)
    view = panel.views[0]
    panel.controls["activation"].value = "relu"
    assert panel.live.last_steps == FIRST_STEPS
    assert all(len(view.lines[key].get_ydata()) == FIRST_STEPS
               for key in (0.1, 0.7, "yours"))             # every curve restarted
    panel.live.run_to_end()
    relu = nv.learning_rate_runs(plane, [0.1, 0.7], activation="relu", steps=100)
    for lr, run in relu.items():
        np.testing.assert_allclose(panel.state["finished"]["relu"][lr].losses,
                                   run.losses)
    panel.controls["activation"].value = "tanh"              # seen: drawn at once
    tanh = panel.state["finished"]["tanh"]
    np.testing.assert_allclose(view.lines[0.1].get_ydata(), tanh[0.1].losses)
    assert len(view.lines["yours"].get_ydata()) == FIRST_STEPS  # only yours trains
    panel.controls["activation"].value = "relu"
    assert panel.state["finished"]["relu"][0.1].losses.shape == (100,)
    np.testing.assert_allclose(view.lines[0.1].get_ydata(), relu[0.1].losses)
    assert not panel.output.outputs


def test_play_trains_your_run_again(plane):
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=30, steps_per_frame=10,
                                   check_backend=False)
    panel.live.budget_ms = None  # every tick takes steps_per_frame = 10 steps
    line = panel.views[0].lines["yours"]
    panel.controls["frame"].value = 1                      # one Play tick
    assert len(line.get_ydata()) == 10
    panel.controls["play"].playing = True
    panel.live.tick()                                      # what Play's ticks do
    panel.live.tick()
    assert len(line.get_ydata()) == 30 and not panel.controls["play"].playing
    assert panel.live.progress.finished


def test_a_new_learning_rate_sets_the_frame_counter_back(plane):
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=50, check_backend=False)
    panel.live.budget_ms = None
    panel.controls["frame"].value = 1
    panel.controls["frame"].value = 2
    panel.controls["lr"].value = 0.05
    assert panel.controls["frame"].value == 0


def test_batch_and_gradient_views_set_their_lines():
    moons = nv.data.moons(100, noise=0.25, rng=np.random.default_rng(0))
    runs = nv.batch_size_runs(moons, epochs=2)
    view = nv.BatchNoiseView(list(runs), n_train=len(moons.X_train), epochs=2)
    view.update(runs)
    np.testing.assert_allclose(view.step_lines[1].get_ydata(), runs[1].step_losses)
    low, high = view.ax_epoch.get_xlim()  # markers at epoch 0 and 2 drawn whole
    assert low < 0 and high > 2
    assert all(float(t).is_integer() for t in view.ax_epoch.get_xticks())


@pytest.fixture(scope="module")
def small_moons():
    return nv.data.moons(100, noise=0.25, rng=np.random.default_rng(0))  # N = 70


def test_batch_noise_explorer_trains_a_new_size_live_and_keeps_it(small_moons):
    panel = batch_noise_explorer(small_moons, epochs=3, first_steps=4,
                                 steps_per_tick=10, check_backend=False)
    view, live = panel.views[0], panel.live
    step_line, epoch_line = view.your_step_line, view.your_epoch_line
    sixteen = panel.state["runs"][16]
    np.testing.assert_allclose(epoch_line.get_ydata(), sixteen.epoch_losses)
    assert len(step_line.get_ydata()) == 3 * (70 // 16)
    readout = panel.widget.children[3]
    assert "batch 16" in readout.value and live.run_steps == 0  # ready at open
    panel.controls["batch"].value = 2
    assert live.last_steps == 4 and len(step_line.get_ydata()) == 4  # at once
    assert "training: epoch 0 of 3" in readout.value
    ticks = live.run_to_end()
    assert ticks >= 3 * 35 // 10                          # not all in one go
    assert view.your_step_line is step_line and view.your_epoch_line is epoch_line
    assert len(step_line.get_ydata()) == 3 * 35                  # 35 steps an epoch
    two = panel.state["runs"][2]
    expected = nv.batch_size_runs(small_moons, (2,), epochs=3)[2]  # the same run
    np.testing.assert_allclose(two.step_losses, expected.step_losses)
    np.testing.assert_allclose(epoch_line.get_ydata(), two.epoch_losses)
    assert "35 steps per epoch" in readout.value
    assert f"{two.epoch_losses[-1]:.3f}" in readout.value
    assert f"jump per step {nv.step_noise(two.step_losses):.2f}" in readout.value
    assert live.progress.finished and "105 steps in" in live.progress.line
    reference = view.step_lines[1].get_ydata().copy()           # fixed runs stay
    panel.controls["batch"].value = 16
    assert panel.state["runs"][16] is sixteen and panel.state["yours"] is sixteen
    panel.controls["batch"].value = 2
    assert panel.state["runs"][2] is two and live.run_steps == 0  # not retrained
    np.testing.assert_allclose(view.step_lines[1].get_ydata(), reference)
    panel.controls["batch"].value = 70                          # the full batch
    assert panel.state["yours"] is panel.state["runs"][70]
    assert "full batch" in readout.value and "1 step per" in readout.value
    assert not panel.output.outputs


def test_play_on_a_finished_run_trains_it_again_epoch_by_epoch(small_moons):
    # A finished run retrained in one tick would end on the same picture, so
    # pressing Play would seem to do nothing: each tick takes at most an epoch.
    panel = batch_noise_explorer(small_moons, epochs=3, check_backend=False)
    view, live = panel.views[0], panel.live
    finished = view.your_epoch_line.get_ydata().copy()
    assert len(finished) == 4 and live.run_steps == 0
    live.tick()                                              # Play's first tick
    shown = view.your_epoch_line.get_ydata()
    assert live.last_steps == 70 // 16 and len(shown) == 2     # one epoch so far
    np.testing.assert_allclose(shown, finished[:2])
    assert live.run_to_end() in (2, 3)   # two epochs to go (+ one finding the end)
    np.testing.assert_allclose(view.your_epoch_line.get_ydata(), finished)


def test_batch_noise_explorer_reuses_the_runs_it_is_given(small_moons):
    runs = nv.batch_size_runs(small_moons, (None, 16, 1), epochs=3)
    panel = batch_noise_explorer(small_moons, epochs=3, runs=runs,
                                 check_backend=False)
    assert all(panel.state["runs"][size] is runs[size] for size in runs)
    assert panel.state["yours"] is runs[16]


def test_optimizer_legend_sits_above_the_loss_plot():
    # Inside the axes the legend covered one of the three loss curves.
    view = optimizer_explorer(nv.bowl(lam_max=10, lam_min=0.5, angle=30),
                              check_backend=False).views[0]
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    legend = view.ax_loss.get_legend().get_window_extent(renderer)
    plot = view.ax_loss.get_window_extent(renderer)
    assert legend.y0 >= plot.y1 and legend.y1 <= view.fig.bbox.y1 + 1

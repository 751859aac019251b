"""Lesson 9's views and panels: controls update the artists in place."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.descent.panels import (
    batch_noise_explorer,
    descent_explorer,
    learning_rate_explorer,
    optimizer_explorer,
)
from nnviz.widgets.controls import BackendError


@pytest.fixture(scope="module")
def surface():
    return nv.bowl(10, 0.5, 30)


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
    assert "diverged" in view.readout.get_text() or "not below" in \
        view.readout.get_text()
    panel.controls["w1"].value = 2.0
    assert panel.state["path"][0, 0] == 2.0 and not panel.output.outputs


def test_optimizer_sliders_change_their_own_path(surface):
    panel = optimizer_explorer(surface, check_backend=False)
    assert panel.state["steps"] == {"SGD": 67, "SGD + momentum": 34, "Adam": 117}
    adam_before = panel.state["paths"]["Adam"].copy()
    sgd_line = panel.views[0].path_lines["SGD"]
    panel.controls["sgd_lr"].value = 0.05
    np.testing.assert_allclose(panel.state["paths"]["Adam"], adam_before)
    np.testing.assert_allclose(sgd_line.get_xydata(), panel.state["paths"]["SGD"])
    assert "SGD: loss < 0.001 after" in panel.views[0].readout.get_text()


def test_learning_rate_explorer_reports_divergence_in_words():
    plane = nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))
    panel = learning_rate_explorer(plane, steps=200, check_backend=False)
    status = panel.widget.children[-2]
    assert "Training diverged" in status.value and "0.7" in status.value
    view = panel.views[0]
    assert len(view.crosses[0.7].get_xdata()) == 1           # the ✕ is drawn
    assert "diverged at step" in view.readout.get_text()
    panel.controls["lr"].value = 1.5
    assert panel.state["runs"]["yours"].diverged
    assert "lr 1.5" in status.value or "lr 1.49" in status.value
    panel.controls["activation"].value = "relu"
    assert panel.state["activation"] == "relu" and not panel.output.outputs




def test_batch_and_gradient_views_set_their_lines():
    moons = nv.data.moons(100, noise=0.25, rng=np.random.default_rng(0))
    runs = nv.batch_size_runs(moons, epochs=2)
    view = nv.BatchNoiseView(list(runs), n_train=len(moons.X_train), epochs=2)
    view.update(runs)
    np.testing.assert_allclose(view.step_lines[1].get_ydata(), runs[1].step_losses)
    low, high = view.ax_epoch.get_xlim()  # markers at epoch 0 and 2 drawn whole
    assert low < 0 and high > 2
    assert all(float(t).is_integer() for t in view.ax_epoch.get_xticks())
    grads = nv.GradientHistoryView(["a", "b"], 2, steps=3)
    grads.update({"a": np.ones((3, 2)), "b": np.full((3, 2), 1e-6)})
    assert grads.lines["b", 1].get_ydata()[0] == 1e-6


def test_play_trains_your_run_live_and_reports_divergence():
    plane = nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=200, check_backend=False)
    panel.live.budget_ms = None  # every tick takes steps_per_frame = 5 steps
    line = panel.views[0].lines["yours"]
    panel.controls["frame"].value = 1
    assert len(line.get_ydata()) == 5                     # 5 steps per frame
    reference = nv.learning_rate_runs(plane, [0.2], steps=5)[0.2].losses
    np.testing.assert_allclose(line.get_ydata(), reference)  # same run as the slider
    panel.controls["frame"].value = 2
    assert len(line.get_ydata()) == 10 and panel.views[0].lines["yours"] is line
    panel.controls["lr"].value = 1.5                       # a fresh run, far too large
    assert panel.live.source is None                       # the old run is dropped
    panel.controls["play"].playing = True
    for _ in range(60):
        panel.live.tick()  # what each Play tick does
        if panel.state["runs"]["yours"].diverged:
            break
    assert "Training diverged" in panel.widget.children[-2].value
    assert "Training stopped" in panel.live.note.value
    assert panel.controls["play"].playing is False
    assert panel.live.source is None and not panel.output.outputs


def test_play_stops_when_your_run_is_complete():
    plane = nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=12, check_backend=False)
    panel.live.budget_ms = None
    panel.controls["play"].playing = True
    for _ in range(3):
        panel.live.tick()
    assert len(panel.views[0].lines["yours"].get_ydata()) == 12
    assert panel.controls["play"].playing is False
    assert not panel.state["runs"]["yours"].diverged


def test_batch_noise_explorer_draws_your_run_in_place_and_caches_it():
    moons = nv.data.moons(100, noise=0.25, rng=np.random.default_rng(0))  # N = 70
    panel = batch_noise_explorer(moons, epochs=3, check_backend=False)
    view = panel.views[0]
    step_line, epoch_line = view.your_step_line, view.your_epoch_line
    sixteen = panel.state["runs"][16]
    np.testing.assert_allclose(epoch_line.get_ydata(), sixteen.epoch_losses)
    assert len(step_line.get_ydata()) == 3 * (70 // 16)
    assert "batch 16" in view.readout.get_text()
    panel.controls["batch"].value = 2
    assert view.your_step_line is step_line and view.your_epoch_line is epoch_line
    assert len(step_line.get_ydata()) == 3 * 35                  # 35 steps an epoch
    two = panel.state["runs"][2]
    np.testing.assert_allclose(epoch_line.get_ydata(), two.epoch_losses)
    text = view.readout.get_text()
    assert "batch 2\n" in text and "35 steps per epoch" in text
    assert f"{two.epoch_losses[-1]:.3f}" in text
    assert f"jump per step {nv.step_noise(two.step_losses):.2f}" in text
    expected = nv.batch_size_runs(moons, (2,), epochs=3)[2]      # the same run
    np.testing.assert_allclose(two.step_losses, expected.step_losses)
    reference = view.step_lines[1].get_ydata().copy()           # fixed runs stay
    panel.controls["batch"].value = 16
    assert panel.state["runs"][16] is sixteen and panel.state["yours"] is sixteen
    panel.controls["batch"].value = 2
    assert panel.state["runs"][2] is two                        # not retrained
    np.testing.assert_allclose(view.step_lines[1].get_ydata(), reference)
    panel.controls["batch"].value = 70                          # the full batch
    assert panel.state["yours"] is panel.state["runs"][70]
    assert "full batch" in view.readout.get_text() and "1 step per" in \
        view.readout.get_text()
    assert not panel.output.outputs


def test_a_new_learning_rate_sets_the_frame_counter_back():
    # The slider draws the whole run at once; the counter must not still say
    # "frame 9" beside a finished curve.
    plane = nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))
    panel = learning_rate_explorer(plane, lrs=(0.1,), steps=50, check_backend=False)
    panel.live.budget_ms = None
    panel.controls["frame"].value = 1
    panel.controls["frame"].value = 2
    assert len(panel.views[0].lines["yours"].get_ydata()) == 10  # 5 steps a frame
    panel.controls["lr"].value = 0.05
    assert panel.controls["frame"].value == 0
    assert len(panel.views[0].lines["yours"].get_ydata()) == 50


def test_optimizer_legend_sits_above_the_loss_plot():
    # Inside the axes the legend covered one of the three loss curves.
    view = optimizer_explorer(nv.bowl(lam_max=10, lam_min=0.5, angle=30),
                              check_backend=False).views[0]
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    legend = view.ax_loss.get_legend().get_window_extent(renderer)
    plot = view.ax_loss.get_window_extent(renderer)
    assert legend.y0 >= plot.y1 and legend.y1 <= view.fig.bbox.y1 + 1

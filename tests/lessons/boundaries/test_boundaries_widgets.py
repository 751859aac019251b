"""Lesson 6 panels (parity, extrapolation, picture); Fit1DView, PictureView.

Every control here needs training: a move must take at most one tick's steps
at once, and the figure must then be finished by the progressive path (ticks,
as Play does), the progress bar ending "done".
"""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.boundaries.panels import (
    FIRST_STEPS,
    extrapolation_explorer,
    parity_explorer,
    picture_explorer,
)
from nnviz.lessons.boundaries.views import Fit1DView, PictureView
from nnviz.widgets.controls import BackendError


@pytest.mark.parametrize("build", [parity_explorer, extrapolation_explorer])
def test_panels_need_the_widget_backend(build):
    with pytest.raises(BackendError):
        build()


def test_fit1d_view_updates_in_place():
    view = Fit1DView((0, 3), (-1, 10), train_range=(0, 1))
    line = view.model_line
    view.update(view.x**2, view.x, text="hello")
    assert view.model_line is line
    np.testing.assert_allclose(line.get_ydata(), view.x**2)
    view.set_train_range(0, 2)
    assert view.band.get_width() == 2
    view.set_points([0, 1], [0, 1], [2], [4])
    assert len(view.test_points.get_offsets()) == 1
    low, high = view.ax.get_xlim()  # a point at x = 0 or 3 is drawn whole
    assert low < 0 and high > 3


def test_fit1d_training_band_covers_the_range_at_full_height():
    # The band is a Rectangle on every matplotlib (axvspan returned a Polygon,
    # without set_x, before 3.9): it must cover what axvspan would.
    view = Fit1DView((0, 3), (-1, 10), train_range=(0, 1))
    view.set_train_range(0.5, 2.0)
    assert (view.band.get_x(), view.band.get_width()) == (0.5, 1.5)
    view.fig.canvas.draw()
    expected = view.ax.axvspan(0.5, 2.0).get_window_extent()
    np.testing.assert_allclose(view.band.get_window_extent().bounds,
                               expected.bounds, atol=0.5)
    labels = [t.get_text() for t in view.legend.get_texts()]
    assert "training range" in labels


def finish(panel, steps_per_tick=None):
    """Tick a panel's run to its end, as Play would; returns the ticks taken.

    steps_per_tick: if given, each of these ticks takes that many steps.
    """
    if steps_per_tick is not None:
        count_steps_of_one_tick(panel, steps_per_tick)
    ticks = 0
    while not panel.live.progress.finished:
        panel.live.tick()
        ticks += 1
    return ticks


def count_steps_of_one_tick(panel, steps_per_tick=5):
    """From now on every tick takes exactly steps_per_tick steps (no clock)."""
    panel.live.budget_ms, panel.live.steps_per_tick = None, steps_per_tick


def test_parity_explorer_move_answers_at_once_and_trains_progressively():
    panel = parity_explorer(n=30, width=16, steps=600, check_backend=False)
    assert panel.live.progress.finished  # the opening net: trained in full
    odd = panel.state["test_accuracy"]
    view = panel.views[0]
    line, before = view.model_line, view.model_line.get_ydata().copy()
    panel.controls["target"].value = "small"
    # the callback took a few steps (at most a tick's): a first curve; Play goes on
    assert panel.live.run_steps == FIRST_STEPS <= panel.live.steps_per_tick
    assert panel.live.play.playing
    first = line.get_ydata().copy()
    assert not np.allclose(first, before)
    assert f"after {FIRST_STEPS} of 600" in view.text.get_text()
    assert not panel.live.progress.finished
    assert finish(panel, 100) == 6  # 580 steps left: 100 a tick
    assert panel.live.run_steps == 600 and not np.allclose(line.get_ydata(), first)
    assert panel.live.progress.line.startswith("done: training a 16-16 net, 600 steps")
    assert view.model_line is line
    assert panel.state["test_accuracy"] > odd + 0.3


def test_parity_explorer_move_under_the_real_budget_takes_part_of_the_run():
    panel = parity_explorer(n=30, width=16, steps=1500, check_backend=False)
    panel.controls["width"].value = 8
    assert 1 <= panel.live.run_steps < 1500 and panel.live.source is not None


def test_parity_explorer_a_finished_setting_comes_back_at_once():
    panel = parity_explorer(n=30, width=16, steps=300, check_backend=False)
    odd = panel.state["test_accuracy"], panel.views[0].model_line.get_ydata().copy()
    panel.controls["target"].value = "small"
    finish(panel, 100)
    panel.controls["target"].value = "odd"  # trained before: no step is taken
    assert panel.live.run_steps == 0 and not panel.live.play.playing
    assert panel.state["test_accuracy"] == odd[0]
    line = panel.views[0].model_line
    np.testing.assert_allclose(line.get_ydata(), odd[1])
    panel.controls["frame"].value += 1  # a tick that was on its way: no run
    assert panel.live.run_steps == 0
    np.testing.assert_allclose(line.get_ydata(), odd[1])
    panel.live.play.playing = True  # Play: the same net trained again, watched
    count_steps_of_one_tick(panel)
    panel.live.tick()
    assert panel.live.run_steps == 5 and not np.allclose(line.get_ydata(), odd[1])
    finish(panel, 100)
    np.testing.assert_allclose(line.get_ydata(), odd[1])  # the same seed: same net


def test_parity_explorer_the_cosine_input_gets_every_held_out_integer():
    panel = parity_explorer(n=30, width=16, steps=300, check_backend=False)
    assert panel.state["test_accuracy"] < 0.5
    panel.controls["inputs"].value = True
    finish(panel, 100)
    assert panel.state["test_accuracy"] == 1.0
    assert panel.state["model"].layers[0].n_in == 2


def test_extrapolation_explorer_training_range_slider():
    panel = extrapolation_explorer(steps=500, check_backend=False)
    outside = panel.state["error_outside"]
    assert panel.state["error_inside"] < 0.2 and outside > 3
    panel.controls["train_to"].value = 2.5  # the slowest control of the lesson
    view = panel.views[0]
    assert view.band.get_width() == 2.5  # the band at once, the net by ticks
    assert panel.live.run_steps == FIRST_STEPS and panel.live.play.playing
    first = view.model_line.get_ydata().copy()
    finish(panel, 100)
    assert not np.allclose(view.model_line.get_ydata(), first)
    assert panel.live.progress.line.startswith("done: training the tanh net, 500")
    assert panel.state["error_outside"] < outside


def test_extrapolation_explorer_move_under_the_real_budget_takes_part_of_the_run():
    panel = extrapolation_explorer(steps=1500, check_backend=False)
    panel.controls["train_to"].value = 2.0
    assert 1 <= panel.live.run_steps < 1500 and panel.live.source is not None


def test_extrapolation_explorer_model_changes_the_curve_and_back():
    panel = extrapolation_explorer(steps=300, check_backend=False)
    before = panel.views[0].model_line.get_ydata().copy()
    panel.controls["model"].value = "relu"
    assert not np.allclose(panel.views[0].model_line.get_ydata(), before)
    panel.controls["model"].value = "tanh"  # the opening model: drawn at once
    assert panel.live.run_steps == 0 and not panel.live.play.playing
    np.testing.assert_allclose(panel.views[0].model_line.get_ydata(), before)


def test_extrapolation_explorer_the_linear_model_continues_a_line():
    panel = extrapolation_explorer(steps=1500, check_backend=False)
    panel.controls["target"].value = "2x + 2"
    view = panel.views[0]
    np.testing.assert_allclose(view.true_line.get_ydata(), 2 * view.x + 2)  # at once
    panel.controls["model"].value = "linear"
    finish(panel, 500)
    assert panel.state["error_outside"] < 1e-3
    assert panel.state["model"].n_params == 2


@pytest.fixture(scope="module")
def picture():
    return nv.data.picture_dataset()


def test_picture_explorer_play_trains_and_controls_rebuild(picture):
    panel = picture_explorer(
        picture, width=20, n_freq=4, steps_per_frame=5, check_backend=False
    )
    panel.live.budget_ms = None  # every tick takes steps_per_frame steps
    view = panel.views[0]
    start = view.image.get_array().copy()
    for frame in range(1, 5):
        panel.controls["frame"].value = frame
    assert panel.state["fit"].steps_done == 20
    assert not np.allclose(view.image.get_array(), start)
    assert "20 steps" in view.title.get_text()
    panel.controls["depth"].value = 2
    assert panel.state["fit"].steps_done == 0 and panel.state["fit"].depth == 2


def test_picture_explorer_move_draws_at_once_and_trains_by_ticks(picture):
    panel = picture_explorer(picture, width=10, steps=6, check_backend=False)
    assert panel.live.progress.widget.layout.display == "none"  # until Play
    count_steps_of_one_tick(panel, 2)
    view = panel.views[0]
    image = view.image
    panel.controls["features"].value = 4
    fit = panel.state["fit"]
    # no step in the callback: the fresh net is drawn at step 0, Play starts
    assert fit.n_freq == 4 and fit.steps_done == 0 and panel.live.play.playing
    assert _steps_in_title(view) == 0
    np.testing.assert_allclose(image.get_array(), fit.image())
    start = image.get_array().copy()
    assert finish(panel) == 3
    assert fit.steps_done == 6 and _steps_in_title(view) == 6
    assert view.image is image and not np.allclose(image.get_array(), start)
    assert panel.live.progress.line.startswith(f"done: training {fit.n_params:,}")


def test_picture_view_shows_both_pictures(picture):
    image = nv.data.picture()
    view = PictureView(image)
    view.update(np.ones_like(image, dtype=float), "all white")
    assert view.image.get_array().min() == 1 and view.title.get_text() == "all white"


def test_nv_playground_is_the_panel_builder_even_after_plots_playground_loads():
    """nnviz.playground.views (a module) must not hide nnviz.playground.app."""
    import nnviz.playground.views  # noqa: F401

    assert callable(nv.playground)


def test_parity_title_follows_the_target_and_nothing_is_cut(rng):
    panel = parity_explorer(n=30, width=16, steps=300, check_backend=False)
    view = panel.views[0]
    assert view.ax.get_title() == "Can a net learn odd / even?"
    assert "odd" in view.ax.get_ylabel()
    panel.controls["target"].value = "small"
    assert view.ax.get_title() == "Can a net learn n < 15?"
    assert "n < 15" in view.ax.get_ylabel()
    # every marker a full unit inside the x limits, and inside the y limits
    x0, x1 = view.ax.get_xlim()
    y0, y1 = view.ax.get_ylim()
    points = np.r_[view.train_points.get_offsets(), view.test_points.get_offsets()]
    assert x0 <= points[:, 0].min() - 1 and points[:, 0].max() + 1 <= x1
    assert y0 < -0.1 and y1 > 1.1
    # the accuracy is written outside the axes, under the legend: on no marker
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    text = view.text.get_window_extent(renderer)
    axes = view.ax.get_window_extent(renderer)
    assert "held-out" in view.text.get_text()
    assert text.x0 > axes.x1 and text.x1 <= view.fig.bbox.x1
    assert text.y0 >= view.legend.get_window_extent(renderer).y1 or (
        text.y1 <= view.legend.get_window_extent(renderer).y0
    )


def _steps_in_title(view):
    import re

    match = re.search(r"after ([\d,]+) steps \(", view.title.get_text())
    assert match, view.title.get_text()
    return int(match[1].replace(",", ""))


def test_picture_explorer_title_says_the_steps_the_net_took(picture):
    # The frame counter is Play's hidden tick count, not a control; the title
    # names the steps, and each tick's steps are at most steps_per_frame.
    panel = picture_explorer(picture, width=10, steps_per_frame=2, check_backend=False)
    view, frame, fit = panel.views[0], panel.controls["frame"], panel.state["fit"]
    assert _steps_in_title(view) == 0
    taken = 0
    for value in (1, 2, 50):  # a jump of the counter is still one tick
        frame.value = value
        taken += panel.live.last_steps
        assert 1 <= panel.live.last_steps <= 2
        assert _steps_in_title(view) == fit.steps_done == taken
    panel.controls["depth"].value = 2  # a new net: step 0, the counter back to 0
    assert panel.state["fit"] is not fit and panel.state["fit"].depth == 2
    assert _steps_in_title(view) == 0 and frame.value == 0
    assert panel.live.play.playing  # Play trains it: one of its ticks
    panel.live.tick()  # the new net trains; the old one is left alone
    assert _steps_in_title(view) == panel.state["fit"].steps_done >= 1
    assert fit.steps_done == taken


@pytest.mark.parametrize(
    "build, moves",
    [
        (lambda: parity_explorer(n=30, width=8, steps=40, check_backend=False),
         [("width", 12), ("target", "small"), ("inputs", True)]),
        (lambda: extrapolation_explorer(steps=40, check_backend=False),
         [("train_to", 2.0), ("model", "relu"), ("target", "sin(2πx)")]),
    ],
)
def test_1d_panels_redraw_only_what_changes_on_the_same_artists(build, moves):
    # Issue 18: axes, ticks and legend are rendered once (a BackgroundCache).
    panel = build()
    view, cache = panel.views[0], panel.state["cache"]
    artists = view.changing_artists()
    view.fig.canvas.draw()
    drawn = cache.full_draws
    for name, value in moves:
        panel.controls[name].value = value
        view.fig.canvas.draw()
    assert cache.full_draws == drawn
    assert view.changing_artists() == artists


def test_picture_explorer_redraws_only_the_learned_picture(picture):
    panel = picture_explorer(picture, width=10, steps=6, check_backend=False)
    view, cache = panel.views[0], panel.state["cache"]
    image = view.image
    view.fig.canvas.draw()
    drawn = cache.full_draws
    panel.controls["width"].value = 20
    view.fig.canvas.draw()
    assert cache.full_draws == drawn and view.image is image

"""Lesson 3 panels (parity, extrapolation, picture); Fit1DView, PictureView."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.boundaries.panels import (
    MAX_JUMP,
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


def test_parity_explorer_target_switch(rng):
    panel = parity_explorer(n=30, width=16, steps=600, check_backend=False)
    odd = panel.state["test_accuracy"]
    line = panel.views[0].model_line
    before = line.get_ydata().copy()
    panel.controls["target"].value = "small"
    assert not np.allclose(line.get_ydata(), before)
    assert panel.state["test_accuracy"] > odd + 0.3


def test_extrapolation_explorer_training_range_slider():
    panel = extrapolation_explorer(steps=500, check_backend=False)
    outside = panel.state["error_outside"]
    assert panel.state["error_inside"] < 0.2 and outside > 3
    panel.controls["train_to"].value = 2.5
    assert panel.views[0].band.get_width() == 2.5
    assert panel.state["error_outside"] < outside


def test_extrapolation_explorer_activation_changes_the_curve():
    panel = extrapolation_explorer(steps=300, check_backend=False)
    before = panel.views[0].model_line.get_ydata().copy()
    panel.controls["activation"].value = "relu"
    assert not np.allclose(panel.views[0].model_line.get_ydata(), before)


@pytest.fixture(scope="module")
def picture():
    return nv.data.picture_dataset()


def test_picture_explorer_play_trains_and_controls_rebuild(picture):
    panel = picture_explorer(
        picture, width=20, n_freq=4, steps_per_frame=5, check_backend=False
    )
    view = panel.views[0]
    start = view.image.get_array().copy()
    for frame in range(1, 5):
        panel.controls["frame"].value = frame
    assert panel.state["fit"].steps_done == 20
    assert not np.allclose(view.image.get_array(), start)
    assert "20 steps" in view.title.get_text()
    panel.controls["depth"].value = 2
    assert panel.state["fit"].steps_done == 0 and panel.state["fit"].depth == 2


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


def _frame_in_title(view):
    import re

    match = re.search(r"after ([\d,]+) steps \(frame (\d+);", view.title.get_text())
    assert match, view.title.get_text()
    return int(match[1].replace(",", "")), int(match[2])


def test_picture_explorer_frame_counter_and_title_agree(picture):
    panel = picture_explorer(picture, width=10, steps_per_frame=2, check_backend=False)
    view, frame = panel.views[0], panel.controls["frame"]

    def agree():
        steps, shown = _frame_in_title(view)
        assert shown == frame.value == panel.state["frame"]
        assert steps == 2 * frame.value == panel.state["fit"].steps_done

    for value in (1, 2, 6):  # one frame at a time, then a jump of four
        frame.value = value
        agree()
    frame.value = 6 + 10 * MAX_JUMP  # a long drag: trains MAX_JUMP frames, stops
    agree()
    assert frame.value == 6 + MAX_JUMP
    frame.value = 3  # back: a fresh net trained to frame 3
    agree()
    assert panel.state["fit"].steps_done == 6
    panel.controls["depth"].value = 2  # a new net: back to frame 0, 0 steps
    agree()
    assert frame.value == 0
    frame.value = 1
    agree()

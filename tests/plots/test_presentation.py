"""Projector setting: text 1.5x taller in pixels, every figure at most 1280 px wide.

Heights are measured on the rendered figure (Agg): `Text.get_window_extent` with
the figure's renderer, in pixels, for the same view built with the setting off
and on.
"""

import os
import subprocess
import sys

import matplotlib.image
import numpy as np
import pytest

from nnviz.data import toy
from nnviz.lessons.regularization.views import KeepProbView
from nnviz.plots import style
from nnviz.plots.boundary import DecisionBoundaryView
from nnviz.plots.curves import LossCurveView

MIN_RATIO = 1.45  # 1.5 asked; text boxes are whole pixels, so a little less


@pytest.fixture(autouse=True)
def _setting_off(monkeypatch):
    """Start each test with the setting off (even if NNVIZ_PRESENTATION is set)
    and put it back afterwards."""
    monkeypatch.setattr(style, "_presentation", False)


def boundary_view():
    data = toy.circles(n=120, rng=np.random.default_rng(0))
    view = DecisionBoundaryView(data.X_train, data.y_train, data.X_test, data.y_test,
                                resolution=30)
    view.update(lambda P: 1 / (1 + np.exp(-P[:, 0])))
    return view


def loss_view():
    view = LossCurveView()
    for step in range(1, 11):
        view.append(step, 1 / step, 1.2 / step)
    view.ax.set_title("loss")
    return view


def keep_prob_view():  # a lesson view: three panels, 10.4 in wide by default
    a = np.linspace(0, 3, 50)
    view = KeepProbView(a)
    view.update(0.5, 0.5 * a, a, 2 * a)
    return view


VIEWS = {"boundary": boundary_view, "loss": loss_view, "keep_prob": keep_prob_view}


def text_heights(fig):
    """{kind: tallest rendered height in pixels} of the figure's non-empty texts:
    titles, axis labels, tick labels, legend entries (set with fontsize=8)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    kinds = {"title": [], "axis label": [], "tick label": [], "legend": []}
    for ax in fig.axes:
        kinds["title"].append(ax.title)
        kinds["axis label"] += [ax.xaxis.label, ax.yaxis.label]
        kinds["tick label"] += ax.get_xticklabels() + ax.get_yticklabels()
        if ax.get_legend() is not None:
            kinds["legend"] += ax.get_legend().get_texts()
    heights = {}
    for kind, texts in kinds.items():
        shown = [t.get_window_extent(renderer).height for t in texts
                 if t.get_text().strip() and t.get_visible()]
        if shown:
            heights[kind] = max(shown)
    return heights


@pytest.mark.parametrize("name", VIEWS)
def test_text_is_half_again_as_tall_and_the_figure_fits_1280_px(name):
    before = text_heights(VIEWS[name]().fig)
    style.presentation(True)
    fig = VIEWS[name]().fig
    after = text_heights(fig)
    assert set(before) == set(after) and {"title", "axis label", "tick label",
                                          "legend"} <= set(before)
    for kind in before:
        ratio = after[kind] / before[kind]
        assert ratio >= MIN_RATIO, f"{name} {kind}: {before[kind]:.1f} -> " \
            f"{after[kind]:.1f} px, x{ratio:.2f}"
    assert fig.bbox.width <= style.PRESENTATION_MAX_WIDTH


def test_lines_and_markers_grow_too():
    def widths():
        view = loss_view()
        line = view.train_line
        return line.get_linewidth() * view.fig.dpi, line.get_markersize() * view.fig.dpi

    (line_off, marker_off) = widths()
    style.presentation(True)
    (line_on, marker_on) = widths()
    assert line_on / line_off >= MIN_RATIO and marker_on / marker_off >= MIN_RATIO


@pytest.mark.parametrize("size", [(4.5, 3.4), (10.4, 3.8), (12.0, 7.0), (30.0, 2.0)])
def test_geometry_keeps_the_aspect_and_caps_the_width(size):
    style.presentation(True)
    (width, height), dpi = style.figure_geometry(*size)
    assert dpi == style.DPI * style.PRESENTATION_SCALE
    assert width * dpi <= style.PRESENTATION_MAX_WIDTH
    assert width * dpi >= min(size[0] * dpi, style.PRESENTATION_MAX_WIDTH) - 1
    assert height / width == pytest.approx(size[1] / size[0])


def test_saved_png_widths(tmp_path):
    """The saved image (what a page shows) is as wide as the figure says."""
    widths = {}
    for on in (False, True):
        style.presentation(on)
        path = tmp_path / f"keep_prob_{on}.png"
        keep_prob_view().fig.savefig(path)
        widths[on] = matplotlib.image.imread(path).shape[1]
    assert widths[False] == 1040  # 10.4 in at 100 dpi, as before
    assert 1040 < widths[True] <= style.PRESENTATION_MAX_WIDTH


def test_switching_off_restores_the_defaults():
    assert style.presentation(True) is True
    assert style.presentation(False) is False
    fig = boundary_view().fig
    assert fig.dpi == style.DPI
    np.testing.assert_allclose(fig.get_size_inches(), style.SINGLE)
    assert style.figure_geometry(10.4, 3.8) == ((10.4, 3.8), style.DPI)


@pytest.mark.parametrize("value, expected", [(None, False), ("", False),
                                             ("0", False), ("1", True), ("on", True)])
def test_off_by_default_and_on_with_the_environment_variable(value, expected):
    env = {k: v for k, v in os.environ.items() if k != "NNVIZ_PRESENTATION"}
    if value is not None:
        env["NNVIZ_PRESENTATION"] = value
    code = "from nnviz.plots import style; print(style._presentation)"
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == str(expected)


def test_course_option_sets_the_variable_for_the_kernels(monkeypatch):
    import course  # the repository root's course.py

    monkeypatch.delenv("NNVIZ_PRESENTATION", raising=False)
    assert course.take_presentation(["--port=8870"]) == ["--port=8870"]
    assert "NNVIZ_PRESENTATION" not in os.environ
    rest = course.take_presentation(["--no-browser", "--presentation", "--port=8870"])
    assert rest == ["--no-browser", "--port=8870"]
    assert os.environ["NNVIZ_PRESENTATION"] == "1"
    assert course.app_command(rest)[-2:] == rest

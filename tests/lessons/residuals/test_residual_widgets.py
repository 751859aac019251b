"""Lesson 11 views and panels: built once, updated in place by their controls."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.residuals import batchnorm_panels
from nnviz.lessons.residuals import panels as panels


def test_stages_view_draws_maps_to_scale():
    view = nv.ResNetStagesView()
    sides = sorted({p.get_width() for p in view.ax.patches})
    assert sides == [8, 16, 32]


def finish(panel):
    """Run the panel's remaining work tick by tick, as Play would; ticks taken."""
    ticks = 0
    while panel.live.source is not None:
        panel.live.tick()
        ticks += 1
    return ticks


def test_gradient_panel_updates_in_place():
    panel = panels.shortcut_gradient_explorer(depth=10, check_backend=False)
    view, readout = panel.views[0], panel.widget.children[4]
    fig, line = view.fig, view.lines["plain"]
    assert len(line.get_xdata()) == 10 and not panel.output.outputs
    assert "times as much with shortcuts" in readout.value
    assert panel.live.progress.finished  # the opening work is done at once
    panel.controls["depth"].value = 30   # in DEPTHS: cached when the panel opened
    assert panel.live.total == 0 and panel.live.source is None
    assert len(line.get_xdata()) == 30 and len(panel.state["norms"]["plain"]) == 30
    assert not np.isnan(panel.state["norms"]["plain"]).any()
    panel.controls["depth"].value = 33   # not cached: computed on the next ticks
    finish(panel)
    assert len(line.get_xdata()) == 33 and not np.isnan(line.get_ydata()).any()
    assert view.fig is fig and view.lines["plain"] is line
    assert "depth 33" in readout.value and not panel.output.outputs


def test_a_new_branch_scale_answers_at_once_and_finishes_progressively():
    panel = panels.shortcut_gradient_explorer(depth=50, branch_scale=0.25,
                                              check_backend=False)
    view, live, progress = panel.views[0], panel.live, panel.live.progress
    before = view.curves["residual"].get_ydata().copy()
    plain = view.curves["plain"].get_ydata().copy()
    panel.controls["branch_scale"].value = 1.0
    # the callback took one tick: at most steps_per_tick block passes, not the
    # whole sweep, and handed the rest to Play
    assert 0 < live.run_steps <= live.steps_per_tick < live.total
    assert live.source is not None and live.play.playing and not progress.finished
    assert "computing" in panel.widget.children[4].value
    np.testing.assert_array_equal(view.curves["plain"].get_ydata(), plain)  # cached
    assert finish(panel) >= 1
    assert live.run_steps == live.total and progress.finished
    assert progress.line.startswith("done: computing the gradients")
    after = view.curves["residual"].get_ydata()
    assert not np.isnan(after).any() and not np.allclose(after, before)
    assert after[-1] > 1e6  # full-size branches explode at depth 50
    assert "times as much with shortcuts" in panel.widget.children[4].value


def test_a_newer_move_replaces_the_older_work():
    panel = panels.shortcut_gradient_explorer(depth=50, check_backend=False)
    panel.controls["branch_scale"].value = 1.0
    panel.controls["branch_scale"].value = 0.5   # before the first run finished
    finish(panel)
    cache = panel.state["cache"]
    assert all(not np.isnan(norms).any() for norms in cache.values())
    curve = panel.state["depth_curve"]["residual"]
    expected = [nv.gradient_norms(d, branch_scale=0.5)["residual"][0]
                for d in panels.DEPTHS]
    np.testing.assert_allclose(curve, expected)


def test_batchnorm_panel_draws_each_stack_in_place():
    panel = batchnorm_panels.batchnorm_explorer(depth=20, weight_scale=1.3,
                                                check_backend=False)
    view, readout = panel.views[0], panel.widget.children[2]
    fig, lines = view.fig, dict(view.lines)
    assert all(len(line.get_xdata()) == 20 for line in lines.values())
    assert "with batch norm in training mode" in readout.value
    plain = lines["plain"].get_ydata().copy()
    panel.controls["weight_scale"].value = 0.7
    assert lines["plain"].get_ydata()[-1] < plain[-1] / 100
    panel.controls["batchnorm"].value = False
    assert len(lines["batchnorm"].get_xdata()) == len(lines["eval"].get_xdata()) == 0
    assert "with batch norm" not in readout.value
    panel.controls["depth"].value = 45
    assert len(lines["plain"].get_xdata()) == 45
    assert view.fig is fig and view.lines == lines and not panel.output.outputs


def test_strided_shortcut_view_shows_what_each_path_reads():
    reads, paths = nv.shortcut_reads(8), nv.path_sensitivity(size=8)
    view = nv.StridedShortcutView(reads, paths)
    titles = [ax.get_title() for ax in (view.ax_reads, view.ax_skip, view.ax_body)]
    assert "drops 48 of 64" in titles[0]
    assert "16 pixels get a gradient" in titles[1] and "64 pixels" in titles[2]
    assert view.images[1].get_array().mask.sum() == 48  # no gradient: drawn white


def test_resnet_table_follows_n_and_shortcut():
    panel = panels.resnet_table(3, check_backend=False)
    table = panel.widget.children[2]
    assert "269,034" in table.value and "269,722" in table.value
    assert "N × 64 × 8 × 8" in table.value
    panel.controls["shortcut"].value = "projection"
    assert "271,690" in table.value and "projection shortcut" in table.value
    panel.controls["n"].value = 9
    assert "ResNet-56" in panel.widget.children[1].value
    assert len(panel.state["rows"]) == 2 + 27 + 2


@pytest.fixture(scope="module")
def tiny_models():
    """Untrained heads: the panel's wiring does not depend on training."""
    rng = np.random.default_rng(0)
    return {"flatten": nv.flatten_head_cnn(rng=rng).astype(np.float32),
            "gap": nv.gap_head_cnn(rng=rng).astype(np.float32)}


def test_shift_panel_moves_the_digit_and_the_bars(tiny_models):
    X = np.zeros((2, 1, 28, 28))
    X[:, 0, 10:18, 12:16] = 1.0
    shifts = np.arange(-2, 3)
    curves = {"flatten": np.linspace(0, 1, 5), "gap": np.ones(5)}
    panel = panels.shift_explorer(tiny_models, X, np.array([1, 7]), shifts, curves,
                                  check_backend=False)
    view = panel.views[0]
    image = view.image.get_array().copy()
    heights = [bar.get_height() for bar in view.bars["gap"]]
    assert np.isclose(sum(heights), 1.0) and not panel.output.outputs
    maps = view.maps.get_array().copy()
    panel.controls["dx"].value = 3
    assert panel.state["maps"].shape == (10, 7, 7)
    assert not np.allclose(view.maps.get_array(), maps)
    assert view.map_digits[0].get_text() == "0:"
    assert np.isclose(float(view.map_labels[0].get_text()),
                      panel.state["maps"][0].mean(), atol=0.05)
    moved = view.image.get_array()
    np.testing.assert_array_equal(moved[:, 15:19], image[:, 12:16])
    assert list(view.marker.get_xdata()) == [3, 3]
    assert "true digit 1" in view.label.get_text()
    panel.controls["digit"].value = 1
    assert "true digit 7" in view.label.get_text()

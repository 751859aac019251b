"""Lesson 10 views and panels: built once, updated in place by their controls."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.residuals import panels as panels


def test_stages_view_draws_maps_to_scale():
    view = nv.ResNetStagesView()
    sides = sorted({p.get_width() for p in view.ax.patches})
    assert sides == [8, 16, 32]


def test_gradient_panel_updates_in_place():
    panel = panels.shortcut_gradient_explorer(depth=10, check_backend=False)
    view = panel.views[0]
    fig, line = view.fig, view.lines["plain"]
    assert len(line.get_xdata()) == 10 and not panel.output.outputs
    panel.controls["depth"].value = 30
    assert len(line.get_xdata()) == 30 and len(panel.state["norms"]["plain"]) == 30
    before = view.curves["residual"].get_ydata().copy()
    panel.controls["branch_scale"].value = 1.0
    assert not np.allclose(view.curves["residual"].get_ydata(), before)
    assert view.fig is fig and view.lines["plain"] is line
    assert "times as much with shortcuts" in view.readout.get_text()


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
    assert view.map_labels[0].get_text().startswith("0: ")
    moved = view.image.get_array()
    np.testing.assert_array_equal(moved[:, 15:19], image[:, 12:16])
    assert list(view.marker.get_xdata()) == [3, 3]
    assert "true digit 1" in view.label.get_text()
    panel.controls["digit"].value = 1
    assert "true digit 7" in view.label.get_text()

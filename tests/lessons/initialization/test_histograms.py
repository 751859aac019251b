"""PerLayerHistogramView updates its artists in place."""

import numpy as np
import pytest

from nnviz.lessons.initialization import diagnostics as d
from nnviz.lessons.initialization.histogram_views import (
    PerLayerHistogramView,
    _ridge_heights,
    summary_line,
)


def _stats(init, depth=6, activation="tanh", seed=0):
    rng = np.random.default_rng(seed)
    net = d.deep_net(depth, 32, activation, init, rng=rng)
    return d.layer_statistics(net, rng.normal(size=(100, 32)), rng=rng)


def test_update_changes_artist_data_in_place():
    view = PerLayerHistogramView(6)
    fig, steps, line = view.fig, list(view.act_steps), view.act_line
    view.update(_stats("glorot"))
    before = view.act_steps[3].get_data().values.copy()
    grad_before = view.grad_steps[0].get_data().values.copy()
    view.update(_stats("too_small"))
    assert view.fig is fig and view.act_steps == steps and view.act_line is line
    assert not np.allclose(view.act_steps[3].get_data().values, before)
    assert not np.allclose(view.grad_steps[0].get_data().values, grad_before)


def test_std_line_and_summary_follow_the_statistics():
    view = PerLayerHistogramView(6)
    stats = _stats("he", activation="relu")
    view.update(stats)
    np.testing.assert_allclose(view.act_line.get_ydata(), stats.act_std)
    np.testing.assert_allclose(view.grad_line.get_ydata(), stats.grad_std)
    assert f"{stats.act_std[0]:.3g}" in view.summary.get_text()


def test_stds_beyond_the_axis_are_clipped_to_it():
    view = PerLayerHistogramView(6, std_range=(1e-3, 1e3))
    view.update(_stats("too_small"))
    assert view.act_line.get_ydata().min() == 1e-3


def test_bin_edges_stay_fixed_between_updates():
    view = PerLayerHistogramView(4)
    view.update(_stats("glorot", depth=4))
    edges = view.grad_steps[2].get_data().edges.copy()
    view.update(_stats("too_large", depth=4))
    np.testing.assert_array_equal(view.grad_steps[2].get_data().edges, edges)


def test_fewer_layers_hide_the_rest():
    view = PerLayerHistogramView(8)
    view.update(_stats("glorot", depth=3))
    assert [s.get_visible() for s in view.act_steps] == [True] * 3 + [False] * 5
    assert view.axes[0].get_ylim()[1] == pytest.approx(4.0)


def test_too_many_layers_is_explained():
    view = PerLayerHistogramView(3)
    with pytest.raises(ValueError, match="max_layers=6"):
        view.update(_stats("glorot", depth=6))


def test_set_ranges_moves_bins_and_limits():
    view = PerLayerHistogramView(6)
    view.set_ranges(act_range=(0.0, 1.0))
    view.update(_stats("glorot", activation="sigmoid"))
    assert view.act_steps[0].get_data().edges[0] == 0.0
    assert view.axes[0].get_xlim() == (0.0, 1.0)


def test_ridge_heights_clip_outliers_into_edge_bins():
    edges = np.linspace(-1, 1, 5)
    heights = _ridge_heights(np.array([-10.0, 10.0, 10.0, 10.0]), edges)
    assert heights[-1] == pytest.approx(0.9) and 0 < heights[0] < heights[-1]
    assert heights[1] == heights[2] == 0


def test_summary_line_states_ratio():
    assert "(×0.01)" in summary_line(np.array([1.0, 0.01]), np.array([1.0, 1.0]))

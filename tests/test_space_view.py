"""SpaceDistortionView: stages, interpolation, projection, boundary line, no rebuild."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.core.features import feature_fn
from nnviz.plots.space import SpaceDistortionView, stage_values


@pytest.fixture
def data(rng):
    X = rng.normal(size=(40, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)


def make(rng, sizes, activation="tanh"):
    return nv.mlp(sizes, activation, rng=rng)


def test_stages_of_a_2_2_1_net(rng, data):
    view = SpaceDistortionView(make(rng, [2, 2, 1]), *data)
    assert view.stages == ["input", "× W₁", "+ b₁", "tanh"]
    assert view.coords.shape == (4, 40, 2)


def test_each_stage_is_the_layer_maths(rng, data):
    model = make(rng, [2, 2, 1])
    X, y = data
    view = SpaceDistortionView(model, X, y)
    W, b = model.layers[0].params["W"], model.layers[0].params["b"]
    np.testing.assert_allclose(view.coords[0], X)
    np.testing.assert_allclose(view.coords[1], X @ W)
    np.testing.assert_allclose(view.coords[2], X @ W + b)
    np.testing.assert_allclose(view.coords[3], np.tanh(X @ W + b))


def test_update_interpolates_between_stages_in_place(rng, data):
    view = SpaceDistortionView(make(rng, [2, 2, 1]), *data)
    artists = (view.fig, view.points, *view.grid_lines, view.boundary, view.label)
    view.update(1.25)
    expected = 0.75 * view.coords[1] + 0.25 * view.coords[2]
    np.testing.assert_allclose(view.points.get_offsets(), expected)
    assert (
        view.fig,
        view.points,
        *view.grid_lines,
        view.boundary,
        view.label,
    ) == artists
    assert "→" in view.label.get_text()
    grid_before = np.array(view.grid_lines[0].get_xdata())
    view.update(3)
    assert not np.allclose(
        np.nan_to_num(grid_before), np.nan_to_num(view.grid_lines[0].get_xdata())
    )


def test_boundary_only_at_the_last_stage_and_it_separates_like_the_output(rng, data):
    model = make(rng, [2, 2, 1])
    X, y = data
    view = SpaceDistortionView(model, X, y)
    view.update(1)
    assert len(view.boundary.get_xdata()) == 0
    view.update(len(view.stages) - 1)
    (x0, x1), (y0, y1) = np.array(view.boundary.get_data()).T
    h = view.coords[-1]
    side = np.sign((x1 - x0) * (h[:, 1] - y0) - (y1 - y0) * (h[:, 0] - x0))
    logit = model.predict(X)[:, 0]
    agree = side == np.sign(logit)
    assert (
        agree.all() or (~agree).all()
    )  # the line splits the points as the output does


def test_wide_layer_is_projected_and_the_projection_is_stated(rng, data):
    model = make(rng, [2, 5, 3, 1])
    X, y = data
    view = SpaceDistortionView(model, X, y)
    view.update(3)
    assert "PCA" in view.note.get_text() and "5 units" in view.note.get_text()
    view.update(len(view.stages) - 1)
    assert "output direction" in view.note.get_text()
    # the last stage's x-axis is what the output layer reads: w . h / |w|
    W3 = model.layers[-1].params["W"][:, 0]
    h = model.trace(X)[-2]
    reads = (h - h.mean(axis=0)) @ (W3 / np.linalg.norm(W3))
    np.testing.assert_allclose(view.coords[-1][:, 0], reads, atol=1e-12)


def test_set_model_keeps_artists_and_moves_points(rng, data):
    model = make(rng, [2, 2, 1])
    view = SpaceDistortionView(model, *data)
    view.update(3)
    points, before = view.points, np.array(view.points.get_offsets())
    model.layers[0].params["W"] *= 2
    view.set_model(model)
    assert view.points is points and view.position == 3
    assert not np.allclose(before, view.points.get_offsets())


def test_features_are_computed_from_the_plane(rng, data):
    X, y = data
    model = make(rng, [3, 2, 1])
    view = SpaceDistortionView(model, X, y, feature_fn=feature_fn(["x1", "x2", "x1x2"]))
    assert view.stages[:3] == ["input", "features", "× W₁"]
    np.testing.assert_allclose(view.coords[0], X)  # the plane first, then the features
    assert "3 features" in view.axis_names[1][2]


def test_regression_targets_draw_no_boundary(rng, data):
    X, _ = data
    view = SpaceDistortionView(make(rng, [2, 2, 1]), X, X[:, 0] * 0.37)
    view.update(3)
    assert len(view.boundary.get_xdata()) == 0


def test_dropout_is_skipped(rng):
    model = nv.dropout_mlp([2, 3, 1], rate=0.5, rng=rng)
    names = [name for name, _, _ in stage_values(model, np.zeros((1, 2)))[0]]
    assert names == ["input", "× W₁", "+ b₁", "relu"]


# ---- the explorer widget --------------------------------------------------


@pytest.fixture
def explorer(rng, data):
    from nnviz.widgets.space import space_explorer

    return space_explorer(make(rng, [2, 2, 1]), *data, check_backend=False)


def test_explorer_needs_the_widget_backend(rng, data):
    from nnviz.widgets.controls import BackendError
    from nnviz.widgets.space import space_explorer

    with pytest.raises(BackendError, match="%matplotlib widget"):
        space_explorer(make(rng, [2, 2, 1]), *data)


def test_explorer_stage_slider_and_play_counter_move_the_view(explorer):
    view = explorer.views[0]
    explorer.controls["stage"].value = 2.0
    np.testing.assert_allclose(view.points.get_offsets(), view.coords[2])
    explorer.controls["frame"].value = 15  # 10 frames per stage
    assert view.position == 1.5 and explorer.controls["stage"].value == 1.5


def test_explorer_weight_slider_edits_the_model_and_the_view(explorer):
    view, model = explorer.views[0], explorer.state["model"]
    explorer.controls["stage"].value = 3.0
    names = [label for label, _ in explorer.controls["weight_name"].options]
    assert (
        names[:4] == ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]"] and "b2[1]" in names
    )
    before = np.array(view.points.get_offsets())
    explorer.controls["weight"].value = 2.5
    assert model.layers[0].params["W"][0, 0] == 2.5
    assert not np.allclose(before, view.points.get_offsets())
    assert not explorer.output.outputs
    explorer.controls["weight_name"].value = explorer.controls["weight_name"].options[
        4
    ][1]
    assert explorer.controls["weight"].value == model.layers[0].params["b"][0]


def test_explorer_renders_the_same_as_a_full_redraw(explorer):
    """The panel renders through a BackgroundCache; what it shows must be what a
    full render shows (axis labels included, in the same place)."""
    fig, cache = explorer.views[0].fig, explorer.state["cache"]
    explorer.controls["stage"].value = 3.0
    fig.canvas.draw()
    cached = np.asarray(fig.canvas.buffer_rgba()).copy()
    cache.enabled = False
    fig.canvas.draw()
    assert np.abs(cached.astype(int) - np.asarray(fig.canvas.buffer_rgba())).max() <= 2


def test_tick_labels_stay_short_for_any_range():
    from nnviz.plots.style import ShortTicks, short_number

    ticks = ShortTicks()
    assert ticks.format_ticks([-1, -0.5, 0, 0.5, 1]) == [
        "−1.0", "−0.5", "0", "0.5", "1.0"]
    assert ticks.format_ticks([-412000, -411750, -411500]) == [
        "−4.1200e5", "−4.1175e5", "−4.1150e5"]
    # a huge value with a tiny spread: one label, not the same one three times
    assert ticks.format_ticks([-5127834.1, -5127834.0, -5127833.9]) == [
        "−5.1278e6", "", ""]
    assert [short_number(b, sign=True) for b in (1e6, -3.2e12, 0.25, np.nan)] == [
        "+1.0e6", "−3.2e12", "+0.25", "nan"]

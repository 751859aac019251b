"""SpaceDistortionView: stages, interpolation, projection, boundary line, no rebuild."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.data.features import feature_fn
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


def test_a_finite_model_is_drawn_as_finite(rng, data):
    view = SpaceDistortionView(make(rng, [2, 8, 8, 1], "relu"), *data)
    assert view.finite and "not finite" not in view.note.get_text()
    assert np.isfinite(view.coords).all()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 8, 8, 1]])
def test_a_model_that_is_not_finite_keeps_the_last_frame(rng, data, sizes, bad):
    # A diverged run: the view says so and stands still; it never raises.
    model = make(rng, sizes, "relu")
    view = SpaceDistortionView(model, *data)
    view.update(2.5)
    coords, offsets = view.coords.copy(), np.array(view.points.get_offsets())
    good = model.layers[0].params["W"].copy()
    model.layers[0].params["W"][0, 0] = bad
    view.set_model(model)
    view.update(1.5)
    view.fig.canvas.draw()
    assert not view.finite
    np.testing.assert_array_equal(view.coords, coords)
    note = view.note.get_text()
    assert "not finite" in note and "last finite frame" in note
    view.update(2.5)
    np.testing.assert_allclose(view.points.get_offsets(), offsets)
    model.layers[0].params["W"][...] = good  # finite again: drawn again
    view.set_model(model)
    assert view.finite and "not finite" not in view.note.get_text()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_first_model_that_is_not_finite_draws_nothing(rng, data, bad):
    model = make(rng, [2, 4, 1], "relu")
    model.layers[0].params["W"][...] = bad
    view = SpaceDistortionView(model, *data)
    view.update(1.5)
    view.fig.canvas.draw()
    assert not view.finite and "nothing to show" in view.note.get_text()
    assert np.isnan(np.asarray(view.points.get_offsets(), dtype=float)).all()
    assert len(view.boundary.get_xdata()) == 0


def test_huge_finite_values_are_drawn_or_kept_but_never_raise(rng, data):
    model = make(rng, [2, 8, 8, 1], "relu")
    view = SpaceDistortionView(model, *data)
    for layer in model.layers:
        for value in layer.params.values():
            value *= 1e150  # the last layer's values reach 1e300 and more
    view.set_model(model)
    view.update(len(view.stages) - 1)
    view.fig.canvas.draw()
    assert np.isfinite(view.ax.get_xlim()).all() and np.isfinite(view.coords).all()


def test_square_limits_without_a_finite_point_is_the_unit_box():
    from nnviz.plots.space_stages import square_limits

    box = square_limits(np.array([[np.nan, 1.0], [np.inf, 0.0]]))
    np.testing.assert_array_equal(box, [-1, 1, -1, 1])


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
    from nnviz.lessons.activations.space_panels import space_explorer

    return space_explorer(make(rng, [2, 2, 1]), *data, check_backend=False)


def test_explorer_needs_the_widget_backend(rng, data):
    from nnviz.lessons.activations.space_panels import space_explorer
    from nnviz.widgets.controls import BackendError

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


# ---- nothing hides the data -------------------------------------------------


def xor_net():
    """Lesson 3's XOR net: a tanh layer that folds the data into the corners."""
    rng = np.random.default_rng(0)
    corners, labels = nv.data.truth_table("xor")
    X = np.repeat(corners, 25, axis=0) + 0.08 * rng.normal(size=(100, 2))
    y = np.repeat(labels, 25)
    net = nv.mlp([2, 2, 1], "tanh", rng=np.random.default_rng(2))
    nv.fit(net, "binary_cross_entropy_logits", nv.Adam(0.1), X, y, steps=300)
    return net, X, y


def hidden_points(view, radius=3.0):
    """Problems at the position shown: points outside the axes (less a marker's
    radius, pixels), under the note's box or under the stage label."""
    fig, ax = view.fig, view.ax
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    xy = ax.transData.transform(view.points.get_offsets())
    box = ax.get_window_extent(renderer)
    out = []
    inside = (
        (xy[:, 0] >= box.x0 + radius) & (xy[:, 0] <= box.x1 - radius)
        & (xy[:, 1] >= box.y0 + radius) & (xy[:, 1] <= box.y1 - radius)
    )
    if not inside.all():
        out.append(f"{(~inside).sum()} points at or past the axes' edge")
    for name, text in (("note", view.note), ("label", view.label)):
        if not text.get_text():
            continue
        patch = text.get_bbox_patch()
        extent = (patch or text).get_window_extent(renderer).padded(radius)
        under = (
            (xy[:, 0] >= extent.x0) & (xy[:, 0] <= extent.x1)
            & (xy[:, 1] >= extent.y0) & (xy[:, 1] <= extent.y1)
        )
        if under.any():
            out.append(f"{under.sum()} points under the {name}")
    return out


def test_the_xor_hidden_space_shows_every_point_at_every_stage():
    view = SpaceDistortionView(*xor_net())
    for position in np.arange(0, len(view.stages) - 0.99, 0.5):
        view.update(position)
        assert hidden_points(view) == [], (position, view.label.get_text())
    # the last stage, tanh: the data at the corners of the ±1 square, the axes
    # a little beyond, the stage written above the axes
    x0, x1 = view.ax.get_xlim()
    y0, y1 = view.ax.get_ylim()
    assert x0 < -1.1 and x1 > 1.1 and y0 < -1.1 and y1 > 1.1
    assert view.label.get_position()[1] > 1 and view.label.get_va() == "bottom"
    assert "output layer's line" in view.note.get_text()


@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 5, 3, 1], [2, 8, 8, 1]])
def test_no_stage_hides_points_for_other_shapes(sizes):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    view = SpaceDistortionView(make(rng, sizes), X, y)
    for position in range(len(view.stages)):
        view.update(position)
        assert hidden_points(view) == [], (sizes, view.label.get_text())


def test_the_note_band_grows_with_the_note(rng, data):
    view = SpaceDistortionView(make(rng, [2, 5, 3, 1]), *data)
    view.update(0)
    one_line = view.note_band()
    view.update(len(view.stages) - 1)  # three lines: projection and dashed line
    assert view.note.get_text().count("\n") == 2
    assert view.note_band() > 1.5 * one_line > 0


def test_the_playground_space_view_hides_no_point_at_any_stage():
    """The playground lays the space figure out once and blits it; the label and
    the note must stay among the artists drawn on top (changing_artists, or the
    cache's overlay of texts)."""
    from nnviz.playground.app import playground

    panel = playground(
        "data=xor;hidden=2;activation=tanh;optimizer=adam;lr=0.03",
        check_backend=False,
    )
    show, view = panel.show, panel.views[3]
    on_top = {*show._space_artists(), *show._space_texts()}
    assert {view.label, view.note} <= on_top
    assert {view.label, view.note} <= set(view.changing_artists())
    for position in range(show.n_stages + 1):
        panel.controls["space"].value = position  # as the learner moves it
        assert hidden_points(view) == [], view.label.get_text()
        label = view.label.get_window_extent(view.fig.canvas.get_renderer())
        assert view.fig.bbox.y1 >= label.y1, "the stage label leaves the figure"

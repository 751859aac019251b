"""DecisionBoundaryView: image data set in place; points, discretize, resolution."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.data import toy
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor


@pytest.fixture
def data(rng):
    return toy.circles(n=120, rng=rng)


@pytest.fixture
def view(data):
    return DecisionBoundaryView(
        data.X_train, data.y_train, data.X_test, data.y_test, resolution=30
    )


def test_update_changes_the_image_and_keeps_the_artists(view):
    fig, image, points = view.fig, view.image, list(view.train_points)
    view.update(lambda P: 1 / (1 + np.exp(-P[:, 0])))
    first = np.array(view.image.get_array())
    view.update(lambda P: 1 / (1 + np.exp(P[:, 1])))
    assert view.fig is fig and view.image is image and view.train_points == points
    assert first.shape == (30, 30)
    assert not np.allclose(first, view.image.get_array())


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("regression", [False, True])
def test_values_that_are_not_finite_are_drawn_without_error(data, bad, regression):
    # A diverged network: part of the plane, or all of it, is not finite.
    view = DecisionBoundaryView(data.X_train, data.y_train, resolution=20,
                                regression=regression)
    view.update(lambda P: np.where(P[:, 0] > 0, bad, 0.25))
    view.fig.canvas.draw()
    values = np.array(view.image.get_array(), dtype=float)
    assert np.isfinite(values).any() and not np.isfinite(values).all()
    view.update(lambda P: np.full(len(P), bad))
    view.set_discretize(True)
    view.fig.canvas.draw()
    view.set_discretize(False)
    view.fig.canvas.draw()


def test_image_rows_run_along_x2(view):
    view.update(lambda P: (P[:, 1] > 0) * 1.0)  # top half is class 1
    values = np.array(view.image.get_array())
    assert values[-1].mean() == 1 and values[0].mean() == 0


def test_discretize_shows_only_the_decision(view):
    view.update(lambda P: 1 / (1 + np.exp(-P[:, 0])))
    assert len(np.unique(view.image.get_array())) > 2
    view.set_discretize(True)
    assert set(np.unique(view.image.get_array())) == {0.0, 1.0}
    view.set_discretize(False)
    assert len(np.unique(view.image.get_array())) > 2


def test_set_resolution_changes_the_grid(view):
    view.set_resolution(12)
    view.update(lambda P: P[:, 0] * 0 + 0.3)
    assert np.array(view.image.get_array()).shape == (12, 12)
    with pytest.raises(ValueError, match="at least 2"):
        view.set_resolution(1)


def test_set_points_moves_the_same_artists(view, rng):
    artists = view.train_points + view.test_points
    X, y = rng.normal(size=(10, 2)), np.r_[np.zeros(5), np.ones(5)]
    view.set_points(X, y)
    assert view.train_points + view.test_points == artists
    np.testing.assert_allclose(view.train_points[1].get_offsets(), X[5:])
    assert len(view.test_points[0].get_offsets()) == 0


def test_train_and_test_points_are_drawn_differently(view):
    train, test = view.train_points[0], view.test_points[0]
    assert not np.allclose(train.get_facecolors(), test.get_facecolors())


def test_regression_colours_points_by_value(rng):
    X = rng.normal(size=(40, 2))
    y = X[:, 0] * 2.0
    view = DecisionBoundaryView(X, y, regression=True, resolution=20)
    view.update(lambda P: P[:, 0] * 2.0)
    low, high = view.image.get_clim()
    assert low < y.min() and high > y.max()
    assert len(view.train_points) == 1 and len(view.train_points[0].get_offsets()) == 40


@pytest.mark.parametrize(
    "output_layer, outputs, expected",
    [(None, 1, "sigmoid"), ("sigmoid", 1, "as is"), (None, 2, "softmax")],
)
def test_model_predictor_turns_outputs_into_p_class_1(
    rng, output_layer, outputs, expected
):
    model = nv.mlp([2, 3, outputs], "tanh", output=output_layer, rng=rng)
    P = rng.normal(size=(7, 2))
    raw = model.predict(P)
    want = {
        "sigmoid": lambda: 1 / (1 + np.exp(-raw[:, 0])),
        "as is": lambda: raw[:, 0],
        "softmax": lambda: np.exp(raw[:, 1]) / np.exp(raw).sum(axis=1),
    }[expected]()
    # the model's own float64 pass, exactly; the float32 drawing pass, to 1e-6
    np.testing.assert_allclose(model_predictor(model, float32=False)(P), want)
    np.testing.assert_allclose(model_predictor(model)(P), want, rtol=0, atol=1e-6)


def test_model_predictor_applies_features_and_regression(rng):
    model = nv.mlp([3, 1], rng=rng)
    P = rng.normal(size=(5, 2))
    Z = np.c_[P, P[:, 0] * P[:, 1]]
    got = model_predictor(model, features=["x1", "x2", "x1x2"], output="regression")(P)
    np.testing.assert_allclose(got, model.predict(Z)[:, 0], rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="output must be"):
        model_predictor(model, output="probabilities")


def test_a_handful_of_points_is_drawn_larger():
    # The four XOR corners of lesson 0 must be seen; hundreds of points stay small.
    X, y = nv.data.truth_table("xor")
    few = DecisionBoundaryView(X, y)
    assert few.train_points[0].get_sizes()[0] == 90
    many = nv.data.moons(n=400, rng=np.random.default_rng(0))
    crowd = DecisionBoundaryView(many.X_train, many.y_train)
    assert crowd.train_points[0].get_sizes()[0] == 22

"""Updates reuse their artists: after any update, a view's figure holds the very same
artists (set_data, set_array, set_text), no new ones and none removed."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.plots.curves import ActivationCurvesView, LossCurveView
from nnviz.plots.space import SpaceDistortionView


def artists(fig):
    """Every artist a view draws (not the axis ticks: matplotlib makes those as
    it needs them)."""
    found = [*fig.axes, *fig.texts, *fig.images, *fig.legends, *fig.lines]
    for ax in fig.axes:
        found += [*ax.lines, *ax.collections, *ax.images, *ax.texts, *ax.patches,
                  *ax.artists, *ax.tables, ax.title, ax._left_title, ax._right_title]
        legend = ax.get_legend()
        if legend is not None:
            found += [legend, *legend.texts, *legend.legend_handles]
    return [id(a) for a in found]


def check_same_artists(view, updates):
    """Draw, apply each update, draw again: the artists stay the same ones."""
    fig = view.fig
    fig.canvas.draw()
    before = artists(fig)
    for update in updates:
        update()
        fig.canvas.draw()
        assert artists(fig) == before, update


def _data(rng, n=40):
    X = rng.normal(size=(n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)


def test_boundary_view(rng):
    X, y = _data(rng)
    view = DecisionBoundaryView(X, y, *_data(rng, 20), resolution=30)
    models = [nv.mlp([2, 4, 1], "tanh", rng=rng) for _ in range(2)]
    check_same_artists(view, [
        lambda: view.update(model_predictor(models[0])),
        lambda: view.update(model_predictor(models[1])),
        lambda: view.set_discretize(True),
        lambda: view.set_resolution(50),
        lambda: view.update(model_predictor(models[0])),
        lambda: view.set_points(*_data(rng, 60), *_data(rng, 10)),
        lambda: view.set_discretize(False),
    ])


def test_space_view_across_data_and_network_shapes(rng):
    X, y = _data(rng)
    view = SpaceDistortionView(nv.mlp([2, 2, 1], "tanh", rng=rng), X, y)
    check_same_artists(view, [
        lambda: view.update(1.5),
        lambda: view.set_model(nv.mlp([2, 5, 3, 1], "relu", rng=rng)),
        lambda: view.update(len(view.stages) - 1),
        lambda: view.set_points(*_data(rng, 70)),
        lambda: view.set_model(nv.mlp([2, 2, 1], "tanh", rng=rng)),
        lambda: view.update(0.4),
    ])
    assert len(view.points.get_offsets()) == 70


def test_space_view_of_another_shape_is_that_model_s_stages(rng):
    X, y = _data(rng)
    view = SpaceDistortionView(nv.mlp([2, 2, 1], "tanh", rng=rng), X, y)
    wider = nv.mlp([2, 5, 3, 1], "relu", rng=rng)
    view.set_model(wider)
    fresh = SpaceDistortionView(wider, X, y)
    assert view.stages == fresh.stages
    np.testing.assert_allclose(view.coords, fresh.coords)


def test_activation_curves_view(rng):
    view = ActivationCurvesView()
    check_same_artists(view, [
        lambda: view.update("relu", rng.normal(size=30)),
        lambda: view.update("sigmoid"),
        lambda: view.update("step", rng.normal(size=5)),
    ])


@pytest.mark.parametrize("log", [False, True])
def test_loss_curve_view(log):
    view = LossCurveView(log=log)
    check_same_artists(view, [
        *[lambda s=s: view.append(s, 1 / (s + 1), 2 / (s + 1)) for s in range(30)],
        view.reset,
        lambda: view.append(0, 0.7),
    ])

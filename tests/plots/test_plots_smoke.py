"""Every issue-3 view builds, updates, renders and keeps its figure (mglearn-style)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.activations.approx_views import BumpsView
from nnviz.playground.network_view import NetworkDiagramView
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.plots.curves import ActivationCurvesView, LossCurveView
from nnviz.plots.space import SpaceDistortionView


def _data(rng):
    X = rng.normal(size=(30, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)


def _model(rng):
    return nv.mlp([2, 3, 2, 1], "tanh", rng=rng)


# name -> (build(rng) -> view, update(view, rng) -> None)
VIEWS = {
    "DecisionBoundaryView": (
        lambda rng: DecisionBoundaryView(*_data(rng), resolution=20),
        lambda view, rng: view.update(model_predictor(_model(rng))),
    ),
    "NetworkDiagramView": (
        lambda rng: NetworkDiagramView(_model(rng), node_resolution=8),
        lambda view, rng: view.update(_model(rng)),
    ),
    "SpaceDistortionView": (
        lambda rng: SpaceDistortionView(_model(rng), *_data(rng)),
        lambda view, rng: view.update(2.5),
    ),
    "ActivationCurvesView": (
        lambda rng: ActivationCurvesView(),
        lambda view, rng: view.update("relu", rng.normal(size=20)),
    ),
    "LossCurveView": (
        lambda rng: LossCurveView(),
        lambda view, rng: [view.append(s, 0.5 / (s + 1), 0.6) for s in range(5)],
    ),
    "BumpsView": (
        lambda rng: BumpsView(),
        lambda view, rng: view.update(weight=30.0, n_bumps=9),
    ),
}


def _artists(fig):
    return [id(a) for ax in fig.axes for a in (*ax.lines, *ax.collections, *ax.images)]


@pytest.mark.parametrize("name", VIEWS)
def test_view_builds_updates_and_renders(name, rng):
    build, update = VIEWS[name]
    view = build(rng)
    fig, artists = view.fig, _artists(view.fig)
    fig.canvas.draw()
    before = np.asarray(fig.canvas.buffer_rgba()).copy()
    update(view, rng)
    fig.canvas.draw()
    assert view.fig is fig and _artists(fig) == artists  # nothing rebuilt
    assert not np.array_equal(before, np.asarray(fig.canvas.buffer_rgba()))  # it moved
    assert all(ax.get_xlabel() or not ax.axison for ax in fig.axes)  # axes labelled


@pytest.mark.parametrize("name", VIEWS)
def test_view_draws_into_a_given_axes(name, rng):
    if name == "BumpsView":
        fig, axes = plt.subplots(1, 2)
        assert BumpsView(ax=axes).fig is fig
        return
    fig, ax = plt.subplots()
    builders = {
        "DecisionBoundaryView": lambda: DecisionBoundaryView(*_data(rng), ax=ax),
        "NetworkDiagramView": lambda: NetworkDiagramView(_model(rng), ax=ax),
        "SpaceDistortionView": lambda: SpaceDistortionView(
            _model(rng), *_data(rng), ax=ax
        ),
        "ActivationCurvesView": lambda: ActivationCurvesView(ax=ax),
        "LossCurveView": lambda: LossCurveView(ax=ax),
    }
    view = builders[name]()
    assert view.ax is ax and view.fig is fig


@pytest.mark.parametrize("name", VIEWS)
def test_changing_artists_cover_every_change(name, rng):
    """With the unchanging parts cached (as the playground and explorers render),
    an update looks exactly as a full render: no changed artist is left out."""
    from nnviz.plots.background import BackgroundCache

    build, update = VIEWS[name]
    view = build(rng)
    view.fig.draw_without_rendering()  # lay out once (the layout would move things)
    view.fig.set_layout_engine("none")
    cache = BackgroundCache(view.fig, view.changing_artists)
    view.fig.canvas.draw()
    update(view, rng)
    view.fig.canvas.draw()
    cached = np.asarray(view.fig.canvas.buffer_rgba()).copy()
    cache.enabled = False
    view.fig.canvas.draw()
    full = np.asarray(view.fig.canvas.buffer_rgba())
    assert np.abs(cached.astype(int) - full).max() <= 2, "a changed artist is missing"

"""train_under_schemes and SchemeCurvesView."""

import numpy as np

import nnviz as nv
from nnviz.core import experiments as e
from nnviz.plots.schemes import PitfallsView, SchemeCurvesView, final_text, moving_mean


def test_only_the_init_differs_and_bad_schemes_do_not_learn(rng):
    data = nv.data.spirals(n=200, rng=rng)
    h = e.train_under_schemes(
        data.X_train, data.y_train, ("zeros", "he", "too_large"), steps=150
    )
    assert set(h) == {"zeros", "he", "too_large"} and h["he"].shape == (150,)
    assert h["zeros"][-20:].mean() > 0.68
    assert h["he"][-20:].mean() < h["zeros"][-20:].mean() - 0.1
    assert np.isnan(h["too_large"][-1])  # ReLU with std-1 weights diverges


def test_classifier_shape(rng):
    model = e.classifier(2, 3, 8, "tanh", "glorot", rng=rng)
    assert model.forward(np.zeros((5, 2))).shape == (5, 1)
    assert sum(isinstance(layer, nv.Dense) for layer in model.layers) == 4


def test_view_updates_lines_in_place():
    view = SchemeCurvesView(["a", "b"], 50, smooth=1)
    line = view.lines["a"]
    losses = np.linspace(1, 0, 50)
    view.update({"a": losses, "b": np.r_[losses[:10], np.full(40, np.nan)]})
    assert view.lines["a"] is line
    np.testing.assert_allclose(line.get_ydata(), losses)
    assert "diverged at step 11" in view.summary.get_text()


def test_moving_mean_and_final_text():
    np.testing.assert_allclose(moving_mean(np.array([1.0, 3.0, 5.0]), 2), [1, 2, 4])
    assert final_text([0.5, 0.25]) == "0.25"


def test_pitfalls_view_has_one_panel_per_cause():
    runs = {
        "a": (np.full(30, 0.7), np.linspace(0.7, 0.1, 30)),
        "b": (np.full(30, 0.6), np.linspace(0.7, 0.0, 30)),
        "c": (np.full(30, 0.5), np.linspace(0.7, 0.2, 30)),
    }
    view = PitfallsView(runs, ncols=2)
    assert list(view.views) == ["a", "b", "c"]
    np.testing.assert_allclose(view.views["b"].lines["broken"].get_ydata(), 0.6)
    assert view.views["c"].ax.get_title() == "c"
    assert sum(ax.get_visible() for ax in view.fig.axes) == 3


def test_loss_history_is_nan_after_divergence(rng):
    data = nv.data.circles(n=60, rng=rng)
    model = e.classifier(2, 6, 32, "relu", "too_large", rng=rng)
    history = e.loss_history(model, data.X_train, data.y_train, steps=50)
    assert history.shape == (50,) and np.isnan(history[-1]) and np.isfinite(history[0])

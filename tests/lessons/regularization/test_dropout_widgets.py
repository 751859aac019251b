"""Dropout views and panels: the keep slider, training vs evaluation mode."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.regularization.dropout_panels import (
    FIRST_STEPS,
    dropout_vs_overfitting,
    overfitting_data,
)
from nnviz.lessons.regularization.experiments import dropout_mlp, sample_outputs
from nnviz.lessons.regularization.panels import (
    keep_prob_explorer,
    large_layer,
    train_eval_explorer,
)
from nnviz.lessons.regularization.views import (
    DropoutOutputsView,
    KeepProbView,
    readout_text,
)
from nnviz.widgets.controls import BackendError


@pytest.fixture
def model():
    return dropout_mlp([2, 16, 16, 1], rate=0.5, rng=np.random.default_rng(0))


def test_keep_prob_view_updates_in_place(rng):
    a = np.abs(rng.normal(size=200))
    view = KeepProbView(a, n_shown=10)
    points, bars = view.unscaled_points, list(view.sample_bars)
    unscaled, scaled = nv.dropout_means(a, 0.4, 100, rng)
    view.update(0.4, unscaled, scaled, np.zeros(200))
    assert view.unscaled_points is points and list(view.sample_bars) == bars
    np.testing.assert_allclose(view.unscaled_points.get_offsets()[:, 1], unscaled)
    assert view.pa_line.get_ydata()[1] == pytest.approx(
        0.4 * view.pa_line.get_xdata()[1]
    )
    assert view.sample_bars[3].get_height() == 0
    assert view.unscaled_mark.get_xdata()[0] == 0.4
    assert "p = 0.40" in view.readout.get_text()


def test_readout_states_both_expectations():
    text = readout_text(0.5, np.array([2.0]), np.array([1.0]), np.array([2.0]))
    assert "p·mean(a) 1.000" in text and "mean(a)   2.000" in text


def test_outputs_view_updates_in_place():
    view = DropoutOutputsView((-3, 3), bins=6)
    steps = view.steps
    view.update(np.array([-2.5, 0.1, 0.2, 2.9]), 0.3)
    assert view.steps is steps
    np.testing.assert_allclose(view.steps.get_data().values, [0.5, 0, 0, 1, 0, 0.5])
    assert view.eval_line.get_xdata()[0] == 0.3
    assert view.mean_line.get_xdata()[0] == pytest.approx(0.175)
    assert view.clipped.get_text() == ""  # everything inside the range


def test_outputs_beyond_the_range_are_counted_and_said():
    view = DropoutOutputsView((-3, 3), bins=6)
    view.update(np.array([-9.0, -4.0, -2.5, 0.1]), 0.0)
    np.testing.assert_allclose(view.steps.get_data().values, [1, 0, 0, 1 / 3, 0, 0])
    assert "50% of the masks" in view.clipped.get_text()
    assert "below -3" in view.clipped.get_text()
    assert "above" not in view.clipped.get_text()


def test_needs_the_widget_backend():
    with pytest.raises(BackendError):
        keep_prob_explorer()


def test_keep_slider_changes_the_means():
    panel = keep_prob_explorer(0.5, n_units=300, n_masks=200, check_backend=False)
    a = large_layer(300)
    view = panel.views[0]
    before = view.unscaled_points.get_offsets()[:, 1].copy()
    panel.controls["keep"].value = 0.2
    assert not np.allclose(view.unscaled_points.get_offsets()[:, 1], before)
    assert panel.state["unscaled"].mean() == pytest.approx(0.2 * a.mean(), rel=0.1)
    assert panel.state["scaled"].mean() == pytest.approx(a.mean(), rel=0.1)
    assert abs(panel.state["mask"].mean() - 0.2) < 0.07
    assert not panel.output.outputs


def test_sample_outputs_with_only_the_last_dropout_average_to_eval(model, rng):
    x = rng.normal(size=2)
    outs = sample_outputs(model, x, 20_000, active=[5])
    spread = outs.std() / np.sqrt(len(outs))
    assert abs(outs.mean() - model.predict(x[None])[0, 0]) < 5 * spread
    assert outs.std() > 0


def test_train_eval_explorer_controls(model, rng):
    X = rng.normal(size=(4, 2))
    panel = train_eval_explorer(model, X, n_masks=300, check_backend=False)
    first = panel.state["train"].copy()
    panel.controls["point"].value = 2
    assert panel.state["eval"] == pytest.approx(model.predict(X[2:3])[0, 0])
    panel.controls["resample"].click()
    assert not np.allclose(panel.state["train"], first)
    steps_before = panel.views[0].steps.get_data().values.copy()
    panel.controls["active"].value = "last"
    assert not np.allclose(panel.views[0].steps.get_data().values, steps_before)
    assert not panel.output.outputs


def test_train_eval_explorer_needs_dropout(rng):
    with pytest.raises(ValueError, match="Dropout"):
        train_eval_explorer(
            nv.mlp([2, 3, 1], rng=rng), np.zeros((2, 2)), check_backend=False
        )


def test_dropout_mlp_layout():
    model = dropout_mlp([2, 8, 8, 1], keep=0.8)
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Dense", "ReLU", "Dropout", "Dense", "ReLU", "Dropout", "Dense"]
    assert model.layers[2].keep == 0.8
    assert "Dropout" not in [
        type(layer).__name__ for layer in dropout_mlp([2, 8, 1]).layers
    ]


@pytest.fixture
def live_panel():
    data = overfitting_data()
    panel = dropout_vs_overfitting(
        data,
        sizes=(2, 16, 16, 1),
        steps_per_frame=5,
        resolution=20,
        check_backend=False,
    )
    # Agg draws at once on draw_idle (ipympl would collapse them); the tests read
    # artist data, so skip the rendering.
    panel.views[0].fig.canvas.draw_idle = lambda: None
    panel.live.budget_ms = None  # every tick takes steps_per_frame steps
    return panel, data


def test_live_panel_starts_with_identical_weights(live_panel):
    panel, _ = live_panel
    plain, dropped = panel.state["models"]
    np.testing.assert_array_equal(
        plain.layers[0].params["W"], dropped.layers[0].params["W"]
    )
    assert sum(isinstance(layer, nv.Dropout) for layer in dropped.layers) == 2


def test_live_panel_frames_train_and_repaint(live_panel):
    panel, _ = live_panel
    image = panel.views[1].image.get_array().copy()
    weights = panel.state["models"][1].layers[0].params["W"].copy()
    for frame in (1, 2, 3):
        panel.controls["frame"].value = frame
    assert panel.state["step"] == 15
    assert panel.views[2].steps[-1] == 15  # the loss curves follow the steps
    assert not np.allclose(panel.state["models"][1].layers[0].params["W"], weights)
    assert not np.allclose(panel.views[1].image.get_array(), image)
    assert not panel.output.outputs


def test_live_panel_rate_restarts_with_new_rate(live_panel):
    panel, _ = live_panel
    panel.controls["frame"].value = 2
    old = panel.state["models"]
    old_W = [m.layers[0].params["W"].copy() for m in old]
    panel.controls["rate"].value = 0.3
    # a first answer at once (FIRST_STEPS steps), then Play goes on
    assert panel.state["step"] == FIRST_STEPS and panel.controls["frame"].value == 0
    assert panel.live.play.playing
    assert panel.state["models"][1].layers[2].rate == pytest.approx(0.3)
    panel.live.tick()  # Play's next tick trains the new nets, never the old ones
    assert panel.state["step"] == FIRST_STEPS + 5
    for model, W in zip(old, old_W, strict=True):
        np.testing.assert_array_equal(model.layers[0].params["W"], W)


def test_keep_prob_figure_fits_the_notebook_width():
    # 10.4 inches at 100 dpi fits beside JupyterLab's margins in a 1280 px window.
    view = KeepProbView(np.linspace(0, 3, 50))
    assert view.fig.get_figwidth() <= 10.4
    view.fig.canvas.draw()
    renderer, box = view.fig.canvas.get_renderer(), view.fig.bbox
    for ax in view.axes:
        for text in (ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts):
            extent = text.get_window_extent(renderer)
            assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text.get_text()


def test_bars_taller_than_the_panel_are_said():
    a = np.linspace(0.1, 3, 30)
    view = KeepProbView(a)
    view.update(1.0, a, a, a)  # keep everything: every bar fits
    assert view.clipped.get_text() == ""
    sample = np.where(np.arange(30) % 10 == 0, a / 0.1, 0.0)  # 3 units kept, x10
    view.update(0.1, 0.1 * a, a, sample)
    top = view.axes[0].get_ylim()[1]
    assert np.sum(sample > top) == 2  # 11 and 21 do not fit under 7.9; 1 does
    assert view.clipped.get_text().startswith("2 bar(s) go above the top")
    assert "×10" in view.clipped.get_text()


def test_live_panel_says_its_progress_and_ends_at_max_steps():
    data = overfitting_data()
    panel = dropout_vs_overfitting(data, sizes=(2, 8, 1), steps_per_frame=30,
                                   max_steps=100, resolution=10, check_backend=False)
    panel.views[0].fig.canvas.draw_idle = lambda: None
    live, progress = panel.live, panel.live.progress
    assert panel.state["step"] == 0 and not live.play.playing  # Play to start
    panel.controls["rate"].value = 0.3
    assert panel.state["step"] == FIRST_STEPS and live.play.playing
    assert progress.total == 100 and not progress.finished
    for _ in range(20):
        live.tick()
        if live.source is None:
            break
    assert panel.state["step"] == 100 and not live.play.playing
    assert progress.finished and "100 steps in" in progress.line
    assert panel.views[2].steps[-1] == 100
    # the same run as Play alone would have trained: the new code only starts it
    twin = dropout_vs_overfitting(data, sizes=(2, 8, 1), steps_per_frame=30,
                                  max_steps=100, rate=0.3, resolution=10,
                                  check_backend=False)
    twin.live.advance(100)
    for a, b in zip(panel.state["models"], twin.state["models"], strict=True):
        np.testing.assert_allclose(a.layers[0].params["W"], b.layers[0].params["W"])
    assert not panel.output.outputs

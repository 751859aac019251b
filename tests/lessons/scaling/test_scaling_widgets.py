"""Lesson 9's scaling and steering panels."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.scaling.panels import (
    FIRST_STEPS,
    scaling_explorer,
    steering_explorer,
)
from nnviz.lessons.scaling.views import ScalingGridView


def test_scaling_view_curves_and_selection(digits):
    clean = digits[0]
    runs = nv.train_denoisers(clean, clean, steps=5)
    view = ScalingGridView(steps=5)
    line = view.lines["zscore", "sigmoid"]
    view.update_curves(runs, 0.07)
    assert view.lines["zscore", "sigmoid"] is line
    np.testing.assert_allclose(line.get_ydata(), runs["zscore", "sigmoid"].losses)
    assert view.floor_line.get_ydata()[0] == 0.07
    view.update_selected("minmax", "identity", (clean[0], clean[0], clean[0]),
                         np.array([-0.5, 0.5, 1.5, 0.2]))
    assert "25% below 0" in view.readout.get_text()
    assert view.image.get_array().shape == (8, 26)


def test_scaling_explorer_retrains_only_when_the_strength_moves(digits):
    panel = scaling_explorer(*digits, steps=20, check_backend=False)
    panel.live.run_to_end()                  # the opening strength, trained
    runs = panel.state["runs"]
    assert set(runs) == {(s, o) for s in nv.SCALINGS for o in nv.DENOISER_OUTPUTS}
    panel.controls["scaling"].value = "robust"
    assert panel.state["runs"] is runs                     # a menu: no retraining
    assert "robust" in panel.views[0].readout.get_text()
    line = panel.views[0].lines["minmax", "identity"]
    before = line.get_ydata().copy()
    panel.controls["strength"].value = 15.0
    panel.live.run_to_end()
    assert panel.state["runs"] is not runs
    assert not np.allclose(line.get_ydata(), before)
    status = panel.widget.children[1]
    assert "strength 15: six networks trained in" in status.value
    panel.controls["strength"].value = 5.0                 # seen before: kept
    assert panel.state["runs"] is runs and panel.live.run_steps == 0
    assert "kept from before" in status.value and not panel.live.play.playing
    np.testing.assert_array_equal(line.get_ydata(), before)
    panel.live.run_to_end()                  # Play trains the same six again
    assert "strength 5: six networks trained in" in status.value
    np.testing.assert_allclose(line.get_ydata(), before)
    assert not panel.output.outputs


def test_steering_explorer_step_slider(steering_runs):
    runs, true = steering_runs
    panel = steering_explorer(runs, true, check_backend=False)
    view = panel.views[0]
    assert panel.state["index"] == 4 and "40 steps" in view.title.get_text()
    points = view.points["scaled, tanh"]
    before = points.get_offsets().copy()
    panel.controls["step"].value = 10
    assert panel.state["index"] == 1 and view.points["scaled, tanh"] is points
    assert not np.allclose(points.get_offsets(), before)


def test_a_new_strength_answers_at_once_and_trains_on_under_play(digits):
    clean, clean_test = digits
    panel = scaling_explorer(clean, clean_test, steps=40, check_backend=False)
    live, view = panel.live, panel.views[0]
    status = panel.widget.children[1]
    # the opening strength too: a first answer at once, the rest under Play
    assert len(panel.state["runs"]["zscore", "sigmoid"].losses) == FIRST_STEPS
    assert live.play.playing and f"step {FIRST_STEPS} of 40" in status.value
    live.run_to_end()
    assert len(panel.state["runs"]["zscore", "sigmoid"].losses) == 40
    panel.controls["strength"].value = 12.0
    # (a) a first answer: FIRST_STEPS steps of the six nets, drawn at once
    line = view.lines["minmax", "identity"]
    assert len(line.get_ydata()) == FIRST_STEPS and live.play.playing
    assert f"step {FIRST_STEPS} of 40" in status.value
    assert not live.progress.finished and live.progress.total == 40
    panel.controls["scaling"].value = "minmax"       # a menu while it trains
    assert live.run_steps == FIRST_STEPS and live.source is not None
    # (b) Play's ticks go on, (c) the bar finishes and says the time
    live.run_to_end()
    assert live.progress.finished and "40 steps in" in live.progress.line
    assert "six networks trained in" in status.value and not live.play.playing
    assert len(line.get_ydata()) == 40 and 12.0 in panel.state["trained"]
    # (d) the runs are train_denoisers' (same noise, seeds and steps)
    rng = np.random.default_rng(0)
    noisy = nv.noisy_digits(clean, noise=0.1, hot_fraction=0.01, hot_strength=12.0,
                            rng=rng)
    ref = nv.train_denoisers(noisy, clean, steps=40)
    for key, run in ref.items():
        np.testing.assert_allclose(panel.state["runs"][key].losses, run.losses)
    assert not panel.output.outputs


def test_outlier_explorer_shows_min_max_squeezed_by_the_outlier(cached_render_is_exact):
    from nnviz.lessons.scaling.panels import outlier_explorer

    panel = outlier_explorer(check_backend=False)
    view = panel.views[0]
    spans = panel.state["spans"]
    assert spans["minmax"] < 0.03 and 0.9 < spans["robust"] < 1.2  # the lesson's cell
    dots = view.ordinary["minmax"]
    before = dots.get_offsets().copy()
    assert "outlier at 54.9" in view.notes["robust"].get_text()  # off the axis, said
    panel.controls["outlier"].value = 2.0
    assert view.ordinary["minmax"] is dots
    assert np.ptp(dots.get_offsets()[:, 0]) > 10 * np.ptp(before[:, 0])
    assert panel.state["spans"]["minmax"] == pytest.approx(0.5)
    assert "one outlier at 2" in view.title.get_text()
    assert "→" not in view.notes["minmax"].get_text()
    cached_render_is_exact(view.fig)
    assert view.cache.full_draws == 1


def test_scaling_explorer_opens_on_given_runs_without_training(digits):
    clean, clean_test = digits
    noisy = nv.noisy_digits(clean, hot_strength=5.0, rng=np.random.default_rng(0))
    runs = nv.train_denoisers(noisy, clean, steps=20)
    panel = scaling_explorer(clean, clean_test, steps=20, runs=runs,
                             check_backend=False)
    assert panel.state["runs"] is runs and panel.live.run_steps == 0
    assert not panel.live.play.playing
    status = panel.widget.children[1]
    assert "trained above: press Play" in status.value
    np.testing.assert_array_equal(panel.views[0].lines["minmax", "identity"].get_ydata(),
                                  runs["minmax", "identity"].losses)
    panel.live.run_to_end()  # Play trains the same six: the same curves
    np.testing.assert_allclose(panel.state["runs"]["robust", "sigmoid"].losses,
                               runs["robust", "sigmoid"].losses)
    other = nv.noisy_digits(clean, hot_strength=9.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="not trained on this panel's noise"):
        scaling_explorer(clean, clean_test, steps=20, check_backend=False,
                         runs=nv.train_denoisers(other, clean, steps=20))
    with pytest.raises(ValueError, match="every \\(scaling, output\\) pair"):
        scaling_explorer(clean, clean_test, steps=20, check_backend=False,
                         runs={("zscore", "identity"): runs["zscore", "identity"]})

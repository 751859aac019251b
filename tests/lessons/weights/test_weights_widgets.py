"""Lesson 1 panels: moving a control changes what the views hold."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.weights.growth_panels import FIRST_STEPS, weight_growth_explorer
from nnviz.lessons.weights.panels import (
    logit_scale_explorer,
    parse_sizes,
    shapes_calculator,
)


def test_logit_scale_slider_moves_the_probability_bars():
    panel = logit_scale_explorer((4.8, -5.3), check_backend=False)
    bar = panel.views[0].bars_probs[1]
    before = bar.get_height()
    panel.controls["scale"].value = 0.05
    assert bar.get_height() > before + 0.3
    np.testing.assert_allclose(panel.state["probabilities"].sum(), 1.0)


def test_logit_text_box_sets_new_logits_and_reports_bad_input(capsys):
    panel = logit_scale_explorer((4.8, -5.3), check_backend=False)
    panel.controls["logits"].value = "-1, 2"
    assert panel.views[0].bars_logits[1].get_height() == pytest.approx(2.0)
    panel.controls["logits"].value = "1, 2, 3"
    # Outside a kernel the panel's Output lets the message through to stdout.
    assert "Type 2 logits" in capsys.readouterr().out


def test_shapes_calculator_answers_q21():
    panel = shapes_calculator(n_in=784, hidden="1000", n_classes=10, batch_size=32)
    rows = panel.state["rows"]
    assert rows[2].param_shapes["W"] == (1000, 10) and rows[2].n_params == 10_010
    assert rows[3].output_shape == (32, 10)
    table = panel.views[0].value
    assert "1000 × 10" in table and "1000·10 + 10 = 10,010" in table
    assert "32 × 784" in table  # the batch going in


def test_shapes_calculator_follows_the_controls(capsys):
    panel = shapes_calculator()
    panel.controls["hidden"].value = "64, 32"
    panel.controls["classes"].value = 3
    sizes = [784, 64, 32, 3]
    assert panel.state["total"] == nv.mlp(sizes, "relu", output="softmax").n_params
    panel.controls["hidden"].value = "64, x"
    assert "whole numbers" in capsys.readouterr().out
    assert panel.state["total"] == nv.mlp(sizes, "relu", output="softmax").n_params


@pytest.mark.parametrize(
    "text, sizes", [("1000, 10", [1000, 10]), ("5 6;7", [5, 6, 7]), ("", [])]
)
def test_parse_sizes(text, sizes):
    assert parse_sizes(text) == sizes


def test_parse_sizes_rejects_zero():
    with pytest.raises(ValueError, match="at least 1"):
        parse_sizes("10, 0")


@pytest.fixture(scope="module")
def blobs():
    data = nv.data.blobs(n=120, rng=np.random.default_rng(0))
    return data.X_train, data.y_train.astype(int)


def growth_panel(blobs, **kwargs):
    return weight_growth_explorer(*blobs, [2, 4, 2], steps=100, rate=0.0,
                                  check_backend=False, **kwargs)


def test_a_new_l2_rate_answers_at_once_then_trains_tick_by_tick(blobs):
    # Issue 18: the slider's callback trains FIRST_STEPS steps only; the rest
    # of the run comes from Play's ticks, with a progress bar, and the line grows.
    panel = growth_panel(blobs)
    view, live = panel.views[0], panel.live
    line, free = view.line, panel.state["norms"].copy()
    panel.controls["l2"].value = 0.1
    assert live.last_steps == FIRST_STEPS and live.run_steps == FIRST_STEPS
    assert len(line.get_xdata()) == FIRST_STEPS and live.play.playing
    assert "step 5" in view.label.get_text()
    live.run_to_end()
    assert view.line is line and len(line.get_ydata()) == 100
    np.testing.assert_allclose(line.get_ydata(), panel.state["norms"])
    assert panel.state["norms"][-1] < free[-1]             # the penalty held it down
    assert view.label.get_text() == "L2 rate 0.1"
    assert live.progress.finished and live.progress.line.startswith(
        "done: training with L2 rate 0.1, 100 steps in")
    assert not live.play.playing and not panel.output.outputs


def test_a_finished_rate_comes_back_without_training(blobs):
    panel = growth_panel(blobs)
    panel.controls["l2"].value = 0.1
    panel.live.run_to_end()
    trained = panel.state["finished"][0.1]
    panel.controls["l2"].value = 0.0
    panel.controls["l2"].value = 0.1
    assert panel.live.run_steps == 0 and not panel.live.play.playing
    assert panel.state["finished"][0.1] is trained is panel.state["norms"]
    np.testing.assert_allclose(panel.views[0].line.get_ydata(), trained)


def test_live_run_is_the_run_norm_history_trains(blobs):
    # The same seeded net, the same steps: the live curve is no approximation.
    panel = growth_panel(blobs)
    panel.controls["l2"].value = 0.01
    panel.live.run_to_end()
    rng = np.random.default_rng(0)
    model = nv.mlp([2, 4, 2], "tanh", rng=rng)
    expected = nv.norm_history(model, "softmax_cross_entropy", nv.SGD(0.5), *blobs,
                               steps=100, penalty_rate=0.01, rng=rng)
    np.testing.assert_allclose(panel.state["norms"], expected)


def test_a_newer_move_replaces_the_older_run(blobs):
    panel = growth_panel(blobs)
    panel.controls["l2"].value = 0.1
    panel.live.tick()
    panel.controls["l2"].value = 0.001                 # before 0.1 finished
    panel.live.run_to_end()
    assert 0.1 not in panel.state["finished"]
    assert len(panel.state["finished"][0.001]) == 100

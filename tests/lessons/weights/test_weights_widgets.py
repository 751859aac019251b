"""Lesson 1 panels: moving a control changes what the views hold."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.weights.growth_panels import weight_growth_explorer
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










def test_weight_growth_l2_slider_keeps_the_norm_down(rng):
    data = nv.data.blobs(n=120, rng=rng)
    panel = weight_growth_explorer(
        data.X_train,
        data.y_train.astype(int),
        [2, 4, 2],
        steps=100,
        rate=0.0,
        check_backend=False,
    )
    free = panel.state["norms"].copy()
    panel.controls["l2"].value = 0.1
    view = panel.views[0]
    np.testing.assert_allclose(view.line.get_ydata(), panel.state["norms"])
    assert panel.state["norms"][-1] < free[-1]
    assert "0.1" in view.legend.get_texts()[1].get_text()



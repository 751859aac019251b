"""Lesson 1's exercises agree with what the lesson's code and panels show."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.weights.panels import logit_scale_explorer


def test_count_parameters_is_what_the_model_counts():
    assert nv.exercises.get("weights.count_parameters").value() == \
        nv.mlp([784, 30, 10]).n_params


def test_the_predicted_bar_is_what_the_panel_shows_at_s_0_1():
    # weights.scaled_logits: "move s to 0.1 and read the bar of the logit 4.8".
    panel = logit_scale_explorer((4.8, -5.3), check_backend=False)
    panel.controls["scale"].value = 0.1               # the slider's nearest value
    shown = panel.state["probabilities"][0]
    assert nv.exercises.check("weights.scaled_logits", shown)
    assert nv.exercises.get("weights.scaled_logits").value() == pytest.approx(
        nv.softmax(0.1 * np.array([4.8, -5.3]))[0])


def test_the_explained_reading_is_what_the_panel_does():
    # weights.logit_scale, right answer: the same class wins at every s, and its
    # probability grows towards 1 (the wrong readings: winner flips, bars fixed,
    # both grow).
    panel = logit_scale_explorer((4.8, -5.3), check_backend=False)
    tops = []
    for scale in (0.02, 0.1, 0.5, 1.0, 5.0):
        panel.controls["scale"].value = scale
        tops.append(panel.state["probabilities"].copy())
    assert all(np.argmax(p) == 0 for p in tops)
    assert np.all(np.diff([p[0] for p in tops]) > 0) and tops[-1][0] > 0.999
    assert nv.exercises.get("weights.logit_scale").value() == "c"

"""Lesson 12's exercises against the panels they send the learner to, and the exact
shapes and counts the notebook's cells no longer assert (issue 15). The explain
exercise lstm.one_step_errors rests on test_claims.py's
test_one_step_goes_wrong_most_when_the_symbol_came_early (five seeds)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.lstm.panels import memory_explorer


def kept(panel):
    """What the explorer's readout says a memory keeps after the 25 zeros."""
    return panel.state["f"] ** 25


def test_the_find_range_holds_the_panels_answer_and_no_wrong_one():
    low, high = nv.exercises.get("lstm.half_memory").value()
    panel = memory_explorer(check_backend=False)
    positions = np.arange(-4.0, 8.01, 0.5)                  # the slider's positions
    keeps = []
    for b_f in positions:
        panel.controls["forget_bias"].value = float(b_f)
        keeps.append(kept(panel) >= 0.5)
    first = positions[np.argmax(keeps)]                     # the slider's answer
    assert low <= first <= high
    assert nv.exercises.check("lstm.half_memory", float(first))
    assert not nv.exercises.check("lstm.half_memory", float(first) - 0.5)
    assert not nv.exercises.check("lstm.half_memory", float(first) + 0.5)
    panel.controls["forget_bias"].value = low               # below the exact value
    assert kept(panel) < 0.5


def test_the_compute_exercises_match_the_layers():
    assert nv.exercises.check("lstm.param_count", nv.LSTM(10, 64).n_params)
    assert not nv.exercises.check("lstm.param_count", 4 * (64 * 74 + 2 * 64))  # PyTorch
    out = nv.LSTM(3, 16, return_sequences=True).forward(np.zeros((32, 50, 3)))
    assert nv.exercises.check("lstm.sequence_shape", out.shape)
    assert not nv.exercises.check("lstm.sequence_shape", (32, 16))
    assert not nv.exercises.check("lstm.forget_fraction", 0.9 * 20)


def test_shapes_and_counts_the_lesson_states():
    rng = np.random.default_rng(0)
    lstm = nv.LSTM(3, 5, rng=rng)
    lstm.forward(rng.normal(size=(2, 7, 3)))
    assert lstm.cache["c"].shape == (2, 7, 5) and lstm.cache["h"].shape == (2, 7, 5)
    assert nv.LSTM(3, 5, return_sequences=True).forward(np.zeros((2, 7, 3))).shape == (2, 7, 5)
    for F, H in [(1, 8), (1, 32), (3, 64), (10, 128)]:
        assert nv.LSTM(F, H).n_params == 4 * (H * (F + H) + H)
    lstm = nv.LSTM(1, 3, rng=rng)
    x = rng.normal(size=(4, 6, 1))
    lstm.forward(x)
    lstm.backward(rng.normal(size=(4, 3)))
    assert lstm.cache["dz"].shape[1] == 6                     # one part per step
    X_any = nv.symbol_anywhere(16, 26, rng=rng)[0]
    assert nv.as_layout(X_any, "(1, look_back)").shape == (16, 1, 26)


def test_the_forget_fractions_the_prose_states():
    f, f3 = 1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(-3.0))
    assert np.isclose(f ** 25, 0.0004, atol=5e-5) and np.isclose(0.99 ** 25, 0.78, atol=5e-3)
    assert np.isclose(f3 ** 25, 0.30, atol=0.01)

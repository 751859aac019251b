"""Lesson 8's exercises against the lesson's own layers and explorer."""

import numpy as np
import pytest

import nnviz as nv


def test_the_convention_answers_are_what_dropout_does():
    assert nv.exercises.check("regularization.keep_from_pytorch", nv.Dropout(0.3).keep)
    assert not nv.exercises.check("regularization.keep_from_pytorch", 0.3)
    kept = nv.Dropout(keep=0.8, rng=np.random.default_rng(0))
    kept.fixed_mask = np.ones(1)                 # force "kept"
    value = kept.forward(np.array([[2.0]]), training=True).item()
    assert nv.exercises.check("regularization.kept_unit_value", value)
    assert not nv.exercises.check("regularization.kept_unit_value", 2.0 * 0.8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_predicted_means_are_what_the_explorer_measures_at_a_quarter(seed):
    """The keep-probability explorer's layer and mask count, at p = 0.25."""
    a = nv.large_layer(1000, seed=seed)
    unscaled, scaled = nv.dropout_means(a, 0.25, 400, np.random.default_rng(seed + 1))
    measured = [unscaled.mean() / a.mean(), scaled.mean() / a.mean()]
    assert nv.exercises.check("regularization.quarter_means", measured), measured
    assert not nv.exercises.check("regularization.quarter_means", [0.25, 0.25])


def test_the_explorer_state_at_a_quarter_agrees():
    panel = nv.keep_prob_explorer(keep=0.25, check_backend=False)
    a = nv.large_layer(1000, seed=0)
    measured = [panel.state["unscaled"].mean() / a.mean(),
                panel.state["scaled"].mean() / a.mean()]
    assert nv.exercises.check("regularization.quarter_means", measured), measured

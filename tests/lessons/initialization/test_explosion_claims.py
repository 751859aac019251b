"""Q4 (tanh works, ReLU explodes): lesson 7's claims under several seeds."""

from functools import cache

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims


SEEDS = range(5)


@cache
def q4_runs(seed):
    """Every digits run of the lesson's Q4 cells (3 epochs each), for one seed."""
    digits = nv.standardize(nv.data.digits(28, rng=np.random.default_rng(seed),
                                           flat=True))

    def run(activation, **kw):
        return nv.digits_run(digits, activation, epochs=3, seed=seed + 1, **kw)

    return {
        "tanh 1.0": run("tanh", lr=1.0),
        "relu 1.0": run("relu", lr=1.0),
        "tanh 0.05": run("tanh", lr=0.05),
        "relu 0.05": run("relu", lr=0.05),
        "relu 0.5": run("relu", lr=0.5),
        "relu 0.5 he": run("relu", lr=0.5, init="he_normal"),
        "relu 0.5 l2": run("relu", lr=0.5, l2=0.01),
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_at_lr_1_relu_diverges_and_tanh_survives(seed):
    runs = q4_runs(seed)
    tanh, relu = runs["tanh 1.0"], runs["relu 1.0"]
    assert tanh.diverged_at is None and max(tanh.act_scale) < 1
    assert tanh.final_accuracy > 0.7
    assert relu.diverged_at is not None and relu.act_scale[0] > 1e50
    assert f"at step {relu.diverged_at}." in relu.message


@pytest.mark.parametrize("seed", SEEDS)
def test_at_lr_half_only_a_smaller_rate_stops_the_explosion(seed):
    runs = q4_runs(seed)
    assert runs["relu 0.05"].final_accuracy > 0.88
    assert runs["relu 0.05"].act_scale[-1] < 3
    as_is = runs["relu 0.5"]
    assert as_is.diverged_at is None and as_is.act_scale[-1] > 1e15
    assert runs["relu 0.5 he"].act_scale[-1] > 1e15
    # L2 slows the growth by many orders of magnitude, but does not stop it
    assert runs["relu 0.5 l2"].act_scale[-1] < 1e-3 * as_is.act_scale[-1]
    assert runs["relu 0.5 l2"].act_scale[-1] > 1e3


@pytest.mark.parametrize("seed", SEEDS)
def test_at_the_same_learning_rate_tanh_and_relu_tie(seed):
    # Issue 14: lr 1.0 is too large for tanh too; at lr 0.05 tanh and ReLU tie.
    runs = q4_runs(seed)
    tanh, relu = runs["tanh 0.05"].final_accuracy, runs["relu 0.05"].final_accuracy
    assert tanh > runs["tanh 1.0"].final_accuracy + 0.02
    assert min(tanh, relu) > 0.88 and abs(tanh - relu) < 0.04

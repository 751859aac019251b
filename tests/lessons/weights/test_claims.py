"""Lesson 1's claims, re-run under several seeds: they must hold for every one.

Each test names the cell (or the "Try it" text) whose claim it re-runs. The seed
changes the data split, the initial weights and the batches together.
"""

from functools import cache

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_examples", [1, 7, 100])
def test_the_loop_and_the_matrix_product_agree_to_rounding(seed, n_examples):
    # Q8, the learner's "this does not in fact work": the per-example loop and the
    # matrix form give the same output and gradients, "far below the 1e-12 the
    # assert allows".
    rng = np.random.default_rng(seed)
    layer = nv.Dense(3, 4, rng=rng)
    X, dY = rng.normal(size=(n_examples, 3)), rng.normal(size=(n_examples, 4))
    gaps = nv.loop_vs_matrix(layer, X, dY)
    assert set(gaps) == {"Y", "dX", "dW", "db"}
    assert max(gaps.values()) < 1e-12


@cache
def digits_norms(seed, penalty_rate=0.0, steps=300):
    """Q1's run: 64-16-10 tanh on 8 x 8 digits, SGD 0.5, full batch."""
    rng = np.random.default_rng(seed)
    digits = nv.data.digits(8, rng=rng, flat=True)
    net = nv.mlp([64, 16, 10], "tanh", rng=rng)
    norms = nv.norm_history(net, "softmax_cross_entropy", nv.SGD(0.5), digits.X_train,
                            digits.y_train, steps=steps, penalty_rate=penalty_rate,
                            rng=rng)
    return net, digits, norms


@pytest.mark.parametrize("seed", SEEDS)
def test_trained_weights_do_not_sum_to_one_and_keep_growing(seed):
    # Q1: incoming sums far from 1; softmax rows sum to 1; the training digits are
    # classified "almost perfectly" (above 95 %); the norm still grows after step 100.
    net, digits, norms = digits_norms(seed)
    sums = nv.column_sums(net.layers[0].params["W"])
    assert np.abs(sums - 1).max() > 0.5
    assert np.allclose(nv.softmax(net.predict(digits.X_test)).sum(axis=1), 1.0)
    train_accuracy = nv.evaluate(net, "softmax_cross_entropy", digits.X_train,
                                 digits.y_train)[1]
    assert train_accuracy > 0.95
    assert norms[-1] > norms[99] + 1


@pytest.mark.parametrize("seed", SEEDS)
def test_an_l2_penalty_flattens_the_norm(seed):
    # Q1: with L2 0.01 the norm barely moves after step 100; Try it: "0.01 and above
    # flatten it early", smaller rates only bend the curve (it ends lower than
    # without a penalty, but still grows).
    _, _, none = digits_norms(seed)
    _, _, small = digits_norms(seed, penalty_rate=1e-3)
    _, _, strong = digits_norms(seed, penalty_rate=0.01)
    _, _, strongest = digits_norms(seed, penalty_rate=0.1)
    assert abs(strong[-1] - strong[99]) < 0.5
    assert abs(strongest[-1] - strongest[99]) < 0.5
    assert strong[-1] < small[-1] < none[-1]
    assert small[-1] - small[99] > abs(strong[-1] - strong[99])

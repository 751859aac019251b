"""Lesson 2's core (Q19, Q20): the numbers the lesson states, and the maths.

(Q2 and Q5 moved to the scaling lesson: tests/lessons/scaling.)
"""

import numpy as np
import pytest

import nnviz as nv

YT = np.array([[1, 0, 0], [0, 0, 1.0]])
YP = np.array([[0.9, 0.2, 0.2], [0.2, 0.8, 0.3]])

# ---- Q20: MSE, cross-entropy, likelihoods ------------------------------------------


def test_q20_mse_is_0_21_here_and_in_the_loss_layer():
    assert nv.mean_squared_error(YT, YP) == pytest.approx(0.21)
    assert nv.MeanSquaredError().forward(YP, YT) == pytest.approx(0.21)


def test_q20_cross_entropies():
    # each entry a yes/no: -(log .9 + 3 log .8 + log .2 + log .3) / 6
    expected = -(np.log(0.9) + 3 * np.log(0.8) + np.log(0.2) + np.log(0.3)) / 6
    assert nv.bernoulli_cross_entropy(YT, YP) == pytest.approx(expected)
    assert nv.bernoulli_cross_entropy(YT, YP) == pytest.approx(0.598, abs=5e-4)
    assert nv.BinaryCrossEntropy().forward(YP, YT) == pytest.approx(expected)
    assert nv.categorical_cross_entropy(YT, YP) == pytest.approx(0.655, abs=5e-4)
    assert nv.categorical_cross_entropy(YT, YP, normalize=True) == pytest.approx(
        -(np.log(0.9 / 1.3) + np.log(0.3 / 1.3)) / 2)
    assert nv.categorical_cross_entropy(YT, YP, normalize=True) == pytest.approx(
        0.917, abs=5e-4)


@pytest.mark.parametrize("sigma", [0.3, 1.0, 2.5])
def test_gaussian_nll_is_mse_over_two_sigma_squared_plus_a_constant(sigma):
    constant = 0.5 * np.log(2 * np.pi * sigma**2)
    assert nv.gaussian_nll(YT, YP, sigma) == pytest.approx(
        nv.mean_squared_error(YT, YP) / (2 * sigma**2) + constant)


def test_bernoulli_and_categorical_nll_are_the_cross_entropies():
    assert nv.bernoulli_nll(YT, YP) == pytest.approx(nv.bernoulli_cross_entropy(YT, YP))
    rows = YP / YP.sum(axis=1, keepdims=True)
    assert nv.categorical_nll(YT, rows) == pytest.approx(
        nv.categorical_cross_entropy(YT, YP, normalize=True))


def test_categorical_nll_refuses_rows_not_summing_to_one():
    with pytest.raises(ValueError, match="sum to 1"):
        nv.categorical_nll(YT, YP)


@pytest.mark.parametrize("bad", [np.array([[1.0, 0, 0], [0, 0, 1]]), YP[:, :2]])
def test_cross_entropy_errors(bad):
    with pytest.raises(ValueError):
        nv.bernoulli_cross_entropy(YT, bad)


def test_gaussian_nll_needs_positive_sigma():
    with pytest.raises(ValueError, match="sigma"):
        nv.gaussian_nll(YT, YP, 0.0)


# ---- Q19: the L1 penalty on a softmax ---------------------------------------------


@pytest.mark.parametrize("z", [[1.0, 2, 3, 4], [0.3, -1.2, 2.2], [10, -10, 3, 0.5]])
def test_softmax_jacobian_matches_finite_differences(z):
    z = np.array(z)
    numeric = np.array([
        nv.numerical_gradient(lambda v, i=i: nv.softmax(v)[i], z.copy())
        for i in range(len(z))
    ])
    np.testing.assert_allclose(nv.softmax_jacobian(z), numeric, atol=1e-9)


def test_l1_gradient_is_zero_up_to_rounding(rng):
    for _ in range(20):
        z = rng.normal(0, 3, size=5)
        assert np.abs(nv.l1_softmax_gradient(z)).max() < 1e-15
        # one rounding step of the sum (<= eps) over 2h: at most eps / h
        assert np.abs(nv.l1_softmax_numeric(z)).max() <= np.finfo(float).eps / 1e-6


def test_l2_gradient_is_not_zero_and_matches_finite_differences():
    z = np.array([1.0, 2, 3, 4])
    analytic = nv.l2_softmax_gradient(z)
    numeric = nv.numerical_gradient(lambda v: np.sum(nv.softmax(v) ** 2), z.copy())
    assert np.abs(analytic).max() > 0.1
    assert nv.rel_error(analytic, numeric) < 1e-7


def test_logits_must_be_one_row():
    with pytest.raises(ValueError, match=r"shape \(K,\)"):
        nv.l1_softmax_gradient(np.zeros((2, 3)))

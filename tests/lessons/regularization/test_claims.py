"""Lesson 8's claims, re-run under several seeds: they must hold for every one.

The seed changes the activations, the masks, the noisy circles and the initial
weights. Each test names the cell whose claim it re-runs.
"""

from functools import cache

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = range(5)
LOSS = "binary_cross_entropy_logits"


@pytest.mark.parametrize("seed", SEEDS)
def test_dividing_by_keep_restores_the_mean(seed):
    # Q22: 1000 ReLU activations, 2000 masks, p = 0.5: unscaled -> p * mean(a),
    # scaled -> mean(a), within 1 %; nv.dropout_means agrees; both conventions
    # (scale at test time, or in training) match their own test-time output.
    rng = np.random.default_rng(seed)
    layer = nv.Dense(100, 1000, init="he_normal", rng=rng)
    a = np.maximum(layer.forward(rng.normal(size=(1, 100)))[0], 0)
    p = 0.5
    masks = rng.random((2000, a.size)) < p
    unscaled, scaled = (masks * a).mean(axis=0), (masks * a / p).mean(axis=0)
    assert np.isclose(unscaled.mean(), p * a.mean(), rtol=0.01)
    assert np.isclose(scaled.mean(), a.mean(), rtol=0.01)
    package = nv.dropout_means(a, p, n_masks=2000, rng=rng)
    assert np.allclose([m.mean() for m in package], [unscaled.mean(), scaled.mean()],
                       rtol=0.01)
    keep = 0.8
    classic = np.mean([a * (rng.random(a.shape) < keep) for _ in range(2000)], axis=0)
    inverted = np.mean([a * (rng.random(a.shape) < keep) / keep for _ in range(2000)],
                       axis=0)
    assert np.isclose(classic.mean(), (keep * a).mean(), rtol=0.01)
    assert np.isclose(inverted.mean(), a.mean(), rtol=0.01)


@cache
def trained(seed):
    """The lesson's nets on one draw of the noisy circles: (data, plain, dropout)."""
    data = nv.data.circles(n=80, noise=0.4, test_fraction=0.5,
                           rng=np.random.default_rng(seed))
    nets = []
    for rate in (None, 0.5):
        net = nv.dropout_mlp([2, 128, 128, 1], rate=rate,
                             rng=np.random.default_rng(seed + 5))
        nv.fit(net, LOSS, nv.SGD(0.05, momentum=0.9), data.X_train, data.y_train,
               steps=1000, rng=np.random.default_rng(seed + 1))
        nets.append(net)
    return data, *nets


@pytest.mark.parametrize("seed", SEEDS)
def test_evaluation_mode_is_the_average_of_the_thinned_nets(seed):
    data, _, model = trained(seed)
    x = data.X_test[1:2]
    twice = [model.forward(x, training=True).item() for _ in range(2)]
    assert twice[0] != twice[1]                     # training mode: new masks each call
    # only the last dropout layer on: the mean over masks is the evaluation output
    outs = nv.sample_outputs(model, x[0], 20_000, active=[5]).ravel()
    noise = outs.std() / np.sqrt(outs.size)
    assert abs(outs.mean() - model.predict(x).item()) < 4 * noise
    # both on: only approximately, but the same class for most test points
    means = np.array([nv.sample_outputs(model, xi, 2000).mean() for xi in data.X_test])
    evals = model.predict(data.X_test).ravel()
    assert np.abs(means - evals).max() > 0.5
    assert np.mean(np.sign(means) == np.sign(evals)) > 0.8


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_makes_memorizing_harder(seed):
    data, plain, dropped = trained(seed)
    train_loss = [nv.evaluate(net, LOSS, data.X_train, data.y_train)[0]
                  for net in (plain, dropped)]
    assert train_loss[0] < 0.05 and train_loss[1] > train_loss[0]


def test_whether_the_test_loss_falls_depends_on_the_draw():
    # The lesson says: over draws of 40 noisy points, dropout's test loss comes out
    # lower on some and higher on others.
    lower = []
    for seed in range(10):
        data, plain, dropped = trained(seed)
        test_loss = [nv.evaluate(net, LOSS, data.X_test, data.y_test)[0]
                     for net in (plain, dropped)]
        lower.append(test_loss[1] < test_loss[0])
    assert any(lower) and not all(lower)


@pytest.mark.parametrize("seed", range(3))
def test_dropout_keeps_the_expected_sum_not_the_sum(seed):
    # Q22 forum answers ("two forum answers to check"): with ÷p the mean of the
    # summed outputs over 5000 masks matches the no-dropout sum, but the sums
    # spread (std several % of the sum, few masks within 1 %); without ÷p the
    # mean sum is p times the full one for uniform, exponential, bimodal and
    # constant inputs alike.
    rng = np.random.default_rng(seed)
    layer = nv.Dense(100, 1000, init="he_normal", rng=rng)
    a = np.maximum(layer.forward(rng.normal(size=(1, 100)))[0], 0)
    unscaled, scaled = nv.dropout_sums(a, 0.5, n_masks=5000, rng=rng)
    assert unscaled.shape == scaled.shape == (5000,)
    assert np.isclose(scaled.mean(), a.sum(), rtol=0.01)
    assert scaled.std() > 0.03 * a.sum()
    assert np.mean(np.abs(scaled - a.sum()) < 0.01 * a.sum()) < 0.4
    inputs = [rng.uniform(0, 1, 1000), rng.exponential(1.0, 1000),
              np.concatenate([rng.normal(-2, 0.3, 500), rng.normal(5, 0.3, 500)]),
              np.full(1000, 3.0)]
    for keep in (0.8, 0.5, 0.2):
        for x in inputs:
            ratio = nv.dropout_sums(x, keep, 5000, rng=rng)[0].mean() / x.sum()
            assert abs(ratio - keep) < 0.01

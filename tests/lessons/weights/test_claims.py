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


@pytest.mark.parametrize("seed", range(10))
def test_one_update_lowers_the_loss_of_the_tiny_net(seed):
    # Q17: forward, loss, backward, then p -= 0.1 * grad lowers the loss.
    rng = np.random.default_rng(seed)
    net = nv.mlp([2, 2, 1], "sigmoid", rng=rng)
    x, y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    mse = nv.MeanSquaredError()
    before = mse.forward(net.forward(x), y)
    net.backward(mse.backward())
    for layer in net.layers:
        for key, p in layer.params.items():
            p -= 0.1 * layer.grads[key]
    assert mse.forward(net.forward(x), y) < before


@pytest.mark.parametrize("seed", SEEDS)
def test_online_gets_further_than_full_batch_in_ten_epochs(seed):
    # Try it (batch size): "Online (batch size 1): thousands of noisy steps, which get
    # much further in the same 10 passes over the data" than 10 full-batch steps.
    # Same net, data and optimizer as nv.batch_size_explorer.
    moons = nv.data.moons(n=300, rng=np.random.default_rng(seed))
    held_out = {}
    for batch_size, steps in ((None, 10), (1, 10 * len(moons.X_train))):
        rng = np.random.default_rng(seed)
        model = nv.mlp([2, 8, 1], "tanh", rng=rng)
        nv.fit(model, "binary_cross_entropy_logits", nv.SGD(0.1), moons.X_train,
               moons.y_train, steps=steps, batch_size=batch_size, rng=rng)
        held_out[batch_size] = nv.evaluate(model, "binary_cross_entropy_logits",
                                           moons.X_test, moons.y_test)[0]
    assert held_out[1] < 0.5 * held_out[None]


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


@pytest.mark.parametrize("seed", SEEDS)
def test_and_neuron_from_random_starts(seed):
    # Q23 from a random start instead of zeros (the lesson starts at 0): sigmoid grows
    # for ever with b / w -> -1.5; step stops; identity keeps circling. The Try it:
    # lr 1 and above blows up the identity, and a decay of 0.02 settles it near
    # w1 = w2 = 0.5, b = -0.25.
    rng = np.random.default_rng(seed)
    start = dict(w0=rng.normal(scale=0.5, size=2), b0=rng.normal(scale=0.5))
    runs = {f: nv.train_neuron(f, lr=0.5, epochs=2000, **start)
            for f in ("sigmoid", "step", "identity")}
    sig = runs["sigmoid"]
    assert np.all((0 < sig.outputs()) & (sig.outputs() < 1))
    assert sig.norm[-1] > sig.norm[2000] + 1 and abs(sig.ratio[-1] + 1.5) < 0.05
    assert runs["step"].movement() == 0 and runs["identity"].movement() > 0.01
    assert nv.train_neuron("identity", lr=0.9, epochs=1000, **start).norm[-1] < 10
    for lr in (1.0, 1.5):
        norm = nv.train_neuron("identity", lr=lr, epochs=1000, **start).norm
        assert norm[-1] > 100 and norm[-1] > 1.5 * norm[len(norm) // 2]
    decayed = nv.train_neuron("identity", lr=0.5, epochs=1000, decay=0.02, **start)
    assert np.allclose(decayed.weights[-1], 0.5, atol=0.03)
    assert abs(decayed.bias[-1] + 0.25) < 0.03

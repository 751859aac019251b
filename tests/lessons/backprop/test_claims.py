"""Lesson 4's claims (Q17, Q23), re-run under several seeds: each must hold for all.

Each test names the cell (or the "Try it" text) whose claim it re-runs.
"""

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


@pytest.mark.parametrize("seed", range(3))
def test_identity_neuron_settles_near_least_squares_as_the_rate_shrinks(seed):
    # Q23 forum answer (cells c31a-c31c): at lr 0.5 the average is off least squares;
    # each 5x smaller rate makes the gap and the swing several times smaller; a decay
    # of 0.02 brings the average close. From random starts, not only from zeros.
    rng = np.random.default_rng(seed)
    start = dict(w0=rng.normal(scale=0.5, size=2), b0=rng.normal(scale=0.5))
    fit = nv.identity_vs_least_squares(lrs=(0.5, 0.1, 0.02), **start)
    assert np.allclose(fit["least_squares"], [0.5, 0.5, -0.25])
    gaps = [row["gap"] for row in fit["rows"]]
    amplitudes = [row["amplitude"] for row in fit["rows"]]
    assert gaps[0] > 0.2 and amplitudes[0] > 0.1  # visibly off at the lesson's rate
    for big, small in ((0, 1), (1, 2)):
        assert gaps[big] > 3 * gaps[small] and amplitudes[big] > 3 * amplitudes[small]
    assert gaps[2] < 0.02 and amplitudes[2] < 0.01
    decayed = nv.identity_vs_least_squares(lrs=(0.5,), decay=0.02, **start)["rows"][0]
    assert decayed["gap"] < gaps[0] / 10 and decayed["amplitude"] < amplitudes[0] / 10

"""Lesson 4's claims, re-run under several seeds: they must hold for every one.

The seed changes the inputs, the initial weights and the batches. Each test names
the cell whose claim it re-runs; the thresholds are the cells' own.
"""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = range(5)


def per_layer(stats):
    """Geometric mean of the std factor from layer 1 to layer 10."""
    return (stats.act_std[-1] / stats.act_std[0]) ** (1 / 9)


def deep_stats(seed):
    """Q25's measurements: 10 x Dense(100, 100) under each pairing, 500 inputs."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(500, 100))

    def stds(activation, init):
        net = nv.deep_net(depth=10, width=100, activation=activation, init=init,
                          rng=rng)
        return nv.layer_statistics(net, X, rng=rng)

    pairs = [("relu", "he"), ("relu", "too_small"), ("relu", "too_large"),
             ("tanh", "glorot"), ("tanh", "too_small"), ("sigmoid", "glorot")]
    return {pair: stds(*pair) for pair in pairs}


@pytest.mark.parametrize("seed", range(10))
def test_signal_sizes_through_ten_layers(seed):
    s = deep_stats(seed)
    he = s["relu", "he"]
    assert 0.5 < he.act_std.min() and he.act_std.max() < 1.5
    assert 0.5 < he.grad_std.min() and he.grad_std.max() < 1.5
    small, large = s["relu", "too_small"], s["relu", "too_large"]
    assert 1e-13 < small.act_std[-1] < 1e-11 and 1e7 < large.act_std[-1] < 1e9
    assert small.grad_std[0] < 1e-9 and large.grad_std[0] > 1e7
    assert 0.05 < per_layer(small) < 0.1 and 5 < per_layer(large) < 9
    glorot = s["tanh", "glorot"]
    drift = max(glorot.act_std.max() / glorot.act_std.min(),
                glorot.grad_std.max() / glorot.grad_std.min())
    assert drift < 4
    assert s["tanh", "too_small"].act_std[-1] < 1e-9
    assert 0.08 < per_layer(s["tanh", "too_small"]) < 0.12
    sigmoid = s["sigmoid", "glorot"]
    assert sigmoid.grad_std[0] / sigmoid.grad_std[-1] < 1e-3


@pytest.mark.parametrize("seed", SEEDS)
def test_zero_init_units_stay_copies(seed):
    rng = np.random.default_rng(seed)
    data = nv.data.circles(n=300, rng=rng)
    net = nv.mlp([2, 8, 1], "sigmoid", init="zeros", rng=rng)
    steps = nv.fit(net, "binary_cross_entropy_logits", nv.SGD(1.0), data.X_train,
                   data.y_train, steps=200, rng=rng)
    W1 = net.layers[0].params["W"]
    assert nv.symmetry_gap(W1) < 1e-12 and steps[-1].loss > 0.65
    assert np.ptp(net.trace(data.X_test)[2], axis=1).max() < 1e-12
    random_net = nv.mlp([2, 8, 1], "sigmoid", rng=rng)
    assert nv.symmetry_gap(random_net.layers[0].params["W"]) > 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_relu_net_under_each_scheme(seed):
    # Spirals, 6 x 32 ReLU, SGD 0.01 + momentum, 800 steps (the lesson's cell).
    spirals = nv.data.spirals(n=300, rng=np.random.default_rng(seed))
    histories = nv.train_under_schemes(spirals.X_train, spirals.y_train,
                                       activation="relu", steps=800, lr=0.01,
                                       seed=seed + 1)
    final = {name: h[-20:].mean() for name, h in histories.items()}
    diverged = {name: np.flatnonzero(np.isnan(h))[0] + 1
                for name, h in histories.items() if np.isnan(h).any()}
    assert final["zeros"] > 0.65 and final["too_small"] > 0.65
    assert set(diverged) <= {"too_large"}
    assert diverged.get("too_large", 99) <= 10 or final["too_large"] > 0.65
    assert final["he"] < 0.01 and max(final["glorot"], final["lecun"]) < 0.15


@pytest.mark.parametrize("seed", SEEDS)
def test_too_large_does_not_blow_up_with_tanh(seed):
    # Try it: with activation="tanh", "too large" saturates instead of exploding.
    spirals = nv.data.spirals(n=300, rng=np.random.default_rng(seed))
    h = nv.train_under_schemes(spirals.X_train, spirals.y_train, ("too_large",),
                               activation="tanh", steps=800, lr=0.01,
                               seed=seed + 1)["too_large"]
    assert not np.isnan(h).any()


def pitfall_runs(seed):
    """Q9's four causes, broken and fixed, with the lesson's nets and settings."""
    data = nv.data.circles(n=300, rng=np.random.default_rng(seed))
    X, y = data.X_train, data.y_train

    def net(sizes=(2, 16, 1)):
        return nv.mlp(list(sizes), "tanh", rng=np.random.default_rng(seed + 2))

    def deep(init):
        return nv.classifier(2, 6, 32, "relu", init,
                             rng=np.random.default_rng(seed + 2))

    def history(model, X, y, **kw):
        return nv.loss_history(model, X, y, seed=seed + 1, **kw)

    X_far = X + 30.0
    scaled = (X_far - X_far.mean(axis=0)) / X_far.std(axis=0)
    unchecked = nv.BinaryCrossEntropyWithLogits(strict_targets=False)
    wrong, right = net(), net()
    runs = {
        "inputs": (history(net(), X_far, y), history(net(), scaled, y)),
        "capacity": (history(net((2, 1, 1)), X, y), history(net(), X, y)),
        "init": (history(deep("too_small"), X, y), history(deep("he"), X, y)),
        "labels": (history(wrong, X, y + 1, loss=unchecked), history(right, X, y)),
    }
    few = slice(0, 8)

    def overfit(model, labels, loss="binary_cross_entropy_logits"):
        return nv.loss_history(model, X[few], labels[few], steps=300, batch_size=None,
                               loss=loss, seed=seed + 1)[-1]

    overfits = (overfit(net(), y), overfit(net(), y + 1, unchecked),
                overfit(deep("too_small"), y))
    return data, runs, (wrong, right), overfits


@pytest.mark.parametrize("seed", SEEDS)
def test_four_reasons_a_net_stops_learning(seed):
    data, runs, (wrong, right), overfits = pitfall_runs(seed)
    healthy, broken_labels, broken_init = overfits
    end = {cause: [h[-20:].mean() for h in pair] for cause, pair in runs.items()}
    assert end["inputs"][0] > 0.65 and end["inputs"][1] < 0.1
    assert end["capacity"][0] > 0.4 and end["capacity"][1] < 0.1
    assert end["init"][0] > 0.65 and end["init"][1] < 0.01
    assert end["labels"][0] < 0

    def accuracy(model):
        return np.mean((model.predict(data.X_test)[:, 0] > 0) == data.y_test)

    assert np.mean(wrong.predict(data.X_test) > 0) == 1.0
    assert accuracy(wrong) == np.mean(data.y_test == 1) and accuracy(right) > 0.95
    # the sanity check: a healthy net memorizes 8 points; the broken ones cannot
    p = data.y_train[:8].mean()
    guess = -(p * np.log(p) + (1 - p) * np.log(1 - p))
    assert healthy < 0.02 and broken_labels < 0 and abs(broken_init - guess) < 0.02

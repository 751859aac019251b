"""Lesson 6's exercises against the lesson's own numbers: one hidden unit never solves
XOR (so the predicted minimum is right), the parameter count, the Fourier features'
width (moved from the notebook), and the explain exercise's misconception hints."""

import numpy as np
import pytest

import nnviz as nv


def xor_clouds(seed):
    corners, labels = nv.data.truth_table("xor")
    rng = np.random.default_rng(seed)
    X = np.repeat(corners, 25, axis=0) + 0.08 * rng.normal(size=(100, 2))
    return X, np.repeat(labels, 25)


@pytest.mark.parametrize("start", range(5))
def test_one_hidden_unit_never_solves_xor(start):
    # boundaries.xor_units: one unit is one line, at most 3 of 4 corners
    X, y = xor_clouds(start)
    net = nv.mlp([2, 1, 1], "tanh", rng=np.random.default_rng(start))
    steps = nv.fit(net, "binary_cross_entropy_logits", nv.Adam(0.1), X, y, steps=300)
    assert steps[-1].accuracy <= 0.75
    assert nv.exercises.check("boundaries.xor_units", 2)
    assert not nv.exercises.check("boundaries.xor_units", 1)


def test_the_deep_count_adds_every_layer():
    sizes = [2, 100, 100, 100, 2]
    count = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    assert nv.exercises.check("boundaries.deep_params", count)
    no_biases = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert not nv.exercises.check("boundaries.deep_params", no_biases)


def test_fourier_features_give_two_waves_per_frequency_and_coordinate():
    # moved from the notebook: k = 1..8, sin and cos, for r and c, plus r and c
    picture = nv.data.picture_dataset()
    waves = nv.PictureFit(picture, depth=1, width=64, n_freq=8)
    assert waves.Z.shape == (picture.X_train.shape[0], 2 + 2 * 2 * 8)


def test_a_bigger_net_memorises_parity_but_still_misses_held_out_integers():
    # boundaries.parity_coin, misconception (a): more units, same failure
    x, y, train, test, _ = nv.parity_data(40, rng=np.random.default_rng(0))
    model = nv.fit_classifier_1d(x[train], y[train], hidden=(128, 128), steps=1500)
    guess = model.predict(x).ravel() > 0
    assert np.mean(guess[train] == y[train]) > 0.9
    assert np.mean(guess[test] == y[test]) < 0.5

"""The toy 2-D datasets of nnviz.data.toy: shapes, labels, splits, determinism."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.data import toy


@pytest.mark.parametrize("name", list(toy.MAKERS))
@pytest.mark.parametrize("n, test_fraction, n_test", [(300, 0.3, 90), (101, 0.2, 20),
                                                       (50, 0.0, 0)])
def test_shapes_and_split_sizes(name, n, test_fraction, n_test, rng):
    data = toy.make(name, n=n, test_fraction=test_fraction, rng=rng)
    assert data.X_train.shape == (n - n_test, 2) and data.X_test.shape == (n_test, 2)
    assert data.y_train.shape == (n - n_test,) and data.y_test.shape == (n_test,)
    assert data.X_train.dtype == np.float64 and data.y_train.dtype == np.float64
    assert np.all(np.isfinite(data.X)) and np.all(np.isfinite(data.y))
    assert data.name == name


@pytest.mark.parametrize("name", ["circles", "moons", "spirals"])
def test_two_class_sets_have_exactly_balanced_0_1_labels(name, rng):
    y = toy.make(name, n=200, rng=rng).y
    assert set(np.unique(y)) == {0.0, 1.0}
    assert y.sum() == 100


def test_xor_labels_are_0_1_and_roughly_balanced(rng):
    y = toy.xor(n=400, rng=rng).y  # quadrants are drawn at random, so only roughly
    assert set(np.unique(y)) == {0.0, 1.0}
    assert 150 < y.sum() < 250


@pytest.mark.parametrize("centers", [2, 3, 5])
def test_blobs_labels_are_0_to_k_minus_1(centers, rng):
    y = toy.blobs(n=150, centers=centers, rng=rng).y
    assert np.unique(y).tolist() == list(range(centers))
    assert np.bincount(y.astype(int)).tolist() == [150 // centers] * centers


@pytest.mark.parametrize("name", list(toy.MAKERS))
def test_same_rng_seed_same_data_other_seed_other_data(name):
    a = toy.make(name, rng=np.random.default_rng(7))
    b = toy.make(name, rng=np.random.default_rng(7))
    c = toy.make(name, rng=np.random.default_rng(8))
    for part in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, part), getattr(b, part))
    assert not np.array_equal(a.X_train, c.X_train)


def test_split_keeps_every_example_once(rng):
    X = np.arange(20.0).reshape(10, 2)
    data = toy.split(X, np.arange(10.0), test_fraction=0.3, rng=rng)
    np.testing.assert_array_equal(np.sort(data.y), np.arange(10.0))
    np.testing.assert_array_equal(data.X[:, 0], 2 * data.y)  # rows stay with labels
    assert len(data.X_test) == 3


@pytest.mark.parametrize("fraction", [-0.1, 1.0, 1.5])
def test_split_rejects_bad_fraction(fraction, rng):
    with pytest.raises(ValueError, match=r"test_fraction=.* must be in \[0, 1\)"):
        toy.split(np.zeros((4, 2)), np.zeros(4), test_fraction=fraction, rng=rng)


def test_circles_inner_class_is_inside(rng):
    data = toy.circles(n=400, noise=0.0, rng=rng)
    radius = np.hypot(*data.X.T)
    assert radius[data.y == 1].max() <= 1.0 < 1.6 <= radius[data.y == 0].min()


def test_xor_label_is_sign_agreement_without_noise(rng):
    data = toy.xor(n=200, noise=0.0, rng=rng)
    same_sign = data.X[:, 0] * data.X[:, 1] > 0
    np.testing.assert_array_equal(data.y, same_sign.astype(float))
    assert np.abs(data.X).min() >= 0.2  # the gap along the axes


def test_plane_is_linear_without_noise(rng):
    data = toy.plane(n=50, noise=0.0, slope=(2.0, -1.0), rng=rng)
    np.testing.assert_allclose(data.y, data.X @ [2.0, -1.0])


def test_noise_moves_points(rng):
    clean = toy.moons(rng=np.random.default_rng(1), noise=0.0)
    noisy = toy.moons(rng=np.random.default_rng(1), noise=0.3)
    np.testing.assert_array_equal(clean.y, noisy.y)
    assert 0.1 < np.std(noisy.X - clean.X) < 0.5


@pytest.mark.parametrize("name, n_inputs, expected", [
    ("and", 2, [0, 0, 0, 1]),
    ("or", 2, [0, 1, 1, 1]),
    ("xor", 2, [0, 1, 1, 0]),
    ("parity", 3, [0, 1, 1, 0, 1, 0, 0, 1]),
])
def test_truth_tables(name, n_inputs, expected):
    X, y = toy.truth_table(name, n_inputs)
    assert X.shape == (2**n_inputs, n_inputs)
    assert len({tuple(row) for row in X}) == 2**n_inputs  # every input row once
    np.testing.assert_array_equal(y, expected)


@pytest.mark.parametrize("call, message", [
    (lambda: toy.truth_table("nand"), r"Unknown truth table 'nand'.*and, or, xor"),
    (lambda: toy.truth_table("xor", 3), r"'xor' takes 2 inputs; use 'parity'"),
    (lambda: toy.make("swiss_roll"), r"Unknown dataset 'swiss_roll'.*circles, xor"),
])
def test_unknown_names_list_the_choices(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_dataset_is_reexported_and_trainable(rng):
    data = nv.data.xor(rng=rng)
    model = nv.mlp([2, 8, 1], "tanh", output="sigmoid", rng=rng)
    nv.fit(model, "binary_cross_entropy", nv.Adam(0.05), data.X_train, data.y_train,
           steps=300, rng=rng)
    _, acc = nv.evaluate(model, "binary_cross_entropy", data.X_test, data.y_test)
    assert acc > 0.9

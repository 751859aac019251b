"""Sequence tasks: shapes, targets, and that the memory task needs memory."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.data import sequences as seq


@pytest.mark.parametrize("name, kwargs, features", [
    ("remember_first", {"delay": 9}, 1), ("count_ones", {"steps": 10}, 1),
    ("adding_problem", {"steps": 10}, 2), ("noisy_sine", {"steps": 10}, 1)])
def test_shapes(name, kwargs, features, rng):
    X, y = seq.TASKS[name](n=50, rng=rng, **kwargs)
    assert X.shape == (50, 10, features) and y.shape == (50, 1)
    assert X.dtype == y.dtype == np.float64


def test_remember_first_target_is_the_first_sign(rng):
    X, y = seq.remember_first(100, delay=5, rng=rng)
    np.testing.assert_array_equal(y[:, 0], X[:, 0, 0] > 0)
    assert set(np.abs(X[:, 0, 0])) == {1.0}


def test_count_and_adding_targets(rng):
    X, y = seq.count_ones(20, steps=8, rng=rng)
    np.testing.assert_allclose(y[:, 0] * 8, X[:, :, 0].sum(axis=1))
    X, y = seq.adding_problem(20, steps=8, rng=rng)
    assert np.all(X[:, :, 1].sum(axis=1) == 2)
    np.testing.assert_allclose(y[:, 0], (X[:, :, 0] * X[:, :, 1]).sum(axis=1))


def test_noisy_sine_target_continues_the_clean_wave(rng):
    X, y = seq.noisy_sine(30, steps=12, noise=0.0, rng=rng)
    assert np.abs(y).max() <= 1.0 and np.abs(X).max() <= 1.0
    assert not np.allclose(y[:, 0], X[:, -1, 0])


def test_same_rng_same_data():
    a = seq.adding_problem(5, rng=np.random.default_rng(3))[0]
    b = seq.adding_problem(5, rng=np.random.default_rng(3))[0]
    np.testing.assert_array_equal(a, b)


def test_window_is_last_k_steps_flattened(rng):
    X = rng.normal(size=(4, 6, 2))
    W = seq.sequence_window(X, 3)
    assert W.shape == (4, 6)
    np.testing.assert_array_equal(W[:, -2:], X[:, -1])
    with pytest.raises(ValueError, match="between 1"):
        seq.sequence_window(X, 7)


@pytest.mark.parametrize("bad", [dict(n=0), dict(delay=0), dict(n=2.5)])
def test_bad_sizes_are_explained(bad):
    with pytest.raises(ValueError, match="whole number"):
        seq.remember_first(**{"n": 10, "delay": 3, **bad})


def test_last_step_carries_no_information_about_the_target(rng):
    """A net without memory is at chance: the last step is independent of y."""
    X, y = seq.remember_first(4000, delay=10, rng=rng)
    assert abs(np.corrcoef(X[:, -1, 0], y[:, 0])[0, 1]) < 0.05
    assert abs(np.corrcoef(X[:, 0, 0], y[:, 0])[0, 1]) == pytest.approx(1.0)


def test_lstm_learns_the_memory_task_quickly():
    rng = np.random.default_rng(0)
    X, y = seq.remember_first(512, delay=25, rng=rng)
    model = nv.Sequential([nv.LSTM(1, 4, rng=rng), nv.Dense(4, 1, rng=rng)])
    nv.fit(model, "binary_cross_entropy_logits", nv.Adam(0.02), X, y, steps=300,
           batch_size=64, rng=rng)
    X_test, y_test = seq.remember_first(500, delay=25, rng=rng)
    acc = nv.evaluate(model, "binary_cross_entropy_logits", X_test, y_test)[1]
    assert acc > 0.95

"""Lesson 9's panel tests share small digits and steering runs."""

import numpy as np
import pytest

import nnviz as nv


@pytest.fixture(scope="module")
def digits():
    data = nv.data.digits(8, rng=np.random.default_rng(0), flat=True)
    return data.X_train[:200], data.X_test[:5]


@pytest.fixture(scope="module")
def steering_runs():
    X, angle = nv.steering_data(100, rng=np.random.default_rng(0))
    X_test, true = nv.steering_data(50, rng=np.random.default_rng(1))
    return nv.train_steering(X, angle, X_test, steps=40, every=10), true

"""Q12: parity has no regions; a regression does not extrapolate."""

import numpy as np
import pytest

from nnviz.lessons.boundaries.extrapolation import (
    fit_classifier_1d,
    fit_regression_1d,
    max_error,
    parity_data,
    target_function,
)


def test_parity_data_shapes_and_split(rng):
    x, y, train, test, ints = parity_data(40, rng=rng)
    assert x.shape == (40, 1) and x.min() == -1 and x.max() == 1
    assert len(train) == 28 and len(test) == 12 and not set(train) & set(test)
    np.testing.assert_array_equal(y, ints % 2)


@pytest.mark.parametrize("target, low, high", [("odd", 0.0, 0.45), ("small", 0.9, 1.0)])
def test_parity_fails_on_held_out_integers_while_a_region_is_easy(target, low, high):
    x, y, train, test, _ = parity_data(40, target=target, rng=np.random.default_rng(0))
    model = fit_classifier_1d(x[train], y[train], hidden=(32, 32), steps=800)
    train_acc = np.mean((model.predict(x[train]).ravel() > 0) == y[train])
    test_acc = np.mean((model.predict(x[test]).ravel() > 0) == y[test])
    assert train_acc > 0.8
    assert low <= test_acc <= high


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_regression_fits_inside_and_misses_outside(activation):
    model = fit_regression_1d("x²", activation=activation, steps=800)
    assert max_error(model, "x²", (0, 1)) < 0.1
    assert max_error(model, "x²", (1, 3)) > 3.0


def test_unknown_targets_are_errors():
    with pytest.raises(ValueError, match="choose one of"):
        target_function("x^3")
    with pytest.raises(ValueError, match="'odd' or 'small'"):
        parity_data(10, target="even")

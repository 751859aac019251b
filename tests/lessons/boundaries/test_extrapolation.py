"""Q12: parity has no regions (in n; cos(πn) gives it two); a regression does not
extrapolate, except a linear model on a straight target."""

import itertools

import numpy as np
import pytest

from nnviz.lessons.boundaries.extrapolation import (
    REGRESSION_MODELS,
    classifier_run,
    fit_classifier_1d,
    fit_regression_1d,
    max_error,
    parity_data,
    regression_run,
    target_function,
    with_cosine,
)


def test_parity_data_shapes_and_split(rng):
    x, y, train, test, ints = parity_data(40, rng=rng)
    assert x.shape == (40, 1) and x.min() == -1 and x.max() == 1
    assert len(train) == 28 and len(test) == 12 and not set(train) & set(test)
    np.testing.assert_array_equal(y, ints % 2)


def test_with_cosine_is_plus_one_for_even_and_minus_one_for_odd():
    x, _, _, _, ints = parity_data(6, rng=np.random.default_rng(0))
    Z = with_cosine(x, ints)
    assert Z.shape == (6, 2)
    np.testing.assert_array_equal(Z[:, 0], x[:, 0])
    np.testing.assert_allclose(Z[:, 1], [1, -1, 1, -1, 1, -1], atol=1e-12)


@pytest.mark.parametrize("target, low, high", [("odd", 0.0, 0.45), ("small", 0.9, 1.0)])
def test_parity_fails_on_held_out_integers_while_a_region_is_easy(target, low, high):
    x, y, train, test, _ = parity_data(40, target=target, rng=np.random.default_rng(0))
    model = fit_classifier_1d(x[train], y[train], hidden=(32, 32), steps=800)
    train_acc = np.mean((model.predict(x[train]).ravel() > 0) == y[train])
    test_acc = np.mean((model.predict(x[test]).ravel() > 0) == y[test])
    assert train_acc > 0.8
    assert low <= test_acc <= high


def test_the_cosine_input_makes_parity_learnable():
    x, y, train, test, ints = parity_data(40, rng=np.random.default_rng(0))
    Z = with_cosine(x, ints)
    model = fit_classifier_1d(Z[train], y[train], hidden=(32, 32), steps=300)
    assert np.all((model.predict(Z[test]).ravel() > 0) == y[test])


def test_a_run_taken_step_by_step_is_the_fit_in_one_call():
    x, y, train, _, _ = parity_data(20, rng=np.random.default_rng(0))
    model, steps = classifier_run(x[train], y[train], hidden=(8,))
    records = list(itertools.islice(steps, 50))
    assert records[-1].step == 50
    whole = fit_classifier_1d(x[train], y[train], hidden=(8,), steps=50)
    np.testing.assert_allclose(model.predict(x), whole.predict(x))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_regression_fits_inside_and_misses_outside(activation):
    model = fit_regression_1d("x²", activation=activation, steps=800)
    assert max_error(model, "x²", (0, 1)) < 0.1
    assert max_error(model, "x²", (1, 3)) > 3.0


def test_the_linear_model_has_no_hidden_layer_and_continues_a_line_exactly():
    model, _ = regression_run("2x + 2", **REGRESSION_MODELS["linear"])
    assert model.n_params == 2
    fitted = fit_regression_1d("2x + 2", **REGRESSION_MODELS["linear"])
    assert max_error(fitted, "2x + 2", (0, 3)) < 1e-3
    tanh = fit_regression_1d("2x + 2", steps=800, **REGRESSION_MODELS["tanh"])
    assert max_error(tanh, "2x + 2", (0, 1)) < 0.1
    assert max_error(tanh, "2x + 2", (0, 3)) > 1


def test_unknown_targets_are_errors():
    with pytest.raises(ValueError, match="choose one of"):
        target_function("x^3")
    with pytest.raises(ValueError, match="'odd' or 'small'"):
        parity_data(10, target="even")

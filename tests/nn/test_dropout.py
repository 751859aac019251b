"""Dropout: gradient with a fixed mask, expectation, keep/rate conventions, errors."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.regularization.experiments import dropout_means
from nnviz.nn.dropout import Dropout, keep_probability


def test_backward_matches_finite_differences_with_fixed_mask(rng):
    layer = Dropout(keep=0.7, rng=rng)
    x = rng.normal(size=(4, 6))
    layer.fixed_mask = (rng.random(x.shape) < 0.7).astype(float)
    errors = nv.check_layer(layer, x, rng, training=True)
    assert errors["x"] < 1e-6


def test_backward_uses_the_forward_mask(rng):
    layer = Dropout(rate=0.5, rng=rng)
    x = rng.normal(size=(20, 30))
    layer.forward(x, training=True)
    dx = layer.backward(np.ones_like(x))
    np.testing.assert_array_equal(dx, layer.cache["mask"] * 2.0)


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_expected_output_equals_input(keep):
    rng = np.random.default_rng(1)
    layer = Dropout(keep=keep, rng=rng)
    x = rng.normal(size=(1, 50))
    outputs = np.array([layer.forward(x, training=True) for _ in range(40_000)])
    # Std of the mean of 40k draws of x*mask/keep: |x| sqrt((1-keep)/keep) / 200.
    tolerance = 5 * np.abs(x) * np.sqrt((1 - keep) / keep) / 200
    assert np.all(np.abs(outputs.mean(axis=0) - x) < tolerance)


def test_training_scales_kept_units_by_one_over_keep(rng):
    layer = Dropout(keep=0.25, rng=rng)
    x = np.full((100, 100), 3.0)
    y = layer.forward(x, training=True)
    assert set(np.unique(y)) == {0.0, 12.0}
    assert abs(layer.cache["mask"].mean() - 0.25) < 0.02


def test_evaluation_is_identity(rng):
    layer = Dropout(0.9, rng=rng)
    x = rng.normal(size=(5, 4))
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.cache["mask"], 1.0)
    np.testing.assert_array_equal(layer.backward(x), x)


@pytest.mark.parametrize(
    "kwargs, keep",
    [
        ({"rate": 0.2}, 0.8),
        ({"keep": 0.8}, 0.8),
        ({"rate": 0.0}, 1.0),
        ({"keep": 1.0}, 1.0),
    ],
)
def test_rate_is_drop_probability_and_keep_is_keep_probability(kwargs, keep):
    layer = Dropout(**kwargs)
    assert layer.keep == pytest.approx(keep)
    assert layer.rate == pytest.approx(1 - keep)


def test_positional_argument_is_the_drop_rate():
    assert Dropout(0.3).keep == pytest.approx(0.7)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({}, "exactly one"),
        ({"rate": 0.2, "keep": 0.8}, "exactly one"),
        ({"rate": 1.0}, "outside (0, 1]"),
        ({"keep": 0.0}, "outside (0, 1]"),
        ({"keep": 1.5}, "outside (0, 1]"),
        ({"rate": -0.1}, "outside (0, 1]"),
    ],
)
def test_bad_arguments_are_explained(kwargs, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace("]", r"\]")):
        Dropout(**kwargs)


def test_fixed_mask_of_one_example_is_shared_by_the_batch(rng):
    layer = Dropout(keep=0.5, rng=rng)
    layer.fixed_mask = np.array([1.0, 0.0, 1.0])
    y = layer.forward(np.ones((4, 3)), training=True)
    np.testing.assert_array_equal(y, np.tile([2.0, 0.0, 2.0], (4, 1)))


def test_dropout_means_match_expectations(rng):
    a = rng.uniform(0, 2, size=2000)
    unscaled, scaled = dropout_means(a, 0.6, n_masks=2000, rng=rng)
    assert unscaled.mean() == pytest.approx(0.6 * a.mean(), rel=0.01)
    assert scaled.mean() == pytest.approx(a.mean(), rel=0.01)


def test_backward_before_forward_is_explained():
    with pytest.raises(RuntimeError, match="before forward"):
        Dropout(0.5).backward(np.ones((1, 2)))


def test_sequential_names_and_train_eval(rng):
    model = nv.Sequential(
        [nv.Dense(3, 8, rng=rng), Dropout(0.5, rng=rng), nv.Dense(8, 1, rng=rng)]
    )
    x = rng.normal(size=(4, 3))
    assert model.layers[1].name == "dropout_1"
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    assert not np.allclose(model.forward(x, training=True), model.predict(x))


def test_keep_probability_helper():
    assert keep_probability(rate=0.25) == 0.75


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype, rng):
    layer = Dropout(keep=0.5, rng=rng)
    x = rng.normal(size=(3, 4)).astype(dtype)
    assert layer.forward(x, training=True).dtype == dtype
    assert layer.backward(np.ones_like(x)).dtype == dtype
    assert layer.forward(x).dtype == dtype


def test_integer_input_becomes_float(rng):
    y = Dropout(keep=0.5, rng=rng).forward(np.ones((2, 2), dtype=int), training=True)
    assert y.dtype == np.float64

"""Every core layer's backward pass against central finite differences (float64)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.nn import activations


def _away_from_kinks(x):
    # ReLU-like functions have a kink at 0 where finite differences are wrong;
    # push inputs at least 0.1 away from it.
    return x + 0.1 * np.sign(x)


LAYERS = [
    ("dense", lambda rng: nv.Dense(3, 4, rng=rng), (5, 3)),
    ("dense_wide", lambda rng: nv.Dense(7, 2, init="he_normal", rng=rng), (1, 7)),
    ("dense_per_step", lambda rng: nv.Dense(3, 2, rng=rng), (4, 5, 3)),  # (N, T, F)
    ("softmax", lambda rng: nv.Softmax(), (4, 5)),
] + [
    (name, lambda rng, name=name: activations.get(name), (4, 3))
    for name in ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"]
]


@pytest.mark.parametrize(
    "name, make_layer, x_shape", LAYERS, ids=[c[0] for c in LAYERS]
)
def test_backward_matches_finite_differences(name, make_layer, x_shape, rng):
    layer = make_layer(rng)
    x = _away_from_kinks(rng.normal(size=x_shape))
    errors = nv.check_layer(layer, x, rng)
    assert set(errors) == {"x", *layer.params}
    for key, error in errors.items():
        assert error < 1e-6, f"{name}: d{key} is off (relative error {error:.2e})"


def test_gradcheck_catches_a_wrong_backward(rng):
    class WrongTanh(nv.Tanh):
        def backward(self, dy):
            return dy * (1 - self.cache["y"])  # the mistake: should be 1 - y**2

    errors = nv.check_layer(WrongTanh(), rng.normal(size=(3, 2)), rng)
    assert errors["x"] > 1e-2


def test_step_has_zero_gradient(rng):
    layer = nv.Step()
    y = layer.forward(np.array([[-1.0, 0.5]]))
    np.testing.assert_array_equal(y, [[0.0, 1.0]])
    np.testing.assert_array_equal(layer.backward(np.ones((1, 2))), 0.0)


def test_dense_batch_equals_per_sample_loop(rng):
    dense = nv.Dense(3, 2, rng=rng)
    x, dy = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    W, b = dense.params["W"], dense.params["b"]
    y_loop = np.array([xi @ W + b for xi in x])
    dW_loop = sum(np.outer(xi, dyi) for xi, dyi in zip(x, dy, strict=True))
    db_loop = sum(dy)
    dx_loop = np.array([W @ dyi for dyi in dy])

    np.testing.assert_allclose(dense.forward(x), y_loop)
    np.testing.assert_allclose(dense.backward(dy), dx_loop)
    np.testing.assert_allclose(dense.grads["W"], dW_loop)
    np.testing.assert_allclose(dense.grads["b"], db_loop)


@pytest.mark.parametrize("name", list(activations.FUNCTIONS))
def test_derivative_matches_finite_differences(name):
    x = np.linspace(-3, 3, 12)  # no point at the kink x = 0
    fn = activations.FUNCTIONS[name][0]
    numeric = (fn(x + 1e-6) - fn(x - 1e-6)) / 2e-6
    np.testing.assert_allclose(activations.derivative_at(name, x), numeric, atol=1e-6)


def test_tanh_is_a_scaled_sigmoid():
    x = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(np.tanh(x), 2 * activations.sigmoid(2 * x) - 1)


def test_sigmoid_and_softmax_do_not_overflow():
    big = np.array([[-1000.0, 0.0, 1000.0]])
    assert np.all(np.isfinite(activations.sigmoid(big)))
    np.testing.assert_allclose(nv.softmax(big), [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(nv.softmax(np.array([[2.0, 1.0, 0.1]])).sum(), 1.0)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_activity_penalty_gradient_includes_the_penalty(kind, rng):
    # The penalty is part of the loss: L = sum(y * dy) + value, with y = x.
    layer = nv.ActivityPenalty(kind, 0.1)
    x = _away_from_kinks(rng.normal(size=(3, 4)))
    dy = rng.normal(size=x.shape)

    def total(x_):
        return np.sum(layer.forward(x_) * dy) + layer.value

    numeric = nv.numerical_gradient(total, x.copy())
    layer.forward(x)
    assert nv.rel_error(layer.backward(dy), numeric) < 1e-6


def test_dense_on_sequences_is_the_same_dense_at_every_step(rng):
    dense = nv.Dense(3, 2, rng=rng)
    x = rng.normal(size=(4, 5, 3))                       # (N, T, features)
    y = dense.forward(x)
    assert y.shape == (4, 5, 2) == dense.output_shape((4, 5, 3))
    np.testing.assert_allclose(y[:, 1], dense.forward(x[:, 1]))


def test_lstm_sequence_output_feeds_a_dense_head(rng):
    model = nv.Sequential([nv.LSTM(2, 3, return_sequences=True, rng=rng),
                           nv.Dense(3, 1, rng=rng)], input_shape=(6, 2))
    assert model.shapes()[-1][1] == (None, 6, 1)
    x = rng.normal(size=(4, 6, 2))
    assert model.forward(x).shape == (4, 6, 1)
    model.backward(np.ones((4, 6, 1)))
    assert model.layers[0].grads["Wx"].shape == (2, 12)


@pytest.mark.parametrize("shape, words", [
    ((None, 5), "n_in=5"),                  # a head of the wrong size
    ((None, 4, 4), "Flatten"),              # an image straight into a dense layer
])
def test_dense_rejects_a_wrong_input_when_the_model_is_built(shape, words):
    with pytest.raises(nv.ShapeError, match=words) as info:
        nv.Sequential([nv.Dense(3, 2, name="head")], input_shape=shape[1:])
    assert '"head' in str(info.value) and "(N, 3)" in str(info.value)

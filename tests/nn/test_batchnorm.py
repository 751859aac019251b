"""BatchNorm: gradients in both modes, batch statistics, running averages, errors."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.nn.batchnorm import BatchNorm

DENSE, IMAGES = (6, 4), (3, 2, 4, 5)  # (N, F) and (N, C, height, width)


def channel_axes(shape):
    return (0,) if len(shape) == 2 else (0, 2, 3)


def per_channel(values, shape):
    """(F,) or (C,) -> (1, F) or (1, C, 1, 1), to broadcast against x."""
    return np.reshape(values, (1, -1) + (1,) * (len(shape) - 2))


def layer_with_random_state(n, rng):
    """A BatchNorm whose gamma, beta and running averages are not the defaults."""
    layer = BatchNorm(n)
    layer.params["gamma"][:] = rng.normal(size=n)
    layer.params["beta"][:] = rng.normal(size=n)
    layer.running_mean[:] = rng.normal(size=n)
    layer.running_var[:] = rng.uniform(0.5, 2.0, size=n)
    return layer


def snapshot(layer):
    return {"gamma": layer.params["gamma"].copy(), "beta": layer.params["beta"].copy(),
            "mean": layer.running_mean.copy(), "var": layer.running_var.copy()}


def assert_unchanged(layer, before):
    after = snapshot(layer)
    for key, value in before.items():
        np.testing.assert_array_equal(after[key], value, err_msg=key)


@pytest.mark.parametrize("shape", [DENSE, IMAGES], ids=["dense", "images"])
@pytest.mark.parametrize("training", [True, False], ids=["train", "eval"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_finite_differences(shape, training, seed):
    rng = np.random.default_rng(seed)
    layer = layer_with_random_state(shape[1], rng)
    x = rng.normal(size=shape) * 2.0 + 1.0
    # Training dx sums to 0 per channel, so some entries are tiny (~1e-4) and
    # h = 1e-6 leaves a round-off of ~1e-9 in them: relative error ~1e-5. BN is
    # smooth (no kinks), so h = 1e-5 costs no accuracy and cuts the round-off.
    errors = nv.check_layer(layer, x, rng, training=training, h=1e-5)
    assert set(errors) == {"x", "gamma", "beta"}
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("shape", [DENSE, IMAGES], ids=["dense", "images"])
def test_training_forward_is_the_same_function_at_every_call(shape, rng):
    # The finite-difference check calls forward(training=True) again and again.
    # Each call moves the running averages, but y must not depend on them.
    layer = layer_with_random_state(shape[1], rng)
    x = rng.normal(size=shape)
    first = layer.forward(x, training=True)
    means = [layer.running_mean.copy()]
    for _ in range(3):
        np.testing.assert_array_equal(layer.forward(x, training=True), first)
        means.append(layer.running_mean.copy())
    assert not np.allclose(means[0], means[-1])  # the averages did move


@pytest.mark.parametrize("shape", [DENSE, IMAGES, (32, 5), (8, 3, 6, 6)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_training_output_has_mean_0_and_std_1_per_channel(shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape) * rng.uniform(0.1, 10.0) + rng.normal() * 5
    y = BatchNorm(shape[1]).forward(x, training=True)  # gamma = 1, beta = 0
    axes = channel_axes(shape)
    np.testing.assert_allclose(y.mean(axis=axes), 0.0, atol=1e-9)
    # var + eps in the denominator: std is just below 1 (eps = 1e-5).
    np.testing.assert_allclose(y.std(axis=axes), 1.0, atol=1e-3)


@pytest.mark.parametrize("shape", [DENSE, IMAGES], ids=["dense", "images"])
def test_gamma_and_beta_set_each_channels_std_and_mean(shape, rng):
    layer = BatchNorm(shape[1], eps=1e-12)
    gamma, beta = np.array([3.0, -0.5, 2.0, 1.5])[:shape[1]], rng.normal(size=shape[1])
    layer.params["gamma"][:], layer.params["beta"][:] = gamma, beta
    y = layer.forward(rng.normal(size=shape) * 4.0 + 2.0, training=True)
    axes = channel_axes(shape)
    np.testing.assert_allclose(y.mean(axis=axes), beta, atol=1e-9)
    np.testing.assert_allclose(y.std(axis=axes), np.abs(gamma), rtol=1e-6)


@pytest.mark.parametrize("shape", [DENSE, IMAGES], ids=["dense", "images"])
def test_one_training_step_updates_running_averages_as_pytorch_does(shape, rng):
    layer = BatchNorm(shape[1], momentum=0.1)
    x = rng.normal(size=shape) * 3.0 + 1.0
    layer.forward(x, training=True)
    axes = channel_axes(shape)
    # Starting from mean 0 and var 1; running_var takes the unbiased variance.
    np.testing.assert_allclose(layer.running_mean, 0.1 * x.mean(axis=axes))
    values = np.moveaxis(x, 1, 0).reshape(shape[1], -1)  # (C, every value of C)
    np.testing.assert_allclose(layer.running_var,
                               0.9 * 1.0 + 0.1 * values.var(axis=1, ddof=1))


def test_running_averages_are_updated_in_place(rng):
    # A plot that holds layer.running_mean sees it move, as with params.
    layer = BatchNorm(3)
    mean, var = layer.running_mean, layer.running_var
    layer.forward(rng.normal(size=(8, 3)) + 5.0, training=True)
    assert layer.running_mean is mean and layer.running_var is var
    assert np.all(mean > 0.3)


@pytest.mark.parametrize("shape", [(32, 3), (8, 3, 4, 4)], ids=["dense", "images"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_running_averages_converge_to_the_datas_mean_and_variance(shape, seed):
    rng = np.random.default_rng(seed)
    mu, sigma = np.array([-2.0, 0.5, 7.0]), np.array([0.3, 1.0, 4.0])
    layer = BatchNorm(3, momentum=0.02)
    for _ in range(1000):
        x = per_channel(mu, shape) + per_channel(sigma, shape) * rng.normal(size=shape)
        layer.forward(x, training=True)
    # After 1000 steps the start (0, 1) weighs 0.98**1000 ~ 2e-9; what is left is
    # the noise of ~100 batches of 32+ values: a few percent of sigma.
    np.testing.assert_allclose(layer.running_mean, mu, atol=0.05 * sigma.max())
    np.testing.assert_allclose(layer.running_var, sigma**2, rtol=0.05)


@pytest.mark.parametrize("shape", [DENSE, IMAGES], ids=["dense", "images"])
def test_evaluation_uses_the_running_averages_and_leaves_them_alone(shape, rng):
    layer = layer_with_random_state(shape[1], rng)
    before = snapshot(layer)
    x = rng.normal(size=shape)
    y = layer.forward(x)  # training=False is the default
    expected = (per_channel(layer.params["gamma"], shape)
                * (x - per_channel(layer.running_mean, shape))
                / np.sqrt(per_channel(layer.running_var, shape) + layer.eps)
                + per_channel(layer.params["beta"], shape))
    np.testing.assert_allclose(y, expected)
    assert_unchanged(layer, before)
    # Each example's output ignores the rest of the batch, even a batch of one.
    np.testing.assert_allclose(layer.forward(x[1:2]), y[1:2])


def test_evaluation_backward_is_the_affine_maps_slope(rng):
    layer = layer_with_random_state(4, rng)
    layer.forward(rng.normal(size=(5, 4)))
    dy = rng.normal(size=(5, 4))
    slope = layer.params["gamma"] / np.sqrt(layer.running_var + layer.eps)
    np.testing.assert_allclose(layer.backward(dy), dy * slope)


def test_training_dx_sums_to_zero_per_channel(rng):
    # Adding a constant to a channel changes nothing after normalization,
    # so dL/dx summed over that channel is 0.
    layer = layer_with_random_state(2, rng)
    layer.forward(rng.normal(size=IMAGES), training=True)
    dx = layer.backward(rng.normal(size=IMAGES))
    np.testing.assert_allclose(dx.sum(axis=(0, 2, 3)), 0.0, atol=1e-12)


@pytest.mark.parametrize("shape", [DENSE, IMAGES], ids=["dense", "images"])
@pytest.mark.parametrize("training", [True, False], ids=["train", "eval"])
def test_float32_stays_float32(shape, training, rng):
    layer = BatchNorm(shape[1], dtype=np.float32)
    x = rng.normal(size=shape).astype(np.float32)
    y = layer.forward(x, training=training)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())
    assert layer.running_mean.dtype == layer.running_var.dtype == np.float32


def test_model_converted_to_float32_keeps_float32_outputs(rng):
    # Sequential.astype converts params only: running averages stay float64.
    net = nv.Sequential([nv.Dense(3, 4, rng=rng), BatchNorm(4)]).astype(np.float32)
    x = rng.normal(size=(6, 3)).astype(np.float32)
    assert net.forward(x, training=True).dtype == np.float32
    assert net.forward(x).dtype == np.float32


@pytest.mark.parametrize("x_shape", [(1, 4), (1, 4, 1, 1)])
def test_a_batch_of_one_in_training_is_refused_and_changes_nothing(x_shape, rng):
    layer = layer_with_random_state(4, rng)
    before = snapshot(layer)
    with pytest.raises(nv.ShapeError) as info:
        layer.forward(rng.normal(size=x_shape), training=True)
    message = str(info.value)
    assert 'BatchNorm "batchnorm"' in message and "training mode" in message
    assert str(x_shape) in message and "variance" in message
    assert "batch of at least 2, or training=False" in message
    assert_unchanged(layer, before)
    # Evaluation takes a batch of one: it uses the running averages.
    assert layer.forward(rng.normal(size=x_shape)).shape == x_shape


def test_one_image_of_several_pixels_trains_on_its_pixels(rng):
    # As in PyTorch: the statistics of channel c are over all N * height * width values.
    y = BatchNorm(2).forward(rng.normal(size=(1, 2, 3, 3)), training=True)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0.0, atol=1e-12)


@pytest.mark.parametrize("x_shape, parts", [
    ((8, 3), ["(N, 4)", "(8, 3)", "3 features", "n_features=3"]),
    ((8, 3, 5, 5), ["(8, 3, 5, 5)", "3 channels", "n_features=3", "Conv2D"]),
    ((8, 5, 4), ["(8, 5, 4)", "2-D", "(N, channels, height, width)"]),
    ((4,), ["(4,)", "2-D", "(N, features)"]),
])
@pytest.mark.parametrize("training", [True, False], ids=["train", "eval"])
def test_wrong_input_shapes_are_explained_and_change_nothing(x_shape, parts, training,
                                                             rng):
    layer = layer_with_random_state(4, rng)
    before = snapshot(layer)
    with pytest.raises(nv.ShapeError) as info:
        layer.forward(rng.normal(size=x_shape), training=training)
    message = str(info.value)
    assert 'BatchNorm "batchnorm"' in message
    for part in parts:
        assert part in message, (part, message)
    assert_unchanged(layer, before)


def test_backward_checks_run_before_anything_changes(rng):
    layer = BatchNorm(3)
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.zeros((4, 3)))
    layer.forward(rng.normal(size=(4, 3)), training=True)
    with pytest.raises(nv.ShapeError, match=r"dy of shape \(4, 3\)"):
        layer.backward(np.zeros((4, 2)))
    np.testing.assert_array_equal(layer.grads["gamma"], 0.0)


@pytest.mark.parametrize("kwargs, part", [
    ({"n_features": 0}, "n_features must be a positive whole number"),
    ({"n_features": 2.5}, "n_features must be a positive whole number"),
    ({"n_features": 3, "momentum": 0.99}, None),  # allowed: a slow average
    ({"n_features": 3, "momentum": 1.5}, "momentum must be in [0, 1]"),
    ({"n_features": 3, "eps": 0.0}, "eps > 0"),
])
def test_constructor_arguments_are_checked(kwargs, part):
    if part is None:
        assert BatchNorm(**kwargs).momentum == kwargs["momentum"]
        return
    with pytest.raises(ValueError) as info:
        BatchNorm(**kwargs)
    assert part in str(info.value)


def test_params_are_gamma_and_beta_and_running_averages_are_not():
    layer = BatchNorm(5)
    assert set(layer.params) == set(layer.grads) == {"gamma", "beta"}
    assert layer.n_params == 10
    np.testing.assert_array_equal(layer.params["gamma"], 1.0)
    np.testing.assert_array_equal(layer.params["beta"], 0.0)
    np.testing.assert_array_equal(layer.running_mean, 0.0)
    np.testing.assert_array_equal(layer.running_var, 1.0)


@pytest.mark.parametrize("shape", [(None, 4), (None, 4, 7, 7), (32, 4)])
def test_output_shape_is_the_input_shape(shape):
    assert BatchNorm(4).output_shape(shape) == shape


@pytest.mark.parametrize("shape, part", [
    ((None, 3), "n_features=3"),
    ((None, 3, 7, 7), "3 channels"),
    ((None, 5, 4), "(N, channels, height, width)"),
])
def test_output_shape_rejects_what_forward_rejects(shape, part):
    with pytest.raises(nv.ShapeError) as info:
        BatchNorm(4).output_shape(shape)
    assert part in str(info.value)


def test_sequential_summary_counts_gamma_and_beta(rng):
    net = nv.Sequential([nv.Dense(2, 8, rng=rng), BatchNorm(8), nv.ReLU()])
    assert "batchnorm_1" in net.summary()
    assert net.n_params == 2 * 8 + 8 + 2 * 8


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_dense_batchnorm_relu_dense_trains_with_fit(seed):
    rng = np.random.default_rng(seed)
    data = nv.data.blobs(200, centers=3, rng=rng)
    X = data.X_train * 10.0 + 50.0  # badly scaled inputs: what batch norm is for
    net = nv.Sequential([nv.Dense(2, 16, init="he_normal", rng=rng), BatchNorm(16),
                         nv.ReLU(), nv.Dense(16, 3, rng=rng)])
    bn = net.layers[1]
    records = nv.fit(net, "softmax_cross_entropy", nv.Adam(0.01), X, data.y_train,
                     steps=150, batch_size=32, rng=rng)
    losses = [r.loss for r in records]
    assert np.mean(losses[-10:]) < 0.5 * np.mean(losses[:10])
    # fit ran the layer in training mode: the running averages followed the data.
    h = net.layers[0].forward(X)
    np.testing.assert_allclose(bn.running_mean, h.mean(axis=0),
                               atol=0.2 * h.std(axis=0).max())
    # Evaluation mode (running averages) classifies about as well as training did.
    assert nv.evaluate(net, "softmax_cross_entropy", X, data.y_train)[1] > 0.8

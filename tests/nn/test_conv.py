"""Conv2D: parity with the loop reference, finite differences, shapes, clear errors."""

import numpy as np
import pytest
import reference

import nnviz as nv
from nnviz.nn.conv import Conv2D, correlate2d

OPTIONS = [
    dict(kernel_size=3),
    dict(kernel_size=3, padding=1),
    dict(kernel_size=3, stride=2),
    dict(kernel_size=(2, 3), stride=(2, 1), padding=(1, 0)),
    dict(kernel_size=1),
    dict(kernel_size=4, stride=3, padding=2),
]


def make(options, rng, c_in=2, c_out=3):
    layer = Conv2D(c_in, c_out, rng=rng, **options)
    layer.params["b"][:] = rng.normal(size=c_out)  # non-zero bias, so it is tested
    return layer


@pytest.mark.parametrize("options", OPTIONS)
def test_forward_matches_loop_reference(options, rng):
    layer = make(options, rng)
    x = rng.normal(size=(3, 2, 7, 9))  # non-square on purpose
    expected = reference.conv2d(
        x, layer.params["W"], layer.params["b"], layer.stride, layer.padding
    )
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("options", OPTIONS)
def test_backward_matches_finite_differences(options, rng):
    layer = make(options, rng)
    errors = nv.check_layer(layer, rng.normal(size=(2, 2, 6, 7)), rng, h=1e-5)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("options", OPTIONS)
def test_output_shape_is_the_formula(options, rng):
    layer = make(options, rng)
    (kh, kw), (sh, sw), (ph, pw) = layer.kernel, layer.stride, layer.padding
    shape = (None, 2, 11, 8)
    expected = (None, 3, (11 + 2 * ph - kh) // sh + 1, (8 + 2 * pw - kw) // sw + 1)
    assert layer.output_shape(shape) == expected
    assert layer.forward(rng.normal(size=(1, 2, 11, 8))).shape == (1, *expected[1:])


def test_first_layer_can_skip_input_gradient(rng):
    layer = make(dict(kernel_size=3), rng)
    layer.forward(rng.normal(size=(2, 2, 5, 5)))
    dy = rng.normal(size=(2, 3, 3, 3))
    full = layer.backward(dy)
    dW = layer.grads["W"].copy()
    assert full.shape == (2, 2, 5, 5)
    assert layer.backward(dy, input_grad=False) is None
    np.testing.assert_array_equal(layer.grads["W"], dW)


def test_kernel_gradient_is_a_sum_over_positions(rng):
    # Q14: one kernel used at every position; its gradient is the sum of the
    # per-position contributions window * dy.
    layer = Conv2D(1, 1, 3, rng=rng)
    x = rng.normal(size=(1, 1, 6, 6))
    dy = rng.normal(size=(1, 1, 4, 4))
    layer.forward(x)
    layer.backward(dy)
    total = sum(
        x[0, 0, i : i + 3, j : j + 3] * dy[0, 0, i, j]
        for i in range(4)
        for j in range(4)
    )
    np.testing.assert_allclose(layer.grads["W"][0, 0], total)


def test_backward_is_correlation_and_full_convolution(rng):
    # Q29, stride 1, one image: dW = correlate(x, dy);
    # dx = sum over o of correlate(pad(dy), rot180(W)), the full convolution.
    layer = Conv2D(2, 3, 3, rng=rng)
    x = rng.normal(size=(1, 2, 6, 5))
    dy = rng.normal(size=(1, 3, 4, 3))
    layer.forward(x)
    dx = layer.backward(dy)
    W = layer.params["W"]
    for o in range(3):
        for c in range(2):
            np.testing.assert_allclose(
                layer.grads["W"][o, c], correlate2d(x[0, c], dy[0, o])
            )
    for c in range(2):
        full = sum(
            correlate2d(dy[0, o], np.rot90(W[o, c], 2), padding=2) for o in range(3)
        )
        np.testing.assert_allclose(dx[0, c], full)


def test_correlate2d_matches_conv2d(rng):
    layer = Conv2D(1, 1, 3, padding=1, rng=rng)
    image = rng.normal(size=(5, 6))
    expected = layer.forward(image[None, None])[0, 0]
    np.testing.assert_allclose(
        correlate2d(image, layer.params["W"][0, 0], padding=1), expected
    )


def test_second_layer_kernels_span_all_channels(rng):
    # Q29: 64 filters on 32 channels -> W (64, 32, 5, 5), 64*32*25 + 64 parameters.
    layer = Conv2D(32, 64, 5, rng=rng)
    assert layer.params["W"].shape == (64, 32, 5, 5)
    assert layer.n_params == 64 * 32 * 5 * 5 + 64 == 51_264


def test_he_normal_is_the_default(rng):
    W = Conv2D(16, 32, 3, rng=rng).params["W"]
    assert W.std() == pytest.approx(np.sqrt(2 / (16 * 9)), rel=0.05)


def test_float32_stays_float32(rng):
    layer = Conv2D(1, 2, 3, rng=rng, dtype=np.float32)
    y = layer.forward(rng.normal(size=(2, 1, 5, 5)).astype(np.float32))
    assert y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).dtype == np.float32


def test_wrong_channels_is_a_clear_error(rng):
    with pytest.raises(nv.ShapeError, match="C_in is 3 but the input has 1 channels"):
        Conv2D(3, 4, 3, rng=rng).forward(np.zeros((2, 1, 8, 8)))
    with pytest.raises(nv.ShapeError, match="Set C_in=1"):
        Conv2D(3, 4, 3, rng=rng).output_shape((None, 1, 8, 8))


def test_missing_channel_axis_is_explained(rng):
    with pytest.raises(nv.ShapeError, match=r"x\[:, None\]"):
        Conv2D(1, 4, 3, rng=rng).forward(np.zeros((2, 8, 8)))


def test_kernel_too_big_is_a_clear_error(rng):
    with pytest.raises(nv.ShapeError, match="5x5 kernel does not fit the 4x4 input"):
        Conv2D(1, 2, 5, rng=rng).forward(np.zeros((1, 1, 4, 4)))
    assert Conv2D(1, 2, 5, padding=1, rng=rng).output_shape((None, 1, 4, 4)) == (
        None,
        2,
        2,
        2,
    )


@pytest.mark.parametrize(
    "args", [(0, 2, 3), (1, 2, 0), (1, 2, 3, 0), (1, 2, 3, 1, -1), (1, 2, 2.5)]
)
def test_bad_arguments_raise_value_error(args):
    with pytest.raises(ValueError):
        Conv2D(*args)


def test_backward_before_forward_is_explained(rng):
    with pytest.raises(RuntimeError, match="before forward"):
        Conv2D(1, 1, 3, rng=rng).backward(np.zeros((1, 1, 2, 2)))

"""Pooling and Flatten: loop reference, finite differences, shapes, Sequential."""

import itertools

import numpy as np
import pytest
import reference

import nnviz as nv
from nnviz.nn.pooling import AvgPool2D, GlobalAvgPool2D, MaxPool2D
from nnviz.nn.reshape import Flatten

WINDOWS = [
    (2, None),
    (3, 2),
    (2, 1),
    ((2, 3), (1, 2)),
    (3, 3),
]  # overlapping: (3, 2), (2, 1)


def away_from_ties(x):
    """Distinct values 0.05 apart: max-pool's gradient is undefined at a tie."""
    order = np.argsort(np.random.default_rng(1).permutation(x.size))
    return (order.reshape(x.shape) * 0.05).astype(float)


@pytest.mark.parametrize("size, stride", WINDOWS)
@pytest.mark.parametrize("cls, reduce", [(MaxPool2D, np.max), (AvgPool2D, np.mean)])
def test_forward_matches_loop_reference(cls, reduce, size, stride, rng):
    x = rng.normal(size=(2, 3, 7, 8))
    expected = reference.pool2d(x, size, stride, reduce)
    np.testing.assert_allclose(cls(size, stride).forward(x), expected)


@pytest.mark.parametrize("size, stride", WINDOWS)
@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_backward_matches_finite_differences(cls, size, stride, rng):
    x = away_from_ties(np.zeros((2, 2, 7, 6)))
    errors = nv.check_layer(cls(size, stride), x, rng, h=1e-5)
    assert errors["x"] < 1e-6, errors


def test_max_pool_sends_the_gradient_to_the_maximum_only():
    x = np.array([[[[1.0, 5.0], [2.0, 3.0]]]])
    pool = MaxPool2D(2)
    assert pool.forward(x)[0, 0, 0, 0] == 5.0
    np.testing.assert_array_equal(
        pool.backward(np.ones((1, 1, 1, 1)))[0, 0], [[0, 1], [0, 0]]
    )


def test_max_pool_tie_goes_to_the_first_maximum():
    pool = MaxPool2D(2)
    pool.forward(np.ones((1, 1, 2, 2)))
    np.testing.assert_array_equal(
        pool.backward(np.ones((1, 1, 1, 1)))[0, 0], [[1, 0], [0, 0]]
    )


@pytest.mark.parametrize("size, stride", [(2, None), (3, 2), (2, 1)])
def test_max_pool_backward_with_ties_matches_the_loop_reference(size, stride):
    """Maps of small integers tie often, as ReLU's zeros do: the first maximum takes
    the whole gradient of its window."""
    rng = np.random.default_rng(3)
    x = rng.integers(0, 3, size=(2, 3, 7, 8)).astype(float)
    pool = MaxPool2D(size, stride)
    y = pool.forward(x)
    dy = rng.normal(size=y.shape)
    dy_before = dy.copy()
    dx = pool.backward(dy)
    np.testing.assert_array_equal(dy, dy_before)  # the caller's dy is not changed
    (kh, kw), (sh, sw) = pool.size, pool.stride
    expected = np.zeros_like(x)
    for n, c, i, j in itertools.product(*map(range, y.shape)):
        window = x[n, c, i * sh:i * sh + kh, j * sw:j * sw + kw]
        r, s = np.unravel_index(np.argmax(window), window.shape)  # the first maximum
        expected[n, c, i * sh + r, j * sw + s] += dy[n, c, i, j]
    np.testing.assert_allclose(dx, expected, rtol=0, atol=1e-12)


def test_max_pool_keeps_float32():
    pool = MaxPool2D(2)
    y = pool.forward(np.ones((1, 2, 4, 4), dtype=np.float32))
    assert y.dtype == pool.backward(np.ones_like(y)).dtype == np.float32


def test_overlapping_windows_add_their_gradients():
    pool = AvgPool2D(2, 1)
    pool.forward(np.zeros((1, 1, 3, 3)))
    dx = pool.backward(np.ones((1, 1, 2, 2)))[0, 0]
    np.testing.assert_allclose(dx * 4, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


@pytest.mark.parametrize(
    "layer, shape, expected",
    [
        (MaxPool2D(2), (None, 3, 24, 24), (None, 3, 12, 12)),
        (
            MaxPool2D(2),
            (None, 3, 25, 25),
            (None, 3, 12, 12),
        ),  # floor: the last row is dropped
        (MaxPool2D(3, 2), (None, 4, 7, 9), (None, 4, 3, 4)),
        (AvgPool2D((2, 3)), (None, 1, 8, 9), (None, 1, 4, 3)),
        (GlobalAvgPool2D(), (None, 5, 7, 3), (None, 5)),
        (Flatten(), (None, 3, 12, 12), (None, 432)),
    ],
)
def test_output_shapes(layer, shape, expected, rng):
    assert layer.output_shape(shape) == expected
    assert layer.forward(rng.normal(size=(2, *shape[1:]))).shape == (2, *expected[1:])


@pytest.mark.parametrize("layer", [GlobalAvgPool2D(), Flatten()])
def test_parameter_free_layers_pass_finite_differences(layer, rng):
    assert nv.check_layer(layer, rng.normal(size=(2, 3, 4, 5)), rng)["x"] < 1e-6


def test_window_too_big_is_a_clear_error():
    with pytest.raises(nv.ShapeError, match="3x3 window does not fit a 2x2 map"):
        MaxPool2D(3).forward(np.zeros((1, 1, 2, 2)))


@pytest.mark.parametrize("layer", [MaxPool2D(2), AvgPool2D(2), GlobalAvgPool2D()])
def test_pooling_needs_4d_input(layer):
    with pytest.raises(nv.ShapeError, match="4-D"):
        layer.output_shape((None, 432))


@pytest.mark.parametrize("args", [(0,), (2, 0), (2.5,)])
def test_bad_window_raises_value_error(args):
    with pytest.raises(ValueError):
        MaxPool2D(*args)


def small_cnn(rng):
    return nv.Sequential(
        [
            nv.Conv2D(1, 3, 5, rng=rng),
            nv.ReLU(),
            nv.MaxPool2D(2),
            nv.Flatten(),
            nv.Dense(432, 10, rng=rng),
        ],
        input_shape=(1, 28, 28),
    )


def test_sequential_summary_shows_flatten_432(rng):
    # Q15: 3 maps of 12 x 12 flatten into 432 numbers; Dense(432, 10) has 4,330.
    model = small_cnn(rng)
    shapes = [shape for _, shape in model.shapes()]
    assert shapes == [(None, 3, 24, 24)] * 2 + [
        (None, 3, 12, 12),
        (None, 432),
        (None, 10),
    ]
    assert "432" in model.summary() and "4,330" in model.summary()
    assert model.n_params == 3 * 25 + 3 + 432 * 10 + 10


def test_sequential_trace_gives_every_feature_map(rng):
    outputs = small_cnn(rng).trace(rng.random((4, 1, 28, 28)))
    assert [o.shape for o in outputs] == [
        (4, 1, 28, 28),
        (4, 3, 24, 24),
        (4, 3, 24, 24),
        (4, 3, 12, 12),
        (4, 432),
        (4, 10),
    ]


def test_sequential_rejects_a_dense_head_of_the_wrong_size(rng):
    layers = [nv.Conv2D(1, 3, 5, rng=rng), nv.MaxPool2D(2), nv.Flatten(),
              nv.Dense(400, 10, rng=rng)]
    with pytest.raises(nv.ShapeError, match="432"):    # when built with a shape
        nv.Sequential(layers, input_shape=(1, 28, 28))
    with pytest.raises(nv.ShapeError, match="432"):    # or when data comes
        nv.Sequential(layers).forward(np.zeros((2, 1, 28, 28)))


def test_a_small_cnn_learns(rng):
    # Two blobs of ink: left half vs right half. A few Adam steps separate them.
    X = rng.random((64, 1, 8, 8)) * 0.2
    y = np.arange(64) % 2
    X[y == 0, :, :, :4] += 0.8
    X[y == 1, :, :, 4:] += 0.8
    model = nv.Sequential(
        [
            nv.Conv2D(1, 4, 3, padding=1, rng=rng),
            nv.ReLU(),
            nv.MaxPool2D(2),
            nv.Flatten(),
            nv.Dense(64, 2, rng=rng),
        ],
        input_shape=(1, 8, 8),
    )
    steps = list(
        itertools.islice(
            nv.train_steps(
                model,
                "softmax_cross_entropy",
                nv.Adam(0.01),
                X,
                y,
                batch_size=32,
                rng=rng,
            ),
            40,
        )
    )
    assert steps[-1].loss < steps[0].loss / 4
    assert nv.evaluate(model, "softmax_cross_entropy", X, y)[1] == 1.0


def test_summary_without_input_shape_says_how_to_give_it(rng):
    model = nv.Sequential([nv.Conv2D(1, 3, 5, rng=rng), nv.Flatten()])
    with pytest.raises(nv.ShapeError, match=r"input_shape=\(1, 28, 28\)"):
        model.summary()
    assert "(N, 3, 24, 24)" in model.summary((None, 1, 28, 28)).replace("'", "")

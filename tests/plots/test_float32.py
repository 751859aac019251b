"""Drawing-only forward passes in float32 (nnviz/plots/float32.py): the same picture."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.plots import float32 as drawing
from nnviz.plots import style
from nnviz.plots.boundary import model_predictor

NETS = [
    ([2, 8, 8, 1], "tanh", None, None),
    ([2, 16, 16, 2], "relu", "softmax", None),
    ([2, 6, 1], "sigmoid", "sigmoid", 0.3),  # dropout: evaluation mode, no drop
]


@pytest.mark.parametrize("sizes, activation, output, dropout", NETS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_trace_and_forward_agree_with_the_model_to_float32_precision(
    sizes, activation, output, dropout, seed
):
    rng = np.random.default_rng(seed)
    model = nv.mlp(sizes, activation, output=output, dropout=dropout, rng=rng)
    X = rng.normal(size=(500, 2)) * 2
    exact = model.trace(X)
    fast = drawing.trace(model, X)
    assert len(fast) == len(exact)
    for got, want in zip(fast, exact, strict=True):
        assert got.dtype == np.float32 and got.shape == want.shape
        scale = max(1.0, float(np.abs(want).max()))
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-5 * scale)
    np.testing.assert_array_equal(drawing.forward(model, X), fast[-1])


def test_the_model_is_left_as_it_was(rng):
    model = nv.mlp([2, 5, 1], "tanh", rng=rng)
    params = [(layer.params, dict(layer.params)) for layer in model.layers]
    copies = [p.copy() for layer in model.layers for p in layer.params.values()]
    drawing.forward(model, rng.normal(size=(50, 2)))
    for held, before in params:  # the same arrays, still float64, same values
        assert all(held[k] is before[k] for k in before)
        assert all(v.dtype == np.float64 for v in held.values())
    now = [p for layer in model.layers for p in layer.params.values()]
    for a, b in zip(copies, now, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_class_on_a_200_by_200_grid_agrees_except_at_the_boundary(seed):
    # What a boundary picture shows: the side of 0.5 each grid point is on. The
    # float32 pass may only disagree where P(class 1) is within 1e-5 of 0.5.
    rng = np.random.default_rng(seed)
    model = nv.mlp([2, 8, 8, 1], "tanh", rng=rng)
    data = nv.data.moons(n=200, rng=rng)
    nv.fit(model, "binary_cross_entropy_logits", nv.Adam(0.05), data.X_train,
           data.y_train, steps=100, rng=rng)
    grid = style.grid_points((-2.5, 2.5), (-2.0, 2.0), 200)
    exact = model_predictor(model, float32=False)(grid)
    fast = model_predictor(model)(grid)
    near_boundary = np.abs(exact - 0.5) < 1e-5
    differ = (exact >= 0.5) != (fast >= 0.5)
    assert not (differ & ~near_boundary).any()
    assert (exact >= 0.5).any() and (exact < 0.5).any()  # a boundary to compare
    np.testing.assert_allclose(fast, exact, rtol=0, atol=1e-5)


def test_a_grid_that_does_not_fit_the_first_layer_says_so(rng):
    model = nv.mlp([3, 4, 1], rng=rng)
    with pytest.raises(ValueError, match="3"):
        drawing.forward(model, np.zeros((10, 2)))


def test_a_plain_function_is_called_as_it_is():
    def model(X):
        return X.sum(axis=1, keepdims=True)

    X = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(drawing.forward(model, X), [[1.0], [5.0], [9.0]])


def test_weights_beyond_float32_draw_without_a_warning(rng):
    model = nv.mlp([2, 3, 1], "tanh", rng=rng)
    model.layers[0].params["W"][...] = 1e300  # a diverged run
    with np.errstate(all="raise"):  # any warning would raise here
        out = drawing.forward(model, rng.normal(size=(5, 2)))
    assert out.shape == (5, 1)

"""Stacked Dense layers without activations equal one Dense layer (Q10)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.activations.collapse import collapse, collapsed_layer, linear_part


@pytest.mark.parametrize("sizes", [[2, 1], [2, 5, 1], [3, 8, 8, 4, 2], [4, 1, 6, 3]])
def test_collapsed_layer_gives_identical_outputs(sizes, rng):
    model = nv.mlp(sizes, "identity", rng=rng)
    for layer in model.layers:
        if "b" in layer.params:
            layer.params["b"][...] = rng.normal(size=layer.params["b"].shape)
    x = rng.normal(size=(20, sizes[0]))
    single = collapsed_layer(model)
    assert single.params["W"].shape == (sizes[0], sizes[-1])
    np.testing.assert_allclose(
        single.forward(x), model.forward(x), rtol=1e-12, atol=1e-12
    )


def test_collapse_is_the_product_formula(rng):
    model = nv.Sequential([nv.Dense(2, 3, rng=rng), nv.Dense(3, 1, rng=rng)])
    W1, W2 = model.layers[0].params["W"], model.layers[1].params["W"]
    model.layers[0].params["b"][...] = [1.0, -2.0, 0.5]
    W, b = collapse(model)
    np.testing.assert_allclose(W, W1 @ W2)
    np.testing.assert_allclose(b, np.array([1.0, -2.0, 0.5]) @ W2)


def test_a_nonlinearity_refuses_to_collapse(rng):
    model = nv.mlp([2, 4, 1], "tanh", rng=rng)
    with pytest.raises(ValueError, match="tanh_1.*not linear"):
        collapse(model)


def test_linear_part_drops_activations_and_shares_weights(rng):
    model = nv.mlp([2, 4, 4, 1], "relu", rng=rng)
    part = linear_part(model)
    assert [type(layer).__name__ for layer in part] == ["Dense"] * 3
    assert part[0] is model.layers[0]
    x = rng.normal(size=(50, 2))
    # With ReLU the net is no longer the collapsed line: outputs differ.
    assert not np.allclose(collapsed_layer(part).forward(x), model.forward(x))


def test_empty_model_is_an_error():
    with pytest.raises(ValueError, match="no Dense"):
        collapse([])

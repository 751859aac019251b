"""Q8's loop against the matrix form (nnviz/lessons/weights/batch.py)."""

import numpy as np
import pytest

import nnviz as nv


def test_per_example_pass_is_the_loop_written_out(rng):
    layer = nv.Dense(3, 2, rng=rng)
    X, dY = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    W, b = layer.params["W"].copy(), layer.params["b"].copy()
    loop = nv.per_example_pass(layer, X, dY)
    n = 2  # one example, by hand
    np.testing.assert_allclose(loop["Y"][n], X[n] @ W + b)
    np.testing.assert_allclose(loop["dX"][n], dY[n] @ W.T)
    np.testing.assert_allclose(loop["dW"][:, 1], sum(X[k] * dY[k, 1] for k in range(4)))
    np.testing.assert_allclose(loop["db"], dY.sum(axis=0))
    assert np.array_equal(layer.params["W"], W) and np.array_equal(layer.params["b"], b)


def test_loop_vs_matrix_sees_a_wrong_gradient(rng):
    # The comparison can fail: a layer whose backward forgets the batch sum is caught.
    layer = nv.Dense(3, 2, rng=rng)
    X, dY = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    backward = layer.backward

    def only_the_first_example(dy, *args, **kwargs):
        dx = backward(dy, *args, **kwargs)
        layer.grads["W"] = np.outer(X[0], dy[0])
        return dx

    layer.backward = only_the_first_example
    gaps = nv.loop_vs_matrix(layer, X, dY)
    assert gaps["dW"] > 0.1 and gaps["Y"] < 1e-12


@pytest.mark.parametrize("x_shape, dy_shape", [((5, 4), (5, 2)), ((5, 3), (4, 2)),
                                               ((3,), (1, 2))])
def test_per_example_pass_says_which_shapes_it_needs(rng, x_shape, dy_shape):
    layer = nv.Dense(3, 2, rng=rng)
    with pytest.raises(ValueError, match=r"X of shape \(N, 3\) and dY of shape"):
        nv.per_example_pass(layer, rng.normal(size=x_shape), rng.normal(size=dy_shape))

"""The debugging checks of lesson 7: gradient check, gradient norms, dead units."""

import numpy as np
import pytest

import nnviz as nv


def test_model_gradient_check_finds_a_broken_backward(rng):
    model = nv.mlp([2, 5, 1], "tanh", rng=rng)
    X, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 1))
    errors = nv.model_gradient_check(model, "mse", X, y)
    assert set(errors) == {("dense_1", "W"), ("dense_1", "b"), ("dense_2", "W"),
                           ("dense_2", "b")}
    assert max(errors.values()) < 1e-6
    layer = model.layers[0]
    backward = layer.backward

    def broken(dy, **kw):
        dx = backward(dy, **kw)
        layer.grads["W"] = 2 * layer.grads["W"]        # a wrong backward
        return dx

    layer.backward = broken
    assert nv.model_gradient_check(model, "mse", X, y)["dense_1", "W"] > 0.1


def test_gradient_norm_history_matches_one_manual_step(rng):
    X, y = rng.normal(size=(20, 2)), (rng.random(20) > 0.5).astype(float)
    model = nv.mlp([2, 4, 1], "relu", rng=np.random.default_rng(3))
    twin = nv.mlp([2, 4, 1], "relu", rng=np.random.default_rng(3))
    norms = nv.gradient_norm_history(model, "binary_cross_entropy_logits",
                                     nv.SGD(0.1), X, y, steps=5)
    assert norms.shape == (5, 2)
    loss = nv.losses.get("binary_cross_entropy_logits")
    loss.forward(twin.forward(X), y[:, None])
    twin.backward(loss.backward())
    assert norms[0, 0] == pytest.approx(np.linalg.norm(twin.layers[0].grads["W"]))


def test_dead_relu_fraction_counts_units_zero_everywhere():
    model = nv.mlp([2, 4, 1], "relu", rng=np.random.default_rng(0))
    model.layers[0].params["b"][:2] = -100.0         # two units can never fire
    X = np.random.default_rng(1).normal(size=(50, 2))
    model.layers[0].params["b"][2:] = 100.0
    assert nv.dead_relu_fraction(model, X) == [0.5]


def test_lesson_gradient_history_and_dead_units():
    data = nv.data.circles(300, rng=np.random.default_rng(0))
    results = {}
    for init in ("he", "too_small"):
        net = nv.classifier(2, 4, 16, "relu", init, rng=np.random.default_rng(2))
        norms = nv.gradient_norm_history(
            net, "binary_cross_entropy_logits", nv.SGD(0.1, momentum=0.9),
            data.X_train, data.y_train, steps=200, batch_size=32,
            rng=np.random.default_rng(1))
        results[init] = norms, nv.dead_relu_fraction(net, data.X_train)
    (he, he_dead), (tiny, tiny_dead) = results["he"], results["too_small"]
    assert he[0].min() > 0.05 and tiny[0].max() < he[0].min() / 1e5
    assert tiny_dead[-1] >= 0.9 and max(he_dead) < 0.5

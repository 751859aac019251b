"""Claims of lesson 7's debugging part, re-run under several seeds."""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims


SEEDS = (0, 1, 2, 3, 4)


@pytest.fixture(scope="module")
def circles():
    data = nv.data.circles(300, rng=np.random.default_rng(0))
    return data.X_train, data.y_train


@pytest.fixture(scope="module", params=SEEDS)
def deep_relu(request, circles):
    X, y = circles
    out = {}
    for init in ("he", "too_small"):
        net = nv.classifier(2, 4, 16, "relu", init,
                            rng=np.random.default_rng(request.param))
        norms = nv.gradient_norm_history(
            net, "binary_cross_entropy_logits", nv.SGD(0.1, momentum=0.9), X, y,
            steps=200, batch_size=32, rng=np.random.default_rng(request.param + 1))
        loss = nv.evaluate(net, "binary_cross_entropy_logits", X, y)[0]
        out[init] = norms, nv.dead_relu_fraction(net, X), loss
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_gradient_check_and_overfitting_eight_examples(circles, seed):
    X, y = circles
    model = nv.mlp([2, 16, 1], "tanh", rng=np.random.default_rng(seed))
    errors = nv.model_gradient_check(model, "binary_cross_entropy_logits", X[:20],
                                     y[:20], h=1e-5)
    assert max(errors.values()) < 1e-5
    model = nv.mlp([2, 16, 1], "tanh", rng=np.random.default_rng(seed))
    records = nv.fit(model, "binary_cross_entropy_logits", nv.Adam(0.05), X[:8], y[:8],
                     steps=200)
    assert records[-1].loss < 0.01


def test_tiny_init_starts_with_gradients_100_000_times_smaller(deep_relu):
    he, tiny = deep_relu["he"][0], deep_relu["too_small"][0]
    assert he[0].min() > 1e5 * tiny[0].max()


def test_he_learns_tiny_init_stays_at_chance(deep_relu):
    assert deep_relu["he"][2] < 0.01
    assert deep_relu["too_small"][2] > 0.69              # log 2: a coin toss


def test_dead_relus_he_below_half_tiny_last_layer_almost_all(deep_relu):
    assert max(deep_relu["he"][1]) < 0.5
    assert deep_relu["too_small"][1][-1] >= 0.9

"""What notebooks/04_backpropagation.ipynb says in words about the graph (Q31),
re-run at several random settings."""

import numpy as np
import pytest

from nnviz.lessons.backprop.circuits import neuron_graph

pytestmark = pytest.mark.claims

SEEDS = range(5)


def random_values(seed):
    rng = np.random.default_rng(seed)
    x1, x2, w1, w2, b = rng.normal(size=5)
    return dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, y=float(rng.uniform()))


@pytest.mark.parametrize("loss", ["bce", "squared"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_weight_whose_input_is_zero_gets_no_gradient(seed, loss):
    values = random_values(seed)
    graph = neuron_graph(**{**values, "x1": 0.0, "w1": 10 * values["w1"]}, loss=loss)
    assert graph.grads["w1"] == 0.0 and graph.grads["w2"] != 0.0
    assert graph.numerical["w1"] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_only_binary_cross_entropy_gives_p_minus_y(seed):
    values = random_values(seed)
    bce, squared = neuron_graph(**values), neuron_graph(**values, loss="squared")
    p, y = bce.values["p"], values["y"]
    assert bce.grads["z"] == pytest.approx(p - y, rel=1e-12)
    assert squared.grads["z"] == pytest.approx(2 * (p - y) * p * (1 - p), rel=1e-12)
    assert abs(squared.grads["z"] - (p - y)) > 0.1 * abs(p - y)  # not p − y


@pytest.mark.parametrize("z", [-6.0, -8.0, -10.0])
def test_a_confidently_wrong_sigmoid_still_gets_a_gradient_with_bce(z):
    # "it never vanishes while p is wrong, even where the sigmoid is flat"
    bce = neuron_graph(0.0, 0.0, 0.0, 0.0, b=z, y=1.0)
    squared = neuron_graph(0.0, 0.0, 0.0, 0.0, b=z, y=1.0, loss="squared")
    slope = bce.local["p"][0]  # dp/dz, the sigmoid's local derivative: tiny here
    assert slope < 3e-3
    assert bce.grads["z"] < -0.99                       # p − y, close to −1
    assert abs(squared.grads["z"]) < 3 * slope          # 2 (p − y) σ'(z): tiny

"""The computational graph of lesson 4 (Q31): gradients, gate patterns, derivations."""

import numpy as np
import pytest

from nnviz.lessons.backprop.circuits import GATE_PATTERNS, neuron_graph, pattern_graph
from nnviz.lessons.backprop.derivations import (
    largest_disagreement,
    package_gradients,
    sigmoid_bce_gradients,
    softmax_ce_gradients,
)
from nnviz.lessons.backprop.graph import ComputationGraph, GraphNode

SEEDS = range(5)


def random_neuron(seed, loss):
    rng = np.random.default_rng(seed)
    x1, x2, w1, w2, b = rng.normal(size=5)
    return neuron_graph(x1, x2, w1, w2, b, y=float(rng.uniform()), loss=loss)


def assert_close_to_numerical(graph):
    for name, grad in graph.grads.items():
        numerical = graph.numerical[name]
        error = abs(grad - numerical) / max(1e-8, abs(grad) + abs(numerical))
        assert error < 1e-6 or abs(grad - numerical) < 1e-8, (name, grad, numerical)


@pytest.mark.parametrize("loss", ["bce", "squared"])
@pytest.mark.parametrize("seed", SEEDS)
def test_every_node_gradient_matches_finite_differences(seed, loss):
    graph = random_neuron(seed, loss)
    assert set(graph.grads) == set(graph.order) - {"y"}  # every node but the target
    assert_close_to_numerical(graph)
    assert graph.max_error() < 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_the_neuron_gradients_are_the_chain_rule_written_out(seed):
    g = random_neuron(seed, "bce")
    v = g.values
    p = 1 / (1 + np.exp(-(v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"])))
    dz = p - v["y"]  # sigmoid + binary cross-entropy
    expected = {"z": dz, "m1": dz, "m2": dz, "b": dz, "w1": dz * v["x1"],
                "x1": dz * v["w1"], "w2": dz * v["x2"], "x2": dz * v["w2"]}
    for name, value in expected.items():
        assert g.grads[name] == pytest.approx(value, rel=1e-12, abs=1e-15), name


@pytest.mark.parametrize("loss", ["bce", "squared"])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_package_dense_sigmoid_and_loss_give_the_same_gradients(seed, loss):
    graph = random_neuron(seed, loss)
    for name, grad in package_gradients(graph).items():
        assert grad == pytest.approx(graph.grads[name], rel=1e-10, abs=1e-14), name


def random_pattern(pattern, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=2)
    b += np.sign(b - a) * 0.1  # away from a tie: max has a kink at a == b
    return pattern_graph(pattern, a, b, g=float(rng.normal()))


@pytest.mark.parametrize("seed", SEEDS)
def test_add_copies_the_gradient_to_both_inputs(seed):
    g = random_pattern("add", seed)
    assert g.grads["a"] == g.grads["b"] == g.values["g"]


@pytest.mark.parametrize("seed", SEEDS)
def test_multiply_swaps_its_inputs(seed):
    g = random_pattern("multiply", seed)
    v = g.values
    assert g.grads["a"] == pytest.approx(v["g"] * v["b"])
    assert g.grads["b"] == pytest.approx(v["g"] * v["a"])


@pytest.mark.parametrize("seed", SEEDS)
def test_max_routes_the_gradient_to_the_larger_input(seed):
    g = random_pattern("max", seed)
    larger, smaller = sorted("ab", key=lambda n: g.values[n], reverse=True)
    assert g.grads[larger] == g.values["g"] and g.grads[smaller] == 0.0


@pytest.mark.parametrize("seed", SEEDS)
def test_a_node_used_twice_sums_the_gradients_of_both_uses(seed):
    g = random_pattern("reuse", seed)
    v = g.values
    via_multiply, via_add = v["g"] * v["b"], v["g"] * 1.0
    assert [c for c, _ in g.uses("a")] == ["q", "f"]
    assert g.grads["a"] == pytest.approx(via_multiply + via_add)


@pytest.mark.parametrize("pattern", GATE_PATTERNS)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_pattern_matches_finite_differences(pattern, seed):
    assert_close_to_numerical(random_pattern(pattern, seed))


def test_at_a_tie_max_picks_one_input_and_finite_differences_split_it():
    g = pattern_graph("max", 1.0, 1.0, g=2.0)
    assert (g.grads["a"], g.grads["b"]) == (2.0, 0.0)
    assert g.numerical["a"] == pytest.approx(1.0) == g.numerical["b"]


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_with_binary_cross_entropy_gives_sigma_minus_y(seed):
    rng = np.random.default_rng(seed)
    z, y = 3 * rng.normal(), float(rng.integers(0, 2))
    ways = sigmoid_bce_gradients(z, y)
    assert ways["formula σ(z) − y"] == pytest.approx(1 / (1 + np.exp(-z)) - y)
    assert len(ways) == 6
    assert largest_disagreement(ways) < 1e-7  # finite differences: ~1e-10


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_with_cross_entropy_gives_p_minus_y(seed):
    rng = np.random.default_rng(seed)
    z, label = 2 * rng.normal(size=4), int(rng.integers(0, 4))
    ways = softmax_ce_gradients(z, label)
    p = np.exp(z) / np.exp(z).sum()
    np.testing.assert_allclose(ways["formula p − y"], p - np.eye(4)[label])
    assert all(np.shape(v) == (4,) for v in ways.values()) and len(ways) == 5
    assert largest_disagreement(ways) < 1e-7


def test_largest_disagreement_sees_a_wrong_way():
    assert largest_disagreement({"right": 0.25, "wrong": 0.75}) == pytest.approx(0.5)


def test_steps_go_forward_then_backward_one_node_each():
    g = neuron_graph()
    steps = g.steps()
    phases = [s.phase for s in steps]
    ops = [n for n in g.order if g.nodes[n].op not in ("input", "constant")]
    assert phases == ["start"] + ["forward"] * len(ops) + ["backward"] * len(g.grads)
    assert [s.node for s in steps if s.phase == "forward"] == ops
    backward = [s.node for s in steps if s.phase == "backward"]
    assert backward[0] == "L" and "dL/dL = 1" in steps[len(ops) + 1].text
    for k, name in enumerate(backward):  # every user of a node comes before it
        assert all(backward.index(c) < k for c, _ in g.uses(name))


def test_step_texts_show_the_chain_rule_with_numbers():
    g = pattern_graph("reuse", a=2.0, b=-0.5, g=1.5)
    text = g.steps()[-1].text  # the last step: a, used twice
    assert text.startswith("dL/da = dL/dq · (b) + dL/df · (1)")
    assert text.endswith("= 0.75")
    assert "m₁ = w₁ · x₁ = 0.5 · 1 = 0.5" in neuron_graph().steps()[1].text


def test_shown_at_reveals_values_then_gradients():
    g = neuron_graph()
    n = len(g.steps())
    valued, graded = g.shown_at(0)
    assert valued == {"x1", "w1", "x2", "w2", "b", "y"} and graded == set()
    last_valued, last_graded = g.shown_at(n - 1)
    assert last_valued == set(g.order) and last_graded == set(g.grads)
    assert g.shown_at(None) == (last_valued, last_graded)


def test_set_recomputes_every_node():
    g = neuron_graph(x1=1.0, w1=0.5)
    before = dict(g.grads)
    g.set(x1=2.0)
    assert g.values["m1"] == 1.0 and g.grads["w1"] != before["w1"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: neuron_graph(loss="hinge"), "Unknown loss 'hinge'"),
        (lambda: pattern_graph("divide"), "Unknown pattern 'divide'"),
        (lambda: neuron_graph().set(w3=1.0), "w3.*not leaves"),
        (lambda: ComputationGraph([GraphNode("a", "power")], {}), "unknown op"),
        (lambda: ComputationGraph([GraphNode("s", "add", ("a",)),
                                   GraphNode("a", "input")], {}), "come later"),
        (lambda: softmax_ce_gradients([1.0, 2.0], 2), "class 0..1"),
        (lambda: softmax_ce_gradients([1.0], 0), "K >= 2"),
    ],
)
def test_mistakes_are_explained(make, message):
    with pytest.raises(ValueError, match=message):
        make()

"""Lesson 4's exercises against the lesson's own numbers: the predicted dL/dw₁ is what
the stepper's graph gives at x₁ = 0 whatever the other sliders say; the explain
exercise's right reading and its misconception hints state what the runs show."""

import numpy as np
import pytest

import nnviz as nv

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_zero_input_gives_its_weight_no_gradient_at_any_slider_setting(seed):
    # backprop.zero_input: the answer holds for every other slider (range ±3)
    r = np.random.default_rng(seed)
    x2, w1, w2, b = r.uniform(-3, 3, size=4)
    for loss in ("bce", "squared"):
        graph = nv.neuron_graph(0.0, x2, w1, w2, b, r.uniform(), loss=loss)
        assert nv.exercises.check("backprop.zero_input", graph.grads["w1"])
        assert graph.grads["w1"] == 0.0
        assert graph.grads["x1"] != 0.0           # the input still gets one


def test_the_zero_input_answer_is_the_stepper_default_graph_with_x1_zero():
    graph = nv.neuron_graph(0.0, -2.0, 0.5, 0.75, 0.1, 1.0)
    assert nv.exercises.get("backprop.zero_input").value() == graph.grads["w1"]


@pytest.mark.parametrize("lr", [0.1, 0.5])
def test_sigmoid_weights_grow_at_any_rate_and_step_stops(lr):
    # backprop.weights_grow: (b) outputs never reach the targets; misconception (a):
    # a smaller rate grows more slowly but still grows, and b / w still settles;
    # misconception (c): the step neuron separates AND and stops.
    sig = nv.train_neuron("sigmoid", lr=lr, epochs=2000)
    assert np.all((0 < sig.outputs()) & (sig.outputs() < 1))
    half = len(sig.norm) // 2
    assert sig.norm[-1] > sig.norm[half] + 1
    assert abs(sig.ratio[-1] + 1.5) < 0.05
    assert nv.train_neuron("step", lr=lr, epochs=2000).movement() == 0


def test_the_bias_exercise_puts_the_line_where_training_ends():
    # backprop.bias_for_line: w = 4 and the trained ratio b / w give the same line
    sig = nv.train_neuron("sigmoid", lr=0.5, epochs=2000)
    answer = nv.exercises.get("backprop.bias_for_line").value()
    assert abs(sig.ratio[-1] * 4 - answer) < 0.2     # b / w settles near −1.5


def test_the_gate_patterns_at_the_lessons_numbers():
    # moved from the notebook's pattern cell: the exact values at a=2, b=-0.5, g=1.5
    grads = {name: nv.pattern_graph(name, a=2.0, b=-0.5, g=1.5).grads
             for name in nv.GATE_PATTERNS}
    add, multiply, max_, reuse = (grads[name] for name in nv.GATE_PATTERNS)
    assert add["a"] == add["b"] == 1.5
    assert np.isclose(multiply["a"], -0.75) and np.isclose(multiply["b"], 3.0)
    assert (max_["a"], max_["b"]) == (1.5, 0.0)
    assert np.isclose(reuse["a"], 0.75)

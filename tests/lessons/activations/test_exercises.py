"""Lesson 5's exercises against the lesson's own numbers: the collapsed layer's count,
the sigmoid's slope measured by finite differences, and the claims the explain
exercise's misconception hints make."""

import numpy as np
import pytest

import nnviz as nv


def test_the_collapsed_layer_is_one_dense_from_inputs_to_outputs(rng):
    deep = nv.mlp([4, 16, 16, 3], "identity", rng=rng)
    single = nv.collapsed_layer(deep)
    x = rng.normal(size=(50, 4))
    assert np.allclose(single.forward(x), deep.forward(x))
    assert single.n_params == nv.Dense(4, 3).n_params
    assert nv.exercises.check("activations.collapsed_params", single.n_params)
    assert not nv.exercises.check("activations.collapsed_params", deep.n_params)


def test_the_sigmoid_slope_answer_is_the_measured_slope():
    h = 1e-6
    sigmoid = nv.activations.sigmoid
    measured = (sigmoid(2.0 + h) - sigmoid(2.0 - h)) / (2 * h)
    assert nv.exercises.check("activations.sigmoid_slope", measured)
    # the forum's formula 1 − σ is refused
    assert not nv.exercises.check("activations.sigmoid_slope", 1 - sigmoid(2.0))


def test_the_race_misconceptions_say_what_the_numbers_show():
    z = np.linspace(-6, 6, 1001)
    s = nv.activations.sigmoid(z)
    # (b): a sigmoid layer's slope is at most a quarter, tanh's reaches 1
    assert np.max(s * (1 - s)) <= 0.25 + 1e-12 and np.isclose(np.max(1 - np.tanh(z) ** 2), 1)
    # (a): tanh is bounded too; (d): ReLU normalises nothing
    assert np.all(np.abs(np.tanh(z)) < 1)
    assert nv.activations.get("relu").forward(np.array([100.0]))[0] == 100.0


@pytest.mark.parametrize("seed", range(2))
def test_a_collapsed_linear_net_beats_the_deep_sigmoid_net(seed):
    # misconception (c): a straight split gets far more than chance on the moons
    moons = nv.data.moons(n=300, rng=np.random.default_rng(seed))
    race = nv.depth_race(moons, activations=("identity", "sigmoid"), seed=seed)
    assert race["identity"] > 0.75 > 0.6 > race["sigmoid"]

"""Lesson 10's exercises against the panels they send the learner to, and the exact
shapes and counts the notebook's cells no longer assert (issue 15: the cells say
them with nv.expect, or print them; the exact values are checked here)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.cnn.panels import conv_arithmetic_explorer


@pytest.mark.parametrize("n", [5, 7, 12, 16])   # the slider stops at 16
def test_the_padding_the_find_exercise_accepts_keeps_the_size_in_the_explorer(n):
    panel = conv_arithmetic_explorer(check_backend=False)
    panel.controls["n"].value = n
    panel.controls["f"].value = 5
    panel.controls["s"].value = 1
    panel.controls["p"].value = nv.exercises.get("cnn.same_padding").answer()
    assert panel.state["result"].output == n
    assert nv.exercises.check("cnn.same_padding", panel.controls["p"].value)
    panel.controls["p"].value += 1                       # one more: the output grows
    assert panel.state["result"].output == n + 2


@pytest.mark.parametrize("c_in", [1, 3, 8, 32])
def test_the_predicted_channels_are_one_per_kernel_whatever_the_input(c_in):
    layer = nv.Conv2D(c_in, 16, 3, rng=np.random.default_rng(0))
    channels = layer.forward(np.zeros((1, c_in, 10, 10))).shape[1]
    assert nv.exercises.check("cnn.output_channels", channels)
    assert not nv.exercises.check("cnn.output_channels", 8 * 16)   # the forum's formula


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_measurement_behind_the_explain_exercise(seed):
    rng = np.random.default_rng(seed)
    conv = nv.Conv2D(2, 4, 3, rng=rng)
    q3 = nv.gradient_scaling(conv, rng.normal(size=(8, 2, 10, 10)),
                             rng.normal(size=(8, 4, 8, 8)), silent=1,
                             silent_weight=10.0)
    assert np.isclose(q3.dW_input_doubled, 2) and np.isclose(q3.dW_weights_doubled, 1)
    assert np.isclose(q3.dx_weights_doubled, 2) and q3.silent_gradient == 0


def test_the_dense_params_exercise_matches_the_built_network():
    rng = np.random.default_rng(0)
    net = nv.Sequential([nv.Conv2D(1, 8, 3, rng=rng), nv.ReLU(), nv.MaxPool2D(2),
                         nv.Flatten(), nv.Dense(8 * 13 * 13, 10, rng=rng)],
                        input_shape=(1, 28, 28))
    assert nv.exercises.check("cnn.dense_params", net.layers[-1].n_params)
    assert not nv.exercises.check("cnn.dense_params", 8 * 26 * 26 * 10 + 10)  # no pool


def test_shapes_and_counts_the_lesson_states():
    rng = np.random.default_rng(0)
    data = nv.data.digits(28, rng=rng)
    assert data.X_train.shape == (4000, 1, 28, 28)
    model = nv.small_cnn(28, rng=rng)
    assert model.layers[0].params["W"].shape == (8, 1, 3, 3)
    assert nv.kernel_similarity(model.layers[0].params["W"])[1].shape == (8, 3)
    assert model.trace(data.X_test[:5])[5].shape == (5, 16, 11, 11)
    q15 = nv.Sequential([nv.Conv2D(1, 3, 5, rng=rng), nv.ReLU(), nv.MaxPool2D(2),
                         nv.Flatten(), nv.Dense(432, 10, rng=rng)], input_shape=(1, 28, 28))
    assert q15.shapes()[3][1] == (None, 432) and q15.layers[-1].n_params == 4330
    assert q15.forward(data.X_test[:5]).shape == (5, 10)
    layer2 = nv.Conv2D(32, 64, 5, rng=rng)
    assert layer2.forward(rng.normal(size=(2, 32, 12, 12))).shape == (2, 64, 8, 8)
    assert nv.conv_output_size(28, 5) == 24 and nv.conv_output_size(28, 3, 1) == 28
    assert nv.conv_output_size(7, 3, 1, 2) == 4 and nv.conv_output_size(32, 5, 2, 2) == 16

"""Every learner-facing error says what was expected, what was got, and where."""

import numpy as np
import pytest

import nnviz as nv


def test_shape_mismatch_names_layer_shapes_and_fix(rng):
    net = nv.mlp([3, 4, 2], rng=rng)
    with pytest.raises(nv.ShapeError) as info:
        net.forward(np.zeros((32, 4)))
    message = str(info.value)
    assert 'Dense "dense_1"' in message
    assert "(N, 3)" in message and "(32, 4)" in message
    assert "n_in=4" in message


def test_wrong_number_of_dimensions_is_explained(rng):
    with pytest.raises(nv.ShapeError, match="needs a 2-D array, not 1-D"):
        nv.Dense(3, 2, rng=rng).forward(np.zeros(3))


@pytest.mark.parametrize("make, valid", [
    (lambda: nv.initializers.get("glorot"), "glorot_uniform"),
    (lambda: nv.nn.activations.get("relu6"), "leaky_relu"),
    (lambda: nv.nn.losses.get("crossentropy"), "softmax_cross_entropy"),
    (lambda: nv.nn.optimizers.get("rmsprop"), "adam"),
    (lambda: nv.data.make("swiss_roll"), "spirals"),
    (lambda: nv.nn.regularizers.get("l3"), "'l2'"),
])
def test_unknown_names_list_the_valid_choices(make, valid):
    with pytest.raises(ValueError, match="Choose one of") as info:
        make()
    assert valid in str(info.value)


def test_nan_in_inputs_is_rejected_with_its_position(rng):
    X = np.zeros((5, 2))
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"inputs X contains nan at index \(3, 1\)"):
        nv.fit(nv.mlp([2, 1], rng=rng), "mse", "sgd", X, np.zeros(5), steps=1)


def test_inf_in_targets_is_rejected(rng):
    y = np.array([0.0, np.inf, 1.0])
    with pytest.raises(ValueError, match="targets y contains inf at index"):
        nv.fit(nv.mlp([2, 1], rng=rng), "mse", "sgd", np.zeros((3, 2)), y, steps=1)


def test_diverging_run_names_the_step_and_the_likely_cause(rng):
    X = rng.normal(size=(64, 2)) * 10
    y = rng.normal(size=64) * 100
    net = nv.mlp([2, 32, 32, 1], "relu", init=3.0, rng=rng)
    with pytest.raises(nv.TrainingDiverged) as info:
        nv.fit(net, "mse", nv.SGD(1.0), X, y, steps=100)
    message = str(info.value)
    assert "at step" in message and "learning rate 1 is probably too high" in message
    assert "ReLU" in message and "try 0.1" in message


def test_backward_before_forward_is_explained():
    with pytest.raises(RuntimeError, match="before forward"):
        nv.Tanh().backward(np.ones((1, 1)))


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_bad_layer_sizes_are_refused(bad):
    with pytest.raises(ValueError, match="positive whole number"):
        nv.Dense(bad, 2)


def test_non_layers_in_sequential_are_refused():
    with pytest.raises(TypeError, match="item 1 is int"):
        nv.Sequential([nv.Dense(2, 2), 3])


def test_non_positive_learning_rate_is_refused():
    with pytest.raises(ValueError, match="must be positive"):
        nv.SGD(0)


def test_mismatched_example_counts_are_refused(rng):
    with pytest.raises(ValueError, match="4 inputs but 3 targets"):
        nv.fit(nv.mlp([2, 1], rng=rng), "mse", "sgd", np.zeros((4, 2)), np.zeros(3),
               steps=1)


def test_text_data_is_refused_in_words():
    with pytest.raises(ValueError, match="must hold numbers"):
        nv.fit(nv.mlp([2, 1]), "mse", "sgd", np.array([["a", "b"]]), np.zeros(1),
               steps=1)

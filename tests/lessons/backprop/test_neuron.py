"""The AND neuron (Q23): step stops, sigmoid grows (b/w -> -1.5), identity circles."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.backprop.neuron import AND_T, AND_X, train_neuron


def test_step_stops_once_every_row_is_right():
    run = train_neuron("step", lr=0.5, epochs=50)
    np.testing.assert_array_equal(run.outputs(), AND_T)
    assert run.movement(last=40) == 0.0


@pytest.mark.parametrize("lr", [0.1, 1.0])
def test_sigmoid_weights_keep_growing_while_the_ratio_settles(lr):
    run = train_neuron("sigmoid", lr=lr, epochs=4000)
    n = len(run.norm)
    assert run.norm[-1] > run.norm[n // 2] > run.norm[n // 4]
    assert np.all(np.diff(run.norm[n // 2 :]) > -1e-3)  # grows, up to per-row wiggles
    assert run.ratio[-1] == pytest.approx(-1.5, abs=0.05)
    assert np.all((run.outputs() > 0.5) == AND_T)


def test_sigmoid_never_reaches_zero_error():
    run = train_neuron("sigmoid", lr=1.0, epochs=2000)
    error = np.abs(AND_T - run.outputs())
    assert np.all(error > 0)


def test_identity_circles_with_constant_lr_and_settles_with_decay():
    circling = train_neuron("identity", lr=0.1, epochs=2000)
    settled = train_neuron("identity", lr=0.1, epochs=2000, decay=0.05)
    assert circling.movement() > 0.01
    assert settled.movement() < 0.002
    # least squares answer: w1 = w2 = 0.5, b = -0.25
    np.testing.assert_allclose(settled.weights[-1], [0.5, 0.5], atol=0.02)
    assert settled.bias[-1] == pytest.approx(-0.25, abs=0.02)


def test_identity_with_a_large_lr_blows_up():
    run = train_neuron("identity", lr=1.0, epochs=500)
    assert run.norm[-1] > 100


def test_sigmoid_rule_is_cross_entropy_gradient_descent_in_the_package():
    """One online pass equals nv.Dense + BCE-with-logits + SGD, one row at a time."""
    run = train_neuron("sigmoid", lr=0.5, epochs=3)
    dense = nv.Dense(2, 1, init="zeros")
    model, loss, opt = (
        nv.Sequential([dense]),
        nv.BinaryCrossEntropyWithLogits(),
        nv.SGD(0.5),
    )
    for i in range(12):
        x, t = AND_X[i % 4][None], AND_T[i % 4][None, None]
        loss.forward(model.forward(x), t)
        model.backward(loss.backward())
        opt.step(model)
        np.testing.assert_allclose(
            dense.params["W"][:, 0], run.weights[i + 1], atol=1e-12
        )
        assert dense.params["b"][0] == pytest.approx(run.bias[i + 1], abs=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"activation": "relu"}, "Choose one of"),
        ({"lr": 0.0}, "lr > 0"),
        ({"epochs": 0}, "at least one epoch"),
    ],
)
def test_bad_arguments_say_what_to_do(kwargs, match):
    with pytest.raises(ValueError, match=match):
        train_neuron(**kwargs)


@pytest.mark.parametrize("name", ["sigmoid", "step", "identity"])
def test_scalar_activations_equal_the_package_functions(name):
    from nnviz.lessons.backprop.neuron import ACTIVATIONS, SCALAR

    z = np.array([-800.0, -30.0, -1.5, 0.0, 1e-9, 2.0, 40.0, 800.0])
    np.testing.assert_allclose(
        [SCALAR[name](v) for v in z], ACTIVATIONS[name](z), rtol=1e-15, atol=0
    )


def test_neuron_stream_grows_epoch_by_epoch_as_train_neuron_trains():
    from nnviz.lessons.backprop.neuron import neuron_runs_stream, neuron_stream

    runs = [make() for make in neuron_stream("sigmoid", 0.5, 30, decay=0.1)]
    assert len(runs) == 30 and runs[4].weights.shape == (4 * 5 + 1, 2)
    ref = train_neuron("sigmoid", 0.5, 5, decay=0.1)  # a shorter run: a prefix
    np.testing.assert_array_equal(runs[4].weights, ref.weights)
    np.testing.assert_array_equal(runs[4].lr, ref.lr)
    rounds = list(neuron_runs_stream(("step", "identity"), 0.5, 3))
    assert len(rounds) == 3 and set(rounds[-1]) == {"step", "identity"}
    with pytest.raises(ValueError, match="Unknown activation"):
        neuron_stream("relu")  # at once, before any epoch is pulled

"""Numbers lessons 1-4 state, asserted through the package (notebooks assert too)."""

import itertools

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.backprop.bookkeeping import stage_text, training_cycle
from nnviz.lessons.weights.shapes import dense_shapes, total_params

# ---- Q21: shapes and parameter counts ----------------------------------------------


def test_q21_1000_units_to_10_class_softmax():
    rows = dense_shapes([1000, 10], batch_size=1, output="softmax")
    dense, soft = rows
    assert dense.param_shapes == {"W": (1000, 10), "b": (10,)}
    assert dense.output_shape == soft.output_shape == (1, 10)  # 10 logits -> 10 probs
    assert dense.n_params == 10_010 and soft.n_params == 0
    assert dense.formula == "1000·10 + 10" and soft.param_shapes == {}


@pytest.mark.parametrize(
    "sizes, activation",
    [([784, 1000, 10], "relu"), ([2, 3, 1], "tanh"), ([5, 4, 4, 4, 3], "sigmoid")],
)
def test_shape_table_counts_follow_the_formula(sizes, activation):
    rows = dense_shapes(sizes, activation=activation, output="softmax")
    dense = [row for row in rows if row.param_shapes]
    assert [row.n_params for row in dense] == [
        n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    assert total_params(rows) == nv.mlp(sizes, activation, output="softmax").n_params
    assert [row.input_shape for row in rows[:1]] == [("N", sizes[0])]
    assert rows[-1].output_shape == ("N", sizes[-1])


@pytest.mark.parametrize("sizes", [[1], [3, 0]])
def test_shape_table_rejects_bad_sizes(sizes):
    with pytest.raises(ValueError, match="at least two positive"):
        dense_shapes(sizes)


def test_shape_table_refuses_a_network_too_big_to_build():
    with pytest.raises(ValueError, match="100,001,000 parameters"):
        dense_shapes([100_000, 1000])


# ---- Q17: one training step, call by call ----------------------------------------


def test_training_cycle_is_exactly_one_sgd_step_of_train_steps(rng):
    x, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 1))
    a = nv.mlp([2, 3, 1], "tanh", rng=np.random.default_rng(1))
    b = nv.mlp([2, 3, 1], "tanh", rng=np.random.default_rng(1))
    stages = training_cycle(a, "mse", x, y, lr=0.2)
    record = next(nv.train_steps(b, "mse", nv.SGD(0.2), x, y))
    assert float(stages[4].arrays["loss"]) == pytest.approx(record.loss)
    for la, lb in zip(a.layers, b.layers, strict=True):
        for key in la.params:
            np.testing.assert_allclose(la.params[key], lb.params[key], atol=1e-14)


def test_training_cycle_stage_order_and_text(rng):
    model = nv.mlp([2, 2, 1], "sigmoid", rng=rng)
    stages = training_cycle(model, "mse", np.ones((1, 2)), np.ones((1, 1)))
    phases = [s.phase for s in stages]
    assert phases == ["forward"] * 4 + ["loss"] + ["backward"] * 3 + ["update"] * 2
    assert [s.layer for s in stages if s.phase == "backward"] == [
        "dense_2",
        "sigmoid_1",
        "dense_1",
    ]
    assert "dW (2×2)" in stage_text(stages[-1 - 2])


# ---- Q23: the AND neuron -------------------------------------------------------------


def test_q23_ratio_near_minus_one_and_a_half_while_the_norm_grows():
    run = nv.train_neuron("sigmoid", lr=0.5, epochs=2000)
    assert run.ratio[-1] == pytest.approx(-1.5, abs=0.05)
    assert run.norm[-1] > 1.3 * run.norm[len(run.norm) // 8]


# ---- Q8: full batch vs mini-batch ----------------------------------------------


@pytest.mark.parametrize("batch_size, steps_per_epoch", [(None, 1), (32, 4), (1, 128)])
def test_q8_updates_per_epoch(batch_size, steps_per_epoch, rng):
    X, y = rng.normal(size=(128, 2)), rng.normal(size=(128, 1))
    model = nv.mlp([2, 1], rng=rng)
    steps = list(
        itertools.islice(
            nv.train_steps(
                model, "mse", nv.SGD(0.01), X, y, batch_size=batch_size, rng=rng
            ),
            steps_per_epoch,
        )
    )
    assert steps[-1].epoch == pytest.approx(1.0)


# ---- Q1: weights do not sum to 1, softmax outputs do ---------------------------


def test_q1_trained_columns_do_not_sum_to_one_softmax_does(rng):
    data = nv.data.digits(8, rng=rng, flat=True)
    model = nv.mlp([64, 16, 10], "tanh", rng=rng)
    norms = nv.norm_history(
        model,
        "softmax_cross_entropy",
        nv.SGD(0.5),
        data.X_train,
        data.y_train,
        steps=150,
        rng=rng,
    )
    sums = nv.column_sums(model.layers[0].params["W"])
    assert np.abs(sums - 1).max() > 0.5
    probs = nv.softmax(model.predict(data.X_test))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert norms[-1] > norms[0] * 1.5

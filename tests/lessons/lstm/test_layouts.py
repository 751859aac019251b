"""Q30's experiment: the same windows as (look_back, 1) and as (1, look_back)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.lstm.experiments import LAYOUTS

STEPS, ONE_STEP = LAYOUTS


def test_symbol_anywhere_has_zeros_before_the_symbol_and_noise_after(rng):
    X, y, where = nv.symbol_anywhere(300, 12, rng=rng)
    assert X.shape == (300, 12, 1) and y.shape == (300, 1) and where.shape == (300,)
    rows = np.arange(300)
    np.testing.assert_array_equal(X[rows, where, 0], 2 * y[:, 0] - 1)  # the symbol
    before = np.arange(12)[None, :] < where[:, None]
    after = np.arange(12)[None, :] > where[:, None]
    assert np.all(X[..., 0][before] == 0) and np.all(X[..., 0][after] != 0)
    assert set(where) == set(range(12))            # it arrives at any step
    assert 0.35 < y.mean() < 0.65


@pytest.mark.parametrize("bad", [0, 2.5, "3"])
def test_symbol_anywhere_names_a_wrong_argument(bad):
    with pytest.raises(ValueError, match="steps must be a whole number"):
        nv.symbol_anywhere(10, bad)
    with pytest.raises(TypeError, match="default_rng"):
        nv.symbol_anywhere(10, 5, rng=3)


def test_as_layout_reshapes_the_same_numbers(rng):
    X = rng.normal(size=(4, 6, 1))
    assert nv.as_layout(X, STEPS) is X
    one = nv.as_layout(X, ONE_STEP)
    assert one.shape == (4, 1, 6) and np.shares_memory(one, X)
    np.testing.assert_array_equal(one[:, 0], X[:, :, 0])


def test_as_layout_says_what_it_expected(rng):
    with pytest.raises(ValueError, match=r"\(N, look_back, 1\).*X\[:, :, None\]"):
        nv.as_layout(rng.normal(size=(4, 6)), STEPS)
    with pytest.raises(ValueError, match="layout must be one of"):
        nv.as_layout(rng.normal(size=(4, 6, 1)), "(6, 1)")
    with pytest.raises(ValueError, match="layout must be one of"):
        nv.layout_model("(look_back,1)", 6)


def test_layout_models_differ_only_in_how_they_read_the_window():
    steps, one = (nv.layout_model(layout, 26, units=8) for layout in LAYOUTS)
    assert steps.layers[0].params["Wx"].shape == (1, 32)
    assert one.layers[0].params["Wx"].shape == (26, 32)
    assert steps.layers[0].n_params == nv.lstm_param_count(1, 8) == 320
    assert one.layers[0].n_params == nv.lstm_param_count(26, 8) == 1120
    assert steps.summary() != one.summary()


def test_one_step_makes_wh_and_the_forget_gate_irrelevant(rng):
    X = rng.normal(size=(20, 10, 1))
    for layout in LAYOUTS:
        lstm = nv.layout_model(layout, 10, units=4, seed=1).layers[0]
        check = nv.recurrence_check(lstm, nv.as_layout(X, layout))
        values = [check[k] for k in ("output_change", "grad_Wh", "grad_forget")]
        if layout == ONE_STEP:
            assert check["steps"] == 1 and values == [0.0, 0.0, 0.0]
        else:
            assert check["steps"] == 10 and min(values) > 1e-3


def test_recurrence_check_leaves_the_layer_alone(rng):
    lstm = nv.layout_model(STEPS, 5, units=3).layers[0]
    params = {k: v.copy() for k, v in lstm.params.items()}
    nv.recurrence_check(lstm, rng.normal(size=(4, 5, 1)))
    for key, value in params.items():
        np.testing.assert_array_equal(lstm.params[key], value)


def test_one_step_formula_is_the_layer(rng):
    lstm = nv.LSTM(7, 5, rng=rng)
    x = rng.normal(size=(9, 1, 7))
    np.testing.assert_allclose(nv.one_step_formula(lstm, x), lstm.forward(x),
                               rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match=r"one time step.*\(N, 1, F\)"):
        nv.one_step_formula(lstm, rng.normal(size=(9, 2, 7)))


def test_accuracy_by_step_groups_windows_by_arrival():
    class Sign:  # a stand-in model: answers +1 (logit > 0) when the sum is positive
        def predict(self, X):
            return X.sum(axis=(1, 2))[:, None]

    X = np.zeros((4, 3, 1))
    X[0, 0, 0], X[1, 0, 0], X[2, 2, 0], X[3, 2, 0] = 1, -1, 1, 1
    y = np.array([[1.0], [1.0], [1.0], [0.0]])      # window 1 and 3 answered wrong
    by_step = nv.accuracy_by_step(Sign(), X, y, np.array([0, 0, 2, 2]))
    np.testing.assert_array_equal(by_step[[0, 2]], [0.5, 0.5])
    assert np.isnan(by_step[1])                      # no window arrived at step 1
    # the other layout of the same windows gives the same answer
    same = nv.accuracy_by_step(Sign(), nv.as_layout(X, ONE_STEP), y,
                               np.array([0, 0, 2, 2]))
    np.testing.assert_array_equal(same[[0, 2]], by_step[[0, 2]])


def test_unmoved_params_counts_exactly_equal_entries():
    before = {"a": np.zeros(5), "b": np.ones((2, 2))}
    after = {"a": np.array([0, 1e-12, 0, 0, 0]), "b": np.ones((2, 2))}
    assert nv.unmoved_params(before, after) == 8


def test_training_one_step_never_moves_wh_or_the_forget_gate(rng):
    X, y, _ = nv.symbol_anywhere(64, 6, rng=rng)
    model = nv.layout_model(ONE_STEP, 6, units=3)
    lstm = model.layers[0]
    start = {k: v.copy() for k, v in lstm.params.items()}
    nv.fit(model, "binary_cross_entropy_logits", nv.Adam(0.05),
           nv.as_layout(X, ONE_STEP), y, steps=20, batch_size=16, rng=rng)
    H = 3
    np.testing.assert_array_equal(lstm.params["Wh"], start["Wh"])
    forget = slice(H, 2 * H)                       # the forget gate's columns
    np.testing.assert_array_equal(lstm.params["Wx"][:, forget], start["Wx"][:, forget])
    assert not np.array_equal(lstm.params["Wx"], start["Wx"])   # the rest learns
    assert nv.unmoved_params(start, lstm.params) == H * 4 * H + (6 + 1) * H

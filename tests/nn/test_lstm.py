"""LSTM: finite differences, parity with a step-by-step cell, shapes and counts."""

import numpy as np
import pytest
from reference_lstm import lstm_sequence

import nnviz as nv
from nnviz.lessons.lstm.experiments import (
    lstm_param_count,
    lstm_shapes,
    memory_cell,
    set_forget_bias,
    shift_forget_bias,
)
from nnviz.nn.lstm import LSTM


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("n_in, units, steps", [(1, 3, 5), (3, 4, 6), (2, 1, 2)])
def test_backward_matches_finite_differences(n_in, units, steps, return_sequences,
                                             rng):
    layer = LSTM(n_in, units, return_sequences=return_sequences, rng=rng)
    layer.params["b"] += rng.normal(scale=0.5, size=4 * units)  # not only the init
    # h = 1e-5: with 1e-6, round-off in the long chain through time reaches ~1e-6
    # on the smallest entries of dWh (the gradient itself agrees to 1e-8 at 1e-5).
    errors = nv.check_layer(layer, rng.normal(size=(2, steps, n_in)), rng, h=1e-5)
    assert set(errors) == {"x", "Wx", "Wh", "b"}
    assert max(errors.values()) < 1e-6, errors


def test_gradients_of_the_initial_state(rng):
    layer = LSTM(2, 3, return_sequences=True, rng=rng)
    x, h0, c0 = (rng.normal(size=s) for s in ((2, 4, 2), (2, 3), (2, 3)))
    dy = rng.normal(size=(2, 4, 3))
    layer.forward(x, initial_state=(h0, c0))
    layer.backward(dy)
    dh0, dc0 = layer.state_grads
    for state, grad, which in ((h0, dh0, 0), (c0, dc0, 1)):
        def f(s, which=which):
            pair = (s, c0) if which == 0 else (h0, s)
            return layer.forward(x, initial_state=pair)
        assert nv.rel_error(grad, nv.numerical_gradient(f, state, dy)) < 1e-6


@pytest.mark.parametrize("with_state", [False, True])
def test_matches_the_step_by_step_reference(with_state, rng):
    layer = LSTM(3, 5, return_sequences=True, forget_bias=0.7, rng=rng)
    x = rng.normal(size=(4, 7, 3))
    h0, c0 = (None, None)
    if with_state:
        h0, c0 = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    if with_state:
        layer.initial_state = (h0, c0)
    y = layer.forward(x)
    Wx, Wh, b = (layer.params[k] for k in ("Wx", "Wh", "b"))
    hs, cs, gates = lstm_sequence(x, Wx, Wh, b, h0, c0)
    np.testing.assert_allclose(y, hs, atol=1e-12)
    np.testing.assert_allclose(layer.cache["c"], cs, atol=1e-12)
    np.testing.assert_allclose(layer.cache["gates"], gates, atol=1e-12)
    last = LSTM(3, 5, rng=rng)
    last.params = layer.params
    np.testing.assert_allclose(last.forward(x, initial_state=layer.initial_state),
                               hs[:, -1], atol=1e-12)


@pytest.mark.parametrize("features, units", [(1, 1), (1, 8), (3, 32), (10, 64)])
def test_parameter_count_formula(features, units):
    layer = LSTM(features, units)
    assert layer.n_params == lstm_param_count(features, units)
    assert layer.n_params == 4 * (units * (features + units) + units)
    assert {k: v.shape for k, v in layer.params.items()} == {
        "Wx": (features, 4 * units), "Wh": (units, 4 * units), "b": (4 * units,)}


@pytest.mark.parametrize("features, units", [(1, 8), (3, 32)])
def test_two_bias_frameworks_count_4h_more(features, units):
    """PyTorch keeps b_ih and b_hh (both (4H,)): 4·(H·(F+H) + 2H) parameters.
    Their sum acts as our one b, so the extra 4H numbers add no expressive power."""
    torch_style = 4 * (units * (features + units) + 2 * units)
    assert torch_style - lstm_param_count(features, units) == 4 * units
    assert lstm_param_count(1, 8) == 320 and 4 * (8 * 9 + 16) == 352


def test_forget_bias_sits_in_the_second_block():
    b = LSTM(2, 3, forget_bias=2.5).params["b"]
    np.testing.assert_array_equal(b, [0] * 3 + [2.5] * 3 + [0] * 6)


@pytest.mark.parametrize("return_sequences, shape", [(False, (None, 8)),
                                                     (True, (None, 20, 8))])
def test_output_shapes(return_sequences, shape, rng):
    layer = LSTM(3, 8, return_sequences=return_sequences, rng=rng)
    assert layer.output_shape((None, 20, 3)) == shape
    assert layer.forward(rng.normal(size=(5, 20, 3))).shape == (5, *shape[1:])


def test_sequential_with_dense_head(rng):
    model = nv.Sequential([LSTM(1, 8, rng=rng), nv.Dense(8, 1, rng=rng)],
                          input_shape=(50, 1))
    assert model.n_params == 4 * (8 * 9 + 8) + 9
    assert [shape for _, shape in model.shapes()] == [(None, 8), (None, 1)]
    assert "lstm_1" in model.summary() and f"{model.n_params:,}" in model.summary()
    y = rng.normal(size=(6, 1))
    steps = nv.fit(model, "mse", nv.Adam(0.01), rng.normal(size=(6, 50, 1)), y, steps=3)
    assert len(steps) == 3 and np.isfinite(steps[-1].loss)


@pytest.mark.parametrize("shape, words", [((4, 3), "timesteps"), ((4, 5, 2), "n_in")])
def test_wrong_input_shape_says_how_to_fix(shape, words):
    with pytest.raises(nv.ShapeError, match=words):
        LSTM(3, 2).forward(np.zeros(shape))


def test_float32_stays_float32(rng):
    layer = LSTM(2, 4, dtype=np.float32, rng=rng)
    y = layer.forward(rng.normal(size=(3, 5, 2)).astype(np.float32))
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == layer.grads["Wh"].dtype == np.float32


def test_wrong_dy_shape_is_explained(rng):
    layer = LSTM(1, 2, rng=rng)
    layer.forward(np.zeros((3, 4, 1)))
    with pytest.raises(nv.ShapeError, match="shape of its last output"):
        layer.backward(np.zeros((3, 4, 2)))


def test_backward_before_forward_is_explained():
    with pytest.raises(RuntimeError, match="before forward"):
        LSTM(1, 2).backward(np.zeros((1, 2)))


def test_weight_gradients_are_sums_over_time(rng):
    """Q14: one cell at every step, so dWx = sum_t x_t.T @ dz_t (and so on)."""
    layer = LSTM(2, 3, rng=rng)
    x = rng.normal(size=(4, 6, 2))
    layer.forward(x)
    layer.backward(rng.normal(size=(4, 3)))
    dz, h = layer.cache["dz"], layer.cache["h"]
    per_step_wx = np.einsum("ntf,ntk->tfk", x, dz)
    h_prev = np.concatenate([layer.cache["h0"][:, None], h[:, :-1]], axis=1)
    per_step_wh = np.einsum("nth,ntk->thk", h_prev, dz)
    np.testing.assert_allclose(per_step_wx.sum(axis=0), layer.grads["Wx"], atol=1e-12)
    np.testing.assert_allclose(per_step_wh.sum(axis=0), layer.grads["Wh"], atol=1e-12)
    assert np.all(np.abs(per_step_wx).sum(axis=(1, 2)) > 0)  # every step contributes


@pytest.mark.parametrize("seq", [False, True])
def test_lstm_shapes_match_the_layer(seq, rng):
    shapes = lstm_shapes(3, 5, timesteps=7, batch=2, return_sequences=seq)
    layer = LSTM(3, 5, return_sequences=seq, rng=rng)
    y = layer.forward(rng.normal(size=shapes["input"]))
    assert y.shape == shapes["output"]
    assert shapes["n_params"] == layer.n_params == 4 * (5 * (3 + 5) + 5)
    assert all(layer.params[k].shape == shapes[k] for k in ("Wx", "Wh", "b"))
    assert layer.cache["h"][:, -1].shape == shapes["h"] == shapes["c"]


def test_shifting_the_forget_bias_makes_memory_fade(rng):
    layer = LSTM(1, 2, rng=rng)
    x = np.zeros((1, 30, 1))
    x[0, 0, 0] = 3.0
    held = shift_forget_bias(layer, +6.0)
    faded = shift_forget_bias(layer, -6.0)
    held.forward(x), faded.forward(x)
    c_held, c_faded = np.abs(held.cache["c"][0, -1]), np.abs(faded.cache["c"][0, -1])
    assert np.all(c_faded < 1e-3 * c_held)
    assert layer.params["b"][2] == 1.0  # the original is untouched


def test_sequential_infers_free_time_axis():
    model = nv.Sequential([LSTM(1, 8, return_sequences=True)])
    assert model.input_shape == (None, None, 1)
    assert "('N', 'T', 8)" in model.summary()


def test_set_forget_bias_sets_every_unit(rng):
    layer = LSTM(2, 3, rng=rng)
    layer.params["b"][3:6] = [0.5, -1.0, 2.0]
    np.testing.assert_array_equal(set_forget_bias(layer, 4.0).params["b"][3:6], 4.0)
    np.testing.assert_array_equal(layer.params["b"][3:6], [0.5, -1.0, 2.0])


@pytest.mark.parametrize("forget_bias", [-1.0, 1.0, 4.0])
def test_memory_cell_decays_like_f_to_the_t(forget_bias):
    model = memory_cell(forget_bias)
    x = np.zeros((1, 11, 1))
    x[0, 0, 0] = 1.0
    model.forward(x)
    c = model.layers[0].cache["c"][0, :, 0]
    f = 1 / (1 + np.exp(-forget_bias))
    np.testing.assert_allclose(c, np.tanh(2.0) * f ** np.arange(11), rtol=1e-7)


def test_matches_pytorch_when_installed(rng):
    """Optional oracle. Adaptors: PyTorch stores weight_ih (4H, F) = Wx.T and
    weight_hh (4H, H) = Wh.T, same gate order i, f, g, o, and two biases whose
    sum is our b (so bias_hh = 0 here, and d bias_ih = d bias_hh = db)."""
    torch = pytest.importorskip("torch")
    layer = LSTM(3, 4, return_sequences=True, rng=rng)
    layer.params["b"] += rng.normal(size=16)
    x, dy = rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 4))
    ref = torch.nn.LSTM(3, 4, batch_first=True).double()
    with torch.no_grad():
        ref.weight_ih_l0.copy_(torch.from_numpy(layer.params["Wx"].T))
        ref.weight_hh_l0.copy_(torch.from_numpy(layer.params["Wh"].T))
        ref.bias_ih_l0.copy_(torch.from_numpy(layer.params["b"]))
        ref.bias_hh_l0.zero_()
    xt = torch.from_numpy(x).requires_grad_(True)
    out, _ = ref(xt)
    out.backward(torch.from_numpy(dy))
    np.testing.assert_allclose(layer.forward(x), out.detach().numpy(), atol=1e-12)
    dx = layer.backward(dy)
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(layer.grads["Wx"], ref.weight_ih_l0.grad.numpy().T,
                               atol=1e-12)
    np.testing.assert_allclose(layer.grads["Wh"], ref.weight_hh_l0.grad.numpy().T,
                               atol=1e-12)
    db_torch = ref.bias_hh_l0.grad.numpy()
    np.testing.assert_allclose(layer.grads["b"], db_torch, atol=1e-12)
    assert sum(p.numel() for p in ref.parameters()) == layer.n_params + 4 * 4


@pytest.mark.parametrize("state, words", [
    (lambda h, c: h, r"a pair \(h0, c0\), but got one array of shape \(4, 3\)"),
    (lambda h, c: (h,), r"a pair \(h0, c0\), but got a tuple of 1 item"),
    (lambda h, c: (h[:, :2], c), r"h0 must have shape \(N, H\) = \(4, 3\).*\(4, 2\)"),
    (lambda h, c: (h, c[:2]), r"c0 must have shape .*got \(2, 3\)"),
    (lambda h, c: (h[None], c[None]), r"h0 must .*got \(1, 4, 3\).*h0\[0\]"),
])
def test_a_wrong_initial_state_is_explained_before_anything_changes(state, words, rng):
    layer = LSTM(2, 3, rng=rng)
    x = rng.normal(size=(4, 5, 2))
    layer.forward(x)
    cache, params = dict(layer.cache), {k: v.copy() for k, v in layer.params.items()}
    h0, c0 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    with pytest.raises(ValueError, match=words) as error:
        layer.forward(x, initial_state=state(h0, c0))
    message = str(error.value)
    assert 'LSTM "lstm"' in message and "initial_state=(h0, c0)" in message  # the fix
    assert layer.cache.keys() == cache.keys()
    assert all(layer.cache[k] is cache[k] for k in cache)  # the last forward's cache
    for key, value in params.items():
        np.testing.assert_array_equal(layer.params[key], value)


def test_a_wrong_initial_state_attribute_is_explained(rng):
    layer = LSTM(2, 3, rng=rng)
    layer.initial_state = np.zeros((4, 3))  # one array, not a pair
    with pytest.raises(ValueError, match="must be a pair"):
        layer.forward(rng.normal(size=(4, 5, 2)))
    assert layer.cache == {}


def test_one_state_of_shape_h_is_used_for_every_sequence(rng):
    layer = LSTM(2, 3, return_sequences=True, rng=rng)
    x, h0, c0 = rng.normal(size=(4, 5, 2)), rng.normal(size=3), rng.normal(size=3)
    shared = layer.forward(x, initial_state=(h0, c0))
    tiled = layer.forward(x, initial_state=(np.tile(h0, (4, 1)), np.tile(c0, (4, 1))))
    np.testing.assert_array_equal(shared, tiled)


def test_a_sequence_of_zero_steps_is_explained(rng):
    layer = LSTM(2, 3, rng=rng)
    with pytest.raises(nv.ShapeError) as error:
        layer.forward(np.zeros((4, 0, 2)))
    message = str(error.value)
    assert 'LSTM "lstm"' in message and "(N, T, F)" in message
    assert "(4, 0, 2)" in message and "at least one time step" in message
    assert layer.cache == {}

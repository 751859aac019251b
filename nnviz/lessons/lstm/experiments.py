"""The LSTM lesson's experiments: shapes, counts, and an LSTM watched step by step.

    lstm_param_count, lstm_shapes      what `units` means (Q30): every shape, the count
    shift_forget_bias, set_forget_bias copies of a layer with its forget gate moved
    memory_cell                        a one-unit LSTM set by hand to hold or fade
    sequence_trace                     gates, cell and hidden state at every step

The learner's question (Q30): the same windows as `(look_back, 1)` or `(1, look_back)`

    symbol_anywhere                    windows whose symbol arrives at any step
    as_layout, layout_model            the windows and the net in either layout
    recurrence_check                   does Wh or the forget gate change anything?
    one_step_formula                   a one-step LSTM written as a feed-forward layer
    accuracy_by_step, unmoved_params   what the two layouts learned
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.checks import check_rng
from nnviz.nn.dense import Dense
from nnviz.nn.lstm import LSTM
from nnviz.nn.model import Sequential


def lstm_param_count(features, units) -> int:
    """4 · (units · (features + units) + units): four gates, each a Dense on [x, h]."""
    return 4 * (units * (features + units) + units)


def lstm_shapes(features, units, *, timesteps=None, batch=None,
                return_sequences=False) -> dict:
    """Every shape of an LSTM layer, and its parameter count, for one choice.

    Returns {"input": (batch, timesteps, features), "output": (batch, units) or
    (batch, timesteps, units), "h": (batch, units), "c": (batch, units),
    "Wx": (features, 4·units), "Wh": (units, 4·units), "b": (4·units,),
    "n_params": int}. None stands for a size left free. Everything but h and c
    is read off a real LSTM (weights all zero), not computed a second time.
    """
    layer = LSTM(features, units, return_sequences=return_sequences, init="zeros",
                 recurrent_init="zeros")
    x_shape = (batch, timesteps, features)
    return {"input": x_shape, "output": layer.output_shape(x_shape),
            "h": (batch, units), "c": (batch, units),
            **{key: p.shape for key, p in layer.params.items()},
            "n_params": layer.n_params}


def shift_forget_bias(layer, shift):
    """A copy of an LSTM `layer` whose forget-gate biases b[H:2H] are moved by `shift`.

    Negative shifts close the forget gate (f -> 0: the cell forgets each step);
    positive ones open it (f -> 1: the cell holds what it stores).
    """
    copy = LSTM(layer.n_in, layer.units, return_sequences=layer.return_sequences,
                name=layer.name, dtype=layer.params["b"].dtype)
    copy.params = {key: value.copy() for key, value in layer.params.items()}
    copy.params["b"][layer.units:2 * layer.units] += shift
    copy.initial_state = layer.initial_state
    return copy


def set_forget_bias(layer, value):
    """A copy of an LSTM `layer` with every forget-gate bias b[H:2H] set to `value`."""
    H = layer.units
    return shift_forget_bias(layer, value - layer.params["b"][H:2 * H])


def memory_cell(forget_bias=4.0, *, write=2.0, read=5.0):
    """A one-unit LSTM net set by hand, to watch the forget gate alone.

    Gates i and o always open (biases +20), no recurrent weights, so
        c_t = f · c_(t-1) + tanh(write · x_t),   f = sigmoid(forget_bias),  h = tanh(c)
    and a Dense(1, 1) head with weight `read` turns the last h into a logit. After
    one symbol and then zeros, c_T = f^T · c_0: the memory holds (f near 1) or
    fades (f small).
    """
    lstm = LSTM(1, 1, init="zeros", recurrent_init="zeros")
    lstm.params["Wx"][0] = [0.0, 0.0, write, 0.0]       # i, f, g, o
    lstm.params["b"][:] = [20.0, forget_bias, 0.0, 20.0]
    head = Dense(1, 1, init="zeros")
    head.params["W"][0, 0] = read
    return Sequential([lstm, head])


def sequence_trace(model, x, *, output="sigmoid") -> dict:
    """One sequence x (T, F) through a Sequential whose first layer is an LSTM.

    Returns {"x": (T, F), "gates": (T, 4, H), "c": (T, H), "h": (T, H),
    "y": (T,)}, where y[t] is what the rest of the net answers from h_t, as if
    the sequence stopped at step t (passed through a sigmoid when output is
    "sigmoid", for a head that gives logits; None leaves it raw).
    """
    lstm, head = model.layers[0], model.layers[1:]
    if not isinstance(lstm, LSTM):
        raise ValueError("sequence_trace needs a model whose first layer is an LSTM, "
                         f"not {type(lstm).__name__}.")
    x = np.asarray(x, dtype=float).reshape(-1, lstm.n_in)
    lstm.forward(x[None])
    trace = {"x": x, **{k: lstm.cache[k][0].copy() for k in ("gates", "c", "h")}}
    y = trace["h"]
    for layer in head:
        y = layer.forward(y)
    y = np.asarray(y).reshape(len(x), -1)[:, 0]
    trace["y"] = 1.0 / (1.0 + np.exp(-y)) if output == "sigmoid" else y
    return trace



# --- Q30, the learner's question: (look_back, 1) or (1, look_back)? -------------

LAYOUTS = ("(look_back, 1)", "(1, look_back)")


def symbol_anywhere(n=512, steps=26, *, noise=0.5, rng=None):
    """Windows of `steps` values in which a symbol, +1 or -1, arrives at any step.

    Before the symbol the window holds zeros (nothing has happened yet); from
    the step after it, noise N(0, noise²). The step of arrival is uniform over
    0 … steps - 1, so the symbol can sit anywhere in the window.
    Returns X (n, steps, 1), y (n, 1): 1 if the symbol was +1, else 0,
    and where (n,): the step at which it arrived.
    """
    for arg, value in (("n", n), ("steps", steps)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"symbol_anywhere: {arg} must be a whole number >= 1, "
                             f"got {value!r}.")
    rng = check_rng(rng, "symbol_anywhere")
    where = rng.integers(0, steps, size=n)
    symbol = rng.integers(0, 2, size=n)
    X = noise * rng.normal(size=(n, steps, 1))
    X[np.arange(steps)[None, :] < where[:, None]] = 0.0  # nothing before the symbol
    X[np.arange(n), where, 0] = 2.0 * symbol - 1.0
    return X, symbol[:, None].astype(float), where


def as_layout(X, layout):
    """The same windows X (N, look_back, 1), shaped as an LSTM reads them.

    An LSTM takes (batch, timesteps, features):
        "(look_back, 1)"  look_back steps of 1 feature: X itself
        "(1, look_back)"  1 step of look_back features: X.reshape(N, 1, look_back)
    The numbers are the same (no copy); only the shape says how they are read.
    """
    X = np.asarray(X)
    if X.ndim != 3 or X.shape[2] != 1:
        raise ValueError(f"as_layout expected windows of shape (N, look_back, 1), "
                         f"got {X.shape}. For windows (N, look_back), use "
                         "X[:, :, None].")
    if layout == LAYOUTS[0]:
        return X
    if layout == LAYOUTS[1]:
        return X.reshape(len(X), 1, X.shape[1])
    raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}.")


def layout_model(layout, look_back, *, units=8, seed=0, forget_bias=3.0):
    """LSTM + Dense(units, 1) (logits) for windows of `look_back` in `layout`.

    "(look_back, 1)": LSTM(1, units), run for look_back steps;
    "(1, look_back)": LSTM(look_back, units), run for one step.
    The same units, forget bias and seed in both: only the layout differs.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}.")
    features, steps = (1, look_back) if layout == LAYOUTS[0] else (look_back, 1)
    rng = np.random.default_rng(seed)
    return Sequential([LSTM(features, units, forget_bias=forget_bias, rng=rng),
                       Dense(units, 1, rng=rng)], input_shape=(steps, features))


def recurrence_check(layer, x, *, seed=0) -> dict:
    """What the recurrent weights Wh and the forget gate do for `layer` on x (N, T, F).

    Returns {"steps": T, "output_change": the largest change of the output when
    Wh is replaced by random values and every forget-gate bias is moved by +5
    (on a copy), "grad_Wh": the largest |dL/dWh|, "grad_forget": the largest
    |dL/dz_f| over steps, both for dL/dy = 1}. All three are exactly 0 when T = 1:
    the state starts at zero, and zero times anything is zero.
    """
    x = np.asarray(x, dtype=float)
    y = layer.forward(x)
    layer.backward(np.ones_like(y))
    H = layer.units
    grad_Wh = float(np.abs(layer.grads["Wh"]).max())
    grad_forget = float(np.abs(layer.cache["dz"][:, :, H:2 * H]).max())
    other = shift_forget_bias(layer, 5.0)
    other.params["Wh"] = np.random.default_rng(seed).normal(size=other.params[
        "Wh"].shape)
    change = float(np.abs(other.forward(x) - layer.forward(x)).max())
    return {"steps": x.shape[1], "output_change": change, "grad_Wh": grad_Wh,
            "grad_forget": grad_forget}


def one_step_formula(layer, x):
    """An LSTM's output on one-step input x (N, 1, F), written as a feed-forward layer.

    With h and c starting at zero, one step is
        z = x @ Wx + b            (N, 4H), gates in the order i, f, g, o
        h = sigmoid(z_o) · tanh(sigmoid(z_i) · tanh(z_g))
    Wh and the forget gate do not appear. Returns h (N, H).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 3 or x.shape[1] != 1:
        raise ValueError(f"one_step_formula expected one time step, x of shape "
                         f"(N, 1, F), got {x.shape}.")
    H = layer.units
    z = x[:, 0] @ layer.params["Wx"] + layer.params["b"]
    i, g, o = (z[:, k * H:(k + 1) * H] for k in (0, 2, 3))
    i, o = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-o))
    return o * np.tanh(i * np.tanh(g))


def accuracy_by_step(model, X, y, where) -> np.ndarray:
    """(T,): the share of windows answered right, by the step where the symbol arrived.

    X: windows of T values in the model's layout, (N, T, 1) or (N, 1, T); y (N, 1)
    0/1; where (N,) as given by `symbol_anywhere`. A step no window had is NaN.
    """
    X = np.asarray(X)
    right = (model.predict(X)[:, 0] > 0) == (np.asarray(y)[:, 0] > 0.5)
    where = np.asarray(where)
    steps = X.shape[1] * X.shape[2]  # T values per window, in either layout
    counts = np.bincount(where, minlength=steps)
    hits = np.bincount(where, weights=right, minlength=steps)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, hits / np.maximum(counts, 1), np.nan)


def unmoved_params(before, after) -> int:
    """How many parameters are exactly where they started: before and after are
    {name: array} (e.g. copies of layer.params taken before and after training)."""
    return int(sum(np.sum(before[k] == after[k]) for k in before))

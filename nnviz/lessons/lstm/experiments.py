"""The LSTM lesson's experiments: shapes, counts, and an LSTM watched step by step.

    lstm_param_count, lstm_shapes      what `units` means (Q30): every shape, the count
    shift_forget_bias, set_forget_bias copies of a layer with its forget gate moved
    memory_cell                        a one-unit LSTM set by hand to hold or fade
    sequence_trace                     gates, cell and hidden state at every step
"""

from __future__ import annotations

import numpy as np

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


"""A plain LSTM cell, one example and one step at a time: the reference for tests.

Written straight from the equations, with loops instead of batches, so that the
vectorized nnviz.nn.lstm.LSTM can be checked against it.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_cell(x_t, h, c, Wx, Wh, b):
    """One step for one example: x_t (F,), h, c (H,) -> h, c, (i, f, g, o)."""
    H = h.shape[0]
    z = x_t @ Wx + h @ Wh + b
    i = sigmoid(z[0:H])
    f = sigmoid(z[H:2 * H])
    g = np.tanh(z[2 * H:3 * H])
    o = sigmoid(z[3 * H:4 * H])
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, c, (i, f, g, o)


def lstm_sequence(x, Wx, Wh, b, h0=None, c0=None):
    """x (N, T, F) -> hs (N, T, H), cs (N, T, H), gates (N, T, 4, H), by loops."""
    n, steps, _ = x.shape
    H = Wh.shape[0]
    hs, cs = np.zeros((n, steps, H)), np.zeros((n, steps, H))
    gates = np.zeros((n, steps, 4, H))
    for k in range(n):
        h = np.zeros(H) if h0 is None else h0[k]
        c = np.zeros(H) if c0 is None else c0[k]
        for t in range(steps):
            h, c, a = lstm_cell(x[k, t], h, c, Wx, Wh, b)
            hs[k, t], cs[k, t], gates[k, t] = h, c, np.stack(a)
    return hs, cs, gates

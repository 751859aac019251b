"""The LSTM layer: one cell, reused at every time step, with backprop through time.

At each step t the cell reads x_t (N, F) and the previous state (h, c), both (N, H):

    z   = x_t @ Wx + h @ Wh + b          (N, 4H): four pre-activations side by side
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), tanh(z_g), sigmoid(z_o)
    c   = f * c + i * g                  forget some old memory, write some new
    h   = o * tanh(c)                    what the cell shows to the next step and layer

The gate order in Wx, Wh and b is **i, f, g, o** (input, forget, candidate,
output), the same as PyTorch's. `units` = H is the size of h and of c.

The same Wx, Wh, b are used at every step ("weights shared across time", Q14),
so backward *sums* each step's contribution:

    dWx = sum_t x_t.T @ dz_t      dWh = sum_t h_{t-1}.T @ dz_t      db = sum_t dz_t

Here those sums are single matrix products over all steps at once (the steps
stacked along the batch axis), which is the same sum written faster.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn import initializers
from nnviz.nn.layer import Layer, ShapeError, check_shape

GATES = ("i", "f", "g", "o")
GATE_NAMES = ("input gate i", "forget gate f", "candidate g", "output gate o")


def orthogonal(shape, rng=None):
    """Recurrent init: each (H, H) gate block of Wh (H, 4H) an orthogonal matrix."""
    rng = rng if rng is not None else np.random.default_rng()
    rows, cols = shape
    blocks = [np.linalg.qr(rng.normal(size=(rows, rows)))[0]
              for _ in range(cols // rows)]
    return np.concatenate(blocks, axis=1)


class LSTM(Layer):
    """Long short-term memory layer: c = f*c + i*g, h = o*tanh(c), at every step.

    Shapes:
        x  (N, T, F)  ->  y  (N, H), the last h;  or (N, T, H) with return_sequences
        Wx (F, 4H),   Wh (H, 4H),   b (4H,)       gate order i, f, g, o
        n_params = 4 · (H · (F + H) + H)

    Initial state (h0, c0), each (N, H) or (H,): `forward(x, initial_state=...)`
    or the attribute `layer.initial_state`; zeros when None. After backward,
    `layer.state_grads` holds (dL/dh0, dL/dc0).

    cache, kept for plots: "gates" (N, T, 4, H) the activated i, f, g, o;
    "c" and "h" (N, T, H) after every step; "h0", "c0" (N, H). These are views
    of the arrays the step loop fills, kept in "loop": gates (T, 4H, N) and
    c, h, tanh(c) (T, H, N), batch last (see `forward`). After backward, "dz"
    (N, T, 4H) holds dL/dz for every step.

    Parameters
    ----------
    n_in : F, features per time step.    units : H, size of h and c.
    forget_bias : initial value of the forget gate's bias (1.0: remember by default).
    init, recurrent_init : initializers of Wx and Wh ("orthogonal" per gate block).
    """

    def __init__(self, n_in, units, *, return_sequences=False, forget_bias=1.0,
                 init="glorot_uniform", recurrent_init="orthogonal", rng=None,
                 name=None, dtype=np.float64):
        super().__init__(name or "lstm")
        for arg, value in (("n_in", n_in), ("units", units)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"LSTM: {arg} must be a positive whole number, "
                                 f"got {value!r}.")
        rec = orthogonal if recurrent_init == "orthogonal" else initializers.get(
            recurrent_init)
        b = np.zeros(4 * units)
        b[units:2 * units] = forget_bias
        Wx = initializers.get(init)((n_in, 4 * units), rng)
        Wh = rec((units, 4 * units), rng)
        self.params = {"Wx": Wx.astype(dtype), "Wh": Wh.astype(dtype),
                       "b": b.astype(dtype)}
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self.return_sequences = bool(return_sequences)
        self.initial_state = None
        self.state_grads = None

    n_in = property(lambda self: self.params["Wx"].shape[0])
    units = property(lambda self: self.params["Wh"].shape[0])

    def forward(self, x, *, training=False, initial_state=None):
        x = check_shape(x, (None, None, self.n_in), layer=self, hint=_hint)
        (n, steps, _), H, dtype = x.shape, self.units, self.params["b"].dtype
        h, c = self._start(initial_state, n)
        x = x.astype(dtype, copy=False)
        # The loop works on the transposed equations, batch along the last axis:
        #     z.T = Wx.T @ x_t.T + Wh.T @ h.T + b         (4H, N)
        # so each gate is one contiguous block of H rows, and every product below
        # runs over contiguous memory (twice as fast as cutting the gates out of
        # (N, 4H) rows; the arithmetic is the same).
        # sigmoid(z) = (1 + tanh(z/2)) / 2: with the i, f, o rows of the weights
        # halved, one tanh activates all four gates (then * 1/2 + 1/2 for i, f, o).
        half = _gate_scales(H, dtype)[:, None]                 # (4H, 1)
        WhT = self.params["Wh"].T * half                       # (4H, H)
        # The input part of z, Wx.T @ x_t.T + b, for every step at once: one
        # product of [Wx.T | b] (4H, F+1) with [x.T ; 1] (F+1, T·N), steps side
        # by side (the row of ones carries the bias).
        Wxb = np.hstack([self.params["Wx"].T, self.params["b"][:, None]]) * half
        x1 = np.ones((self.n_in + 1, steps, n), dtype)
        x1[:-1] = x.transpose(2, 1, 0)                         # (F, T, N)
        zx = (Wxb @ x1.reshape(self.n_in + 1, -1)).reshape(4 * H, steps, n)
        gates = np.empty((steps, 4 * H, n), dtype)             # i, f, g, o blocks
        cs, hs, tanh_cs = (np.empty((steps, H, n), dtype) for _ in range(3))
        ig = np.empty((H, n), dtype)
        h_t, c_t = h.T, c.T                                    # (H, N)
        for t in range(steps):
            z = gates[t]
            np.matmul(WhT, h_t, out=z)                         # (4H, H) @ (H, N)
            z += zx[:, t]
            np.tanh(z, out=z)
            for sig in (z[:2 * H], z[3 * H:]):                 # i, f and o: sigmoid
                sig *= 0.5
                sig += 0.5
            i, f, g, o = z[:H], z[H:2 * H], z[2 * H:3 * H], z[3 * H:]
            c_t = np.multiply(f, c_t, out=cs[t])               # c = f * c
            c_t += np.multiply(i, g, out=ig)                   #   + i * g
            h_t = np.multiply(o, np.tanh(c_t, out=tanh_cs[t]), out=hs[t])  # o tanh(c)
        # Batch-major views for plots: gates (N, T, 4, H), c and h (N, T, H).
        self.cache = {"x": x,
                      "gates": gates.reshape(steps, 4, H, n).transpose(3, 0, 1, 2),
                      "c": cs.transpose(2, 0, 1), "h": hs.transpose(2, 0, 1),
                      "h0": h, "c0": c, "loop": (gates, cs, hs, tanh_cs)}
        y = self.cache["h"] if self.return_sequences else h_t.T.copy()
        return self._remember_output(y)

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 3 or shape[2] not in (None, self.n_in):
            raise ShapeError(f'LSTM "{self.name}" expected input of shape (N, T, '
                             f'{self.n_in}) but got {shape}. ' + _hint_shape(shape))
        if self.return_sequences:
            return (shape[0], shape[1], self.units)
        return (shape[0], self.units)

    def input_shape_hint(self):
        """(N, T, F) with batch and time free: what Sequential assumes by default."""
        return (None, None, self.n_in)

    def _start(self, initial_state, n):
        state = initial_state if initial_state is not None else self.initial_state
        dtype, H = self.params["b"].dtype, self.units
        if state is None:
            return np.zeros((n, H), dtype), np.zeros((n, H), dtype)
        return tuple(np.broadcast_to(np.asarray(s, dtype), (n, H)).copy()
                     for s in state)

    def backward(self, dy):
        """Backprop through time, last step first; sets grads; returns dx (N, T, F).

        Works on the loop's transposed arrays, (T, rows, N), like `forward`.
        """
        dy = self._check_backward(dy)
        x = self.cache["x"]
        gates, cs, hs, tanh_cs = self.cache["loop"]     # (T, 4H, N), (T, H, N) x 3
        steps, H, n = cs.shape
        gates = gates.reshape(steps, 4, H, n)
        i, f, g, o = gates[:, 0], gates[:, 1], gates[:, 2], gates[:, 3]
        Wh = self.params["Wh"]
        # How each z moves c (c = f c_prev + i g), for every step at once, with the
        # local slopes sigmoid' = s (1 - s) and tanh' = 1 - g**2 (in place: few
        # large temporaries):   dc/dz_i = g i(1-i),  dc/dz_f = c_prev f(1-f),
        # dc/dz_g = i (1 - g**2).  Then dz_i, dz_f, dz_g = dc * dz_dc.
        dz_dc = np.subtract(1.0, gates[:, :3])
        dz_dc[:, :2] *= gates[:, :2]
        dz_dc[:, 0] *= g
        dz_dc[1:, 1] *= cs[:-1]
        dz_dc[0, 1] *= self.cache["c0"].T
        np.multiply(dz_dc[:, 2], 1.0 + g, out=dz_dc[:, 2])   # (1 - g)(1 + g)
        dz_dc[:, 2] *= i
        # z_o moves h = o tanh(c):  dh/dz_o = o(1-o) tanh(c);
        # and dh/dc = o (1 - tanh(c)**2).
        dzo_dh = np.subtract(1.0, o)
        dzo_dh *= o
        dzo_dh *= tanh_cs
        dc_dh = np.square(tanh_cs)
        np.subtract(1.0, dc_dh, out=dc_dh)
        dc_dh *= o
        dz = np.empty((steps, 4, H, n), gates.dtype)        # dL/dz for every step
        dh = np.zeros((H, n), gates.dtype)
        dc = np.zeros((H, n), gates.dtype)
        for t in reversed(range(steps)):
            if self.return_sequences:
                dh += dy[:, t].T                            # from the output at t
            elif t == steps - 1:
                dh += dy.T                                  # from the last output
            dc += dh * dc_dh[t]                             # c reaches L through h too
            np.multiply(dc, dz_dc[t], out=dz[t, :3])        # dL/dz_i, dz_f, dz_g
            np.multiply(dh, dzo_dh[t], out=dz[t, 3])        # dL/dz_o
            dc *= f[t]                                      # c_prev reaches c through f
            dh = Wh @ dz[t].reshape(4 * H, n)               # (H, 4H) @ (4H, N)
        # Weights shared across time: each gradient sums over all steps and examples,
        # one matrix product over the steps laid side by side: (rows, T·N).
        flat = dz.reshape(steps, 4 * H, n).transpose(1, 0, 2).reshape(4 * H, -1)
        h_prev = np.concatenate([self.cache["h0"].T[None], hs[:-1]])    # (T, H, N)
        x_cols = x.transpose(2, 1, 0).reshape(x.shape[2], -1)            # (F, T·N)
        self.grads["Wx"] = x_cols @ flat.T                      # (F, TN) @ (TN, 4H)
        self.grads["Wh"] = h_prev.transpose(1, 0, 2).reshape(H, -1) @ flat.T
        self.grads["b"] = flat @ np.ones(flat.shape[1], flat.dtype)  # sum over T·N
        self.state_grads = (dh.T.copy(), dc.T.copy())
        dz = dz.reshape(steps, 4 * H, n)
        self.cache["dz"] = dz.transpose(2, 0, 1)  # (N, T, 4H), for the lesson (Q14)
        # dx_t = dz_t @ Wx.T for every step: (F, 4H) @ (T, 4H, N) -> (T, F, N).
        return np.matmul(self.params["Wx"], dz).transpose(2, 0, 1)


def _gate_scales(H, dtype):
    """(4H,): 1/2 for the rows of i, f, o (sigmoid via tanh) and 1 for g."""
    half = np.full((4, H), 0.5, dtype)
    half[2] = 1.0
    return half.ravel()


def _hint(x):
    return _hint_shape(x.shape)


def _hint_shape(shape):
    if len(shape) == 2:
        return ("An LSTM reads sequences: give (batch, timesteps, features), e.g. "
                "x[:, :, None] for one feature per step.")
    return "Set n_in to the number of features per time step (the last axis)."

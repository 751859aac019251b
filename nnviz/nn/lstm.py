"""The LSTM layer: one cell, reused at every time step, with backprop through time.

At each step t the cell reads x_t (N, F) and the previous state (h, c), both (N, H):

    z   = x_t @ Wx + h @ Wh + b          (N, 4H): four pre-activations side by side
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), tanh(z_g), sigmoid(z_o)
    c   = f * c + i * g                  forget some old memory, write some new
    h   = o * tanh(c)                    what the cell shows to the next step and layer

The gate order in Wx, Wh and b is **i, f, g, o** (input, forget, candidate,
output), the same as PyTorch's. `units` = H is the size of h and of c.

Backward, one step (last step first), with dh and dc the gradients reaching
h_t and c_t from later steps and from the output:

    dc  += dh * o * (1 - tanh(c)**2)     c also reaches the loss through h
    dz_i = dc * g * i * (1 - i)          dz_f = dc * c_prev * f * (1 - f)
    dz_g = dc * i * (1 - g**2)           dz_o = dh * tanh(c) * o * (1 - o)
    dh_prev = dz @ Wh.T                  dc_prev = dc * f

The same Wx, Wh, b are used at every step ("weights shared across time", Q14),
so their gradients *sum* every step's contribution:

    dWx = sum_t x_t.T @ dz_t      dWh = sum_t h_prev_t.T @ dz_t      db = sum_t dz_t
"""

from __future__ import annotations

import numpy as np

from nnviz.nn import initializers
from nnviz.nn.activations import sigmoid, tanh
from nnviz.nn.layer import Layer, ShapeError, check_shape, describe

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

    cache, kept for plots: "x"; "gates" (N, T, 4, H) the activated i, f, g, o;
    "c" and "h" (N, T, H) after every step; "h0", "c0" (N, H). After backward,
    "dz" (N, T, 4H) holds dL/dz for every step.

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
        x = check_sequences(x, self)
        n, steps, _ = x.shape
        dtype = self.params["b"].dtype
        state = initial_state if initial_state is not None else self.initial_state
        h, c = start_state(state, n, self.units, dtype, self)
        x = x.astype(dtype, copy=False)
        gates = np.empty((n, steps, 4, self.units), dtype)
        cs, hs = (np.empty((n, steps, self.units), dtype) for _ in range(2))
        self.cache = {"x": x, "gates": gates, "c": cs, "h": hs, "h0": h, "c0": c}
        zx = x @ self.params["Wx"] + self.params["b"]  # (N, T, F) @ (F, 4H): all t
        for t in range(steps):
            h, c, gates[:, t] = cell_forward(zx[:, t], h, c, self.params["Wh"])
            cs[:, t], hs[:, t] = c, h
        return self._remember_output(hs if self.return_sequences else h)

    def backward(self, dy):
        """Backprop through time, last step first; sets grads; returns dx (N, T, F)."""
        dy = self._check_backward(dy)
        x, gates, cs, hs = (self.cache[k] for k in ("x", "gates", "c", "h"))
        c_prev = before_each_step(self.cache["c0"], cs)  # (N, T, H): c_(t-1) at t
        h_prev = before_each_step(self.cache["h0"], hs)
        dh_out = np.zeros_like(hs)  # dL/dh_t from the layer's output, (N, T, H)
        if self.return_sequences:
            dh_out[:] = dy
        else:
            dh_out[:, -1] = dy      # only the last h is the output
        dz = np.empty(hs.shape[:2] + (4 * self.units,), hs.dtype)  # (N, T, 4H)
        dh, dc = np.zeros_like(hs[:, 0]), np.zeros_like(cs[:, 0])
        for t in reversed(range(hs.shape[1])):
            dz[:, t], dh, dc = cell_backward(dh + dh_out[:, t], dc, gates[:, t],
                                             c_prev[:, t], cs[:, t], self.params["Wh"])
        # Weights shared across time: each gradient is a sum over every step t
        # and example n, so merge (N, T) into N·T rows, as a Dense layer's batch.
        x, h_prev, dz_all = (a.reshape(-1, a.shape[-1]) for a in (x, h_prev, dz))
        self.grads["Wx"] = x.T @ dz_all        # (F, NT) @ (NT, 4H)
        self.grads["Wh"] = h_prev.T @ dz_all   # (H, NT) @ (NT, 4H)
        self.grads["b"] = dz_all.sum(axis=0)
        self.state_grads, self.cache["dz"] = (dh, dc), dz
        return dz @ self.params["Wx"].T  # (N, T, 4H) @ (4H, F)

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


def cell_forward(zx, h, c, Wh):
    """One step of the cell: the new h, c (N, H) and the gates i, f, g, o (N, 4, H).

    zx (N, 4H) is this step's x_t @ Wx + b; h, c (N, H) the state before the step.
    """
    z = zx + h @ Wh                # (N, H) @ (H, 4H) -> (N, 4H)
    z = z.reshape(len(h), 4, -1)   # (N, 4, H): z[:, 0] is z_i, then z_f, z_g, z_o
    i, f = sigmoid(z[:, 0]), sigmoid(z[:, 1])
    g, o = tanh(z[:, 2]), sigmoid(z[:, 3])
    c = f * c + i * g
    h = o * tanh(c)
    return h, c, np.stack([i, f, g, o], axis=1)


def cell_backward(dh, dc, gates, c_prev, c, Wh):
    """One step of the cell, backward: dL/dz_t, then dL/dh and dL/dc one step earlier.

    dh, dc, c_prev, c (N, H): gradients reaching h_t and c_t, the cell before and
    after the step.  gates (N, 4, H): i, f, g, o of the step.  Wh (H, 4H).
    """
    i, f, g, o = gates[:, 0], gates[:, 1], gates[:, 2], gates[:, 3]
    tanh_c = tanh(c)
    dc = dc + dh * o * (1 - tanh_c**2)  # c reaches the loss through h = o tanh(c) too
    dz_i = dc * g * i * (1 - i)
    dz_f = dc * c_prev * f * (1 - f)
    dz_g = dc * i * (1 - g**2)
    dz_o = dh * tanh_c * o * (1 - o)
    dz = np.concatenate([dz_i, dz_f, dz_g, dz_o], axis=1)  # (N, 4H), order i, f, g, o
    return dz, dz @ Wh.T, dc * f                           # (N, 4H) @ (4H, H)


def before_each_step(first, states):
    """(N, T, H): the state each step starts from, first (N, H) then states[:, :-1]."""
    return np.concatenate([first[:, None], states[:, :-1]], axis=1)


def check_sequences(x, layer):
    """x (N, T, F) with at least one time step, or a ShapeError that says the fix."""
    x = check_shape(x, (None, None, layer.n_in), layer=layer, hint=_hint)
    if x.shape[1] == 0:
        raise ShapeError(
            f"{describe(layer)} expected input of shape (N, T, F) = (N, T, "
            f"{layer.n_in}) with at least one time step, but got {x.shape}: "
            "sequences of 0 steps. Check how x was cut (e.g. x[:, :0] is empty).")
    return x


def start_state(state, n, H, dtype, layer):
    """(h0, c0), each (N, H): zeros when `state` is None, else the pair, checked."""
    if state is None:
        return np.zeros((n, H), dtype), np.zeros((n, H), dtype)
    fix = (f"Pass initial_state=(h0, c0), each of shape (N, H) = ({n}, {H}) or "
           f"(H,) = ({H},): N is the batch size of x and H the layer's units.")
    if not isinstance(state, (tuple, list)) or len(state) != 2:
        raise ValueError(f"{describe(layer)}: initial_state must be a pair (h0, c0), "
                         f"but got {_what(state)}. {fix} h0 and c0 are two states "
                         "(the hidden state and the cell's memory), given separately.")
    for name, s in zip(("h0", "c0"), state, strict=True):
        if np.shape(s) not in ((n, H), (H,)):
            torch_like = np.shape(s) == (1, n, H)  # PyTorch's (layers, N, H)
            raise ShapeError(f"{describe(layer)}: initial_state {name} must have "
                             f"shape (N, H) = ({n}, {H}) or (H,) = ({H},), but got "
                             f"{np.shape(s)}. {fix}"
                             + (f" Drop PyTorch's layer axis: {name}[0]." * torch_like))
    return tuple(np.broadcast_to(np.asarray(s, dtype), (n, H)).copy() for s in state)


def _what(state):
    if isinstance(state, np.ndarray):
        return f"one array of shape {state.shape}"
    if isinstance(state, (tuple, list)):
        return f"a {type(state).__name__} of {len(state)} item(s)"
    return f"{state!r} ({type(state).__name__})"


def _hint(x):
    return _hint_shape(x.shape)


def _hint_shape(shape):
    if len(shape) == 2:
        return ("An LSTM reads sequences: give (batch, timesteps, features), e.g. "
                "x[:, :, None] for one feature per step.")
    return "Set n_in to the number of features per time step (the last axis)."

"""The dense (fully connected) layer: one matrix product for a whole batch."""

from __future__ import annotations

import numpy as np

from nnviz.nn import initializers
from nnviz.nn.layer import Layer, ShapeError, check_shape, describe


class Dense(Layer):
    """Fully connected layer: y = x @ W + b.

    Shapes:
        x  (N, n_in)   ->   y  (N, n_out)
        W  (n_in, n_out),   b  (n_out,)
        x  (N, T, n_in) -> y  (N, T, n_out): more leading axes (e.g. every time
        step of an LSTM's sequence output) share the same W and b.

    Backward, for the whole batch at once:
        dx = dy @ W.T          (N, n_out) @ (n_out, n_in)
        dW = x.T @ dy          (n_in, N) @ (N, n_out): a sum over the batch
        db = dy.sum(axis=0)    one bias, used by every example

    Parameters
    ----------
    n_in, n_out : number of input features and of units.
    init : initializer name (see `nnviz.nn.initializers`), a number (std of
        a normal) or a function (shape, rng) -> array.
    rng : numpy Generator used by the initializer.
    dtype : float64 (default) or float32.
    """

    def __init__(self, n_in, n_out, *, init="glorot_uniform", rng=None, name=None,
                 dtype=np.float64):
        super().__init__(name or "dense")
        for arg, value in (("n_in", n_in), ("n_out", n_out)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(
                    f"Dense: {arg} must be a positive whole number, got {value!r}."
                )
        self.params = {
            "W": initializers.get(init)((n_in, n_out), rng).astype(dtype),
            "b": np.zeros(n_out, dtype=dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    @property
    def n_in(self):
        return self.params["W"].shape[0]

    @property
    def n_out(self):
        return self.params["W"].shape[1]

    def forward(self, x, *, training=False):
        ndim = getattr(x, "ndim", 2)  # (N, n_in), or (N, T, ..., n_in)
        leading = (None,) if ndim <= 2 else (None,) * (ndim - 1)
        x = check_shape(x, (*leading, self.n_in), layer=self, hint=_n_in_hint)
        self.cache = {"x": x}
        y = x @ self.params["W"]  # (N, in) @ (in, out)
        y += self.params["b"]     # + (out,), in place: no second (N, out) array
        return self._remember_output(y)

    def backward(self, dy, *, input_grad=True):
        """Set grads["W"], grads["b"]; return dx, or None when input_grad=False
        (the first layer's dx would go nowhere: training skips that product)."""
        dy = self._check_backward(dy)
        x = x_in = self.cache["x"]
        if x.ndim > 2:  # (N, T, ...): every position is one more example of the sums
            x, dy = x.reshape(-1, self.n_in), dy.reshape(-1, self.n_out)
        self.grads["W"] = x.T @ dy  # (in, N) @ (N, out): a sum over the batch
        self.grads["b"] = dy.sum(axis=0)  # one bias, used by every example
        if not input_grad:
            return None
        dx = dy @ self.params["W"].T  # (N, out) @ (out, in)
        return dx if x is x_in else dx.reshape(x_in.shape)

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) < 2 or shape[-1] not in (None, self.n_in):
            raise ShapeError(
                f"{describe(self)} expected input of shape (N, {self.n_in}) but got "
                f"{shape}. " + _shape_hint(shape, self.n_out))
        return (*shape[:-1], self.n_out)


def _n_in_hint(x):
    return _shape_hint(x.shape)


def _shape_hint(shape, n_out=None):
    """How to fix an input of the wrong `shape` (batch size may be None)."""
    if len(shape) < 2:
        return ("A dense layer takes a batch: (N, features). For one example use "
                "x[None], for one feature per example x[:, None].")
    if len(shape) > 2 and shape[-1] is not None:
        return (f"It reads the last axis as the features: set n_in={shape[-1]}, or "
                "Flatten the input first (Flatten() before Dense).")
    fix = f": Dense({shape[-1]}, {n_out})," if n_out else ""
    return f"Set n_in={shape[-1]}{fix} or change the previous layer."

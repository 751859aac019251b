"""The dense (fully connected) layer: one matrix product for a whole batch."""

from __future__ import annotations

import numpy as np

from . import initializers
from .layer import Layer, check_shape


class Dense(Layer):
    """Fully connected layer: y = x @ W + b.

    Shapes:
        x  (N, n_in)   ->   y  (N, n_out)
        W  (n_in, n_out),   b  (n_out,)

    Backward, for the whole batch at once:
        dx = dy @ W.T          (N, n_out) @ (n_out, n_in)
        dW = x.T @ dy          (n_in, N) @ (N, n_out): a sum over the batch
        db = dy.sum(axis=0)    one bias, used by every example

    Parameters
    ----------
    n_in, n_out : number of input features and of units.
    init : initializer name (see `nnviz.core.initializers`), a number (std of
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
        x = check_shape(x, (None, self.n_in), layer=self, hint=_n_in_hint)
        self.cache = {"x": x}
        return x @ self.params["W"] + self.params["b"]  # (N, in) @ (in, out) + (out,)

    def backward(self, dy, *, input_grad=True):
        """Set grads["W"], grads["b"]; return dx, or None when input_grad=False
        (the first layer's dx would go nowhere: training skips that product)."""
        dy = self._check_backward(dy)
        x = self.cache["x"]
        self.grads["W"] = x.T @ dy  # (in, N) @ (N, out)
        # db = dy.sum(axis=0), written as dW's formula with x replaced by ones:
        # b is a weight whose input is always 1. (The product is also faster.)
        self.grads["b"] = np.ones(len(dy), dtype=dy.dtype) @ dy  # (N,) @ (N, out)
        if not input_grad:
            return None
        return dy @ self.params["W"].T  # (N, out) @ (out, in)

    def output_shape(self, input_shape):
        return (*tuple(input_shape)[:-1], self.n_out)


def _n_in_hint(x):
    if x.ndim != 2:
        return ""
    return f"Set n_in={x.shape[-1]} or change the previous layer."

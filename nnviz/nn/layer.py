"""The Layer base class, and the shape check every layer uses.

Every layer in nnviz has the same small interface:

    y  = layer.forward(x, training=False)  # keeps what backward needs in layer.cache
    dx = layer.backward(dy)                # dy = dL/dy in, dx = dL/dx out; sets grads

`params` holds the trainable arrays by name ("W", "b", ...), and `grads` holds
dL/d(param) under the same names and shapes. Optimizers update `params` *in
place*, so a plot that keeps a reference to `layer.params["W"]` always shows
the live weights.

`backward` *overwrites* `grads` (it does not add to them, unlike PyTorch or
micrograd). One forward, one backward, one optimizer step: there is no
`zero_grad` to forget. Where a weight is used several times inside one layer
(a convolution kernel at every position, an LSTM cell at every time step) the
layer sums those contributions itself, and the sum is written out in its code.
"""

from __future__ import annotations

import numpy as np


class ShapeError(ValueError):
    """An array reached a layer with a shape the layer cannot take."""


class Layer:
    """A step in a network: maps x to y on the way forward, dy to dx on the way back.

    Subclasses set `params` (trainable arrays) and `grads` (same keys and shapes),
    and keep in `cache` whatever `backward` needs from the last `forward`.
    """

    name: str = "layer"
    params: dict
    grads: dict

    def __init__(self, name: str | None = None):
        self.name = name or type(self).__name__.lower()
        self.params = {}
        self.grads = {}
        self.cache = {}

    def forward(self, x, *, training=False):
        """Return the layer output for a batch `x`."""
        raise NotImplementedError

    def backward(self, dy):
        """Given dL/dy for the last forward, set self.grads and return dL/dx."""
        raise NotImplementedError

    def output_shape(self, input_shape):
        """Shape of the output for an input of `input_shape` (batch may be None)."""
        return tuple(input_shape)

    @property
    def n_params(self) -> int:
        """Number of trainable numbers in this layer."""
        return int(sum(p.size for p in self.params.values()))

    def _remember_output(self, y):
        """Note the shape of the output in the cache (backward checks dy against it)."""
        self.cache["y_shape"] = np.shape(y)
        return y

    def _check_backward(self, dy):
        """dy as an array, checked before anything changes: forward must have run,
        and dy = dL/dy must have the shape of the last output y."""
        if not self.cache:
            raise RuntimeError(
                f'{describe(self)}: backward() was called before forward(). '
                "Run a forward pass first: backward needs the values it saw."
            )
        dy = np.asarray(dy)
        expected = self.cache.get("y_shape")
        if expected is not None and dy.shape != tuple(expected):
            raise ShapeError(
                f"{describe(self)}.backward(dy) needs dy of shape {tuple(expected)}, "
                f"the shape of its last output, but got {dy.shape}. dy holds dL/dy, "
                "one number for each output number: pass what the next layer's "
                "backward (or loss.backward()) returned for this layer's output."
            )
        return dy

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r})"


def describe(layer) -> str:
    """'Dense "dense_2"': the class and name of a layer, for error messages."""
    if layer is None:
        return "This layer"
    return f'{type(layer).__name__} "{layer.name}"'


def _fmt(shape) -> str:
    letters = iter("NTCHW")
    parts = []
    for dim in shape:
        parts.append(next(letters, "?") if dim is None else str(dim))
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def check_shape(x, expected, *, layer=None, hint: str = "") -> np.ndarray:
    """Check that `x` has the `expected` shape; `None` entries match any size.

    Returns `x` as an array. Raises `ShapeError` naming the layer, the
    shape expected, the shape received, and (when given) how to fix it.
    `hint` may be a function of x, called only when the shape is wrong.
    """
    x = np.asarray(x)
    ok = x.ndim == len(expected) and all(
        want is None or want == got
        for want, got in zip(expected, x.shape, strict=True)
    )
    if not ok:
        message = (
            f"{describe(layer)} expected input of shape {_fmt(expected)} "
            f"but got {tuple(x.shape)}."
        )
        if x.ndim == len(expected):
            for axis, (want, got) in enumerate(zip(expected, x.shape, strict=True)):
                if want is not None and want != got and axis == len(expected) - 1:
                    message += (
                        f" The previous layer (or your data) gives {got} features"
                        f" per example; this layer was built for {want}."
                    )
        elif x.ndim != len(expected):
            message += f" It needs a {len(expected)}-D array, not {x.ndim}-D."
        hint = hint(x) if callable(hint) else hint
        if hint:
            message += " " + hint
        raise ShapeError(message)
    if x.dtype.kind not in "biufc":  # bool, int, unsigned, float, complex
        raise TypeError(
            f"{describe(layer)} expected numbers but got an array of {x.dtype}."
        )
    return x


def check_finite(x, what: str) -> np.ndarray:
    """Raise ValueError if `x` holds NaN or inf, saying where the first one is."""
    x = np.asarray(x)
    if x.dtype.kind != "f":  # not a float array: convert, or say what it holds
        try:
            x = x.astype(float)
        except (TypeError, ValueError):
            raise ValueError(
                f"{what} must hold numbers, but it holds {x.dtype}."
            ) from None
    bad = ~np.isfinite(x)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{what} contains {x[index]} at index {index} "
            f"({int(bad.sum())} non-finite value(s) in all). "
            "Remove or fill missing values before training."
        )
    return x

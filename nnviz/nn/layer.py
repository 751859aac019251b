"""The Layer base class, and the checks every layer (and the training code) uses.

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

The checks below turn a learner's slip into a sentence, raised before anything
changes: `check_shape` (an input of the wrong shape or kind) and `check_finite`
(NaN or inf in data); arguments are checked in checks.py. Each message says what
was expected, what was got, where, and the likely fix.
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
        and dy = dL/dy must hold real numbers in the shape of the last output y."""
        if not self.cache:
            raise RuntimeError(
                f'{describe(self)}: backward() was called before forward(). '
                "Run a forward pass first: backward needs the values it saw."
            )
        if not (type(dy) is np.ndarray and dy.dtype.kind in "biuf"):
            dy = check_numbers(dy, f"The dy given to {describe(self)}.backward")
        expected = self.cache.get("y_shape")
        if expected is not None and dy.shape != tuple(expected):
            raise ShapeError(
                f"{describe(self)}.backward(dy) needs dy of shape {tuple(expected)}, "
                f"the shape of its last output, but got {shape_words(dy.shape)}. "
                "dy holds dL/dy, one number for each output number: pass what the "
                "next layer's backward (or loss.backward()) returned for this "
                "layer's output."
            )
        return dy

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r})"


def describe(layer) -> str:
    """'Dense "dense_2"': the class and name of a layer, for error messages."""
    if layer is None:
        return "This layer"
    return f'{type(layer).__name__} "{layer.name}"'


# The letters of each axis, by the kind of input: rows of features, sequences
# (time steps of features), images (channels of height x width). A layer can
# name its own with a class attribute `input_axes` (e.g. "NCHW").
AXES = {1: "N", 2: "NF", 3: "NTF", 4: "NCHW"}


def _fmt(shape, axes=None) -> str:
    """(None, 3) -> '(N, 3)'; (None, 1, None, None) -> '(N, 1, H, W)'."""
    letters = axes or AXES.get(len(shape), "")
    parts = [
        (letters[i] if i < len(letters) else "?") if dim is None else str(dim)
        for i, dim in enumerate(shape)
    ]
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def shape_words(shape) -> str:
    """'(32, 4)'; '(N, 3)' when the batch size is free (None); 'a single
    number, not an array' for shape () (no axes)."""
    shape = tuple(shape)
    if shape == ():
        return "a single number, not an array"
    return _fmt(shape) if None in shape else str(shape)


def as_array(x, what: str) -> np.ndarray:
    """np.asarray(x), or a ShapeError in words when x has rows of different
    lengths (numpy cannot make one array of them)."""
    try:
        return np.asarray(x)
    except ValueError:
        detail = ""
        try:
            lengths = [len(row) for row in x]
            first = next(i for i, n in enumerate(lengths) if n != lengths[0])
            detail = (f": row 0 has {lengths[0]} values but row {first} has "
                      f"{lengths[first]}")
        except (TypeError, StopIteration):
            pass
        raise ShapeError(
            f"{what} has rows of different lengths{detail}. Every example needs "
            "the same number of values: look for a missing or extra entry."
        ) from None


def check_numbers(x, what: str) -> np.ndarray:
    """x as an array of real numbers (bool, int or float), or a TypeError
    saying what it holds instead: text, complex numbers, or other objects."""
    if type(x) is np.ndarray and x.dtype.kind in "biuf":  # the usual case, fast
        return x
    x = as_array(x, what)
    kind = x.dtype.kind
    if kind in "biuf":
        return x
    if kind == "c":
        raise TypeError(
            f"{what} must hold real numbers, but holds complex ones ({x.dtype}): "
            "networks here compute with real numbers. Pass x.real, or np.abs(x) "
            "for the magnitude."
        )
    if kind in "US":
        first = str(x.flat[0]) if x.size else ""
        raise TypeError(
            f"{what} must hold numbers, but holds text (such as {first!r}). Turn "
            "categories into numbers first (0, 1, ...), and text into numbers "
            "with float()."
        )
    for index, value in np.ndenumerate(x):  # objects: find the first non-number
        if not isinstance(value, (int, float, np.number)) or isinstance(
                value, complex):
            raise TypeError(
                f"{what} must hold numbers, but entry {index} is {value!r}. "
                "Fill in missing values and convert the rest to float."
            )
    return x.astype(float)


def check_shape(x, expected, *, layer=None, hint: str = "", axes=None) -> np.ndarray:
    """Check that `x` holds numbers and has the `expected` shape; `None` entries
    match any size.

    Returns `x` as an array. Raises `ShapeError` naming the layer, the
    shape expected (axes lettered by kind: (N, F) rows, (N, T, F) sequences,
    (N, C, H, W) images; `axes` or the layer's `input_axes` can say otherwise),
    the shape received, and (when given) how to fix it. `hint` may be a
    function of x, called only when the shape is wrong. Text, complex numbers
    and other objects raise TypeError; rows of different lengths ShapeError.
    """
    if not (type(x) is np.ndarray and x.dtype.kind in "biuf"):  # words only if needed
        x = check_numbers(x, f"The input of {describe(layer)}")
    ok = x.ndim == len(expected) and all(
        want is None or want == got
        for want, got in zip(expected, x.shape, strict=True)
    )
    if ok:
        return x
    axes = axes or getattr(layer, "input_axes", None) or AXES.get(len(expected), "")
    message = (
        f"{describe(layer)} expected input of shape {_fmt(expected, axes)} "
        f"but got {shape_words(x.shape)}."
    )
    if x.ndim == len(expected):
        want, got = expected[-1], x.shape[-1]
        if want is not None and want != got and axes.endswith("F"):
            per = "time step" if axes.endswith("TF") else "example"
            message += (f" The previous layer (or your data) gives {got} features"
                        f" per {per}; this layer was built for {want}.")
    else:
        message += f" It needs a {len(expected)}-D array" + (
            "." if x.ndim == 0 else f", not {x.ndim}-D.")
    if _channels_last(x, expected, axes):
        n_channels = f"{x.shape[3]} channel" + ("s" if x.shape[3] > 1 else "")
        hint = (
            f"The channels seem to be the last axis (NHWC: {x.shape[1]}x"
            f"{x.shape[2]} pixels of {n_channels}), but nnviz image layers "
            "take NCHW: use x.transpose(0, 3, 1, 2)."
        )
    else:
        hint = (hint(x) if callable(hint) else hint) or _axes_hint(x, axes)
    if hint:
        message += " " + hint.strip()
    raise ShapeError(message)


def _channels_last(x, expected, axes) -> bool:
    """An image batch (N, H, W, C) given where (N, C, H, W) was expected?"""
    channels = expected[1] if axes == "NCHW" else None
    return (channels is not None and x.ndim == 4 and x.shape[1] != channels
            and x.shape[3] == channels)


def _axes_hint(x, axes) -> str:
    """How to fix an input that lacks an axis, for image and sequence layers."""
    if axes == "NCHW" and x.ndim == 3:
        return "Images need a channel axis: x[:, None] makes (N, 1, H, W)."
    if axes == "NCHW" and x.ndim == 2:
        return ("Flat rows of pixels? Reshape them to images, e.g. "
                "x.reshape(len(x), 1, 28, 28).")
    if axes == "NTF" and x.ndim == 2:
        return "A sequence needs a feature axis: x[:, :, None] makes (N, T, 1)."
    return ""


def check_finite(x, what: str) -> np.ndarray:
    """x as a float array, or a ValueError saying where the first NaN or inf is
    (TypeError for text, complex numbers or other objects)."""
    try:
        x = check_numbers(x, what)
    except TypeError as error:
        raise ValueError(str(error)) from None
    if x.dtype.kind != "f":  # bool or whole numbers: no NaN possible
        return x.astype(float)
    bad = ~np.isfinite(x)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{what} contains {x[index]} at index {index} "
            f"({int(bad.sum())} non-finite value(s) in all). "
            "Remove or fill in missing values first."
        )
    return x

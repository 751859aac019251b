"""Sequential: layers applied one after another, forward then backward.

This is all the "bookkeeping" a framework does for a feed-forward net:

    forward:   x -> layer 1 -> layer 2 -> ... -> y         (each layer caches its input)
    backward:  dL/dy -> ... -> layer 2 -> layer 1           (chain rule, in reverse)
    update:    optimizer.step(model) changes every params[key] in place
"""

from __future__ import annotations

import numpy as np

from nnviz.nn import activations
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.layer import Layer, ShapeError, check_finite


class Sequential:
    """A stack of layers: y = layer_k(... layer_2(layer_1(x))).

    Layers get unique names in order (dense_1, tanh_1, dense_2, ...), which
    the optimizer uses to keep its state and `summary()` prints.
    """

    def __init__(self, layers, *, input_shape=None):
        self.layers = list(layers)
        for i, layer in enumerate(self.layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Sequential expected layers (such as nv.Dense(2, 3)) but item {i} "
                    f"is {type(layer).__name__}: {layer!r}."
                )
        counts = {}
        for layer in self.layers:
            base = layer.name.rsplit("_", 1)[0] if _numbered(layer.name) else layer.name
            counts[base] = counts.get(base, 0) + 1
            layer.name = f"{base}_{counts[base]}"
        self.input_shape = _infer_input_shape(self.layers, input_shape)
        self.check_shapes()

    def forward(self, x, *, training=False):
        """Output of the last layer for a batch x."""
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    __call__ = forward

    def backward(self, dy, *, input_grad=True):
        """Given dL/d(output), run every layer's backward in reverse; return dL/dx.

        Training passes input_grad=False: nothing uses dL/dx of the data, so a
        first Dense or Conv2D layer skips that matrix product and None is returned.
        """
        for i, layer in reversed(list(enumerate(self.layers))):
            if i == 0 and not input_grad and isinstance(layer, (Dense, Conv2D)):
                return layer.backward(dy, input_grad=False)
            dy = layer.backward(dy)
        return dy

    def trace(self, x, *, training=False):
        """[x, output of layer 1, output of layer 2, ...]: every intermediate value."""
        outputs = [np.asarray(x)]
        for layer in self.layers:
            outputs.append(layer.forward(outputs[-1], training=training))
        return outputs

    def predict(self, x):
        """The network's output in evaluation mode (no dropout)."""
        return self.forward(x, training=False)

    @property
    def n_params(self) -> int:
        return sum(layer.n_params for layer in self.layers)

    def shapes(self, input_shape=None):
        """[(layer, output shape), ...] for an input shape (batch size None)."""
        shape = tuple(input_shape or self.input_shape or ())
        rows = []
        for layer in self.layers:
            try:
                shape = tuple(layer.output_shape(shape))
            except ShapeError:
                raise
            rows.append((layer, shape))
        return rows

    def check_shapes(self):
        """Raise ShapeError at the first layer that cannot take its input."""
        if self.input_shape is not None:
            self.shapes()

    def summary(self, input_shape=None) -> str:
        """A table: layer name, output shape, parameter count; and the total."""
        lines = [f"{'layer':<16}{'output shape':<22}{'parameters':>12}"]
        for layer, shape in self.shapes(input_shape):
            lines.append(f"{layer.name:<16}{str(_batch(shape)):<22}{layer.n_params:>12,}")
        lines.append(f"{'total':<38}{self.n_params:>12,}")
        return "\n".join(lines)

    def astype(self, dtype):
        """Convert every parameter to `dtype` (e.g. np.float32), in place."""
        for layer in self.layers:
            for key in layer.params:
                layer.params[key] = layer.params[key].astype(dtype)
                layer.grads[key] = np.zeros_like(layer.params[key])
        return self

    def __repr__(self):
        return "Sequential([" + ", ".join(layer.name for layer in self.layers) + "])"


def _numbered(name):
    head, _, tail = name.rpartition("_")
    return bool(head) and tail.isdigit()


def _batch(shape):
    """(None, None, 8) -> ('N', 'T', 8): a free batch size, then a free time axis."""
    if not shape or shape[0] is not None:
        return shape
    return ("N", *("T" if i == 1 and d is None else d for i, d in enumerate(shape)
                   if i > 0))


def _infer_input_shape(layers, input_shape):
    if input_shape is not None:
        return (None, *tuple(input_shape))
    if layers and isinstance(layers[0], Dense):
        return (None, layers[0].n_in)
    if layers and hasattr(layers[0], "input_shape_hint"):  # e.g. LSTM: (None, None, F)
        return layers[0].input_shape_hint()
    return None


def mlp(sizes, activation="tanh", *, output=None, init="glorot_uniform", rng=None,
        dtype=np.float64):
    """A multilayer perceptron: Dense layers of `sizes` with `activation` between.

    mlp([2, 8, 8, 1], "tanh") is Dense(2,8) tanh Dense(8,8) tanh Dense(8,1).
    `output` names an activation after the last Dense (None: raw outputs, logits).
    `activation` may be one name, or a list with one name per hidden layer.
    """
    if len(sizes) < 2:
        raise ValueError(
            f"mlp needs at least an input and an output size, e.g. [2, 1]; got {sizes}."
        )
    hidden = len(sizes) - 2
    acts = [activation] * hidden if isinstance(activation, str) else list(activation)
    if len(acts) != hidden:
        raise ValueError(
            f"mlp: {hidden} hidden layer(s) need {hidden} activation(s), "
            f"got {len(acts)}."
        )
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(Dense(n_in, n_out, init=init, rng=rng, dtype=dtype))
        if i < hidden:
            layers.append(activations.get(acts[i]))
    if output is not None:
        layers.append(activations.get(output))
    return Sequential(layers)


def check_inputs(X, y=None):
    """Reject NaN or inf in inputs and targets, saying where."""
    X = check_finite(X, "The inputs X")
    if y is not None:
        y = check_finite(y, "The targets y")
        if len(y) != len(X):
            raise ValueError(
                f"There are {len(X)} inputs but {len(y)} targets; "
                f"each example needs one."
            )
    return X, y

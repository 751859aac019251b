"""Sequential: layers applied one after another, forward then backward.

This is all the "bookkeeping" a framework does for a feed-forward net:

    forward:   x -> layer 1 -> layer 2 -> ... -> y         (each layer caches its input)
    backward:  dL/dy -> ... -> layer 2 -> layer 1           (chain rule, in reverse)
    update:    optimizer.step(model) changes every params[key] in place

`mlp` builds the most common model, a stack of Dense layers and activations
(optionally with Dropout); `summary()` prints the shape table of nnviz.nn.summary.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn import activations
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.dropout import Dropout
from nnviz.nn.layer import Layer, check_finite
from nnviz.nn.summary import layer_rows, output_shapes


class Sequential:
    """A stack of layers: y = layer_k(... layer_2(layer_1(x))).

    Layers get unique names in order (dense_1, tanh_1, dense_2, ...), which
    the optimizer uses to keep its state and `summary()` prints.
    """

    def __init__(self, layers, *, input_shape=None):
        self.layers = _check_layers(layers)
        names = [layer.name for layer in self.layers]  # put back if a check fails
        counts = {}
        for layer in self.layers:
            base = layer.name.rsplit("_", 1)[0] if _numbered(layer.name) else layer.name
            counts[base] = counts.get(base, 0) + 1
            layer.name = f"{base}_{counts[base]}"
        try:
            self.input_shape = _infer_input_shape(self.layers, input_shape)
            self.check_shapes()
        except ValueError:
            for layer, name in zip(self.layers, names, strict=True):
                layer.name = name
            raise

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
        return output_shapes(self.layers, input_shape or self.input_shape or ())

    def check_shapes(self):
        """Raise ShapeError at the first layer that cannot take its input."""
        if self.input_shape is not None:
            self.shapes()

    def summary(self, input_shape=None) -> str:
        """A table: layer name, output shape, parameter count; and the total.

        The rows are nnviz.nn.summary.layer_rows(self, input_shape).
        """
        lines = [f"{'layer':<16}{'output shape':<22}{'parameters':>12}"]
        for row in layer_rows(self, input_shape):
            lines.append(f"{row.name:<16}{str(row.output_shape):<22}{row.n_params:>12,}")
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


def _check_layers(layers) -> list:
    """The layers as a list, or a TypeError saying what was given instead."""
    if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
        raise TypeError(
            f"Sequential takes a list of layers, got {type(layers).__name__}: "
            "write Sequential([layer1, layer2, ...]), with square brackets.")
    layers = list(layers)
    for i, layer in enumerate(layers):
        if isinstance(layer, type) and issubclass(layer, Layer):
            raise TypeError(
                f"Sequential: item {i} is the class {layer.__name__}, not a layer: "
                f"make one by calling it, e.g. nv.{layer.__name__}(...).")
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential expected layers (such as nv.Dense(2, 3)) but item {i} "
                f"is {type(layer).__name__}: {layer!r}.")
        first = next(j for j, other in enumerate(layers) if other is layer)
        if first != i:
            raise ValueError(
                f"Sequential: item {i} is the same {type(layer).__name__} object as "
                f"item {first}. A layer keeps the values of its last forward for "
                "backward, so each place needs its own: make a new one, e.g. "
                f"nv.{type(layer).__name__}(...), for item {i}.")
    return layers


def _numbered(name):
    head, _, tail = name.rpartition("_")
    return bool(head) and tail.isdigit()


def _infer_input_shape(layers, input_shape):
    if input_shape is not None:
        return (None, *tuple(input_shape))
    if layers and isinstance(layers[0], Dense):
        return (None, layers[0].n_in)
    if layers and hasattr(layers[0], "input_shape_hint"):  # e.g. LSTM: (None, None, F)
        return layers[0].input_shape_hint()
    return None


def mlp(sizes, activation="tanh", *, output=None, init="glorot_uniform",
        init_scale=1.0, dropout=None, rng=None, dtype=np.float64):
    """A multilayer perceptron: Dense layers of `sizes` with `activation` between.

    mlp([2, 8, 8, 1], "tanh") is Dense(2,8) tanh Dense(8,8) tanh Dense(8,1).
    This is the one builder of a stack of Dense layers: the lessons' deep nets,
    classifiers and dropout nets are calls to it.

    activation  one name, or a list with one name per hidden layer
    output      an activation after the last Dense (None: raw outputs, logits)
    init        the initializer of every W: a name, a number (the std of a normal)
                or a function (shape, rng) -> array; every b starts at 0
    init_scale  multiplies every initial W (1: the initializer as it is)
    dropout     None, or the rate of a Dropout after every hidden activation
                (0.5 drops half the units in training; masks are drawn from rng)
    """
    if len(sizes) < 2:
        raise ValueError(
            f"mlp needs at least an input and an output size, e.g. [2, 1]; got {sizes}."
        )
    hidden = len(sizes) - 2
    one = isinstance(activation, (str, type, Layer))  # one name (or class) for all
    acts = [activation] * hidden if one else list(activation)
    if len(acts) != hidden:
        raise ValueError(
            f"mlp: {hidden} hidden layer(s) need {hidden} activation(s), "
            f"got {len(acts)}."
        )
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        dense = Dense(n_in, n_out, init=init, rng=rng, dtype=dtype)
        if init_scale != 1.0:
            dense.params["W"] *= init_scale
        layers.append(dense)
        if i < hidden:
            layers.append(activations.get(acts[i]))
            if dropout is not None:
                layers.append(Dropout(dropout, rng=rng))
    if output is not None:
        layers.append(activations.get(output))
    return Sequential(layers)


def check_inputs(X, y=None):
    """X (and y) as float arrays, or a ValueError in words: no examples, text,
    NaN or inf (saying where), or a different number of inputs and targets."""
    X = check_finite(X, "The inputs X")
    if X.ndim == 0:
        raise ValueError("The inputs X are a single number: give a batch, one row "
                         "per example, e.g. X of shape (N, features).")
    if len(X) == 0:
        raise ValueError(
            f"The inputs X hold no examples (shape {X.shape}): there is nothing to "
            "use. Check how X was made, split or filtered (an empty test set "
            "comes from test_fraction=0).")
    if y is not None:
        y = check_finite(y, "The targets y")
        if len(np.atleast_1d(y)) != len(X):
            raise ValueError(
                f"There are {len(X)} inputs but {len(np.atleast_1d(y))} targets; "
                f"each example needs one."
            )
    return X, y

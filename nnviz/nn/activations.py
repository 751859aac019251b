"""Activation functions: each value and its derivative side by side.

The plain functions are used by the layers below *and* by the curve plots, so
the curve a learner sees is exactly the code that trains. Derivatives are
written in terms of whatever makes them simplest: the output y for sigmoid and
tanh (sigma' = y (1 - y), tanh' = 1 - y**2), the input x for the rest.

Subgradients at kinks: ReLU'(0) = 0 and step'(x) = 0 everywhere (the step has
no useful gradient, which is why it cannot be trained by backprop; nnviz uses
the "straight-through" 0 so the maths stays honest).
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.layer import Layer

# ---- the functions ---------------------------------------------------------


def _as_float(x):
    """x as a float array, keeping float32 as float32."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(float)


def identity(x):
    return x


def identity_derivative(x):
    return np.ones_like(x)


def step(x):
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def step_derivative(x):
    return np.zeros_like(x)


def sigmoid(x):
    # Split by sign so exp never overflows: for x < 0 use e^x / (1 + e^x).
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(y):
    return y * (1.0 - y)  # in terms of the output y = sigmoid(x)


def tanh(x):
    return np.tanh(x)


def tanh_derivative(y):
    return 1.0 - y**2  # in terms of the output y = tanh(x)


def relu(x):
    return np.maximum(x, 0.0)


def relu_derivative(x):
    x = _as_float(x)
    return (x > 0).astype(x.dtype)  # subgradient 0 at x = 0


def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def leaky_relu_derivative(x, alpha=0.01):
    x = _as_float(x)
    return np.where(x > 0, 1.0, alpha).astype(x.dtype)


def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x, alpha=1.0):
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x):
    return np.logaddexp(0.0, x)  # log(1 + e^x) without overflow


def softplus_derivative(x):
    return sigmoid(x)


def softmax(z, axis=-1):
    """exp(z) / sum(exp(z)) along `axis`; subtracting the max changes nothing but
    keeps exp from overflowing."""
    z = _as_float(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# name -> (function, derivative, derivative takes the output y?)
FUNCTIONS = {
    "identity": (identity, identity_derivative, False),
    "step": (step, step_derivative, False),
    "sigmoid": (sigmoid, sigmoid_derivative, True),
    "tanh": (tanh, tanh_derivative, True),
    "relu": (relu, relu_derivative, False),
    "leaky_relu": (leaky_relu, leaky_relu_derivative, False),
    "elu": (elu, elu_derivative, False),
    "softplus": (softplus, softplus_derivative, False),
}


def derivative_at(name, x):
    """d activation / dx evaluated at inputs x, whichever form the derivative takes."""
    fn, deriv, uses_output = FUNCTIONS[check_name(name)]
    return deriv(fn(x)) if uses_output else deriv(x)


def check_name(name):
    if not isinstance(name, str) or (name not in FUNCTIONS and name != "softmax"):
        raise ValueError(
            f"Unknown activation {name!r}. Choose one of: "
            + ", ".join(list(FUNCTIONS) + ["softmax"])
            + "."
        )
    return name


# ---- the layers -------------------------------------------------------------


class Activation(Layer):
    """y = f(x), applied to every entry; dx = dy * f'(x).

    Shapes: x (N, ...) -> y, same shape. No parameters.
    """

    function = "identity"

    def __init__(self, name=None):
        super().__init__(name or self.function)

    def forward(self, x, *, training=False):
        fn, _, uses_output = FUNCTIONS[self.function]
        x = _as_float(x)
        y = fn(x)
        self.cache = {"x": x, "y": y}
        return self._remember_output(y)

    def backward(self, dy):
        dy = self._check_backward(dy)
        _, deriv, uses_output = FUNCTIONS[self.function]
        local = deriv(self.cache["y"] if uses_output else self.cache["x"])
        return dy * local


class Identity(Activation):
    """y = x."""

    function = "identity"


class Step(Activation):
    """y = 1 if x > 0 else 0. Its gradient is 0 everywhere: it cannot be trained by
    backprop."""

    function = "step"


class Sigmoid(Activation):
    """y = 1 / (1 + exp(-x)); dy/dx = y (1 - y)."""

    function = "sigmoid"


class Tanh(Activation):
    """y = tanh(x) = 2 sigmoid(2x) - 1; dy/dx = 1 - y**2."""

    function = "tanh"


class ReLU(Activation):
    """y = max(x, 0); dy/dx = 1 where x > 0, else 0."""

    function = "relu"


class LeakyReLU(Activation):
    """y = x if x > 0 else alpha x."""

    function = "leaky_relu"


class ELU(Activation):
    """y = x if x > 0 else alpha (exp(x) - 1)."""

    function = "elu"


class Softplus(Activation):
    """y = log(1 + exp(x)), a smooth ReLU; dy/dx = sigmoid(x)."""

    function = "softplus"


class Softmax(Layer):
    """p = exp(z) / sum(exp(z)) over the last axis: probabilities that sum to 1.

    Shapes: z (N, K) -> p (N, K).
    Backward uses the softmax Jacobian dp_i/dz_j = p_i (delta_ij - p_j), so
    dz = p * (dy - sum(dy * p)), one row at a time.
    For training a classifier prefer `SoftmaxCrossEntropy` on logits: it is
    the same maths fused, and numerically safer.
    """

    def __init__(self, name=None):
        super().__init__(name or "softmax")

    def forward(self, x, *, training=False):
        p = softmax(x, axis=-1)
        self.cache = {"y": p}
        return self._remember_output(p)

    def backward(self, dy):
        dy = self._check_backward(dy)
        p = self.cache["y"]
        return p * (dy - np.sum(dy * p, axis=-1, keepdims=True))


LAYERS = {
    "identity": Identity,
    "linear": Identity,
    "step": Step,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "softplus": Softplus,
    "softmax": Softmax,
}


def get(name, **kwargs):
    """An activation layer from its name, e.g. get("relu") -> ReLU()."""
    if isinstance(name, Layer):
        return name
    if isinstance(name, type) and issubclass(name, Layer):
        return name(**kwargs)  # the class itself, e.g. nv.ReLU: make one
    if not isinstance(name, str) or name not in LAYERS:
        raise ValueError(
            f"Unknown activation {name!r}. Choose one of: {', '.join(LAYERS)}."
        )
    return LAYERS[name](**kwargs)

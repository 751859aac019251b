"""Optimizers: how the gradients change the weights.

One interface for every update rule:

    opt.step(model)     # after model.backward(...): update every layer.params in place

It loops `for layer in model.layers: for key, p in layer.params.items()`.
Any state a rule keeps between steps (a velocity, running averages) lives in
`opt.state[(layer.name, key)]`, in plain sight.

Shared options:
    lr            the learning rate, the size of each step
    weight_decay  shrink every weight "W" by lr * weight_decay * W each step
                  (the same as an L2 penalty of weight_decay / 2 with plain SGD)
    decay         learning-rate decay: lr_t = lr / (1 + decay * t)

Every setting is checked when the optimizer is made (a finite number, in its
range), and `step` checks that each gradient has its parameter's shape before
it changes any weight. Each rule *replaces* its state arrays rather than
changing them in place, so `dict(opt.state)` is a snapshot of it (training
uses that to step back when a run diverges).
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.checks import check_number
from nnviz.nn.layer import ShapeError, describe
from nnviz.nn.regularizers import is_weight


class Optimizer:
    def __init__(self, lr=0.1, *, weight_decay=0.0, decay=0.0):
        where = type(self).__name__
        self.lr = check_number(lr, "lr", where=where, low=0, low_open=True, hint=(
            "The learning rate must be positive: the size of each step, "
            "typically 0.001 to 1."))
        self.weight_decay = check_number(
            weight_decay, "weight_decay", where=where, low=0, hint=(
                "It shrinks every weight a little each step; a negative value "
                "would grow them instead. Typical: 1e-4, or 0 for none."))
        self.decay = check_number(decay, "decay", where=where, low=0, hint=(
            "lr_t = lr / (1 + decay * t); a negative decay would grow lr."))
        self.t = 0
        self.state = {}

    @property
    def current_lr(self) -> float:
        return self.lr / (1.0 + self.decay * self.t)

    def step(self, model):
        """Update every parameter of `model` (a Sequential, or one layer) in place."""
        layers = model.layers if hasattr(model, "layers") else [model]
        self._check_grads(layers)
        lr = self.current_lr
        for layer in layers:
            for key, param in layer.params.items():
                grad = layer.grads[key]
                if self.weight_decay and is_weight(key):
                    grad = grad + self.weight_decay * param
                param -= self._update(grad, (layer.name, key), lr)  # in place
        self.t += 1

    def _check_grads(self, layers):
        """Every grads[key] in its parameter's shape, checked before any update."""
        for layer in layers:
            if not hasattr(layer, "params"):
                raise TypeError(
                    f"{type(self).__name__}.step(model) needs a model (such as "
                    f"nv.Sequential) or a layer, got {type(layer).__name__}.")
            grads = layer.grads
            for key, param in layer.params.items():
                grad = grads.get(key)
                if grad is None or grad.shape != param.shape:
                    raise ShapeError(
                        f"{type(self).__name__}.step: {describe(layer)} has "
                        f"params[{key!r}] of shape {param.shape} but grads[{key!r}]"
                        f" of shape {np.shape(grad)}. Run model.backward(...) "
                        "(after a forward pass) to set the gradients.")

    def _update(self, grad, key, lr):
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum.

        v = momentum * v + grad
        p = p - lr * v
    """

    def __init__(self, lr=0.1, *, momentum=0.0, weight_decay=0.0, decay=0.0):
        super().__init__(lr, weight_decay=weight_decay, decay=decay)
        self.momentum = check_number(
            momentum, "momentum", where="SGD", low=0, high=1, high_open=True,
            hint="The velocity keeps this share of itself each step: at 1 or more "
                 "old gradients never fade and the steps grow without end. "
                 "Typical: 0.9 (0 for plain SGD).")

    def _update(self, grad, key, lr):
        if not self.momentum:
            return lr * grad
        velocity = self.state.get(key)
        velocity = grad.copy() if velocity is None else self.momentum * velocity + grad
        self.state[key] = velocity
        return lr * velocity


class Adam(Optimizer):
    """Adam: a step along a running mean of the gradient, scaled per weight.

        m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g**2
        p = p - lr * m_hat / (sqrt(v_hat) + eps),   with bias-corrected m_hat, v_hat
    """

    def __init__(self, lr=0.01, *, beta1=0.9, beta2=0.999, eps=1e-8,
                 weight_decay=0.0, decay=0.0):
        super().__init__(lr, weight_decay=weight_decay, decay=decay)
        self.beta1 = _beta(beta1, "beta1", typical=0.9)
        self.beta2 = _beta(beta2, "beta2", typical=0.999)
        self.eps = check_number(eps, "eps", where="Adam", low=0, low_open=True,
                                hint="It keeps the division safe: typically 1e-8.")

    def _update(self, grad, key, lr):
        m, v = self.state.get(key, (np.zeros_like(grad), np.zeros_like(grad)))
        m = self.beta1 * m + (1 - self.beta1) * grad
        v = self.beta2 * v + (1 - self.beta2) * grad * grad
        self.state[key] = (m, v)
        m_hat = m / (1 - self.beta1 ** (self.t + 1))
        v_hat = v / (1 - self.beta2 ** (self.t + 1))
        return lr * m_hat / (np.sqrt(v_hat) + self.eps)


def _beta(value, name, typical):
    return check_number(
        value, name, where="Adam", low=0, high=1, high_open=True,
        hint=f"The running average keeps this share of itself each step; at 1 it "
             f"never moves and the bias correction divides by 0. Typical: {typical}.")


OPTIMIZERS = {"sgd": SGD, "momentum": SGD, "adam": Adam}


def get(name, **kwargs):
    """An optimizer from its name: "sgd", "momentum" (SGD with momentum=0.9) or
    "adam"."""
    if isinstance(name, Optimizer):
        return name
    if isinstance(name, type) and issubclass(name, Optimizer):
        raise TypeError(f"Got the class {name.__name__}, not an optimizer: make one "
                        f"with its learning rate, e.g. nv.{name.__name__}(0.01).")
    if name not in OPTIMIZERS:
        raise ValueError(
            f"Unknown optimizer {name!r}. Choose one of: {', '.join(OPTIMIZERS)}."
        )
    if name == "momentum":
        kwargs.setdefault("momentum", 0.9)
    return OPTIMIZERS[name](**kwargs)

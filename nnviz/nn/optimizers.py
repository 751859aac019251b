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
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.regularizers import is_weight


class Optimizer:
    def __init__(self, lr=0.1, *, weight_decay=0.0, decay=0.0):
        if not lr > 0:
            raise ValueError(f"The learning rate must be positive, got lr={lr!r}.")
        self.lr, self.weight_decay, self.decay = (
            float(lr), float(weight_decay), float(decay)
        )
        self.t = 0
        self.state = {}

    @property
    def current_lr(self) -> float:
        return self.lr / (1.0 + self.decay * self.t)

    def step(self, model):
        lr = self.current_lr
        for layer in model.layers:
            for key, param in layer.params.items():
                grad = layer.grads[key]
                if self.weight_decay and is_weight(key):
                    grad = grad + self.weight_decay * param
                param -= self._update(grad, (layer.name, key), lr)  # in place
        self.t += 1

    def _update(self, grad, key, lr):
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum.

        v = momentum * v + grad
        p = p - lr * v
    """

    def __init__(self, lr=0.1, *, momentum=0.0, weight_decay=0.0, decay=0.0):
        super().__init__(lr, weight_decay=weight_decay, decay=decay)
        self.momentum = float(momentum)

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
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def _update(self, grad, key, lr):
        m, v = self.state.get(key, (np.zeros_like(grad), np.zeros_like(grad)))
        m = self.beta1 * m + (1 - self.beta1) * grad
        v = self.beta2 * v + (1 - self.beta2) * grad * grad
        self.state[key] = (m, v)
        m_hat = m / (1 - self.beta1 ** (self.t + 1))
        v_hat = v / (1 - self.beta2 ** (self.t + 1))
        return lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": SGD, "adam": Adam}


def get(name, **kwargs):
    """An optimizer from its name: "sgd", "momentum" (SGD with momentum=0.9) or
    "adam"."""
    if isinstance(name, Optimizer):
        return name
    if name not in OPTIMIZERS:
        raise ValueError(
            f"Unknown optimizer {name!r}. Choose one of: {', '.join(OPTIMIZERS)}."
        )
    if name == "momentum":
        kwargs.setdefault("momentum", 0.9)
    return OPTIMIZERS[name](**kwargs)

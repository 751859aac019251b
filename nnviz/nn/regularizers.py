"""L1 and L2 penalties, on weights and on activations.

A penalty adds  rate * sum(a**2)  (L2) or  rate * sum(|a|)  (L1) to the loss.
Its gradient is added to the data gradient:

    L2:  2 * rate * a          pulls every weight toward 0 in proportion to its size
    L1:  rate * sign(a)        pulls every weight toward 0 by the same amount (so
                               small weights reach exactly 0: sparsity)

Weight penalties act on every parameter named "W" (and "Wx", "Wh"), never on
biases. Activation penalties are a layer, `ActivityPenalty`, placed after the
layer whose outputs should stay small.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.checks import check_number
from nnviz.nn.layer import Layer


def l2(a, rate):
    """(value, gradient) of rate * sum(a**2)."""
    return rate * float(np.sum(a * a)), 2.0 * rate * a


def l1(a, rate):
    """(value, gradient) of rate * sum(|a|); subgradient 0 at a = 0."""
    return rate * float(np.sum(np.abs(a))), rate * np.sign(a)


PENALTIES = {"l1": l1, "l2": l2}


def get(kind):
    if not isinstance(kind, str) or kind not in PENALTIES:
        raise ValueError(f"Unknown penalty {kind!r}. Choose one of: 'l1', 'l2'.")
    return PENALTIES[kind]


def is_weight(key: str) -> bool:
    """Weight matrices are penalised; biases ("b") are not."""
    return key.startswith("W")


def apply_weight_penalty(model, kind, rate) -> float:
    """Add the penalty gradient to every weight's grad (after backward).

    Returns the penalty value, to add to the data loss for reporting.
    """
    if not rate:
        return 0.0
    fn, total = get(kind), 0.0
    for layer in model.layers:
        for key, param in layer.params.items():
            if is_weight(key):
                value, grad = fn(param, rate)
                layer.grads[key] = layer.grads[key] + grad
                total += value
    return total


class ActivityPenalty(Layer):
    """y = x on the way forward; adds the penalty gradient of x on the way back.

    Shapes: x (N, ...) -> y (N, ...). The penalty is averaged over the batch,
    like the loss: value = rate * sum(|x|) / N (L1) or rate * sum(x**2) / N (L2).
    After a forward pass, `self.value` holds it.
    """

    def __init__(self, kind="l1", rate=1e-3, name=None):
        get(kind)
        rate = check_number(rate, "rate", where="ActivityPenalty", low=0,
                            hint="It weighs the penalty in the loss: 0 or more, "
                                 "typically 1e-4 to 1e-2.")
        super().__init__(name or f"{kind}_activity")
        self.kind, self.rate, self.value = kind, rate, 0.0

    def forward(self, x, *, training=False):
        x = np.asarray(x)
        self.cache = {"x": x}
        self.value = get(self.kind)(x, self.rate)[0] / len(x)
        return self._remember_output(x)

    def backward(self, dy):
        dy = self._check_backward(dy)
        x = self.cache["x"]
        return dy + get(self.kind)(x, self.rate)[1] / len(x)

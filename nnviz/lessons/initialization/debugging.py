"""Checks for a training run that does not learn (lesson 9, part 6).

    model_gradient_check   backward of the whole model against finite differences
    gradient_norm_history  |dL/dW| of every Dense layer at every step of training
    dead_relu_fraction     per ReLU layer, the share of units that output 0 for
                           every input (they pass no gradient: they cannot recover)

The fourth check, "overfit a handful of examples", is one `fit` call on 8
examples; the lesson writes it out.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn import losses, optimizers
from nnviz.nn.activations import ReLU
from nnviz.nn.dense import Dense
from nnviz.nn.gradcheck import numerical_gradient, rel_error
from nnviz.nn.training import record_steps, train_steps

__all__: list[str] = [
    "model_gradient_check", "gradient_norm_history", "dead_relu_fraction",
]


def model_gradient_check(model, loss, X, y, *, h=1e-6) -> dict:
    """{(layer name, key): relative error} of every parameter's gradient.

    Runs forward, loss and backward once (the analytic gradients), then
    nudges each weight by ±h and compares (L(w+h) − L(w−h)) / 2h with them.
    A correct backward pass gives errors of about 1e-7 or less.
    """
    loss = losses.get(loss)
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    analytic = {(layer.name, key): layer.grads[key].copy()
                for layer in model.layers for key in layer.params}

    def value(_):
        return loss.forward(model.forward(X), y)

    return {(layer.name, key): rel_error(analytic[layer.name, key],
                                         numerical_gradient(value, param, h=h))
            for layer in model.layers for key, param in layer.params.items()}


def gradient_norm_history(model, loss, optimizer, X, y, *, steps=200, rng=None,
                          **kwargs) -> np.ndarray:
    """Train for `steps` steps; return |dL/dW| of each Dense layer at each step.

    Shape (steps, number of Dense layers), first layer in column 0. Rows after
    a divergence stay NaN.
    """
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    norms = np.full((int(steps), len(dense)), np.nan)
    stream = train_steps(model, loss, optimizers.get(optimizer), X, y, rng=rng,
                         **kwargs)
    # after a step the grads still hold the gradient it used
    record_steps(stream, norms, lambda _: [np.linalg.norm(d.grads["W"]) for d in dense])
    return norms


def dead_relu_fraction(model, X) -> list[float]:
    """For each ReLU layer, the fraction of its units that are 0 for every
    example of X (N, n_in): "dead" units."""
    fractions, h = [], np.asarray(X, dtype=float)
    for layer in model.layers:
        h = layer.forward(h)
        if isinstance(layer, ReLU):
            fractions.append(float(np.mean(np.all(h <= 0, axis=0))))
    return fractions

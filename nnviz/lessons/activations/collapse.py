"""Stacked linear layers are one linear layer (lesson Q10).

    W3 (W2 (W1 x + b1) + b2) + b3  =  (W3 W2 W1) x + (W3 W2 b1 + W3 b2 + b3)

In nnviz's row convention (y = x @ W + b) the same reads, layer after layer,

    W = W1 @ W2 @ W3,      b = (b1 @ W2 + b2) @ W3 + b3

so however many Dense layers are stacked without an activation between them,
a single Dense(n_in, n_out) computes exactly the same function, and its
decision boundary is the same straight line. Any nonlinearity in between
breaks the identity: `collapse` refuses such a model and says which layer.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import Identity
from nnviz.nn.dense import Dense


def collapse(model) -> tuple[np.ndarray, np.ndarray]:
    """The one (W, b) that a stack of Dense (and Identity) layers computes.

    Shapes: W (n_in, n_out), b (n_out,) for a model mapping (N, n_in) -> (N, n_out).
    Raises ValueError at the first layer that is not linear.
    """
    layers = getattr(model, "layers", model)
    W, b = None, None
    for layer in layers:
        if isinstance(layer, Identity):
            continue
        if not isinstance(layer, Dense):
            raise ValueError(
                f"Cannot collapse: layer {layer.name!r} ({type(layer).__name__}) "
                "is not "
                "linear. Only Dense and Identity layers collapse into one; a "
                "nonlinearity between them is exactly what stops it."
            )
        Wk, bk = layer.params["W"], layer.params["b"]
        if W is None:
            W, b = Wk.copy(), bk.copy()
        else:
            W, b = W @ Wk, b @ Wk + bk  # (in, mid) @ (mid, out);  (mid,) @ (mid, out)
    if W is None:
        raise ValueError("Cannot collapse: the model has no Dense layer.")
    return W, b


def collapsed_layer(model) -> Dense:
    """A single Dense layer holding collapse(model): same outputs for every input."""
    W, b = collapse(model)
    layer = Dense(W.shape[0], W.shape[1], init="zeros", name="collapsed", dtype=W.dtype)
    layer.params["W"][...] = W
    layer.params["b"][...] = b
    return layer


def linear_part(model):
    """The Dense layers of `model` with every activation left out (a linear model).

    Returns a list of the same Dense objects (not copies): collapse(linear_part(m))
    is what `model` would compute if its activations were removed.
    """
    return [layer for layer in model.layers if isinstance(layer, Dense)]

"""Forward passes for drawing only, in float32: the same picture, sooner.

A picture of a network's output over a 200 x 200 grid is 40,000 forward
passes. In float32 they cost a fraction of float64 (the matrix products and
tanh work on twice as many numbers at a time; issue 18 measured about a
third on the course machines), and the picture does not change: float32
keeps about 7 significant digits, a pixel's colour needs 3. Only the points
right on the decision boundary, where the output is 0.5 to within about
1e-6, can fall on the other side (tests/plots/test_float32.py checks this).

    values = forward(model, grid)      # model.predict(grid), in float32
    outputs = trace(model, grid)       # model.trace(grid), in float32

The model is not changed: each Dense layer's weights and bias are cast to
float32 copies for the call (a few hundred numbers), and every other layer
runs its own `forward` on the float32 values (activations keep float32).
Training always uses the model's own float64 pass; use these only for views.
A model that is not a Sequential of layers (any function X -> outputs) is
called as it is.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.dense import Dense


def trace(model, X) -> list:
    """[X, output of layer 1, output of layer 2, ...] in float32, like model.trace(X).

    X (N, ...) points; each item has the shape model.trace gives. Evaluation
    mode (no dropout). A first Dense layer that does not fit X raises the
    layer's own error, which says what was expected.
    """
    outputs = [np.asarray(X, dtype=np.float32)]
    with np.errstate(over="ignore", invalid="ignore"):  # see _layer_forward
        for layer in model.layers:
            outputs.append(_layer_forward(layer, outputs[-1]))
    return outputs


def forward(model, X):
    """The model's output for X, computed in float32 (see the module docstring)."""
    if not hasattr(model, "layers"):
        return np.asarray(model(X))
    h = np.asarray(X, dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):  # see _layer_forward
        for layer in model.layers:
            h = _layer_forward(layer, h)
    return h


def _layer_forward(layer, h):
    """One layer in evaluation mode; a Dense layer with float32 copies of W and b.

    Weights beyond float32's range (above 3.4e38: a run that diverged) become
    inf and the picture shows no value there, without a warning: training
    itself says when it diverged.
    """
    if isinstance(layer, Dense) and h.shape[-1] == layer.n_in:
        out = h @ layer.params["W"].astype(np.float32)  # (N, n_in) @ (n_in, n_out)
        out += layer.params["b"].astype(out.dtype)
        return out
    return layer.forward(h, training=False)  # also: the layer's error if h misfits

"""A whole batch as one matrix product, checked against the loop it replaces (Q8).

A learner who wrote a dense layer's batch as one matrix product concluded "this
does not in fact work". The loop below is what the product replaces, one
example at a time; `loop_vs_matrix` measures how far apart the two are.

    forward    y[n] = x[n] @ W + b            for n = 0 .. N-1
    backward   dx[n] = dy[n] @ W.T            dW = sum over n of outer(x[n], dy[n])
               db = sum over n of dy[n]

The matrix form does the same in three calls: Y = X @ W + b, dX = dY @ W.T,
dW = X.T @ dY, db = dY.sum(axis=0).
"""

from __future__ import annotations

import numpy as np


def per_example_pass(layer, X, dY) -> dict:
    """Forward and backward of a Dense `layer`, one example at a time.

    X (N, in), dY (N, out) -> {"Y": (N, out), "dX": (N, in), "dW": (in, out),
    "db": (out,)}: the output and the gradients dL/dX, dL/dW, dL/db. The
    layer is not changed.
    """
    W, b = layer.params["W"], layer.params["b"]
    X, dY = np.asarray(X, dtype=float), np.asarray(dY, dtype=float)
    if X.shape[1:] != W.shape[:1] or dY.shape != (len(X), W.shape[1]):
        raise ValueError(
            f"per_example_pass needs X of shape (N, {W.shape[0]}) and dY of shape "
            f"(N, {W.shape[1]}) for {layer.name!r}; got {X.shape} and {dY.shape}."
        )
    Y = np.array([x @ W + b for x in X])  # (in,) @ (in, out), N times
    dX = np.array([dy @ W.T for dy in dY])  # (out,) @ (out, in), N times
    dW = sum(np.outer(x, dy) for x, dy in zip(X, dY, strict=True))  # N outer products
    db = sum(dY)  # one bias, used by every example
    return {"Y": Y, "dX": dX, "dW": dW, "db": db}


def loop_vs_matrix(layer, X, dY) -> dict:
    """{"Y", "dX", "dW", "db"}: how far the loop is from the matrix form.

    Each value is max |loop - matrix| / max |matrix| for that array: the
    largest difference, relative to the array's size (0 would be exact; the
    rounding of float64 gives about 1e-16; for an all-zero array, the
    difference itself). Runs layer.forward(X) and
    layer.backward(dY), so the layer's grads are those of this batch afterwards.
    """
    loop = per_example_pass(layer, X, dY)
    matrix = {"Y": layer.forward(X), "dX": layer.backward(dY)}
    matrix.update(dW=layer.grads["W"], db=layer.grads["b"])
    gaps = {}
    for key, value in loop.items():
        size = np.abs(matrix[key]).max() or 1.0  # an all-zero array: the difference
        gaps[key] = float(np.abs(value - matrix[key]).max() / size)
    return gaps

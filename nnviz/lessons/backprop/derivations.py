"""dL/dz = σ(z) − y and dL/dz = p − y, each computed several ways that must agree (Q31).

For a sigmoid output p = σ(z) with binary cross-entropy
L = −(y log p + (1 − y) log(1 − p)):

    dL/dp = (p − y) / (p (1 − p)),   dp/dz = p (1 − p),   so  dL/dz = p − y.

For a softmax output p = softmax(z) with cross-entropy L = −Σ_k y_k log p_k
(y one-hot):

    dL/dp_k = −y_k / p_k,   dp_k/dz_j = p_k (δ_kj − p_j),   so  dL/dz = p − y.

Each function returns {way: gradient}: the closed formula, the two local
derivatives multiplied (the chain rule), nnviz.nn's own layers and losses
(their `backward`), and finite differences. `package_gradients` reads every
gradient of the neuron graph off a `Dense` layer, a `Sigmoid` and a loss.
"""

from __future__ import annotations

import numpy as np

from nnviz.lessons.backprop.circuits import neuron_graph
from nnviz.nn.activations import Sigmoid, Softmax, sigmoid, softmax
from nnviz.nn.dense import Dense
from nnviz.nn.gradcheck import numerical_gradient
from nnviz.nn.losses import (
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    MeanSquaredError,
    SoftmaxCrossEntropy,
)


def sigmoid_bce_gradients(z, y) -> dict:
    """dL/dz for one example: logit z (a number), target y in [0, 1].

    Returns {way: float}; every way gives σ(z) − y.
    """
    z, y = float(z), float(y)
    p = float(sigmoid(z))
    dL_dp = (p - y) / (p * (1 - p))                  # the loss's local derivative
    dp_dz = p * (1 - p)                              # the sigmoid's
    layer, loss = Sigmoid(), BinaryCrossEntropy()
    loss.forward(layer.forward(np.array([[z]])), np.array([[y]]))
    fused = BinaryCrossEntropyWithLogits()
    fused.forward(np.array([[z]]), np.array([[y]]))
    graph = neuron_graph(x1=0.0, x2=0.0, w1=0.0, w2=0.0, b=z, y=y)  # there z = b

    def bce(logit):
        return BinaryCrossEntropyWithLogits().forward(logit, np.array([[y]]))

    return {
        "formula σ(z) − y": p - y,
        "chain rule dL/dp · dp/dz": dL_dp * dp_dz,
        "graph backward": graph.grads["z"],
        "nnviz Sigmoid + BinaryCrossEntropy": layer.backward(loss.backward()).item(),
        "nnviz BinaryCrossEntropyWithLogits": fused.backward().item(),
        "finite differences": numerical_gradient(bce, np.array([[z]])).item(),
    }


def softmax_ce_gradients(z, label) -> dict:
    """dL/dz for one example: logits z (K,), the true class `label` in 0..K−1.

    Returns {way: array (K,)}; every way gives softmax(z) − onehot(label).
    """
    z = np.array(z, dtype=float)
    if z.ndim != 1 or len(z) < 2:
        raise ValueError(f"softmax_ce_gradients takes the K >= 2 logits of one "
                         f"example as a 1-D array, got shape {z.shape}.")
    if label not in range(len(z)):
        raise ValueError(f"label must be a class 0..{len(z) - 1}, got {label!r}.")
    y = np.eye(len(z))[label]                        # one-hot (K,)
    p = softmax(z)                                   # (K,)
    jacobian = np.diag(p) - np.outer(p, p)           # dp_k/dz_j = p_k (δ_kj − p_j)
    dL_dp = -y / p                                   # (K,)
    layer, loss = Softmax(), SoftmaxCrossEntropy()
    layer.forward(z[None])                           # (1, K)
    loss.forward(z[None], np.array([label]))

    def cross_entropy(logits):
        return SoftmaxCrossEntropy().forward(logits[None], np.array([label]))

    return {
        "formula p − y": p - y,
        "chain rule Jᵀ · dL/dp": jacobian.T @ dL_dp,      # (K, K) @ (K,)
        "nnviz Softmax layer backward": layer.backward(dL_dp[None])[0],
        "nnviz SoftmaxCrossEntropy": loss.backward()[0],
        "finite differences": numerical_gradient(cross_entropy, z.copy()),
    }


def package_gradients(graph) -> dict:
    """The neuron graph's gradients read off nnviz.nn: Dense(2, 1), Sigmoid, loss.

    graph: a `neuron_graph` (its values are copied into the layer: W = [[w₁],
    [w₂]], b = [b], x = [[x₁, x₂]]). Returns {node name: dL/d(node)} for the
    nodes the layers expose: x1, x2 (dx), w1, w2 (grads["W"]), b (grads["b"]),
    z (the Sigmoid's backward) and p (the loss's backward).
    """
    v = graph.values
    dense, act = Dense(2, 1), Sigmoid()
    dense.params["W"][:] = [[v["w1"]], [v["w2"]]]      # (2, 1)
    dense.params["b"][:] = [v["b"]]                    # (1,)
    loss = BinaryCrossEntropy() if graph.nodes["L"].op == "bce" else MeanSquaredError()
    p = act.forward(dense.forward(np.array([[v["x1"], v["x2"]]])))  # (1, 2) -> (1, 1)
    loss.forward(p, np.array([[v["y"]]]))
    dp = loss.backward()                              # (1, 1)
    dz = act.backward(dp)
    dx = dense.backward(dz)                           # (1, 2)
    return {
        "p": float(dp[0, 0]),
        "z": float(dz[0, 0]),
        "b": float(dense.grads["b"][0]),
        "w1": float(dense.grads["W"][0, 0]),
        "w2": float(dense.grads["W"][1, 0]),
        "x1": float(dx[0, 0]),
        "x2": float(dx[0, 1]),
    }


def largest_disagreement(ways) -> float:
    """The largest difference between any way in `ways` and the first one."""
    first = np.asarray(next(iter(ways.values())), dtype=float)
    return max(float(np.max(np.abs(np.asarray(v, dtype=float) - first)))
               for v in ways.values())

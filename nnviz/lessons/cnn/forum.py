"""Two forum answers about convolutions, measured (Q29 and Q3).

Q29 "you just copy this 3x3 kernel N times in 3rd dimension": a conv kernel
    W (C_out, C_in, K, K) holds one K x K slice per input channel.
    `channel_spread` measures how different those slices are: 0 if they are
    copies of one kernel, about sqrt(1 - 1/C_in) if they are unrelated random
    numbers (0.94 for 8 input channels).
Q3  "each weight gets adjusted in proportion to the error comparison and its
    weight": `gradient_scaling` runs one layer's backward with the input
    doubled, then with the weights doubled, and with one input channel (or
    feature) set to zero, and reports what happened to dL/dW and dL/dx.

Plain numpy on top of nnviz.nn; the notebook prints the numbers, the tests
re-run them from several seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def channel_spread(W) -> np.ndarray:
    """How much each filter's K x K slices differ across input channels: (C_out,).

    W (C_out, C_in, KH, KW) conv weights. For filter o: the root mean square of
    W[o, c] - (mean over c of W[o, c]), divided by the root mean square of W[o].
    0 means one kernel copied into every input channel; a filter of unrelated
    random slices gives about sqrt(1 - 1/C_in). An all-zero filter gives 0.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 4:
        raise ValueError(
            f"channel_spread expected conv weights of shape (C_out, C_in, KH, KW), "
            f"got shape {W.shape}. Pass a Conv2D layer's params['W']."
        )
    deviation = W - W.mean(axis=1, keepdims=True)  # (C_out, C_in, KH, KW)
    spread = np.sqrt((deviation**2).mean(axis=(1, 2, 3)))
    size = np.sqrt((W**2).mean(axis=(1, 2, 3)))
    return spread / np.where(size > 0, size, 1.0)


@dataclass(frozen=True)
class GradientScaling:
    """What dL/dW and dL/dx of one layer did when its input or weights changed.

    Ratios are of norms (the whole array), each against the first run:
        dW_input_doubled     dL/dW with the input doubled (2: dW follows the input)
        dW_weights_doubled   dL/dW with the weights doubled (1: no change)
        dx_weights_doubled   dL/dx with the weights doubled (2: dx follows W)
    silent_weights: the value given to the weights whose input is all 0;
    silent_gradient: the largest |dL/dw| among those weights (0).
    """

    dW_input_doubled: float  # noqa: N815 (the maths' name)
    dW_weights_doubled: float  # noqa: N815
    dx_weights_doubled: float
    silent_weights: float
    silent_gradient: float


def gradient_scaling(layer, x, dy, *, silent=-1, silent_weight=10.0):
    """Run `layer` (Conv2D or Dense) forward and backward and see what sets dL/dW.

    x: an input batch, (N, C_in, height, width) or (N, n_in). Its input
        channel (or feature) `silent` is set to 0 in every example, and the
        weights that read it are set to `silent_weight`: large, but unused.
    dy: the gradient arriving from above, shaped like the layer's output. It
        stays the same in every run ("keeping the upstream gradient").

    The layer's weights are put back afterwards. Returns a GradientScaling.
    """
    W = layer.params["W"]
    original = W.copy()
    x = np.array(x, dtype=W.dtype)  # a copy: the caller's batch stays as it was
    x[:, silent] = 0.0
    reads_silent = (slice(None), silent) if W.ndim == 4 else (silent,)  # conv, dense
    W[reads_silent] = silent_weight

    def gradients(inputs):
        layer.forward(inputs)
        dx = layer.backward(dy)
        return layer.grads["W"].copy(), dx

    try:
        dW, dx = gradients(x)
        dW_2x, _ = gradients(2 * x)
        W *= 2  # in place: the layer holds this very array
        dW_2w, dx_2w = gradients(x)
    finally:
        W[...] = original
    silent_gradient = float(np.abs(dW[reads_silent]).max())
    return GradientScaling(
        dW_input_doubled=_ratio(dW_2x, dW),
        dW_weights_doubled=_ratio(dW_2w, dW),
        dx_weights_doubled=_ratio(dx_2w, dx),
        silent_weights=float(silent_weight),
        silent_gradient=silent_gradient,
    )


def _ratio(a, b) -> float:
    return float(np.linalg.norm(a) / np.linalg.norm(b))

"""CNN lesson helpers: a small CNN, hand-made kernels, class responses, conv sizes.

Plain numpy on top of the layers; the views and widgets of the CNN lesson call these
so that they contain no maths of their own. The shape table (Q15, Q29) reads
its rows off the network itself: nnviz.nn.summary.layer_rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn.activations import ReLU
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.im2col import conv_output_size
from nnviz.nn.model import Sequential
from nnviz.nn.pooling import MaxPool2D
from nnviz.nn.reshape import Flatten

#: Hand-made 3 x 3 kernels. An edge detector is a difference: bright on one
#: side minus bright on the other. Blur averages; sharpen adds the difference
#: between a pixel and its neighbours back to the pixel.
KERNELS = {
    "vertical edge": np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]]),
    "horizontal edge": np.array([[1.0, 2, 1], [0, 0, 0], [-1, -2, -1]]),
    "diagonal edge": np.array([[2.0, 1, 0], [1, 0, -1], [0, -1, -2]]),
    "blur": np.full((3, 3), 1 / 9),
    "sharpen": np.array([[0.0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "identity": np.array([[0.0, 0, 0], [0, 1, 0], [0, 0, 0]]),
}


def small_cnn(
    size=28, channels=(8, 16), *, kernel_size=3, rng=None, dtype=np.float64
) -> Sequential:
    """conv-ReLU-pool twice, then a dense head to 10 logits, for size x size digits.

    28 x 28: 28 -conv3-> 26 -pool2-> 13 -conv3-> 11 -pool2-> 5, 16*5*5 = 400 -> 10.
    8 x 8 digits use padding 1 so the maps survive two poolings: 8 -> 4 -> 2.
    """
    padding = kernel_size // 2 if size < 16 else 0
    layers, c_in, n = [], 1, size
    for c_out in channels:
        layers += [
            Conv2D(c_in, c_out, kernel_size, padding=padding, rng=rng, dtype=dtype),
            ReLU(),
            MaxPool2D(2),
        ]
        n = conv_output_size(n, kernel_size, padding) // 2
        c_in = c_out
    layers += [Flatten(), Dense(c_in * n * n, 10, rng=rng, dtype=dtype)]
    return Sequential(layers, input_shape=(1, size, size))


def class_responses(maps, y, n_classes=10) -> np.ndarray:
    """Mean activation of every channel for every class: (n_classes, C).

    maps (N, C, height, width) are feature maps (e.g. after a conv's ReLU),
    y (N,) their labels. Entry [k, c] is how strongly filter c responds, on
    average over pixels and over the images of class k.
    """
    per_image = np.asarray(maps).mean(axis=(2, 3))  # (N, C)
    y = np.asarray(y).astype(int)
    return np.stack(
        [
            per_image[y == k].mean(axis=0)
            if np.any(y == k)
            else np.zeros(per_image.shape[1])
            for k in range(n_classes)
        ]
    )


@dataclass(frozen=True)
class ConvArithmetic:
    """One convolution's sizes, o = floor((n + 2p - f) / s) + 1, or why it fails."""

    n: int
    f: int
    p: int
    s: int
    output: int  # 0 when invalid
    exact: bool  # (n + 2p - f) divisible by s: the last window ends at the edge
    message: str


def conv_arithmetic(n, f, p=0, s=1) -> ConvArithmetic:
    """Output size with the formula written out, or a sentence saying what is wrong."""
    padded = n + 2 * p
    if s < 1 or f < 1 or p < 0:
        return ConvArithmetic(
            n,
            f,
            p,
            s,
            0,
            False,
            "Kernel and stride must be at least 1, padding at least 0.",
        )
    if f > padded:
        return ConvArithmetic(
            n,
            f,
            p,
            s,
            0,
            False,
            f"The {f}x{f} kernel does not fit: the padded input is only "
            f"{padded}x{padded} (n + 2p = {n} + {2 * p}). Shrink f or add padding.",
        )
    out = conv_output_size(n, f, p, s)
    exact = (padded - f) % s == 0
    message = f"o = floor(({n} + 2·{p} − {f}) / {s}) + 1 = {out}"
    if not exact:
        message += (
            f"   (the last {(padded - f) % s} row(s) and column(s) are never "
            "covered: the stride does not land on the edge)"
        )
    return ConvArithmetic(n, f, p, s, out, exact, message)


def kernel_similarity(W, kernels=None) -> tuple[list[str], np.ndarray]:
    """Cosine similarity of every learned filter with every hand-made kernel.

    W (C_out, 1, KH, KW) first-layer filters; kernels a dict name -> (KH, KW)
    (default: the three edge detectors). Returns (names, (C_out, K) array).
    A value near +1 or -1 means the filter is that kernel up to scale (and sign).
    """
    if kernels is None:
        kernels = {k: v for k, v in KERNELS.items() if "edge" in k}
    names = list(kernels)
    filters = np.asarray(W)[:, 0].reshape(len(W), -1)
    bank = np.stack([np.ravel(kernels[name]) for name in names])
    filters = filters - filters.mean(
        axis=1, keepdims=True
    )  # compare shapes, not levels
    bank = bank - bank.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(filters, axis=1)[:, None] * np.linalg.norm(bank, axis=1)
    return names, filters @ bank.T / np.where(norms > 0, norms, 1.0)

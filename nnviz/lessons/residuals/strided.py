"""What a strided 1×1 shortcut drops, and what the block still sees (lesson 11, Q26).

A learner asked: "a 1×1 convolution with stride 2, isn't it just data loss?"
In the first block of a stage the shortcut is a 1×1 convolution with stride 2:
it reads the pixels at even rows and even columns, and never looks at the other
three of every four. That is a real loss, for the shortcut. The block's other
path, its body, starts with a 3×3 convolution with stride 2 and padding 1: its
windows overlap (3 > 2), so every input pixel falls in at least one of them.

`path_sensitivity` measures both with gradients: dL/dx through the shortcut
alone and through the body alone, for the same dL/dy. A pixel whose gradient is
0 on a path cannot change that path's output, and learns nothing through it.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.residual import ResidualBlock


def shortcut_reads(size=8, stride=2) -> np.ndarray:
    """(size, size) booleans: True where a 1×1 convolution with `stride` reads."""
    reads = np.zeros((size, size), dtype=bool)
    reads[::stride, ::stride] = True
    return reads


def path_sensitivity(*, size=8, c_in=4, c_out=8, stride=2, batch=4, seed=0) -> dict:
    """|dL/dx| at every input pixel, through each path of a projection block.

    A ResidualBlock(c_in, c_out, stride, shortcut="projection") gets a random
    input x (batch, c_in, size, size) and a random dL/dy. The gradient dz that
    reaches the sum z = body + shortcut is sent down each path separately (the
    same dz goes down both: lesson 4's add node).

    Returns {"shortcut": (size, size), "body": (size, size)}: |dL/dx| summed over
    the batch and the channels.
    """
    rng = np.random.default_rng(seed)
    block = ResidualBlock(c_in, c_out, stride, shortcut="projection", rng=rng)
    x = rng.normal(size=(batch, c_in, size, size))
    dy = rng.normal(size=block.forward(x).shape)
    dz = dy * (block.cache["z"] > 0)                          # through the output ReLU
    conv1, conv2 = block.inner["conv1"], block.inner["conv2"]
    dx_body = conv1.backward(conv2.backward(dz) * (block.cache["h"] > 0))
    dx_skip = block.inner["shortcut"].backward(dz)
    return {"shortcut": np.abs(dx_skip).sum(axis=(0, 1)),
            "body": np.abs(dx_body).sum(axis=(0, 1))}


def windows_per_pixel(size=8, kernel=3, stride=2, padding=1) -> np.ndarray:
    """(size, size): how many windows of a convolution cover each input pixel.

    0 means the convolution never reads that pixel. For 3×3 windows with stride 2
    and padding 1 every pixel is covered 1, 2 or 4 times.
    """
    counts = np.zeros((size + 2 * padding,) * 2, dtype=int)
    n_out = (size + 2 * padding - kernel) // stride + 1
    for row in range(n_out):
        for col in range(n_out):
            counts[row * stride:row * stride + kernel,
                   col * stride:col * stride + kernel] += 1
    return counts[padding:padding + size, padding:padding + size]

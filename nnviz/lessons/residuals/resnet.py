"""The CIFAR ResNet (He et al. 2015, section 4.2) and deep stacks with and without
shortcuts (lesson 11, Q26, Q28).

The CIFAR ResNet has 6n + 2 weight layers (n = 3: ResNet-20):

    conv3×3 3→16            32 × 32 maps
    stage 1: n blocks       16 filters, 32 × 32
    stage 2: n blocks       32 filters, 16 × 16   (its first block has stride 2)
    stage 3: n blocks       64 filters,  8 ×  8   (its first block has stride 2)
    global average pooling -> Dense(64, 10)

Each block holds two 3×3 convolutions: 1 + 2·3n + 1 = 6n + 2 layers with weights.
The map shrinks only by stride-2 convolutions, o = floor((n + 2p − f)/s) + 1 =
floor((32 + 2 − 3)/2) + 1 = 16: there is no pooling layer until the end.

The paper's convolutions have no bias and are followed by batch normalization
(2 learned numbers per channel: gamma and beta). `cifar_resnet` is built for its
shapes and counts only (it is not trained), as plain ResidualBlocks whose
convolutions keep their bias (1 per channel) and no batch norm.
`resnet_param_count` counts both ways, from the sizes alone, so the paper's
figures (0.27 M for ResNet-20) can be checked without building anything. Its
shape table is the network's own (nnviz.nn.summary.layer_rows(cifar_resnet(n))).

`gradient_norms` measures the gradient reaching each block of a deep stack;
`gradient_norm_passes` does the same one block at a time (for a panel that
draws as it goes), and `gradient_sweep` fills a cache with everything the
gradient panel shows, one block pass at a time.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import ReLU
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.model import Sequential
from nnviz.nn.pooling import GlobalAvgPool2D
from nnviz.nn.residual import ResidualBlock

STAGE_FILTERS = (16, 32, 64)


def _check_n(n):
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"The CIFAR ResNet needs n >= 1 blocks per stage (depth "
                         f"6n + 2: n = 3 is ResNet-20), got n={n!r}.")


def cifar_resnet(n=3, *, shortcut="pad", rng=None, dtype=np.float64) -> Sequential:
    """ResNet-(6n+2) for 3 × 32 × 32 images, as a Sequential (for shapes and counts).

    shortcut: what the first block of stages 2 and 3 uses to match shapes,
    "pad" (zeros, no parameters: the paper's choice for CIFAR) or "projection".
    """
    _check_n(n)
    layers, c_in = [Conv2D(3, 16, 3, padding=1, rng=rng, dtype=dtype), ReLU()], 16
    for stage, c_out in enumerate(STAGE_FILTERS):
        for block in range(n):
            stride = 2 if stage > 0 and block == 0 else 1
            layers.append(ResidualBlock(
                c_in, c_out, stride, shortcut="auto" if c_in == c_out else shortcut,
                rng=rng, dtype=dtype))
            c_in = c_out
    layers += [GlobalAvgPool2D(name="gap"), Dense(64, 10, rng=rng, dtype=dtype)]
    return Sequential(layers, input_shape=(3, 32, 32))


def resnet_param_count(n=3, *, shortcut="pad", norm="bias") -> int:
    """Parameters of ResNet-(6n+2), counted from the sizes alone.

    norm "bias": every convolution has C_out biases (the nnviz model).
    norm "batchnorm": no biases; 2 per channel after every convolution (the paper).
    """
    _check_n(n)
    per_channel = {"bias": 1, "batchnorm": 2}.get(norm)
    if per_channel is None:
        raise ValueError(f"norm must be 'bias' or 'batchnorm', got {norm!r}.")
    convs = [(3, 16, 3)]                                  # (C_in, C_out, kernel)
    c_in = 16
    for c_out in STAGE_FILTERS:
        for _ in range(n):
            convs += [(c_in, c_out, 3), (c_out, c_out, 3)]
            if c_in != c_out and shortcut == "projection":
                convs.append((c_in, c_out, 1))
            c_in = c_out
    weights = sum(ci * co * k * k + per_channel * co for ci, co, k in convs)
    return weights + 64 * 10 + 10


def residual_stack(depth, *, shortcut="identity", channels=8, branch_scale=1.0,
                   seed=0) -> list:
    """`depth` blocks of `channels` → `channels` (He init); block i seeded seed + i.

    The same seed gives the same weights whatever the shortcut, so a plain stack
    (shortcut "none") and a residual one differ only in the shortcut.
    branch_scale multiplies each block's second conv (1: plain He init).
    """
    if not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a whole number of blocks >= 1, got {depth!r}.")
    blocks = [ResidualBlock(channels, channels, shortcut=shortcut,
                            rng=np.random.default_rng(seed + i)) for i in range(depth)]
    for block in blocks:
        block.params["conv2.W"] *= branch_scale
    return blocks


#: The two stacks compared: their kind and the shortcut of every block.
STACKS = {"plain": "none", "residual": "identity"}


def gradient_norm_passes(depth, *, branch_scale=1.0, kinds=("plain", "residual"),
                         channels=8, size=8, batch=16, seed=0):
    """`gradient_norms`, one block at a time: a generator.

    For each kind of stack in `kinds`, yields (kind, norms) after every block's
    forward pass and after every block's backward pass: 2 * depth items per
    kind. norms is that stack's (depth,) array of ‖dL/dW‖, filled in place as
    the backward pass goes down (NaN where it has not arrived yet); the last
    item of each kind holds the complete array.
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, channels, size, size))
    dy = rng.normal(size=x.shape) / batch
    for kind in kinds:
        blocks = residual_stack(depth, shortcut=STACKS[kind], channels=channels,
                                branch_scale=branch_scale if kind == "residual" else 1,
                                seed=seed + 1)
        norms = np.full(depth, np.nan)
        y = x
        for block in blocks:
            y = block.forward(y)
            yield kind, norms
        grad = dy
        for i in reversed(range(depth)):   # backpropagation, last block first
            grad = blocks[i].backward(grad)
            norms[i] = np.linalg.norm(blocks[i].grads["conv1.W"])
            yield kind, norms


def gradient_norms(depth, *, branch_scale=1.0, channels=8, size=8, batch=16,
                   seed=0) -> dict:
    """‖dL/dW‖ of every block's first conv, in a plain and a residual stack.

    Both stacks are drawn from the same seeds (He init), so they hold the same
    weights except for branch_scale: it multiplies the second conv of each
    residual block only, and the plain stack keeps its best init (He, scale 1).
    The input is random, (batch, channels, size, size), and the gradient
    arriving from the loss at the top is a fixed random dy / batch (the same
    for every depth), so only the stack between them differs.

    Returns {"plain": (depth,), "residual": (depth,)}: block 1 (next to the
    input) first.
    """
    norms = {}
    for kind, values in gradient_norm_passes(
            depth, branch_scale=branch_scale, channels=channels, size=size,
            batch=batch, seed=seed):
        norms[kind] = values
    return norms


def sweep_key(kind, depth, branch_scale):
    """The cache key of one stack: the plain stack does not depend on the scale."""
    return kind, int(depth), branch_scale if kind == "residual" else None


def gradient_sweep(cache, depth, depths, *, branch_scale, seed=0):
    """Fill `cache` with what the gradient panel shows, one block pass at a time.

    cache: {sweep_key(kind, d, branch_scale): (d,) norms}, filled in place, first
    both stacks of `depth` (the left plot), then those of every d in `depths`
    (block 1's gradient against depth). Stacks already in the cache are skipped.
    Yields (kind, d, norms so far) after every block pass: `sweep_length`
    items in all.
    """
    for d in dict.fromkeys([int(depth), *map(int, depths)]):  # depth first, once
        kinds = [k for k in STACKS if sweep_key(k, d, branch_scale) not in cache]
        for kind, norms in gradient_norm_passes(d, branch_scale=branch_scale,
                                                kinds=kinds, seed=seed):
            if not np.isnan(norms[0]):  # the backward pass reached block 1: done
                cache[sweep_key(kind, d, branch_scale)] = norms.copy()
            yield kind, d, norms


def sweep_length(cache, depth, depths, *, branch_scale) -> int:
    """How many items `gradient_sweep` yields: 2 per block of every missing stack."""
    stacks = {sweep_key(k, d, branch_scale): d
              for d in [int(depth), *map(int, depths)] for k in STACKS}
    return sum(2 * d for key, d in stacks.items() if key not in cache)


def first_block_gradients(depths, *, branch_scale=1.0, **kwargs) -> dict:
    """‖dL/dW‖ of block 1 for stacks of each depth: {"plain": (D,), "residual": (D,)}.

    kwargs go to `gradient_norms` (channels, size, batch, seed).
    """
    runs = [gradient_norms(int(d), branch_scale=branch_scale, **kwargs) for d in depths]
    return {kind: np.array([run[kind][0] for run in runs])
            for kind in ("plain", "residual")}

"""Batch normalization in a deep stack, and in training against evaluation (lesson 11,
Q32).

A deep stack of `depth` blocks, each

    Dense(width, width) (He init × weight_scale)  ->  [BatchNorm]  ->  ReLU

Lesson 7 showed that the scale of the activations is multiplied by about the
same factor in every block: He initialization makes that factor 1 at the
start, any other scale makes it grow or shrink exponentially with depth.
`activation_scales` measures the standard deviation of every block's output,
with and without batch normalization, for the same weights (block i is drawn
from seed + i in both stacks).

Batch normalization standardizes with the statistics of the current batch in
training, and with its running averages in evaluation. `train_eval_gap` trains
a small classifier with batch norm and, at a few steps, runs the same test
inputs both ways (`both_modes`): early in training the running averages still
hold most of their starting values (mean 0, variance 1), and the two modes
disagree; once they have caught up, the two modes agree.
"""

from __future__ import annotations

import itertools

import numpy as np

from nnviz.nn.activations import ReLU
from nnviz.nn.batchnorm import BatchNorm
from nnviz.nn.dense import Dense
from nnviz.nn.initializers import he_normal
from nnviz.nn.losses import BinaryCrossEntropyWithLogits
from nnviz.nn.model import Sequential
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import accuracy, train_steps


def deep_stack(depth, *, weight_scale=1.0, batchnorm=False, width=32,
               seed=0) -> Sequential:
    """`depth` blocks of Dense(width, width) -> [BatchNorm] -> ReLU.

    Each W is He normal (std sqrt(2 / width)) times weight_scale; block i's is
    drawn from seed + i, so the stacks with and without batch norm hold the same
    weights whatever the depth.
    """
    if not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a whole number of blocks >= 1, got {depth!r}.")
    if not weight_scale > 0:
        raise ValueError(f"weight_scale multiplies He's std: it must be > 0, got "
                         f"{weight_scale!r} (1 is plain He initialization).")
    layers = []
    for i in range(depth):
        dense = Dense(width, width, rng=np.random.default_rng(seed + i),
                      init=lambda shape, rng: weight_scale * he_normal(shape, rng))
        layers += [dense, BatchNorm(width), ReLU()] if batchnorm else [dense, ReLU()]
    return Sequential(layers)


def layer_scales(model, x, *, training=True) -> np.ndarray:
    """Standard deviation of every ReLU's output (one per block): (depth,).

    training=True normalizes with the batch's statistics (and updates the
    running averages, as a training step would); training=False uses the
    running averages.
    """
    outputs = model.trace(x, training=training)[1:]  # trace starts with x itself
    return np.array([out.std() for layer, out in zip(model.layers, outputs,
                                                     strict=True)
                     if isinstance(layer, ReLU)])


def activation_scales(depth=50, *, weight_scale=1.0, width=32, batch=128,
                      seed=0) -> dict:
    """Std of each block's output in a stack without and with batch norm.

    The input is a random batch (batch, width) of standard normal numbers.
    Returns, each (depth,), block 1 first:
        "plain"      no batch norm
        "batchnorm"  batch norm in training mode (the batch's statistics)
        "eval"       the same batch-norm stack in evaluation mode, before any
                     training: its running averages are still 0 and 1
    The stds of a shorter stack are the first entries of these (same seeds).
    """
    x = np.random.default_rng(seed).normal(size=(batch, width))
    stacks = {kind: deep_stack(depth, weight_scale=weight_scale, width=width,
                               batchnorm=kind != "plain", seed=seed + 1)
              for kind in ("plain", "batchnorm")}
    with np.errstate(over="ignore", invalid="ignore"):
        return {"plain": layer_scales(stacks["plain"], x),
                "eval": layer_scales(stacks["batchnorm"], x, training=False),
                "batchnorm": layer_scales(stacks["batchnorm"], x)}


def batchnorm_classifier(*, width=32, seed=0) -> Sequential:
    """2 inputs -> [Dense -> BatchNorm -> ReLU] × 2 -> Dense(width, 1): one logit."""
    rng = np.random.default_rng(seed)
    return Sequential([Dense(2, width, init="he_normal", rng=rng), BatchNorm(width),
                       ReLU(), Dense(width, width, init="he_normal", rng=rng),
                       BatchNorm(width), ReLU(), Dense(width, 1, rng=rng)])


def both_modes(model, X) -> tuple[np.ndarray, np.ndarray]:
    """The model's outputs for X as one batch: (training mode, evaluation mode).

    Training mode normalizes with X's own statistics, evaluation mode with the
    running averages. A forward pass in training mode also updates the running
    averages: they are put back, so measuring does not change the model.
    """
    norms = [layer for layer in model.layers if isinstance(layer, BatchNorm)]
    saved = [(bn.running_mean.copy(), bn.running_var.copy()) for bn in norms]
    in_training = model.forward(X, training=True)
    for bn, (mean, var) in zip(norms, saved, strict=True):
        bn.running_mean[...], bn.running_var[...] = mean, var
    return in_training, model.forward(X, training=False)


def train_eval_gap(data, checkpoints=(0, 5, 20, 50, 300), *, lr=0.01, batch_size=32,
                   seed=0) -> dict:
    """Train `batchnorm_classifier` on a 2-D Dataset; compare both modes as it goes.

    Adam(lr) on batches of `batch_size`; at each checkpoint (a step count, in
    increasing order) the test set goes through the model in both modes.
    Returns arrays (len(checkpoints),):
        "step"        the checkpoints
        "acc_train"   test accuracy in training mode (the test set's own statistics)
        "acc_eval"    test accuracy in evaluation mode (the running averages)
        "gap"         mean |logit in training mode - logit in evaluation mode|,
                      divided by the mean |logit in training mode|
    """
    model, loss = batchnorm_classifier(seed=seed), BinaryCrossEntropyWithLogits()
    steps = train_steps(model, loss, Adam(lr), data.X_train,
                        data.y_train, batch_size=batch_size,
                        rng=np.random.default_rng(seed + 1))
    rows, done = [], 0
    for step in checkpoints:
        if step < done:
            raise ValueError(f"checkpoints must increase, got {tuple(checkpoints)}.")
        for _ in itertools.islice(steps, step - done):
            pass
        done = step
        train_out, eval_out = both_modes(model, data.X_test)
        rows.append((step, accuracy(train_out, data.y_test, loss),
                     accuracy(eval_out, data.y_test, loss),
                     np.abs(train_out - eval_out).mean() / np.abs(train_out).mean()))
    return dict(zip(("step", "acc_train", "acc_eval", "gap"),
                    map(np.array, zip(*rows, strict=True)), strict=True))

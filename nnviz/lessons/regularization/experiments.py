"""Lesson dropout's experiments: what inverted dropout does to the average (Q22).

    dropout_means    the mean of each unit over many masks, unscaled and scaled
    dropout_sums     the layer's summed output under many masks, unscaled and scaled
    dropout_mlp      an mlp with a Dropout after every hidden activation
    sample_outputs   one input through many masks: the spread of a net's output
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.dropout import Dropout, keep_probability
from nnviz.nn.model import mlp


def dropout_means(a, keep, n_masks=1000, rng=None):
    """Average, over `n_masks` random masks, of each unit after dropout.

    a (U,) activations of one layer (one example). Returns (unscaled, scaled),
    both (U,):
        unscaled[i] = mean over masks of mask * a[i]          ->  keep * a[i]
        scaled[i]   = mean over masks of mask * a[i] / keep   ->  a[i]
    """
    a = np.asarray(a, dtype=float)
    p = keep_probability(keep=keep)
    rng = rng if rng is not None else np.random.default_rng()
    kept_fraction = (rng.random((int(n_masks), a.size)) < p).mean(axis=0)  # (U,)
    unscaled = kept_fraction * a.ravel()
    return unscaled.reshape(a.shape), (unscaled / p).reshape(a.shape)


def dropout_sums(a, keep, n_masks=1000, rng=None):
    """The summed output of one layer under `n_masks` random masks.

    a (U,) activations of one layer (one example, any values). Returns
    (unscaled, scaled), both (n_masks,): one sum per mask,
        unscaled[m] = sum_i mask[m, i] * a[i]           mean -> keep * a.sum()
        scaled[m]   = sum_i mask[m, i] * a[i] / keep    mean -> a.sum()
    The mean is kept; each single sum is not: it varies from mask to mask.
    """
    a = np.asarray(a, dtype=float).ravel()
    p = keep_probability(keep=keep)
    rng = rng if rng is not None else np.random.default_rng()
    masks = rng.random((int(n_masks), a.size)) < p  # (n_masks, U)
    unscaled = masks @ a  # (n_masks,)
    return unscaled, unscaled / p


def dropout_mlp(
    sizes, activation="relu", *, rate=None, keep=None, init="he_normal", rng=None
):
    """mlp(sizes) with a Dropout after every hidden activation (none if both are None).

    dropout_mlp([2, 128, 128, 1], rate=0.5) is Dense ReLU Dropout Dense ReLU Dropout
    Dense: the output stays raw logits. The Dropout layers share `rng`. Give the
    probability to drop (rate) or to keep (keep = 1 - rate). One call to nv.mlp.
    """
    if keep is not None:  # (keep_probability refuses rate and keep together)
        rate = 1.0 - keep_probability(rate, keep)
    return mlp(sizes, activation, init=init, dropout=rate, rng=rng)


def sample_outputs(model, x, n_masks=1000, *, active=None):
    """Training-mode outputs of `model` for ONE input x (F,): one fresh mask per row.

    Returns (n_masks, ...) outputs. `active` lists the indices (in model.layers)
    of the Dropout layers to switch on; None switches on all of them. Every other
    layer runs as in evaluation.
    """
    batch = np.repeat(np.asarray(x, dtype=float)[None], int(n_masks), axis=0)
    for i, layer in enumerate(model.layers):
        on = isinstance(layer, Dropout) and (active is None or i in active)
        batch = layer.forward(batch, training=on)
    return batch


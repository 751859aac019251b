"""How big trained weights get, with and without an L2 penalty (lesson Q1).

Nothing constrains a dense layer's weights: they start small and random and
go wherever the gradient sends them. On data the net can fit perfectly the
loss keeps asking for more confident (larger) logits, so without a penalty
the weights keep growing. An L2 penalty rate * sum(W**2) adds 2 * rate * W to
every gradient, pulling back harder the bigger W is, so the norm levels off.
What *does* sum to 1 is the softmax output, by construction.
"""

from __future__ import annotations

import itertools

import numpy as np

from nnviz.nn.training import train_steps


def weight_norm(model) -> float:
    """sqrt(sum of W**2 over every weight matrix of the model); biases left out."""
    return float(
        np.sqrt(
            sum(
                np.sum(layer.params["W"] ** 2)
                for layer in model.layers
                if "W" in layer.params
            )
        )
    )


def column_sums(W) -> np.ndarray:
    """Sum of each unit's incoming weights: W (n_in, n_out) -> (n_out,)."""
    return np.asarray(W).sum(axis=0)


def norm_stream(
    model, loss, optimizer, X, y, *, penalty_rate=0.0, rng=None, batch_size=None
):
    """Train with an L2 penalty of `penalty_rate`, one step per item: yields the
    weight norm after each step (a float), without end. The model is trained in
    place. A live panel pulls a few steps per frame from it."""
    run = train_steps(
        model,
        loss,
        optimizer,
        X,
        y,
        batch_size=batch_size,
        rng=rng,
        penalty="l2",
        penalty_rate=penalty_rate,
    )
    for _ in run:
        yield weight_norm(model)


def norm_history(
    model, loss, optimizer, X, y, *, steps, penalty_rate=0.0, rng=None, batch_size=None
) -> np.ndarray:
    """Train `steps` steps with an L2 penalty of `penalty_rate`; return the weight norm
    after each step, (steps,). The model is trained in place."""
    stream = norm_stream(model, loss, optimizer, X, y, penalty_rate=penalty_rate,
                         rng=rng, batch_size=batch_size)
    return np.fromiter(itertools.islice(stream, int(steps)), float, int(steps))

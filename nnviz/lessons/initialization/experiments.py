"""Training experiments for lesson 4: change one thing, keep everything else.

`loss_history` trains a model with fixed batches (a seed), so two runs that
differ in one choice (the initialization, the input scaling, the labels) see
the same data in the same order. `train_under_schemes` runs the same deep
`classifier` once per init scheme of `nnviz.lessons.initialization.diagnostics.SCHEMES`.
"""

from __future__ import annotations

import numpy as np

from nnviz.lessons.initialization.diagnostics import SCHEMES, scheme
from nnviz.nn import losses, optimizers
from nnviz.nn.dense import Dense
from nnviz.nn.model import Sequential, mlp
from nnviz.nn.training import record_steps, train_steps


def classifier(
    n_in, depth, width, activation, init, *, scale=1.0, rng=None
) -> Sequential:
    """A deep binary classifier with one logit; every weight drawn by `init`.

    Dense(n_in, width), activation, (depth - 1) x [Dense(width, width), activation],
    then Dense(width, 1). `init` is a name in SCHEMES or any initializer;
    `scale` multiplies the initial weights. One call to nv.mlp.
    """
    return mlp([n_in] + [width] * int(depth) + [1], activation, init=scheme(init),
               init_scale=scale, rng=rng)


def loss_history(model, X, y, *, loss=None, steps=300, lr=0.1, momentum=0.9,
                 batch_size=32, seed=1) -> np.ndarray:
    """Train `model` with SGD (+ momentum) for `steps` steps; return losses (steps,).

    The batches come from `seed`, so two runs differing in one thing see the same
    data. If training diverges the rest of the array stays NaN. loss: as in
    `loss_stream`, which takes the steps.
    """
    history = np.full(int(steps), np.nan)
    stream = loss_stream(model, X, y, loss=loss, lr=lr, momentum=momentum,
                         batch_size=batch_size, seed=seed)
    record_steps(stream, history)
    return history


def loss_stream(model, X, y, *, loss=None, lr=0.1, momentum=0.9, batch_size=32,
                seed=1):
    """The steps `loss_history` takes, one record at a time (`train_steps`): for a
    panel that trains a little now and the rest later.

    loss None is binary cross-entropy on logits that lets any labels through: this
    lesson shows what labels 1/2 do, which nv.fit would refuse with a message.
    """
    if loss is None:
        loss = losses.BinaryCrossEntropyWithLogits(strict_targets=False)
    return train_steps(model, loss, optimizers.SGD(lr, momentum=momentum), X, y,
                       batch_size=batch_size, rng=np.random.default_rng(seed))


def train_under_schemes(
    X,
    y,
    schemes=tuple(SCHEMES),
    *,
    activation="relu",
    depth=6,
    width=32,
    steps=400,
    lr=0.03,
    momentum=0.9,
    batch_size=32,
    seed=1,
) -> dict:
    """Train the same `classifier` once per init scheme: {scheme: losses (steps,)}.

    Every run uses the same seed (same batches, same random draws), so only the
    initialization differs. A run that diverges keeps NaN after that step.
    """
    return {
        name: loss_history(
            classifier(
                X.shape[1],
                depth,
                width,
                activation,
                name,
                rng=np.random.default_rng(seed),
            ),
            X,
            y,
            steps=steps,
            lr=lr,
            momentum=momentum,
            batch_size=batch_size,
            seed=seed,
        )
        for name in schemes
    }


def verdict(losses) -> str:
    """One sentence on a run's losses: diverged, impossible, guessing or learning.

    The thresholds are rules of thumb for binary cross-entropy: log 2 = 0.693 is
    the loss of answering 50/50, and no cross-entropy can be below 0.
    """
    losses = np.asarray(losses, dtype=float)
    below_zero = (
        "The loss went below 0, impossible for a cross-entropy: the labels "
        "are not the 0/1 the loss expects."
    )
    if np.isnan(losses).any():
        step = int(np.flatnonzero(np.isnan(losses))[0]) + 1
        before = losses[: step - 1]
        if before.size and before.min() < 0:
            return below_zero + f" Then it diverged at step {step}."
        return f"Diverged at step {step}: the loss became NaN or inf."
    final = float(losses[-min(20, len(losses)) :].mean())
    if final < 0:
        return f"Loss {final:.3g}. " + below_zero
    if final > 0.65:
        return (
            f"Loss {final:.3f} ≈ log 2 = 0.693: the net is guessing 50/50, "
            "it stopped learning."
        )
    if final > 0.2:
        return f"Loss {final:.3f}: learning something, but stuck well above 0."
    return f"Loss {final:.3g}: learning."


def update_signs(X, y, *, steps=40, lr=0.5, rng=None) -> dict:
    """One sigmoid unit trained one example at a time: the signs of its updates.

    X (N, n_in), y (N,) in {0, 1}. The unit is Dense(n_in, 1) + binary
    cross-entropy. For one example dL/dw_i = delta * x_i, with one delta per
    example: if every x_i > 0, all n_in gradients share delta's sign.
    Returns "signs" (steps, n_in) of the weight updates (-1, 0, +1), "path"
    (steps + 1, n_in) of the weights, and "same_sign" the share of steps whose
    updates all have one sign.
    """
    rng = np.random.default_rng(rng)
    unit = Dense(X.shape[1], 1, rng=rng)
    loss = losses.BinaryCrossEntropyWithLogits()
    path, signs = [unit.params["W"][:, 0].copy()], []
    for i in rng.integers(0, len(X), size=steps):
        z = unit.forward(X[i:i + 1])  # (1, 1)
        loss.forward(z, y[i:i + 1, None])
        unit.backward(loss.backward(), input_grad=False)
        step = -lr * unit.grads["W"][:, 0]  # (n_in,)
        unit.params["W"][:, 0] += step
        signs.append(np.sign(step))
        path.append(unit.params["W"][:, 0].copy())
    signs = np.array(signs)
    mixed = (signs.max(axis=1) > 0) & (signs.min(axis=1) < 0)
    return {"signs": signs, "path": np.array(path), "same_sign": 1 - mixed.mean()}

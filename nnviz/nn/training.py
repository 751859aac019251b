"""Training as a generator: one small record per optimizer step.

    for record in itertools.islice(train_steps(model, loss, opt, X, y, rng=rng), 200):
        ...                                   # record.step, .epoch, .loss, .accuracy

A widget pulls a few steps per animation frame; a notebook takes a bounded
number with `islice`; a test takes five. Each step is the whole cycle:

    y_pred = model.forward(x_batch, training=True)
    L      = loss.forward(y_pred, y_batch)  (+ penalties)
    model.backward(loss.backward())
    optimizer.step(model)

If the loss becomes NaN or inf, `TrainingDiverged` says at which step and
what usually causes it, instead of letting plots go silently empty.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from nnviz.nn import losses, optimizers, regularizers
from nnviz.nn.model import check_inputs


class TrainingDiverged(FloatingPointError):  # noqa: N818  public name used by notebooks
    """The loss became NaN or inf during training."""


@dataclass(frozen=True)
class TrainingStep:
    """What one optimizer step did. accuracy is None for regression."""

    step: int
    epoch: float
    loss: float
    accuracy: float | None


def accuracy(y_pred, y_true, loss=None) -> float | None:
    """Fraction of examples classified right, or None when the task is regression.

    Several outputs: the class is argmax (logits or probabilities alike).
    One output: class 1 when the output passes 0 for logits, 0.5 otherwise.
    """
    y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
    if y_pred.ndim == 2 and y_pred.shape[1] > 1:
        labels = y_true if y_true.ndim == 1 else y_true.argmax(axis=1)
        return np.count_nonzero(y_pred.argmax(axis=1) == labels) / len(labels)
    y_true = y_true.reshape(len(y_true))
    if not np.all((y_true == 0) | (y_true == 1)):
        return None
    threshold = 0.0 if isinstance(loss, losses.BinaryCrossEntropyWithLogits) else 0.5
    return float(np.mean((y_pred.reshape(len(y_pred)) > threshold) == y_true))


def batches(n, batch_size, rng):
    """Endless shuffled index batches; each pass over the data is one epoch.

    batch_size None (or >= n) is full-batch; 1 is online (one example per step).
    """
    batch_size = n if batch_size is None else min(int(batch_size), n)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}.")
    for _ in itertools.count():
        order = rng.permutation(n) if batch_size < n else np.arange(n)
        for start in range(0, n - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def train_steps(model, loss, optimizer, X, y, *, batch_size=None, rng=None,
                penalty=None, penalty_rate=0.0):
    """Yield a `TrainingStep` after every optimizer step, forever (take what you need).

    Parameters
    ----------
    model : Sequential
    loss, optimizer : objects or names ("mse", "adam", ...).
    X : (N, ...) inputs;  y : (N, ...) targets.
    batch_size : None for full batch, 1 for online learning, else mini-batches.
    rng : numpy Generator for shuffling.
    penalty, penalty_rate : "l1" or "l2" on every weight matrix, and its rate.
    """
    loss, optimizer = losses.get(loss), optimizers.get(optimizer)
    X, y = check_inputs(X, y)
    rng = rng if rng is not None else np.random.default_rng()
    params = [p for layer in model.layers for p in layer.params.values()]
    dtype = params[0].dtype if params else X.dtype  # float64, or float32 when asked
    X, y = X.astype(dtype, copy=False), y.astype(dtype, copy=False)
    per_epoch = len(X) if batch_size is None else min(int(batch_size), len(X))
    full = per_epoch == len(X)
    activity = [layer for layer in model.layers
                if isinstance(layer, regularizers.ActivityPenalty)]
    targets = None  # y as the loss computes with it, checked once (first step)
    for step, index in enumerate(batches(len(X), batch_size, rng), start=1):
        # A full batch is the data itself, in order: no need to copy it every step.
        x_batch, y_batch = (X, y) if full else (X[index], y[index])
        # Overflow is caught below and explained; numpy's own warnings would
        # only clutter the lesson.
        with np.errstate(over="ignore", invalid="ignore"):
            y_pred = model.forward(x_batch, training=True)
            if targets is None:
                targets = _checked_targets(loss, y_pred, y)
            value = loss.forward_checked(y_pred, targets if full else targets[index])
            model.backward(loss.backward().astype(dtype, copy=False), input_grad=False)
            value += regularizers.apply_weight_penalty(model, penalty, penalty_rate)
        value += sum(getattr(layer, "value", 0.0) for layer in activity)
        if not np.isfinite(value):
            raise TrainingDiverged(_diverged_message(step, value, optimizer, model))
        optimizer.step(model)
        yield TrainingStep(step, step * per_epoch / len(X), value,
                   accuracy(y_pred, y_batch, loss))


def _checked_targets(loss, y_pred, y):
    """All targets y (N, ...) checked and encoded by the loss once, as if the
    model had predicted the whole data set (y_pred is one batch's output)."""
    every_pred = np.broadcast_to(y_pred[:1], (len(y), *y_pred.shape[1:]))  # no copy
    return loss.check_targets(every_pred, y)


def _diverged_message(step, value, optimizer, model):
    names = {type(layer).__name__ for layer in model.layers}
    hint = (
        f"The learning rate {optimizer.lr:g} is probably too high"
        + (" for ReLU (it is unbounded, so activations can run away)"
           if "ReLU" in names else "")
        + f"; try {optimizer.lr / 10:g}. Very large initial weights do the same:"
        " use a scaled initializer (Glorot for tanh/sigmoid, He for ReLU)."
    )
    return f"Training diverged: the loss became {value} at step {step}. {hint}"


def record_steps(stream, out, measure=None) -> str | None:
    """Fill out[i] with measure(record) for the first len(out) steps of a fresh
    `train_steps` stream (measure defaults to the step's loss).

    out: an array (steps, ...) made by the caller, usually full of NaN. If
    training diverges, the rest of `out` is left as it was and the sentence of
    the `TrainingDiverged` is returned; otherwise None.
    """
    try:
        for i, record in enumerate(itertools.islice(stream, len(out))):
            out[i] = record.loss if measure is None else measure(record)
    except TrainingDiverged as error:
        return str(error)
    return None


def fit(model, loss, optimizer, X, y, *, steps, **kwargs) -> list[TrainingStep]:
    """Run `steps` optimizer steps and return their records (a list)."""
    return list(itertools.islice(
        train_steps(model, loss, optimizer, X, y, **kwargs), int(steps)))


def evaluate(model, loss, X, y) -> tuple[float, float | None]:
    """(loss, accuracy) of the model on (X, y), in evaluation mode."""
    loss = losses.get(loss)
    y_pred = model.predict(X)
    return loss.forward(y_pred, y), accuracy(y_pred, y, loss)

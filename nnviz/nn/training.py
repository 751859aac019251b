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
what usually causes it, instead of letting plots go silently empty. Nothing
is lost: the model goes back to the weights of its last good step, the one
with the lowest loss so far (a copy is kept whenever the loss reaches a new
low). Not simply the last finite step: a run that diverges grows its loss for
many steps before it overflows (1e305 the step before inf), and weights
like those cannot train on. The learner can then lower the learning rate and
go on. A loss that is not finite at step 1, before any update, is blamed on
the data or the initial weights, not the learning rate.

Everything a learner passes in is checked before the first update (data,
targets against the model's output, batch size, penalty), and a failed check
leaves the model and the optimizer as they were.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from nnviz.nn import losses, optimizers, regularizers
from nnviz.nn.checks import check_number, check_rng
from nnviz.nn.model import check_inputs


class TrainingDiverged(FloatingPointError):  # noqa: N818  public name used by notebooks
    """The loss became NaN or inf during training.

    step: the step whose loss was not finite. kept_step: the step whose weights
    the model was put back to (None at step 1: no weight had changed yet).
    """

    def __init__(self, message, *, step=None, kept_step=None):
        super().__init__(message)
        self.step, self.kept_step = step, kept_step


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
    if y_pred.ndim == 0 or y_true.ndim == 0 or len(y_pred) != len(y_true):
        raise ValueError(
            f"accuracy needs one prediction per target, got predictions of shape "
            f"{y_pred.shape} and targets of shape {y_true.shape}.")
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
    batch_size = n if batch_size is None else min(_check_batch_size(batch_size), n)
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

    Raises TrainingDiverged when the loss is not finite; the model then holds
    the weights of its last good step (the lowest loss so far).
    """
    loss, optimizer = losses.get(loss), optimizers.get(optimizer)
    if not hasattr(model, "layers"):
        raise TypeError(
            f"train_steps needs a model such as nv.mlp([2, 4, 1]) or "
            f"nv.Sequential([...]), got {type(model).__name__}.")
    X, y = check_inputs(X, y)
    rng = check_rng(rng, "train_steps")
    batch_size = None if batch_size is None else _check_batch_size(batch_size)
    penalty_rate = _check_penalty(penalty, penalty_rate)
    params = [p for layer in model.layers for p in layer.params.values()]
    dtype = params[0].dtype if params else X.dtype  # float64, or float32 when asked
    X, y = X.astype(dtype, copy=False), y.astype(dtype, copy=False)
    per_epoch = len(X) if batch_size is None else min(batch_size, len(X))
    full = per_epoch == len(X)
    activity = [layer for layer in model.layers
                if isinstance(layer, regularizers.ActivityPenalty)]
    targets = None  # y as the loss computes with it, checked once (first step)
    last_good = _LastGood(model, optimizer)  # the weights of the lowest loss
    for step, index in enumerate(batches(len(X), batch_size, rng), start=1):
        # A full batch is the data itself, in order: no need to copy it every step.
        x_batch, y_batch = (X, y) if full else (X[index], y[index])
        # Overflow is caught below and explained; numpy's own warnings would
        # only clutter the lesson.
        with np.errstate(over="ignore", invalid="ignore"):
            if targets is None:
                targets = _checked_targets(model, loss, x_batch, y)
            y_pred = model.forward(x_batch, training=True)
            value = loss.forward_checked(y_pred, targets if full else targets[index])
            model.backward(loss.backward().astype(dtype, copy=False), input_grad=False)
            value += regularizers.apply_weight_penalty(model, penalty, penalty_rate)
        value += sum(getattr(layer, "value", 0.0) for layer in activity)
        if not np.isfinite(value):
            kept = last_good.restore()
            raise TrainingDiverged(
                _diverged_message(step, value, optimizer, model, X, y, kept),
                step=step, kept_step=None if kept is None else kept[0])
        if value < last_good.loss:  # a new low: these weights are worth keeping
            last_good.keep(step, value)
        optimizer.step(model)
        yield TrainingStep(step, step * per_epoch / len(X), value,
                           accuracy(y_pred, y_batch, loss))


class _LastGood:
    """A copy of every parameter and of the optimizer's state, taken before the
    update of the step with the lowest loss so far.

    The optimizer changes the parameter arrays in place, so they are the same
    arrays all through training: each is paired once with a copy made for it
    (np.copyto then needs no new memory per step), and put back in place, so
    views holding params["W"] see the restore. The optimizer replaces its
    state arrays at each step, so a shallow copy of its state dict keeps them.
    """

    def __init__(self, model, optimizer):
        self.optimizer = optimizer
        self.pairs = [(param, np.empty_like(param)) for layer in model.layers
                      for param in layer.params.values()]
        self.kept, self.loss = None, np.inf  # (step, loss) held in the copies

    def keep(self, step, value):
        for param, copy in self.pairs:
            np.copyto(copy, param)
        self.state, self.t = dict(self.optimizer.state), self.optimizer.t
        self.kept, self.loss = (step, value), value

    def restore(self):
        """Put the kept weights and optimizer state back; (step, loss) or None."""
        if self.kept is None:
            return None
        for param, copy in self.pairs:
            param[...] = copy
        self.optimizer.state.clear()
        self.optimizer.state.update(self.state)
        self.optimizer.t = self.t
        return self.kept


def _check_batch_size(batch_size):
    return check_number(batch_size, "batch_size", where="train_steps", low=1,
                        whole=True, hint="It is the number of examples per step "
                        "(None: the whole data set at every step).")


def _check_penalty(penalty, rate):
    """The penalty rate as a float; the penalty's name and rate checked."""
    rate = check_number(rate, "penalty_rate", where="train_steps", low=0,
                        hint="It is the weight of the penalty in the loss: 0 or "
                        "more, typically 1e-4 to 1e-2.")
    if penalty is None and rate:
        raise ValueError(f"train_steps: penalty_rate={rate:g} needs a penalty: "
                         "add penalty='l2' (or 'l1').")
    if penalty is not None:
        regularizers.get(penalty)
    return rate


def _checked_targets(model, loss, x_batch, y):
    """All targets y (N, ...) checked and encoded by the loss once, before the
    first update, against the model's output for the first batch.

    That output comes from an evaluation-mode forward whose layer caches are
    put back afterwards, so a failed check leaves the model as it was.
    """
    caches = [layer.cache for layer in model.layers]
    try:
        y_pred = model.forward(x_batch)
    finally:
        for layer, cache in zip(model.layers, caches, strict=True):
            layer.cache = cache
    every_pred = np.broadcast_to(y_pred[:1], (len(y), *y_pred.shape[1:]))  # no copy
    targets = loss.check_targets(every_pred, y)
    loss._check_predictions(y_pred)
    return targets


def _diverged_message(step, value, optimizer, model, X, y, kept):
    """Why the loss is not finite at `step`, and what was kept (see train_steps)."""
    if kept is None:
        return (f"Training diverged: the loss was already {value} at step 1, before "
                "any weight changed, so the learning rate is not the cause. "
                + _scale_hint(model, X, y))
    names = {type(layer).__name__ for layer in model.layers}
    hint = (
        f"The learning rate {optimizer.lr:g} is probably too high"
        + (" for ReLU (it is unbounded, so activations can run away)"
           if "ReLU" in names else "")
        + f"; try {optimizer.lr / 10:g}. Very large initial weights do the same:"
        " use a scaled initializer (Glorot for tanh/sigmoid, He for ReLU)."
    )
    kept_step, kept_loss = kept
    return (
        f"Training diverged: the loss became {value} at step {step}. {hint} "
        f"The weights were kept from the last good step: step {kept_step}, the "
        f"lowest loss of this run ({kept_loss:.4g}). Lower the learning rate "
        f"(e.g. optimizer.lr = {optimizer.lr / 10:g}) and call train_steps again "
        "to go on from there."
    )


def _scale_hint(model, X, y) -> str:
    """Name the largest input, target and initial weight, and blame the largest."""
    x_at = np.unravel_index(np.argmax(np.abs(X)), X.shape) if X.size else ()
    x_max = float(np.abs(X[x_at])) if X.size else 0.0
    y_max = float(np.max(np.abs(y))) if y.size else 0.0
    w_max, w_layer = max(((float(np.max(np.abs(p))), layer.name)
                          for layer in model.layers for p in layer.params.values()
                          if p.size), default=(0.0, "none"))
    sizes = (f"The largest input is |X| = {x_max:.3g} (at index "
             f"{tuple(int(i) for i in x_at)}), the largest target |y| = "
             f"{y_max:.3g}, the largest initial weight |W| = {w_max:.3g} "
             f"(in {w_layer}).")
    # Blame what is too large (data beyond 100, weights beyond 10), largest first.
    causes = sorted([
        (max(x_max, y_max) / 100, "scale the inputs (and regression targets) to "
         "about -1..1, e.g. X = nv.fit_scaler(X, axis=0).transform(X)"),
        (w_max / 10, "start from smaller weights: a scaled initializer (Glorot "
         "for tanh/sigmoid, He for ReLU)"),
    ], reverse=True)
    fixes = [fix for excess, fix in causes if excess > 1]
    if not fixes:
        return (f"{sizes} Check the data and the initial weights: together they "
                "make the loss overflow.")
    return f"{sizes} To fix it, {'; or '.join(fixes)}."


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
    steps = check_number(steps, "steps", where="fit", low=0, whole=True,
                         hint="It is how many optimizer steps to take, e.g. 100.")
    return list(itertools.islice(
        train_steps(model, loss, optimizer, X, y, **kwargs), steps))


def evaluate(model, loss, X, y) -> tuple[float, float | None]:
    """(loss, accuracy) of the model on (X, y), in evaluation mode.

    X and y are checked as for training: numbers, no NaN or inf, one target
    per example.
    """
    loss = losses.get(loss)
    X, y = check_inputs(X, y)
    y_pred = model.predict(X)
    return loss.forward(y_pred, y), accuracy(y_pred, y, loss)

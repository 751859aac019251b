"""Losses: a number that says how wrong the predictions are, and its gradient.

One interface for all of them:

    value = loss.forward(y_pred, y_true)   # a float: the mean over the batch
    dy    = loss.backward()                # dL/dy_pred, same shape as y_pred

Each loss is the negative log-likelihood of a noise model, which is why each
fits one kind of output:

    MeanSquaredError      Gaussian noise around y_pred     any real target
    BinaryCrossEntropy    Bernoulli(y_pred)                0/1 targets, sigmoid output
    SoftmaxCrossEntropy   Categorical(softmax(logits))     one class out of K

The cross-entropies that take *logits* fuse the output activation into the
loss: log(sigmoid(z)) and log(softmax(z)) are computed without ever forming a
probability of exactly 0, so they never return inf.

Targets are checked once against the predictions, with a message naming what
was expected and the likely fix: the binary losses take 0/1 targets (or
probabilities in between), not -1/+1 or labels 0..2; softmax cross-entropy
takes labels 0..K-1 for K output units, or one-hot rows.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import sigmoid
from nnviz.nn.layer import check_finite, shape_words

EPS = 1e-12


class Loss:
    """Base class: subclasses define `_value(y_pred, y_true)` and `_gradient()`."""

    name = "loss"

    def forward(self, y_pred, y_true) -> float:
        y_pred = np.asarray(y_pred)
        return self.forward_checked(y_pred, self.check_targets(y_pred, y_true))

    __call__ = forward

    def check_targets(self, y_pred, y_true) -> np.ndarray:
        """y_true checked against predictions y_pred (N, ...) and put in the form
        this loss computes with: the predictions' float dtype, their shape
        (class labels (N,) become one-hot rows (N, K) for softmax cross-entropy).
        Raises ValueError saying what is wrong with the targets.
        """
        return self._targets(np.asarray(y_pred), y_true)

    def forward_checked(self, y_pred, y_true) -> float:
        """forward() for targets that already went through `check_targets`.

        `train_steps` checks the targets of the whole data set once, then each
        step's batch of them goes straight to the formula: the checks are the
        same every step, and on a small network they cost a tenth of the step.
        """
        self._check_predictions(y_pred)
        self.cache = {"y_pred": y_pred, "y_true": y_true}
        return float(self._value(y_pred, y_true))

    def _check_predictions(self, y_pred):
        """Raise ValueError if this loss cannot take these predictions (a
        subclass's rule, e.g. probabilities in [0, 1]); checked every step."""

    def backward(self):
        if not getattr(self, "cache", None):
            raise RuntimeError(
                f"{type(self).__name__}.backward() was called before forward()."
            )
        return self._gradient(self.cache["y_pred"], self.cache["y_true"])

    def _targets(self, y_pred, y_true):
        y_true = check_finite(y_true, "The targets y_true")
        if y_pred.dtype.kind == "f":  # float32 outputs: float32 targets
            y_true = y_true.astype(y_pred.dtype, copy=False)
        if y_true.ndim == 1 and y_pred.ndim == 2 and y_pred.shape[1] == 1:
            y_true = y_true[:, None]
        if y_true.shape != y_pred.shape:
            raise ValueError(
                f"{type(self).__name__}: predictions {_have(y_pred.shape)} but "
                f"targets {_have(y_true.shape)}; they must match (the order "
                f"is forward(y_pred, y_true), predictions first). "
                + _shape_hint(y_pred.shape, y_true.shape)
            )
        return y_true


def _have(shape) -> str:
    return "are a single number" if shape == () else f"have shape {shape}"


def _shape_hint(pred, true) -> str:
    """What usually makes predictions and targets differ in shape."""
    if pred[:1] != true[:1]:  # shapes: compare the number of examples
        count = lambda shape: shape[0] if shape else 1  # noqa: E731
        return f"There are {count(pred)} predictions but {count(true)} targets."
    if len(pred) == 2 and len(true) == 2:
        return (f"The model has {pred[1]} output unit(s) but each target has "
                f"{true[1]} number(s): end the model with Dense(..., {true[1]}).")
    if len(true) == 1 and len(pred) == 2:
        return (f"One target per example, but the model gives {pred[1]} numbers: for "
                f"class labels 0..{pred[1] - 1} use softmax_cross_entropy; for one "
                "number per example end the model with Dense(..., 1).")
    return ""


def _check_binary_targets(loss, y):
    """Binary cross-entropy needs targets in [0, 1]: 0/1 labels (or probabilities)."""
    if y.size == 0 or (y.min() >= 0 and y.max() <= 1):
        return y
    low, high = y.min(), y.max()
    if np.all(np.isin(y, (-1.0, 1.0))):
        hint = "These look like -1/+1 labels: (y + 1) / 2 makes them 0/1."
    elif np.all(np.isin(y, (1.0, 2.0))):
        hint = "These look like classes numbered 1 and 2: y - 1 makes them 0/1."
    elif np.all(y == np.round(y)) and low >= 0:
        k = int(high) + 1
        hint = (f"These look like class labels 0..{k - 1}: for {k} classes use "
                f"softmax_cross_entropy with {k} output units.")
    else:
        hint = "For real-valued targets use mse; or scale them into [0, 1]."
    raise ValueError(
        f"{type(loss).__name__}: targets must be 0 or 1 (or probabilities in "
        f"between), but they go from {low:g} to {high:g}. {hint}"
    )


class MeanSquaredError(Loss):
    """L = mean over examples of sum_k (y_pred - y_true)**2 / K  (the mean of all
    entries).

    dL/dy_pred = 2 (y_pred - y_true) / (N K).
    """

    name = "mse"

    def _value(self, y_pred, y_true):
        return np.mean((y_pred - y_true) ** 2)

    def _gradient(self, y_pred, y_true):
        return 2.0 * (y_pred - y_true) / y_pred.size


class _Binary(Loss):
    """Shared by the two binary cross-entropies: targets must be in [0, 1].

    strict_targets=False lets any targets through: a lesson uses it to show what
    labels 1/2 do to the loss (it falls below 0), which training would refuse.
    """

    def __init__(self, *, strict_targets=True):
        self.strict_targets = bool(strict_targets)

    def _targets(self, y_pred, y_true):
        y_true = super()._targets(y_pred, y_true)
        return _check_binary_targets(self, y_true) if self.strict_targets else y_true


class BinaryCrossEntropy(_Binary):
    """L = -mean(y log p + (1 - y) log(1 - p)), from probabilities p in (0, 1).

    p is clipped to [1e-12, 1 - 1e-12] so log(0) never appears; p outside
    [0, 1] (logits given by mistake) is refused.
    dL/dp = (p - y) / (p (1 - p)) / size.
    """

    name = "binary_cross_entropy"

    def _check_predictions(self, p):
        if p.size and (p.min() < 0 or p.max() > 1):
            raise ValueError(
                "BinaryCrossEntropy takes probabilities in [0, 1], but the "
                f"predictions go from {p.min():.3g} to {p.max():.3g}. These look "
                "like logits (raw outputs): use 'binary_cross_entropy_logits', or "
                "end the model with a Sigmoid."
            )

    def _value(self, p, y):
        p = np.clip(p, EPS, 1 - EPS)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    def _gradient(self, p, y):
        p = np.clip(p, EPS, 1 - EPS)
        return (p - y) / (p * (1 - p)) / p.size


class BinaryCrossEntropyWithLogits(_Binary):
    """Binary cross-entropy on logits z, with p = sigmoid(z), computed stably:

        L = mean(softplus(z) - y z),   dL/dz = (sigmoid(z) - y) / size
    """

    name = "binary_cross_entropy_logits"

    def _value(self, z, y):
        return np.mean(np.logaddexp(0.0, z) - y * z)

    def _gradient(self, z, y):
        return (sigmoid(z) - y) / z.size


class SoftmaxCrossEntropy(Loss):
    """Softmax then cross-entropy, fused, on logits z of shape (N, K).

    Targets are class indices (N,) or one-hot rows (N, K).
        L = -mean_n log softmax(z_n)[y_n]
        dL/dz = (softmax(z) - onehot(y)) / N
    """

    name = "softmax_cross_entropy"

    def _targets(self, z, y_true):
        if z.ndim != 2 or z.shape[1] < 2:
            raise ValueError(_logits_message(z.shape))
        y_true = check_finite(y_true, "The targets y_true")
        if y_true.ndim != 1:  # one-hot rows (or probabilities), shaped like z
            y_true = super()._targets(z, y_true)
            if np.any(y_true < 0) or not np.allclose(y_true.sum(axis=1), 1):
                raise ValueError(
                    "SoftmaxCrossEntropy: each target row must be probabilities "
                    "that sum to 1 (a one-hot row: a single 1, the rest 0). Class "
                    "labels can also be given as one whole number per example.")
            return y_true
        k = z.shape[1]
        if len(y_true) != len(z):
            raise ValueError(
                f"SoftmaxCrossEntropy: there are {len(z)} rows of logits but "
                f"{len(y_true)} class labels; give one label per example.")
        labels = y_true.astype(int)
        if labels.size and (labels.min() < 0 or np.any(labels != y_true)):
            bad = y_true[(labels < 0) | (labels != y_true)][0]
            raise ValueError(
                f"SoftmaxCrossEntropy: class labels must be whole numbers from 0 "
                f"to {k - 1} (one per output unit), got {bad:g}.")
        if labels.size and labels.max() >= k:
            top = int(labels.max())
            raise ValueError(
                f"SoftmaxCrossEntropy: class labels must be whole numbers from 0 "
                f"to {k - 1} (one per output unit), but they go up to {top}: that "
                f"is at least {top + 1} classes, and the model has {k} output "
                f"units. End the model with Dense(..., {top + 1}), or check the "
                "labels.")
        return np.eye(k, dtype=z.dtype)[labels]

    def _value(self, z, y):
        shifted = z - z.max(axis=1, keepdims=True)   # the same softmax, no overflow
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        self.cache["p"] = exp / total                # softmax(z), kept for backward
        log_p = shifted - np.log(total)
        return -np.sum(y * log_p) / len(z)

    def _gradient(self, z, y):
        return (self.cache["p"] - y) / len(z)   # p = softmax(z), from forward


def _logits_message(shape) -> str:
    if len(shape) == 2:
        return (
            f"SoftmaxCrossEntropy needs at least 2 output units, one per class, "
            f"but the logits have shape {shape}: a softmax over one number is "
            "always 1. For two classes end the model with Dense(..., 2), or keep "
            "one output and use 'binary_cross_entropy_logits' with 0/1 targets.")
    return (
        f"SoftmaxCrossEntropy needs logits of shape (N, K), one row of K class "
        f"scores per example, but got {shape_words(shape)}. For K classes end the "
        "model with Dense(..., K); the order is forward(logits, labels).")


LOSSES = {
    "mse": MeanSquaredError,
    "binary_cross_entropy": BinaryCrossEntropy,
    "binary_cross_entropy_logits": BinaryCrossEntropyWithLogits,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
}


def get(loss):
    """A loss from its name (see LOSSES) or a Loss passed through."""
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, type) and issubclass(loss, Loss):
        raise TypeError(f"Got the class {loss.__name__}, not a loss: make one with "
                        f"nv.{loss.__name__}(), or pass its name {loss.name!r}.")
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss {loss!r}. Choose one of: {', '.join(LOSSES)}.")
    return LOSSES[loss]()

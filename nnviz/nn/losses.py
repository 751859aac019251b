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
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import sigmoid
from nnviz.nn.layer import check_finite

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
        self.cache = {"y_pred": y_pred, "y_true": y_true}
        return float(self._value(y_pred, y_true))

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
                f"{type(self).__name__}: predictions have shape {y_pred.shape} but "
                f"targets have shape {y_true.shape}; they must match."
            )
        return y_true


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


class BinaryCrossEntropy(Loss):
    """L = -mean(y log p + (1 - y) log(1 - p)), from probabilities p in (0, 1).

    p is clipped to [1e-12, 1 - 1e-12] so log(0) never appears.
    dL/dp = (p - y) / (p (1 - p)) / size.
    """

    name = "binary_cross_entropy"

    def _value(self, p, y):
        p = np.clip(p, EPS, 1 - EPS)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    def _gradient(self, p, y):
        p = np.clip(p, EPS, 1 - EPS)
        return (p - y) / (p * (1 - p)) / p.size


class BinaryCrossEntropyWithLogits(Loss):
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
        y_true = check_finite(y_true, "The targets y_true")
        if y_true.ndim == 1:
            if z.ndim != 2 or len(y_true) != len(z):
                raise ValueError(
                    f"SoftmaxCrossEntropy: logits have shape {z.shape}; class "
                    f"labels must have shape ({len(z)},) but have {y_true.shape}."
                )
            labels = y_true.astype(int)
            if (labels.min() < 0 or labels.max() >= z.shape[1]
                    or np.any(labels != y_true)):
                raise ValueError(
                    f"SoftmaxCrossEntropy: class labels must be whole numbers from 0 "
                    f"to {z.shape[1] - 1} (one per output unit), got values from "
                    f"{y_true.min()} to {y_true.max()}."
                )
            return np.eye(z.shape[1], dtype=z.dtype)[labels]
        return super()._targets(z, y_true)

    def _value(self, z, y):
        shifted = z - z.max(axis=1, keepdims=True)   # the same softmax, no overflow
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        self.cache["p"] = exp / total                # softmax(z), kept for backward
        log_p = shifted - np.log(total)
        return -np.sum(y * log_p) / len(z)

    def _gradient(self, z, y):
        return (self.cache["p"] - y) / len(z)   # p = softmax(z), from forward


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
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss {loss!r}. Choose one of: {', '.join(LOSSES)}.")
    return LOSSES[loss]()

"""Losses as likelihoods (Q20) and a penalty that cannot pull (Q19).

Q19. p = softmax(z) has positive entries that sum to 1, so the L1 penalty
sum_k |p_k| = 1 whatever z is. Its gradient goes through the softmax Jacobian

    J[i, j] = dp_i / dz_j = p_i (delta_ij - p_j),   J = diag(p) - p p^T  (K, K)
    dL/dz   = J^T sign(p) = J^T 1 = p - p (sum_j p_j) = 0

exactly in exact arithmetic; in floating point it is a rounding error.

Q20. Each loss is the negative log-likelihood (NLL) of a noise model, averaged
over the entries:

    Gaussian     y ~ N(y_pred, s^2)     NLL = (y - y_pred)^2 / (2 s^2) + log(2 pi s^2)/2
    Bernoulli    y ~ Bernoulli(p)       NLL = -(y log p + (1 - y) log(1 - p))
    Categorical  y ~ Categorical(p)     NLL = -sum_k y_k log p_k   (one row)

The *_nll functions below compute -log of the density or probability itself
(the product form), a different route from the loss formulas, so that the
lesson can compare the two numerically.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import softmax
from nnviz.nn.gradcheck import numerical_gradient
from nnviz.nn.losses import BinaryCrossEntropy, MeanSquaredError


def softmax_jacobian(z):
    """J (K, K) with J[i, j] = dp_i/dz_j for p = softmax(z), z (K,): diag(p) - p p^T."""
    p = softmax(_vector(z))
    return np.diag(p) - np.outer(p, p)


def l1_softmax_gradient(z):
    """d/dz sum|softmax(z)| through the Jacobian: J^T sign(p), shape (K,)."""
    z = _vector(z)
    return softmax_jacobian(z).T @ np.sign(softmax(z))


def l1_softmax_numeric(z, h=1e-6):
    """The same gradient by central differences (step h), shape (K,)."""
    z = _vector(z).copy()
    return numerical_gradient(lambda v: np.abs(softmax(v)).sum(), z, h=h)


def l2_softmax_gradient(z):
    """d/dz sum softmax(z)**2 = J^T 2p, shape (K,): a penalty that does pull."""
    z = _vector(z)
    return softmax_jacobian(z).T @ (2 * softmax(z))


def _vector(z):
    z = np.asarray(z, dtype=float)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(
            f"Expected one row of logits, shape (K,) with K >= 2; got shape {z.shape}."
        )
    return z


def _pair(y_true, y_pred, *, probabilities=True):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"Targets have shape {y_true.shape} but predictions {y_pred.shape}; "
            "they must match."
        )
    if probabilities and (np.any(y_pred <= 0) or np.any(y_pred >= 1)):
        raise ValueError(
            "Cross-entropy needs probabilities strictly between 0 and 1 (log 0 is "
            f"-inf); got values from {y_pred.min()} to {y_pred.max()}."
        )
    return y_true, y_pred


def mean_squared_error(y_true, y_pred) -> float:
    """mean over all entries of (y_pred - y_true)**2: `MeanSquaredError`, called
    targets first like the other functions here."""
    y_true, y_pred = _pair(y_true, y_pred, probabilities=False)
    return MeanSquaredError()(y_pred, y_true)


def bernoulli_cross_entropy(y_true, p) -> float:
    """Binary cross-entropy, each entry its own yes/no: `BinaryCrossEntropy`.

    -mean(y log p + (1 - y) log(1 - p)) over all entries of y, p (any shape).
    """
    y, p = _pair(y_true, p)
    return BinaryCrossEntropy()(p, y)


def categorical_cross_entropy(y_true, p, *, normalize=False) -> float:
    """-mean over rows of sum_k y_k log p_k, for one-hot rows y (N, K).

    normalize=True first divides each row of p by its sum (rows that do not
    sum to 1 are not a categorical distribution); False uses p as given.
    """
    y, p = _pair(y_true, p)
    if normalize:
        p = p / p.sum(axis=1, keepdims=True)
    return float(-np.mean(np.sum(y * np.log(p), axis=1)))


def gaussian_nll(y_true, y_pred, sigma=1.0) -> float:
    """-mean log N(y_true; y_pred, sigma^2), from the density itself."""
    y, mu = _pair(y_true, y_pred, probabilities=False)
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}.")
    density = np.exp(-((y - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    return float(-np.mean(np.log(density)))


def bernoulli_nll(y_true, p) -> float:
    """-mean log P(y) for independent Bernoulli(p) entries: P(y) = p^y (1-p)^(1-y)."""
    y, p = _pair(y_true, p)
    return float(-np.mean(np.log(p**y * (1 - p) ** (1 - y))))


def categorical_nll(y_true, p) -> float:
    """-mean over rows of log P(class), P = prod_k p_k^(y_k), rows of p summing to 1."""
    y, p = _pair(y_true, p)
    if not np.allclose(p.sum(axis=1), 1.0):
        raise ValueError(
            f"A categorical distribution's rows sum to 1; these sum to "
            f"{np.round(p.sum(axis=1), 3).tolist()}. Normalize them first."
        )
    return float(-np.mean(np.log(np.prod(p**y, axis=1))))

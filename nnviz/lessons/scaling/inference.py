"""Two scaling traps after training: inputs at inference (Q11), tanh angles (Q5a).

Q11: a classifier is trained on 0-255 pixels standardized by z = (x - mean) / std
(mean and std fitted on the training pixels). At inference the images may be
prepared differently: loaded as 0-1 floats and then standardized with the same
mean and std (every image becomes almost the same vector, about -mean / std),
or fed as 0-255 with no standardizing at all (inputs about 100 times too large,
a saturated softmax). Reusing the training scaler on the same 0-255 pixels
fixes both.

Q5, option (a): squash angle targets (in radians) with tanh. tanh flattens near
+-1, so all large angles land within a hair of 1, and the inverse (atanh) turns
a tiny error in the squashed output into a large error in degrees.
"""

from __future__ import annotations

import numpy as np

from nnviz.data.scaling import fit_scaler
from nnviz.nn.activations import softmax
from nnviz.nn.model import mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import train_steps

#: the three ways the test images reach the network at inference
INFERENCE_INPUTS = (
    "0-255, training scaler", "0-1, training scaler", "0-255, not scaled",
)


def inference_mismatch(digits, *, steps=150, hidden=32, lr=0.01, seed=0) -> dict:
    """Train a digits classifier on z-scored 0-255 pixels; ask it about test
    images prepared three ways (INFERENCE_INPUTS). Returns {way: summary}.

    digits: a Dataset with X_train (N, 64), X_test (M, 64) pixels in [0, 1] and
    labels y_train (N,), y_test (M,). Net 64 -> hidden (relu) -> 10, full-batch
    Adam(lr) with softmax cross-entropy for `steps` steps.

    Each summary: "counts" (10,) how many test images got each class,
    "top_share" the share of the most frequent class, "mean_max_p" the mean of
    the largest softmax probability, "accuracy" on the test labels.
    """
    pixels = digits.X_train * 255.0                         # (N, 64) in 0-255
    scaler = fit_scaler(pixels, "zscore")
    model = mlp([digits.X_train.shape[1], hidden, 10], "relu",
                rng=np.random.default_rng(seed))
    trainer = train_steps(model, "softmax_cross_entropy", Adam(lr),
                          scaler.transform(pixels), digits.y_train)
    for record in trainer:
        if record.step >= steps:
            break
    inputs = {
        "0-255, training scaler": scaler.transform(digits.X_test * 255.0),
        "0-1, training scaler": scaler.transform(digits.X_test),
        "0-255, not scaled": digits.X_test * 255.0,
    }
    out = {}
    for way, x in inputs.items():
        p = softmax(model.predict(x))                       # (M, 10)
        guess = p.argmax(axis=1)
        counts = np.bincount(guess, minlength=10)
        out[way] = {
            "counts": counts,
            "top_share": counts.max() / len(guess),
            "mean_max_p": float(p.max(axis=1).mean()),
            "accuracy": float(np.mean(guess == digits.y_test)),
        }
    return out


def tanh_end_angle(within=0.005) -> float:
    """The angle in degrees above which tanh(angle in radians) is within
    `within` of 1: atanh(1 - within) radians, converted to degrees."""
    if not 0 < within < 1:
        raise ValueError(f"within must be in (0, 1), got {within}.")
    return float(np.degrees(np.arctanh(1.0 - within)))


def tanh_angle_error(angles_deg, output_error=0.001, *, lock=420.0) -> dict:
    """Error in degrees caused by an output error of `output_error`, per angle.

    angles_deg: (K,) angles in degrees (positive). For tanh targets
    y = tanh(radians) the prediction y - output_error is mapped back with atanh;
    for linear targets y = angle / lock the same error costs output_error * lock
    degrees everywhere. Returns {"tanh": (K,), "linear": (K,)} in degrees.
    """
    angles = np.asarray(angles_deg, dtype=float)
    y = np.tanh(np.radians(angles))
    back = np.degrees(np.arctanh(y - output_error))
    return {"tanh": angles - back,
            "linear": np.full(angles.shape, output_error * lock)}

"""Regressing a steering angle in [-420, 420] degrees (Q5).

A synthetic data set: three road features in [-1, 1] give the angle

    angle = 420 * clip(gain * sin(1.5 x0 + 0.8 x1 x2) + 0.2 x2, -1, 1)

a smooth function that sits at the steering lock (+-420) for about one example
in eight (gain 1). Three set-ups are trained with the same net and optimizer:

    raw, linear       targets in degrees, no output activation
    scaled, tanh      targets / 420 in [-1, 1], tanh output (bounded like the wheel)
    scaled, linear    targets / 420, no output activation

tanh reaches +-1 only as its input goes to infinity, and its slope 1 - y**2
falls to 0 there: near the lock the output moves slowly. Errors are reported
back in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn.model import mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import train_steps

STEERING_LOCK = 420.0
#: name -> (target scale, output activation or None)
STEERING_SETUPS = {
    "raw, linear": (1.0, None),
    "scaled, tanh": (STEERING_LOCK, "tanh"),
    "scaled, linear": (STEERING_LOCK, None),
}


def steering_data(n=800, *, gain=1.0, rng=None):
    """(X (n, 3) uniform in [-1, 1], angle (n, 1) in degrees within [-420, 420])."""
    if n < 1 or gain <= 0:
        raise ValueError(f"steering_data needs n >= 1 and gain > 0; got {n}, {gain}.")
    rng = rng if rng is not None else np.random.default_rng()
    X = rng.uniform(-1, 1, size=(int(n), 3))
    raw = gain * np.sin(1.5 * X[:, 0] + 0.8 * X[:, 1] * X[:, 2]) + 0.2 * X[:, 2]
    return X, STEERING_LOCK * np.clip(raw, -1, 1)[:, None]


@dataclass
class SteeringRun:
    """One set-up's training. steps (S,); predictions (S, N_test) in degrees,
    the test predictions after each of those steps."""

    name: str
    steps: np.ndarray
    predictions: np.ndarray

    def errors(self, true, *, last=1, clip=None) -> dict:
        """`angle_errors` of the last kept predictions against true (M,) angles.

        last > 1 gives the median of each error over the last `last` snapshots:
        full-batch Adam has brief loss spikes, and a median over a few snapshots
        keeps one spike (whose timing shifts with rounding) from deciding a
        comparison. clip: predictions are first clipped to [-clip, clip].
        """
        kept = self.predictions[-int(last):]
        if clip is not None:
            kept = np.clip(kept, -clip, clip)
        each = [angle_errors(predicted, true) for predicted in kept]
        return {key: float(np.median([e[key] for e in each])) for key in each[0]}


def train_steering(X, angle, X_test, *, steps=1000, every=50, hidden=32, lr=0.01,
                   seed=0, setups=None, progress=None) -> dict:
    """Train each set-up of STEERING_SETUPS; {name: SteeringRun}.

    X (N, 3), angle (N, 1) in degrees, X_test (M, 3). Net 3 -> hidden -> hidden
    -> 1 (tanh hidden), full-batch Adam(lr), same initial weights for every
    set-up; test predictions kept every `every` steps.
    progress: None, or a function that shows a bar while the set-ups train,
    called as progress(names, total, what, unit="set-ups"): pass
    `nv.progress_steps`.
    """
    names = list(setups or STEERING_SETUPS)
    for name in names:
        if name not in STEERING_SETUPS:
            raise ValueError(
                f"Unknown set-up {name!r}. Choose from: {', '.join(STEERING_SETUPS)}."
            )
    if progress is not None:
        names = progress(names, len(names), f"training {len(names)} set-ups, "
                         f"{steps} steps each", unit="set-ups")
    runs = {}
    for name in names:
        scale, output = STEERING_SETUPS[name]
        model = mlp([X.shape[1], hidden, hidden, 1], "tanh", output=output,
                    rng=np.random.default_rng(seed))
        trainer = train_steps(model, "mse", Adam(lr), X, angle / scale)
        kept_steps, kept = [0], [model.predict(X_test)[:, 0] * scale]
        for record in trainer:
            if record.step % every == 0:
                kept_steps.append(record.step)
                kept.append(model.predict(X_test)[:, 0] * scale)
            if record.step >= steps:
                break
        runs[name] = SteeringRun(name, np.array(kept_steps), np.array(kept))
    return runs


def angle_errors(predicted, true, *, near_lock=400.0) -> dict:
    """Mean absolute errors in degrees: overall, near the lock, in the middle.

    predicted, true: (N,) or (N, 1) angles. "ends" are |true| >= near_lock.
    Returns {"mae", "mae_ends", "mae_middle", "max_abs"} (max_abs: the largest
    |prediction|, to see overshoot past the lock).
    """
    predicted, true = np.ravel(predicted), np.ravel(true)
    if predicted.shape != true.shape:
        raise ValueError(
            f"angle_errors: {predicted.size} predictions for {true.size} angles."
        )
    error, ends = np.abs(predicted - true), np.abs(true) >= near_lock
    return {
        "mae": float(error.mean()),
        "mae_ends": float(error[ends].mean()) if ends.any() else float("nan"),
        "mae_middle": float(error[~ends].mean()) if (~ends).any() else float("nan"),
        "max_abs": float(np.abs(predicted).max()),
    }

"""What a loss curve says, in numbers: where it diverged, where it ended, its trend.

    diverged_at(losses)     the step (from 1) where the loss first became NaN
    final_loss(losses)      the mean of the last FINAL_STEPS steps (one is too noisy)
    moving_mean(values, k)  the mean of the last k values at every step

A training run of this lesson (`experiments.loss_history`) keeps NaN from the
step it diverged at, so these functions read divergence straight off the curve.
SchemeCurvesView draws with them, and the lesson's cells print the same numbers.
"""

from __future__ import annotations

import numpy as np

#: The final loss is the mean over this many last steps.
FINAL_STEPS = 20


def diverged_at(losses):
    """The step (counted from 1) where the loss first became NaN, or None."""
    bad = np.flatnonzero(np.isnan(np.asarray(losses, dtype=float)))
    return int(bad[0]) + 1 if bad.size else None


def final_loss(losses, k=FINAL_STEPS):
    """Mean loss of the last k steps (NaN if the run diverged)."""
    return float(np.mean(np.asarray(losses, dtype=float)[-k:]))


def moving_mean(values, k):
    """Mean of the last k values at each step (fewer at the start); NaN stays NaN.

    Shapes: values (S,) -> (S,). A NaN counts as 0 in the sums of later steps,
    which are only drawn up to the first NaN anyway.
    """
    values = np.asarray(values, dtype=float)
    cumsum = np.cumsum(np.nan_to_num(values))
    out = np.empty_like(values)
    for i in range(len(values)):
        low = max(0, i - k + 1)
        out[i] = (cumsum[i] - (cumsum[low - 1] if low else 0.0)) / (i - low + 1)
    out[np.isnan(values)] = np.nan
    return out

"""Numbers read off a loss curve: divergence step, final loss, moving mean."""

import numpy as np
import pytest

from nnviz.lessons.initialization.loss_curves import (
    FINAL_STEPS,
    diverged_at,
    final_loss,
    moving_mean,
)


def test_diverged_at_counts_steps_from_one():
    assert diverged_at([0.5, 0.4]) is None
    assert diverged_at([0.5, np.nan, np.nan]) == 2
    assert diverged_at([np.nan]) == 1


def test_final_loss_is_the_mean_of_the_last_steps(rng):
    losses = 0.5 + 0.1 * rng.normal(size=100)
    assert final_loss(losses) == pytest.approx(losses[-FINAL_STEPS:].mean())
    assert final_loss(losses, k=1) == losses[-1]
    assert np.isnan(final_loss(np.r_[losses, np.nan]))


def test_moving_mean_averages_the_last_k_values():
    np.testing.assert_allclose(moving_mean([1, 3, 5], 2), [1, 2, 4])
    np.testing.assert_allclose(moving_mean([1.0, 3.0, 5.0, 7.0], 3), [1, 2, 3, 5])


def test_moving_mean_keeps_nan_where_the_run_diverged():
    out = moving_mean(np.array([1.0, 3.0, np.nan, np.nan]), 2)
    np.testing.assert_allclose(out[:2], [1, 2])
    assert np.isnan(out[2:]).all()

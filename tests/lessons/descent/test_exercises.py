"""Lesson 3's exercises agree with what the lesson's experiments and panels show.

descent.largest_rate accepts a range measured by smooth_rate_limit on the
learning-rate panel's data (nv.data.plane from seed 0, the net from seed 1):
its low end trains smoothly, and the first slider value above its high end does not.
"""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.descent.experiments import smooth_rate_limit


@pytest.fixture(scope="module")
def plane():
    return nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))


def goes_up(run):
    return bool(run.diverged) or bool(np.any(np.diff(run.losses) > 0))


def test_the_bowl_limit_is_the_bowls_own():
    assert nv.exercises.get("descent.bowl_limit").value() == pytest.approx(
        nv.bowl(4, 1).lr_limit)


def test_the_accepted_range_is_smooth_at_its_low_end_and_rough_above(plane):
    low, high = nv.exercises.get("descent.largest_rate").value()
    assert 0.1 <= low < high < 0.3           # between "good" and "too large"
    runs = nv.learning_rate_runs(plane, [low, 0.1], activation="tanh")
    assert not goes_up(runs[low]) and not goes_up(runs[0.1])
    grid = 10 ** np.arange(-1.0, -0.29, 0.05)
    above = grid[grid > high][0]              # the next value of the slider
    assert goes_up(nv.learning_rate_runs(plane, [above], activation="tanh")[above])
    assert not nv.exercises.check("descent.largest_rate", 0.1)   # "good", not largest
    assert not nv.exercises.check("descent.largest_rate", 0.3)   # oscillates


def test_smooth_rate_limit_says_when_the_grid_is_wrong(plane):
    with pytest.raises(ValueError, match="not smooth"):
        smooth_rate_limit(plane, [0.3, 0.5], steps=50)
    with pytest.raises(ValueError, match="every lr"):
        smooth_rate_limit(plane, [0.01, 0.02], steps=20)


def test_updates_per_epoch_is_what_the_batch_panel_reads():
    moons = nv.data.moons(300, noise=0.25, rng=np.random.default_rng(0))
    run = nv.batch_size_runs(moons, batch_sizes=(32,), epochs=1)[32]
    assert len(moons.X_train) == 210
    assert nv.exercises.check("descent.updates_per_epoch", run.steps_per_epoch)


def test_the_ragged_curve_is_full_batch_overshoot(plane):
    # descent.ragged_curve: lr 0.3 goes up often, does not diverge, ends low; every
    # step uses the whole training set (so (b), sampling noise, cannot be it).
    run = nv.learning_rate_runs(plane, [0.3], activation="tanh")[0.3]
    assert run.diverged is None and run.losses[-1] < 0.05
    assert np.mean(np.diff(run.losses[-100:]) > 0) > 0.3
    assert nv.exercises.get("descent.ragged_curve").value() == "c"

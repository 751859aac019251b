"""Lesson 3's claims, re-run from five seeds: each must hold for every one.

The notebook runs each experiment once, from one seed. Here the same
experiments (same data, nets, learning rates and steps) start from other
initial weights and batch orders; a claim that held for one seed only would
fail here. Runs at a deliberately unstable learning rate are chaotic (their
numbers depend on the last bits of every product), so only what is robust is
claimed about them: diverged or not, above or below a level with room.
"""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = (0, 1, 2, 3, 4)
START = np.array([-4.0, 3.0])


def rising_share(losses):
    """Share of the last 100 steps at which the loss went up."""
    return np.mean(np.diff(losses[-100:]) > 0)


# ---- part 1: the bowl has no seed; five starting points play that role ----------


@pytest.fixture(scope="module")
def bowl():
    return nv.bowl(lam_max=10, lam_min=0.5, angle=30)


@pytest.fixture(scope="module", params=SEEDS)
def start(request):
    angle = np.random.default_rng(request.param).uniform(0, 2 * np.pi)
    return 5 * np.array([np.cos(angle), np.sin(angle)])


def reach(surface, start, optimizer, tol=1e-3):
    path = nv.descent_path(surface, start, optimizer, 300)
    return nv.steps_to_tolerance(surface, path, tol)


def test_momentum_reaches_the_bottom_before_adam(bowl, start):
    # From the lesson's start momentum also halves SGD's steps; from a start on the
    # steep axis it does not (SGD needs few steps there), so that is not claimed.
    momentum = reach(bowl, start, nv.SGD(0.05, momentum=0.7))
    assert momentum < 0.7 * reach(bowl, start, nv.Adam(0.3))


def test_adam_ignores_the_scale_of_the_loss(bowl, start):
    steep = nv.Bowl(100 * bowl.A)
    assert reach(bowl, start, nv.Adam(0.3)) == reach(steep, start, nv.Adam(0.3), 0.1)
    assert not np.all(np.isfinite(nv.descent_path(steep, start, nv.SGD(0.1), 300)))


# ---- part 3: the learning rate on a real network ---------------------------------


@pytest.fixture(scope="module")
def plane():
    return nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))


@pytest.fixture(scope="module", params=SEEDS)
def lr_runs(request, plane):
    seed = request.param
    return (nv.learning_rate_runs(plane, [0.01, 0.1, 0.3, 0.7], activation="tanh",
                                  seed=seed),
            nv.learning_rate_runs(plane, [0.1, 0.3, 0.7], activation="relu", seed=seed))


def test_tanh_too_small_good_too_large_far_too_large(lr_runs):
    tanh, _ = lr_runs
    final = {lr: run.losses[-1] for lr, run in tanh.items()}
    assert final[0.01] > 1.5 * final[0.1]                       # slow
    assert final[0.3] > 1.5 * final[0.1] and final[0.3] < 0.05  # oscillates, learns
    assert rising_share(tanh[0.1].losses) == 0                  # smooth
    assert rising_share(tanh[0.3].losses) > 0.3                 # bounces
    assert tanh[0.7].diverged and tanh[0.7].diverged_at < 300   # runs away


def test_relu_is_worse_at_0_3_and_never_learns_at_0_7(lr_runs, plane):
    tanh, relu = lr_runs
    assert relu[0.3].losses[-1] > 2 * tanh[0.3].losses[-1]
    dead = np.isclose(relu[0.7].losses[-1], np.var(plane.y_train))  # constant output
    assert dead or relu[0.7].diverged


def test_relu_at_0_7_mostly_dies_rather_than_runs_away(plane):
    runs = [nv.learning_rate_runs(plane, [0.7], activation="relu", seed=s)[0.7]
            for s in range(10)]
    died = sum(bool(np.isclose(r.losses[-1], np.var(plane.y_train))) for r in runs)
    ran_away = sum(r.diverged is not None for r in runs)
    assert died + ran_away == 10 and died > ran_away


# ---- part 4: batch size --------------------------------------------------------


@pytest.fixture(scope="module")
def moons():
    return nv.data.moons(300, noise=0.25, rng=np.random.default_rng(0))


@pytest.mark.parametrize("seed", SEEDS)
def test_smaller_batches_are_noisier_per_step_and_go_further_per_epoch(moons, seed):
    runs = nv.batch_size_runs(moons, batch_sizes=(None, 16, 1), epochs=20, lr=0.05,
                              seed=seed)
    noise = {size: nv.step_noise(run.step_losses) for size, run in runs.items()}
    after = {size: run.epoch_losses[-1] for size, run in runs.items()}
    assert noise[210] < 0.1 < noise[16] < noise[1] and noise[1] > 0.5
    assert after[1] < after[16] < after[210] and after[1] < 0.5 * after[210]
    assert all(run.epoch_losses[-1] < run.epoch_losses[0] for run in runs.values())

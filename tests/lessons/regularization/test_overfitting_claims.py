"""Lesson 8's over-fitting claims, re-run under several seeds."""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims


SEEDS = (0, 1, 2, 3, 4)


@pytest.fixture(scope="module")
def moons():
    return nv.data.moons(300, noise=0.25, rng=np.random.default_rng(0))


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.default_rng(0)
    return nv.data.moons(1000, noise=0.3, test_fraction=0.5, rng=rng)


@pytest.fixture(scope="module", params=SEEDS)
def overfit(request, noisy):
    few = (noisy.X_train[:30], noisy.y_train[:30], noisy.X_test, noisy.y_test)
    seed = request.param
    return {
        "small": nv.overfitting_run(*few, hidden=(4,), epochs=300, seed=seed),
        "large": nv.overfitting_run(*few, hidden=(64, 64), epochs=300, seed=seed),
        "more": nv.overfitting_run(noisy.X_train[:300], noisy.y_train[:300],
                                   noisy.X_test, noisy.y_test, hidden=(64, 64),
                                   seed=seed),
        "l2": nv.overfitting_run(*few, hidden=(64, 64), l2=3e-3, seed=seed),
    }


def test_the_large_net_memorizes_and_its_validation_loss_rises(overfit):
    large = overfit["large"]
    assert large.train[-1] < 0.01 and large.best_epoch < 100
    assert large.validation[-1] > 2.5 * large.validation.min()


def test_the_small_net_cannot_memorize_and_does_not_overfit(overfit):
    small = overfit["small"]
    assert small.train[-1] > 0.1 and abs(small.gap) < 0.1
    assert small.best_epoch > 200       # still improving near the end


def test_more_data_and_l2_cut_the_final_validation_loss(overfit):
    large, more, l2 = overfit["large"], overfit["more"], overfit["l2"]
    assert more.validation[-1] < 0.5 * large.validation[-1]
    assert more.gap < 0.5 * large.gap
    assert more.validation.min() < 0.9 * large.validation.min()
    assert more.best_epoch > large.best_epoch          # the best epoch moves later
    assert l2.validation[-1] < 0.67 * large.validation[-1]

"""Lesson 2's claims that depend on training, re-run from five seeds.

The notebook trains its tanh-output net once, from one seed; here the same net,
data and steps start from other initial weights.
"""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = range(5)


@pytest.fixture(scope="module")
def moons():
    return nv.data.moons(300, noise=0.25, rng=np.random.default_rng(0))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_tanh_output_goes_below_zero_before_and_after_training(moons, seed):
    # "a tanh output goes below 0, before training and after it; training on 0/1
    # targets pulls the outputs towards 0 and 1 but does not keep them above 0"
    run = nv.tanh_outputs(moons, steps=500, seed=seed)
    assert np.mean(run.untrained < 0) > 0.2 and np.mean(run.trained < 0) > 0.05
    assert np.mean((run.trained > 0.5) == run.y) > 0.85  # it did learn the labels
    assert run.trained.max() < 1 and run.trained.min() > -1


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_on_tanh_outputs_is_undefined(moons, seed):
    # "for an example of class 0, -log(1 - p) with 1 - p above 1 is a loss below
    # 0"; "-log p of a negative p is not a number"; the package refuses it.
    run = nv.tanh_outputs(moons, steps=500, seed=seed)
    terms = run.cross_entropy_terms()
    below = terms < 0
    assert below.sum() > 0 and np.all(run.y[below] == 0)
    assert np.all(run.trained[below] < 0)
    with np.errstate(invalid="ignore"):
        assert np.isnan(np.log(run.trained.min()))
    with pytest.raises(ValueError, match="between 0 and 1"):
        nv.bernoulli_cross_entropy(run.y, run.trained)


def test_rescaled_tanh_is_the_sigmoid_of_twice_z():
    # "(tanh(z) + 1) / 2 is the sigmoid of 2z": a probability, in (0, 1)
    z = np.linspace(-6, 6, 101)
    np.testing.assert_allclose((np.tanh(z) + 1) / 2, nv.activations.sigmoid(2 * z))


def test_tanh_outputs_wants_yes_no_targets():
    plane = nv.data.plane(50, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="yes/no targets, 0 or 1"):
        nv.tanh_outputs(plane)


def test_tanh_outputs_starts_from_the_seeded_net(moons):
    a, b = nv.tanh_outputs(moons, steps=3), nv.tanh_outputs(moons, steps=3)
    np.testing.assert_array_equal(a.untrained, b.untrained)
    np.testing.assert_array_equal(a.trained, b.trained)
    assert not np.allclose(a.untrained, a.trained)  # the steps changed it

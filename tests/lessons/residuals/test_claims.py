"""Lesson 11's claims, re-run from five seeds: each must hold for every one.

The notebook measures its deep stacks, trains its batch-norm classifier and its
two CNN heads once, from one seed. Here the weights, the random input, the data
and the batch order come from other seeds; a claim that held for one seed only
would fail here.
"""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = (0, 1, 2, 3, 4)


# ---- Q32: batch normalization ----------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [0.5, 0.7, 1.0, 1.3, 1.5])
def test_batch_norm_keeps_every_blocks_scale_whatever_the_weights(seed, scale):
    scales = nv.activation_scales(50, weight_scale=scale, seed=seed)
    assert 0.5 < scales["batchnorm"].min() and scales["batchnorm"].max() < 0.75
    # before training the running averages are 0 and 1: evaluation mode is the
    # plain stack, up to 1 / sqrt(1 + eps) per block
    np.testing.assert_allclose(scales["eval"], scales["plain"], rtol=0.01)


@pytest.mark.parametrize("seed", SEEDS)
def test_without_batch_norm_the_weight_scale_compounds_over_50_blocks(seed):
    small = nv.activation_scales(50, weight_scale=0.7, seed=seed)["plain"]
    large = nv.activation_scales(50, weight_scale=1.3, seed=seed)["plain"]
    assert small[-1] < 1e-6 and large[-1] > 1e3
    assert small[-1] < small[0] / 1e5 and large[-1] > large[0] * 1e3


@pytest.fixture(scope="module", params=SEEDS)
def modes(request):
    """The notebook's run: circles of 600 points, checkpoints 0, 5, 20, 50, 300."""
    seed = request.param
    data = nv.data.circles(600, rng=np.random.default_rng(seed))
    run = nv.train_eval_gap(data, checkpoints=(0, 5, 20, 50, 300), seed=seed)
    return {key: dict(zip(run["step"], values, strict=True))
            for key, values in run.items()}


def test_early_in_training_evaluation_mode_is_far_behind(modes):
    assert modes["acc_train"][5] - modes["acc_eval"][5] > 0.2
    assert modes["acc_train"][5] > 0.85


def test_once_the_running_averages_settle_both_modes_agree(modes):
    for step in (50, 300):
        assert abs(modes["acc_train"][step] - modes["acc_eval"][step]) <= 0.05
        assert modes["acc_eval"][step] > 0.95
    assert modes["gap"][300] < modes["gap"][5] / 2


# ---- Q26: what a strided 1x1 shortcut drops, and what the body still sees ------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("size", [8, 9, 16])
def test_the_shortcut_reads_one_pixel_in_four_and_the_body_reads_all(seed, size):
    paths = nv.path_sensitivity(size=size, stride=2, seed=seed)
    reads = nv.shortcut_reads(size, stride=2)
    np.testing.assert_array_equal(paths["shortcut"] > 0, reads)
    assert reads.sum() == ((size + 1) // 2) ** 2
    assert np.all(paths["body"] > 0)


# ---- Q26: the backward pass of a block, checked by finite differences -----------


@pytest.mark.parametrize("seed", SEEDS)
def test_every_kind_of_block_passes_the_finite_difference_check(seed):
    # ReLU kinks: when a ReLU input sits within h of 0 the two sides of the finite
    # difference disagree. With random inputs that is rare (2 of seeds 0-39, 10 and
    # 11, cross one), as the lesson says; these seeds do not.
    rng = np.random.default_rng(seed)
    cases = [(4, 4, 1, "identity"), (4, 8, 2, "projection"), (4, 8, 2, "pad"),
             (4, 4, 1, "none")]
    for c_in, c_out, stride, shortcut in cases:
        block = nv.ResidualBlock(c_in, c_out, stride, shortcut=shortcut, rng=rng)
        x = rng.normal(size=(2, c_in, 5, 5))
        assert max(nv.check_layer(block, x, rng, h=1e-5).values()) < 1e-5


# ---- Q26: the gradient at the first block, with and without shortcuts ------------


@pytest.mark.parametrize("seed", SEEDS)
def test_shortcuts_keep_the_first_blocks_gradient_at_depth_50(seed):
    short = nv.gradient_norms(2, branch_scale=0.25, seed=seed)
    deep = nv.gradient_norms(50, branch_scale=0.25, seed=seed)
    assert deep["plain"][0] < short["plain"][0] / 500            # about 1,000x less
    assert 1 / 3 < deep["residual"][0] / short["residual"][0] < 3
    assert deep["residual"][0] > 100 * deep["plain"][0]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("options, low, high", [
    ({}, 500, 5000),                          # 8 channels on 8 x 8 maps: ~1,000 times
    ({"channels": 16}, 30, 200),              # more channels or larger maps: ~100 times
    ({"channels": 32}, 30, 200),
    ({"size": 16}, 30, 200),
])
def test_how_much_the_plain_stack_loses_over_50_blocks(seed, options, low, high):
    loss = (nv.gradient_norms(2, seed=seed, **options)["plain"][0]
            / nv.gradient_norms(50, seed=seed, **options)["plain"][0])
    assert low < loss < high


@pytest.mark.parametrize("seed", SEEDS)
def test_full_size_residual_branches_explode(seed):
    assert nv.gradient_norms(50, branch_scale=1.0, seed=seed)["residual"][0] > 1e6


# ---- Q27: global average pooling against flatten + dense -------------------------


@pytest.fixture(scope="module")
def data():
    return nv.data.digits(28, rng=np.random.default_rng(0))


SHIFTS = (-8, -6, 0, 3, 4, 6, 8)


@pytest.fixture(scope="module", params=SEEDS)
def heads(request, data):
    """The notebook's run: both heads, 300 steps, from one seed; held-out accuracy
    and the accuracy on 300 test digits moved sideways by each of SHIFTS."""
    models = nv.train_heads(data.X_train, data.y_train, steps=300, seed=request.param)
    X, y = data.X_test[:300], data.y_test[:300]
    out = {}
    for key, model in models.items():
        held_out = nv.evaluate(model, "softmax_cross_entropy", data.X_test, data.y_test)
        shifted = nv.shift_accuracy(model, X, y, [(dx, 0) for dx in SHIFTS])
        out[key] = held_out[1], dict(zip(SHIFTS, shifted, strict=True))
    return out


def test_unshifted_flatten_is_a_little_better_than_gap(heads):
    (flat, flat_shift), (gap, gap_shift) = heads["flatten"], heads["gap"]
    assert flat > 0.94 and gap > 0.85
    assert flat_shift[0] > gap_shift[0]


def test_shifted_by_6_pixels_flatten_collapses_and_gap_holds(heads):
    flat, gap = heads["flatten"][1], heads["gap"][1]
    for dx in (-6, 6):
        assert flat[dx] < 0.5 and gap[dx] > 0.6 and gap[dx] > flat[dx] + 0.3


def test_gap_is_not_perfectly_shift_invariant(heads):
    gap = heads["gap"][1]
    assert (gap[-8] + gap[8]) / 2 < gap[0] - 0.05
    assert gap[4] < gap[3] + 0.05            # one cell of the 7 x 7 maps is not special

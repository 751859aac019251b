"""Lesson 11's experiments: batch-norm stacks, strided shortcuts, the gradient sweep."""

import itertools

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.residuals import resnet

# ---- batch norm (Q32) ---------------------------------------------------------


def test_stacks_with_and_without_batch_norm_hold_the_same_weights():
    plain = nv.deep_stack(4, weight_scale=1.3, seed=2)
    normed = nv.deep_stack(4, weight_scale=1.3, batchnorm=True, seed=2)
    dense = [layer for layer in normed.layers if isinstance(layer, nv.Dense)]
    assert len(plain.layers) == 8 and len(normed.layers) == 12
    for a, b in zip(plain.layers[::2], dense, strict=True):
        np.testing.assert_array_equal(a.params["W"], b.params["W"])
    he = nv.deep_stack(1, width=400, seed=0).layers[0].params["W"].std()
    scaled = nv.deep_stack(1, width=400, weight_scale=2.0, seed=0).layers[0].params["W"]
    assert np.isclose(scaled.std(), 2 * he)
    assert np.isclose(he, np.sqrt(2 / 400), rtol=0.02)


@pytest.mark.parametrize("kwargs, words", [
    ({"depth": 0}, "depth must be a whole number"),
    ({"depth": 3, "weight_scale": 0}, "weight_scale"),
])
def test_deep_stack_says_what_is_wrong(kwargs, words):
    with pytest.raises(ValueError, match=words):
        nv.deep_stack(**kwargs)


def test_layer_scales_gives_one_std_per_block():
    model = nv.deep_stack(5, batchnorm=True)
    x = np.random.default_rng(0).normal(size=(64, 32))
    scales = nv.layer_scales(model, x)
    relu_out = model.trace(x, training=True)[3]  # x, dense, batchnorm, relu
    assert scales.shape == (5,) and np.isclose(scales[0], relu_out.std())


def test_both_modes_leaves_the_running_averages_as_they_were(rng):
    data = nv.data.circles(100, rng=rng)
    model = nv.batchnorm_classifier(seed=0)
    bn = model.layers[1]
    bn.running_mean[...] = 0.3
    before = bn.running_mean.copy(), bn.running_var.copy()
    in_training, in_eval = nv.both_modes(model, data.X_test)
    np.testing.assert_array_equal(bn.running_mean, before[0])
    np.testing.assert_array_equal(bn.running_var, before[1])
    np.testing.assert_allclose(in_eval, model.predict(data.X_test))
    np.testing.assert_allclose(in_training, model.forward(data.X_test, training=True))


def test_train_eval_gap_reports_each_checkpoint_and_refuses_going_back(rng):
    data = nv.data.circles(100, rng=rng)
    run = nv.train_eval_gap(data, checkpoints=(0, 2, 4))
    assert list(run["step"]) == [0, 2, 4]
    assert all(len(values) == 3 for values in run.values())
    assert np.all(run["gap"] >= 0)
    assert np.all((run["acc_eval"] >= 0) & (run["acc_eval"] <= 1))
    with pytest.raises(ValueError, match="checkpoints must increase"):
        nv.train_eval_gap(data, checkpoints=(5, 2))


# ---- the strided shortcut (Q26) -----------------------------------------------


def test_windows_per_pixel_counts_the_windows_over_each_pixel():
    covered = nv.windows_per_pixel(8, kernel=3, stride=2, padding=1)
    assert covered.min() == 1 and covered.max() == 4 and covered[1, 1] == 4
    assert (nv.windows_per_pixel(8, kernel=3, stride=1, padding=1) == 0).sum() == 0
    # windows of 3 with stride 4 leave gaps: a 3x3 stride-4 body would drop pixels too
    assert (nv.windows_per_pixel(8, kernel=3, stride=4, padding=1) == 0).sum() > 0


def test_shortcut_reads_every_stride_th_pixel():
    reads = nv.shortcut_reads(6, stride=3)
    assert reads.sum() == 4 and reads[0, 0] and reads[3, 3] and not reads[1, 0]


# ---- the gradient sweep behind the gradient panel (Q26) --------------------------


def test_the_passes_yield_twice_per_block_and_end_with_gradient_norms():
    items = [(kind, norms.copy())  # the generator fills one array in place
             for kind, norms in resnet.gradient_norm_passes(6, branch_scale=0.25,
                                                            seed=3)]
    assert [kind for kind, _ in items] == ["plain"] * 12 + ["residual"] * 12
    assert np.isnan(items[5][1]).all()          # after the forward passes: nothing yet
    assert np.isnan(items[6][1][:-1]).all() and not np.isnan(items[6][1][-1])
    norms = nv.gradient_norms(6, branch_scale=0.25, seed=3)
    np.testing.assert_array_equal(items[-1][1], norms["residual"])


def test_the_sweep_fills_the_cache_and_skips_what_is_there():
    cache = {}
    total = resnet.sweep_length(cache, 4, (2, 4), branch_scale=0.5)
    assert total == 2 * 2 * (4 + 2)              # depth 4 once, depth 2: both kinds
    # exactly `total` items, as LiveTraining takes them: every stack is stored
    items = list(itertools.islice(
        resnet.gradient_sweep(cache, 4, (2, 4), branch_scale=0.5), total))
    assert len(items) == total and len(cache) == 4
    np.testing.assert_array_equal(cache[resnet.sweep_key("plain", 4, 0.5)],
                                  nv.gradient_norms(4, branch_scale=0.5)["plain"])
    # another scale: only the residual stacks are missing
    assert resnet.sweep_length(cache, 4, (2, 4), branch_scale=1.0) == 2 * (4 + 2)
    assert resnet.sweep_length(cache, 2, (2, 4), branch_scale=0.5) == 0


# ---- the two heads, trained with a visible run (Q27) -----------------------------


def test_head_trainer_runs_both_models_on_the_same_batches(rng):
    data = nv.data.digits(28, rng=rng)
    X, y = data.X_train[:64], data.y_train[:64]
    models, run = nv.head_trainer(X, y, steps=3, batch_size=16)
    records = list(run)
    assert len(records) == 6 and [r.step for r in records] == [1, 2, 3] * 2
    trained = nv.train_heads(X, y, steps=3, batch_size=16)
    for key, model in models.items():
        for a, b in zip(model.layers, trained[key].layers, strict=True):
            for name in a.params:
                np.testing.assert_array_equal(a.params[name], b.params[name])

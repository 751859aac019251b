"""Lesson 11's exercises against the experiments they ask about, and the exact
shapes and counts the notebook's cells no longer assert (issue 15)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.residuals.strided import path_sensitivity, shortcut_reads


@pytest.mark.parametrize("seed", [0, 1])
def test_the_predicted_pixel_count_is_what_the_gradient_reaches(seed):
    reads = shortcut_reads(8, stride=2)
    paths = path_sensitivity(size=8, stride=2, seed=seed)
    assert nv.exercises.check("residuals.shortcut_reads",
                              int(np.count_nonzero(paths["shortcut"])))
    assert np.array_equal(paths["shortcut"] > 0, reads)
    assert not nv.exercises.check("residuals.shortcut_reads", 64)   # "it reads all"


@pytest.fixture(scope="module")
def modes():
    circles = nv.data.circles(600, rng=np.random.default_rng(0))
    return nv.train_eval_gap(circles, checkpoints=(5,), seed=0)


def test_the_explain_exercise_rests_on_what_the_table_shows(modes):
    # (a) is wrong because training mode already works after 5 steps; (b) is right
    # because evaluation mode is behind while 0.9**5 of the start is still left.
    acc_train, acc_eval = modes["acc_train"][0], modes["acc_eval"][0]
    assert acc_train > 0.8 and acc_train - acc_eval > 0.2
    assert 0.9 ** 5 > 0.5
    assert len(nv.data.circles(600, rng=np.random.default_rng(0)).X_test) > 100  # (d)


def test_the_parameter_exercises_match_the_layers():
    block = nv.ResidualBlock(32, 64, 2, shortcut="projection")
    assert nv.exercises.check("residuals.block_params", block.n_params)
    assert not nv.exercises.check("residuals.block_params",          # no projection
                                  nv.ResidualBlock(32, 64, 2, shortcut="pad").n_params)
    assert nv.exercises.check("residuals.batchnorm_params", nv.BatchNorm(64).n_params)
    assert not nv.exercises.check("residuals.batchnorm_params", 4 * 64)  # running stats


def test_shapes_and_counts_the_lesson_states():
    rng = np.random.default_rng(0)
    assert nv.BatchNorm(2).n_params == 4
    assert nv.ResidualBlock(4, 4, rng=rng).n_params == 2 * (4 * 4 * 3 * 3 + 4) == 296
    assert nv.conv_output_size(32, 3, 1, 2) == 16 and nv.conv_output_size(16, 3, 1, 2) == 8
    resnet20 = nv.cifar_resnet(3, rng=rng)
    sizes = [s[2] for layer, s in resnet20.shapes() if isinstance(layer, nv.ResidualBlock)]
    assert sizes == [32] * 3 + [16] * 3 + [8] * 3
    assert resnet20.forward(rng.normal(size=(2, 3, 32, 32))).shape == (2, 10)
    assert sum(layer.n_params for layer in resnet20.layers[8:11]) == 203_136
    assert resnet20.n_params == nv.resnet_param_count(3) == 269_034
    assert nv.resnet_param_count(3, norm="batchnorm") == 269_722
    flat, gap = nv.flatten_head_cnn(rng=rng), nv.gap_head_cnn(rng=rng)
    assert nv.head_params(flat) == 15_690 and nv.head_params(gap) == 330
    assert nv.class_maps(gap, rng.random(size=(2, 1, 28, 28))).shape == (2, 10, 7, 7)

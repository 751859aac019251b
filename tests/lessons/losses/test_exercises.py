"""Lesson 2's exercises agree with what the lesson's code and panels show."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.losses.panels import loss_comparer

YT = np.array([[1, 0, 0], [0, 0, 1]])
YP = np.array([[0.9, 0.2, 0.2], [0.2, 0.8, 0.3]])


def test_mse_exercise_is_the_package_mse():
    assert nv.exercises.get("losses.mse_second_row_right").value() == pytest.approx(
        nv.mean_squared_error(YT, [[0.9, 0.2, 0.2], [0, 0, 1]]))


def test_towards_p_0_cross_entropy_shoots_up_and_mse_barely_moves():
    # losses.confident_mistake: what the panel shows as p goes towards 0.
    panel = loss_comparer(YT, YP, check_backend=False)
    panel.controls["p"].value = 0.3
    before = dict(panel.state["losses"])
    panel.controls["p"].value = 0.01                # the slider's lowest value
    after = panel.state["losses"]
    mse_rise = after["MSE"] - before["MSE"]
    assert mse_rise < 0.1                           # one entry adds at most 1/6
    ce = [k for k in after if k != "MSE"]
    assert len(ce) == 2
    assert all(after[k] - before[k] > max(0.5, 5 * mse_rise) for k in ce)


@pytest.mark.parametrize("seed", range(3))
def test_the_l1_penalty_gradient_is_zero_up_to_rounding(seed):
    # losses.l1_gradient: the predicted answer (b) is what the next cells show.
    z = np.random.default_rng(seed).normal(scale=5, size=4)
    assert np.abs(nv.l1_softmax_gradient(z)).max() < np.finfo(float).eps
    assert nv.exercises.get("losses.l1_gradient").value() == "b"

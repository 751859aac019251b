"""Lesson 7's exercises against the lesson's own measurements, and the plot
checks that left the notebook (labels under the curves)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization.scheme_views import PitfallsView, SchemeCurvesView


def test_the_fan_in_answers_are_what_fan_in_readout_gives():
    conv = nv.fan_in_readout((16, 3, 3, 3))
    assert nv.exercises.check("initialization.conv_fan_in", conv.fan_in)
    assert nv.exercises.check("initialization.he_std",
                              nv.fan_in_readout((64, 32, 5, 5)).he_std)
    # the usual slips: counting the filters, giving the variance
    assert not nv.exercises.check("initialization.conv_fan_in", 3 * 3 * 16)
    assert not nv.exercises.check("initialization.he_std", 2 / 800)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_predicted_glorot_relu_factor_is_what_the_explorer_measures(seed):
    """The notebook's cell under the explorer: ReLU + Glorot, 10 layers of 100."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(500, 100))
    net = nv.deep_net(depth=10, width=100, activation="relu", init="glorot", rng=rng)
    stats = nv.layer_statistics(net, X, rng=rng)
    factor = (stats.act_std[-1] / stats.act_std[0]) ** (1 / 9)
    assert nv.exercises.check("initialization.glorot_relu_factor", factor), factor
    # the variance factor (forgetting the square root) is refused
    assert not nv.exercises.check("initialization.glorot_relu_factor", factor ** 2)


def test_the_explorer_shows_the_predicted_slope():
    panel = nv.init_explorer(init="glorot", activation="relu", check_backend=False)
    stats = panel.state["stats"]
    factor = (stats.act_std[-1] / stats.act_std[0]) ** (1 / (len(stats.act_std) - 1))
    assert nv.exercises.check("initialization.glorot_relu_factor", factor), factor


def test_scheme_labels_are_the_final_losses_the_cell_prints():
    rng = np.random.default_rng(0)
    histories = {"he": 0.01 * rng.random(80), "lecun": 0.1 + 0.02 * rng.random(80),
                 "too_large": np.r_[0.7, 5.0, np.full(78, np.nan)]}
    curves = SchemeCurvesView(list(histories), 80)
    curves.update(histories)
    final = histories["lecun"][-20:].mean()
    assert curves.labels["lecun"].get_text() == f"lecun: {final:.3f}"
    assert curves.labels["too_large"].get_text() == "too_large: diverged at step 3"


def test_pitfall_labels_are_the_numbers_the_cells_print():
    runs = {"shifted": (np.full(40, 0.69), np.linspace(0.7, 0.05, 40)),
            "labels": (np.linspace(0, -2000, 40), np.linspace(0.7, 0.1, 40))}
    pitfalls = PitfallsView(runs, ncols=2)
    for cause, pair in runs.items():
        for name, h in zip(("broken", "fixed"), pair):
            mean = h[-20:].mean()
            text = f"{mean:.3f}" if abs(mean) < 100 else f"{mean:.0f}"  # below 0
            assert pitfalls.views[cause].labels[name].get_text() == f"{name}: {text}"

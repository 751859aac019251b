"""Lesson 2 panels: explosion_explorer (Q4) and collapse_explorer (Q10)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.activations.collapse_panels import collapse_explorer
from nnviz.lessons.initialization.explosion import standardize


@pytest.fixture(scope="module")
def digits():
    return standardize(nv.data.digits(28, rng=np.random.default_rng(0), flat=True))








def test_collapse_explorer_identical_only_when_linear(rng):
    data = nv.data.moons(n=120, rng=rng)
    panel = collapse_explorer(data, steps=100, check_backend=False)
    assert panel.state["max_difference"] < 1e-12
    left = panel.views[0].image
    panel.controls["activation"].value = "tanh"
    assert panel.views[0].image is left
    assert panel.state["max_difference"] > 0.05
    assert "tanh" in panel.views[0].ax.get_title()

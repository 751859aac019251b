"""Lesson 8's over-fitting explorer."""

import numpy as np

import nnviz as nv
from nnviz.lessons.regularization.panels import overfitting_explorer


def test_overfitting_explorer_retrains_on_more_examples():
    d = nv.data.moons(400, noise=0.3, test_fraction=0.5, rng=np.random.default_rng(0))
    panel = overfitting_explorer(d, epochs=60, check_backend=False)
    title = list(panel.state["runs"])[1]
    line = panel.views[0].train_lines[title]
    before = line.get_ydata().copy()
    panel.controls["examples"].value = 100
    assert panel.views[0].train_lines[title] is line
    assert not np.allclose(line.get_ydata(), before)
    assert "best epoch" in panel.views[0].readouts[title].get_text()

"""Lesson 3's batch-size explorer (Q8)."""

import numpy as np

import nnviz as nv
from nnviz.lessons.descent.panels import batch_size_explorer


def test_batch_size_explorer_counts_updates_per_epoch():
    # Lesson 1, Q8: one epoch is one update with the full batch, N / B with
    # batches of B. Solid: the loss of each update's batch; dashed: held out.
    moons = nv.data.moons(n=300, rng=np.random.default_rng(0))
    n = len(moons.X_train)
    panel = batch_size_explorer(moons, epochs=4, check_backend=False)
    assert panel.state["updates_per_epoch"] == n // 32
    curve = panel.views[0].train_line
    noisy = np.asarray(curve.get_ydata()).copy()
    panel.controls["batch"].value = 0  # full batch
    assert panel.state["updates_per_epoch"] == 1 and panel.state["steps"] == 4
    assert panel.views[0].train_line is curve
    np.testing.assert_allclose(curve.get_xdata(), [1, 2, 3, 4])
    assert len(noisy) > len(curve.get_ydata())
    assert f"{n} training examples, batch size {n}" in panel.widget.children[1].value

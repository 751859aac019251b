"""Lesson 8's over-fitting explorer."""

import numpy as np

import nnviz as nv
from nnviz.lessons.regularization.overfitting import overfitting_run
from nnviz.lessons.regularization.overfitting_panels import FIRST_EPOCHS
from nnviz.lessons.regularization.overfitting_panels import overfitting_explorer


def test_overfitting_explorer_retrains_on_more_examples():
    d = nv.data.moons(400, noise=0.3, test_fraction=0.5, rng=np.random.default_rng(0))
    panel = overfitting_explorer(d, epochs=60, check_backend=False)
    title = list(panel.state["runs"])[1]
    line = panel.views[0].train_lines[title]
    before = line.get_ydata().copy()
    panel.controls["examples"].value = 100
    panel.live.run_to_end()
    assert panel.views[0].train_lines[title] is line
    assert not np.allclose(line.get_ydata(), before)
    assert "best epoch" in panel.views[0].readouts[title].get_text()


def test_a_move_answers_at_once_and_ends_as_overfitting_run_did():
    d = nv.data.moons(400, noise=0.3, test_fraction=0.5, rng=np.random.default_rng(0))
    panel = overfitting_explorer(d, epochs=60, check_backend=False)
    live, view = panel.live, panel.views[0]
    assert all(len(r.train) == 61 for r in panel.state["runs"].values())  # at open
    assert not live.play.playing
    panel.controls["l2"].value = 0.005
    # (a) a first answer: FIRST_EPOCHS epochs of both nets, drawn
    title = list(panel.state["runs"])[1]
    assert len(view.train_lines[title].get_ydata()) == FIRST_EPOCHS + 1
    assert live.play.playing and not live.progress.finished
    # (b) Play's ticks continue it, (c) the bar with them, to the end
    live.run_to_end()
    assert live.progress.finished and "60 epochs in" in live.progress.line
    assert len(view.train_lines[title].get_ydata()) == 61
    # (d) the curves are overfitting_run's (same seeds)
    for title, hidden in zip(panel.state["runs"], ((4,), (64, 64)), strict=True):
        ref = overfitting_run(d.X_train[:30], d.y_train[:30], d.X_test, d.y_test,
                              hidden=hidden, l2=0.005, epochs=60)
        np.testing.assert_allclose(panel.state["runs"][title].train, ref.train)
        np.testing.assert_allclose(panel.state["runs"][title].validation,
                                   ref.validation)
    assert not panel.output.outputs

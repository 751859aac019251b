"""Lesson 2's views and panels: updates in place, controls that change them."""

import numpy as np
import pytest

from nnviz.lessons.losses.likelihood_views import LossCompareView, SoftmaxL1View
from nnviz.lessons.losses.panels import loss_comparer, softmax_l1_explorer
from nnviz.widgets.controls import BackendError

YT = np.array([[1, 0, 0], [0, 0, 1.0]])
YP = np.array([[0.9, 0.2, 0.2], [0.2, 0.8, 0.3]])


@pytest.mark.parametrize("builder", [softmax_l1_explorer,
                                     lambda: loss_comparer(YT, YP)])
def test_panels_need_the_widget_backend(builder):
    with pytest.raises(BackendError):
        builder()


def test_softmax_l1_view_updates_in_place():
    view = SoftmaxL1View(3)
    bars = list(view.grad_bars[0])
    view.update(np.array([0.5, 0.3, 0.2]),
                np.array([[0.0, 1e-17, 0], [1e-10, 0, 0], [0.1, 0.2, 0.3]]))
    assert list(view.grad_bars[0]) == bars
    assert view.p_bars[0].get_height() == 0.5
    assert view.grad_bars[2][1].get_height() == pytest.approx(0.2, rel=1e-3)
    assert view.grad_bars[0][0].get_height() < 1e-19      # an exact zero: the floor
    assert view.summary == "sum |p| = 1.000000000000000"


def test_logit_slider_moves_p_but_the_l1_gradient_stays_at_rounding():
    panel = softmax_l1_explorer((0.0, 0.0, 0.0, 0.0), check_backend=False)
    np.testing.assert_allclose(panel.state["p"], 0.25)
    panel.controls["z1"].value = 8.0
    assert panel.state["p"][0] > 0.99
    l1, numeric, l2 = panel.state["gradients"]
    assert np.abs(l1).max() < 1e-15 and np.abs(numeric).max() < 1e-8
    assert np.abs(l2).max() > 1e-3
    assert panel.views[0].p_bars[0].get_height() > 0.99
    assert "sum |p| = 1.0000000000000" in panel.widget.children[3].value  # under it
    assert not panel.output.outputs


def test_loss_comparer_slider_changes_the_bars():
    panel = loss_comparer(YT, YP, check_backend=False)
    assert panel.state["losses"]["MSE"] == pytest.approx(0.21)
    view = panel.views[0]
    before = view.bars[1].get_height()
    panel.controls["p"].value = 0.05
    assert view.bars[1].get_height() > before
    assert panel.state["y_pred"][1, 2] == 0.05
    assert view.marks[1].get_ydata()[0] == pytest.approx(-np.log(0.05))


def test_loss_comparer_edits_only_true_classes():
    with pytest.raises(ValueError, match="not 1"):
        loss_comparer(YT, YP, entry=(0, 1), check_backend=False)


def test_loss_compare_view_keeps_its_artists():
    view = LossCompareView(["a", "b"])
    bars = list(view.bars)
    view.update(0.5, {"a": 1.0, "b": 2.0})
    assert list(view.bars) == bars and view.bar_texts[1].get_text() == "2.000"


@pytest.mark.parametrize("builder, control, values", [
    (softmax_l1_explorer, "z1", (3.0, -5.0, 12.0)),
    (lambda **kw: loss_comparer(YT, YP, **kw), "p", (0.1, 0.5, 0.9)),
])
def test_a_slider_redraws_only_what_changes(builder, control, values):
    # The axes, ticks and legends are rendered once; a move redraws the bars.
    panel = builder(check_backend=False)
    view = panel.views[0]
    view.fig.canvas.draw()
    for value in values:
        panel.controls[control].value = value
        view.fig.canvas.draw()
    assert view.cache.full_draws == 1
    bars = view.p_bars if hasattr(view, "p_bars") else view.bars
    assert all(bar in view.changing_artists() for bar in bars)

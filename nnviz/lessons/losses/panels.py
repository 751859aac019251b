"""Lesson 2's panels (Q19, Q20): controls wired to the views.

softmax_l1_explorer  logit sliders -> softmax and three penalty gradients
loss_comparer        a slider on one predicted probability -> MSE and the two
                     cross-entropies of Q20's batch
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.losses.likelihood import (
    bernoulli_cross_entropy,
    categorical_cross_entropy,
    l1_softmax_gradient,
    l1_softmax_numeric,
    l2_softmax_gradient,
    mean_squared_error,
)
from nnviz.lessons.losses.likelihood_views import LossCompareView, SoftmaxL1View
from nnviz.nn.activations import softmax
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)

__all__: list[str] = [
    "softmax_l1_explorer", "loss_comparer",
]


def softmax_l1_explorer(logits=(2.0, 1.0, 0.5, -1.0), *, limit=30.0,
                        check_backend=True) -> Panel:
    """Panel: one slider per logit z_k -> p = softmax(z) and the gradients of
    sum|p| (Jacobian and finite differences) and of sum p**2; sum |p| to 15
    digits in a line under the figure.

    controls: "z1", "z2", ... state: "p" (K,), "gradients" (3, K), "summary".
    """
    if check_backend:
        require_widget_backend()
    view = SoftmaxL1View(len(logits))
    controls = {f"z{i + 1}": slider(f"z{i + 1}", float(z), -limit, limit, 0.5,
                                    fmt=".1f", width="16em")
                for i, z in enumerate(logits)}

    def refresh(panel):
        z = np.array([c.value for c in controls.values()])
        gradients = np.array([l1_softmax_gradient(z), l1_softmax_numeric(z),
                              l2_softmax_gradient(z)])
        view.update(softmax(z), gradients)
        panel.state.update(p=softmax(z), gradients=gradients, summary=view.summary)
        summary.value = (f"<pre style='margin:0 0 0 3em; font-size:12px'>"
                         f"{view.summary}</pre>")

    sliders = list(controls.values())
    summary = widgets.HTML()
    rows = [widgets.HBox(sliders[:2]), widgets.HBox(sliders[2:]),
            figure_widget(view.fig), summary]
    return simple_panel(rows, controls, [view], refresh)


def batch_losses(y_true, y_pred) -> dict:
    """{name: value}: MSE, binary CE (each entry a yes/no), categorical CE (rows
    divided by their sums) of one batch; y_true, y_pred (N, K)."""
    return {
        "MSE": mean_squared_error(y_true, y_pred),
        "binary CE\n(each entry)": bernoulli_cross_entropy(y_true, y_pred),
        "categorical CE\n(rows normalized)": categorical_cross_entropy(
            y_true, y_pred, normalize=True),
    }


def loss_comparer(y_true, y_pred, *, entry=(1, 2), check_backend=True) -> Panel:
    """Panel: a slider on y_pred[entry] (a true class: y_true[entry] == 1) and
    the batch's three losses. state: "y_pred" (edited copy), "losses"."""
    if check_backend:
        require_widget_backend()
    y_true, y_pred = np.asarray(y_true, float), np.array(y_pred, float)
    if y_true[entry] != 1:
        raise ValueError(
            f"loss_comparer edits the probability of a true class, but "
            f"y_true{tuple(entry)} is {y_true[entry]}, not 1."
        )
    view = LossCompareView(list(batch_losses(y_true, y_pred)))
    control = slider(f"p = y_pred{tuple(entry)}", float(y_pred[entry]), 0.01, 0.99,
                     0.01, fmt=".2f")

    def refresh(panel):
        edited = y_pred.copy()
        edited[entry] = control.value
        losses = batch_losses(y_true, edited)
        view.update(control.value, losses)
        panel.state.update(y_pred=edited, losses=losses)

    return simple_panel([control, figure_widget(view.fig)], {"p": control}, [view],
                        refresh)

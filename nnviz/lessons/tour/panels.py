"""Training replay: train once, then scrub through the steps with a slider.

The model is trained in the cell (a bounded number of steps), and a copy of
every parameter is kept every `every` steps. Moving the slider loads that
snapshot into the model and repaints the decision boundary and the loss
marker in place: no retraining, so the slider is instant.

Speed (issue 18): the layout is solved once (freeze_layout) and what a move
does not change (ticks, labels, the loss curve) is rendered once
(BackgroundCache): a move draws only the boundary image, the points, its
title and the step marker, with the loss legend laid on top.
"""

from __future__ import annotations

import copy

import ipywidgets as widgets
import numpy as np

from nnviz.nn import training
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
)


def record_training(model, loss, optimizer, X, y, *, steps, every=10, rng=None,
                    **kwargs):
    """Train `model` for `steps` steps; return (snapshots, records).

    snapshots: list of (step, {(layer_index, key): array copy}), the first at step 0.
    records: the `Step` record of every step.
    """
    def snapshot():
        return {(i, key): p.copy() for i, layer in enumerate(model.layers)
                for key, p in layer.params.items()}

    snapshots, records = [(0, snapshot())], []
    for record in training.train_steps(model, loss, optimizer, X, y, rng=rng, **kwargs):
        records.append(record)
        if record.step % every == 0 or record.step == steps:
            snapshots.append((record.step, snapshot()))
        if record.step >= steps:
            break
    return snapshots, records


def load_snapshot(model, params):
    """Copy a snapshot's arrays into the model's parameters, in place."""
    for (i, key), value in params.items():
        model.layers[i].params[key][...] = value


def training_replay(model, loss, optimizer, X, y, *, steps=500, every=10, rng=None,
                    resolution=80, check_backend=True, **kwargs) -> Panel:
    """Train, then show the decision boundary at any step with a slider.

    X (N, 2) inputs, y (N,) 0/1 labels. Returns a Panel whose control "step"
    picks the snapshot; views are the boundary view and the loss view.
    """
    if check_backend:
        require_widget_backend()
    rng = rng if rng is not None else np.random.default_rng(0)
    model = copy.deepcopy(model)
    snapshots, records = record_training(model, loss, optimizer, X, y, steps=steps,
                                         every=every, rng=rng, **kwargs)
    fig, (ax_boundary, ax_loss) = style.new_figure(ncols=2, size=(8.4, 3.4))
    boundary = DecisionBoundaryView(X, y, ax=ax_boundary, resolution=resolution)
    ax_loss.plot([r.step for r in records], [r.loss for r in records],
                 color=style.CYCLE[0], label="training loss")
    marker = ax_loss.axvline(steps, color=style.CYCLE[3], linestyle=":",
                             label="shown step")
    ax_loss.set(xlabel="training step", ylabel="loss", yscale="log",
                title="loss during training")
    # whole decades at both ends, so the lowest loss has a labelled tick below it
    ax_loss.set_ylim(*decades([r.loss for r in records]))
    legend = ax_loss.legend(loc="upper right")  # the marker passes under it
    predict = model_predictor(model)
    style.freeze_layout(fig)
    # a fixed title place (where matplotlib puts it here): the automatic one
    # moves a title hidden while the background is drawn off the figure
    boundary.ax.set_title(boundary.ax.get_title(), y=1.0)
    cache = BackgroundCache(
        fig, lambda: [*boundary.changing_artists(), boundary.ax.title, marker],
        overlay=lambda: [legend])

    slider = widgets.SelectionSlider(
        options=[s for s, _ in snapshots], value=snapshots[-1][0],
        description="step", continuous_update=True,
        layout=widgets.Layout(width="30em"))
    by_step = dict(snapshots)

    def show(panel):
        step = slider.value
        load_snapshot(model, by_step[step])
        boundary.ax.set_title(f"P(class 1) after {step} steps")
        boundary.update(predict)
        marker.set_xdata([step, step])
        fig.canvas.draw_idle()

    state = {"model": model, "records": records, "figure": fig, "marker": marker,
             "cache": cache}
    return simple_panel([slider, figure_widget(fig)], {"step": slider}, [boundary],
                        show, state=state)


def decades(values):
    """(10**floor(log10(min)), 10**ceil(log10(max))) of the positive finite values."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    if not len(values):
        return 0.1, 10.0
    low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    return 10.0 ** low, 10.0 ** max(high, low + 1)

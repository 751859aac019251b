"""Lesson 1 panel about weights that keep growing (Q1).

weight_growth_explorer  the weight norm while training, with an L2 slider; a new
                        rate trains live (a progress bar), a rate seen before
                        is drawn at once
"""

from __future__ import annotations

import itertools

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.weights.growth import norm_stream
from nnviz.lessons.weights.growth_views import WeightNormView
from nnviz.nn import losses, optimizers
from nnviz.nn.model import mlp
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

L2_RATES = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
#: Steps trained inside the slider's callback, so that it answers at once; the
#: rest of the run comes tick by tick (LiveTraining).
FIRST_STEPS = 5


def weight_growth_explorer(
    X,
    y,
    sizes,
    *,
    steps=300,
    lr=0.5,
    rate=1e-2,
    seed=0,
    loss="softmax_cross_entropy",
    steps_per_tick=25,
    check_backend=True,
) -> Panel:
    """Panel: L2 rate -> WeightNormView (norm per step, against no penalty).

    Every run starts from the same seeded weights. The reference run (no
    penalty) and the run at `rate` are trained when the panel opens (about
    0.5 s for the lesson's digits net); a rate not seen before trains
    live: FIRST_STEPS steps in the slider's callback, then up to
    `steps_per_tick` steps a Play tick (panel.live), with a progress bar, until
    `steps`. A finished run is kept: moving back to its rate draws it at once.
    controls: "l2", "play", "frame" (Play's hidden tick counter).
    state: "norms" (the run shown, as far as it got), "finished" {rate: norms},
    "reference".
    """
    if check_backend:
        require_widget_backend()
    view = WeightNormView(steps)

    def stream(rate):
        rng = np.random.default_rng(seed)
        model = mlp(sizes, "tanh", rng=rng)
        return norm_stream(model, losses.get(loss), optimizers.SGD(lr), X, y,
                           penalty_rate=rate, rng=rng)

    def train(rate):  # the whole run at once (when the panel opens)
        return np.fromiter(itertools.islice(stream(rate), steps), float, steps)

    reference = train(0.0)
    view.ax.set_ylim(0, 1.2 * reference.max())
    view.set_reference(reference)
    control = widgets.SelectionSlider(
        options=L2_RATES, value=rate, description="L2 rate", continuous_update=False
    )
    finished = {0.0: reference, rate: reference if rate == 0 else train(rate)}
    state = {"reference": reference, "finished": finished, "growing": []}

    def label(rate, done):
        return f"L2 rate {rate:g}" + ("" if done == steps else f" · step {done}")

    def show(records):
        rate = state["training"]
        state["growing"] += records
        norms = state["norms"] = np.array(state["growing"])
        if len(norms) == steps:
            state["finished"][rate] = norms
        view.update(norms, label=label(rate, len(norms)))

    def new_run():
        state["training"], state["growing"] = control.value, []
        return itertools.islice(stream(control.value), steps)

    progress = Progress()
    live = LiveTraining(show, steps_per_tick=steps_per_tick, progress=progress)

    def refresh(panel):
        rate = control.value
        if rate in state["finished"]:  # seen before: drawn at once, nothing trains
            live.restart(new_run)  # no total: no progress bar; Play retrains it
            live.stop()
            state["norms"] = state["finished"][rate]
            view.update(state["norms"], label=label(rate, steps))
            return
        live.restart(new_run, total=steps, what=f"training with L2 rate {rate:g}")
        live.answer_now(FIRST_STEPS)  # the rest under Play

    rows = [control, widgets.HBox([live.widget, progress.widget]),
            figure_widget(view.fig)]
    panel = simple_panel(rows, {"l2": control}, [view], refresh, state=state,
                         live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel

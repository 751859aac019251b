"""Lesson 8's over-fitting explorer, trained without blocking the page.

overfitting_explorer   training set size and L2 -> a small and a large net's
                       training and validation curves, drawn as they grow

A move never trains the whole run in its callback: it restarts the panel's
LiveTraining, trains FIRST_EPOCHS epochs of both nets at once, and Play's ticks
bring the rest with a progress bar counting epochs; a newer move replaces the
older run. The curves come from `overfitting_stream` (overfitting.py), the one
`overfitting_run` is built on (same seeds), so the lesson's numbers do not change.
"""

from __future__ import annotations

import ipywidgets as widgets

from nnviz.lessons.regularization.overfitting import (
    overfitting_runs_stream,
    overfitting_stream,
)
from nnviz.lessons.regularization.views import OverfitView
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

#: Epochs of both nets trained in a control's callback: the first answer
#: (about 1.5 ms each; the draw after it costs about 25 ms).
FIRST_EPOCHS = 5
#: Epochs in one Play tick at most (the tick's time budget cuts it).
EPOCHS_PER_TICK = 300
#: Kernel ms a Play tick aims for, epochs and view update (LiveTraining's
#: budget): the draw and PNG encoding after it cost about 25 ms more.
TICK_BUDGET_MS = 15.0


def overfitting_explorer(data, *, n_train=30, l2=0.0, small=(4,), large=(64, 64),
                         epochs=300, first_epochs=FIRST_EPOCHS,
                         check_backend=True) -> Panel:
    """Panel: sliders "examples" (training set size) and "l2" -> the training
    and validation curves of a small and a large net.

    data: a Dataset; training examples are the first `examples` of X_train,
    validation is all of X_test. state: "runs" {title: OverfitRun} as far as
    trained (complete when the panel opens); the readouts give their numbers
    once the run is complete. A move trains `first_epochs`
    epochs at once, the rest under Play's ticks (panel.live) with a progress
    bar. controls: "examples", "l2", "play", "frame" (Play's tick counter).
    """
    if check_backend:
        require_widget_backend()
    titles = [f"small net 2-{'-'.join(map(str, small))}-1",
              f"large net 2-{'-'.join(map(str, large))}-1"]
    view = OverfitView(titles, epochs=epochs)
    controls = {
        "examples": slider("training examples", int(n_train), 10,
                           int(min(300, len(data.X_train))), 10, continuous=False),
        "l2": slider("L2 rate", float(l2), 0.0, 0.01, 0.0005, continuous=False,
                     fmt=".4f"),
    }
    state = {}

    def show(records):
        state["runs"] = records[-1]()
        done = all(len(run.train) == epochs + 1 for run in state["runs"].values())
        view.update(state["runs"], done=done)  # numbers when the run is complete

    progress = Progress()
    live = LiveTraining(show, progress=progress, steps_per_tick=EPOCHS_PER_TICK,
                        budget_ms=TICK_BUDGET_MS)

    def refresh(panel):
        n, rate = controls["examples"].value, controls["l2"].value
        X, y = data.X_train[:n], data.y_train[:n]

        def make_source():
            return overfitting_runs_stream({
                title: overfitting_stream(X, y, data.X_test, data.y_test,
                                          hidden=hidden, l2=rate, epochs=epochs)
                for title, hidden in zip(titles, (small, large), strict=True)})

        live.restart(make_source, total=epochs, unit="epochs",
                     what=f"training both nets on {n} examples")
        opening = "runs" not in state  # the opening curves are complete at once
        live.answer_now(epochs if opening else first_epochs)  # the rest under Play

    rows = [widgets.HBox(list(controls.values())),
            widgets.HBox([live.widget, progress.widget]), figure_widget(view.fig)]
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel

"""Lesson 7's Q4 panel: tanh vs ReLU on digits, trained without blocking the page.

explosion_explorer   Q4   tanh vs ReLU on digits: learning rate, init, L2, epochs

A move never trains the whole run in its callback: it restarts the panel's
LiveTraining, takes FIRST_STEPS steps of each net at once (the status line
says so), and Play's ticks bring the rest, epoch by epoch, with a progress
bar; a newer move replaces the older run. A new number of epochs answers
over the present axis, and the axis (a full draw) follows a moment later.
The runs come from
`digits_runs_stream` (explosion.py), the steps `digits_run` takes (same seeds),
so the lesson's numbers do not change.
"""

from __future__ import annotations

import ipywidgets as widgets

from nnviz.lessons.initialization.explosion import INITS, digits_runs_stream
from nnviz.lessons.initialization.explosion_views import ExplosionView
from nnviz.playground.later import Later
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    log_slider,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

L2_RATES = [0.0, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1]
#: Steps of each net taken in a control's callback (a few ms). The points come
#: once an epoch, so the first answer is the status line ("training, epoch 1
#: of 4") over the last picture; Play brings the rest.
FIRST_STEPS = 2
#: Steps of each net in one Play tick at most (the tick's time budget cuts it).
STEPS_PER_TICK = 400


def explosion_explorer(
    data,
    *,
    lr=1.0,
    init="glorot_uniform",
    l2=0.0,
    epochs=4,
    activations=("tanh", "relu"),
    first_steps=FIRST_STEPS,
    check_backend=True,
) -> Panel:
    """Panel: lr, init, L2, epochs -> ExplosionView of one net under each activation.

    data: a flat (standardized) digits Dataset. controls: "lr", "init", "l2",
    "epochs", "play", "frame" (Play's hidden tick counter). state["runs"]:
    {activation: DigitsRun} as far as trained (the opening runs are complete).
    A move trains `first_steps` steps of each net at once, then the rest tick by
    tick under panel.live, with a progress bar (module docstring).
    """
    if check_backend:
        require_widget_backend()
    view = ExplosionView(10, activations=activations)
    view.set_epochs(epochs)
    controls = {
        "lr": log_slider("learning rate", lr, 0.01, 2.0, continuous=False),
        "init": widgets.Dropdown(options=list(INITS), value=init, description="init"),
        "l2": widgets.SelectionSlider(
            options=L2_RATES, value=l2, description="L2 rate", continuous_update=False
        ),
        "epochs": slider("epochs", epochs, 1, 10, 1, continuous=False, width="16em"),
    }
    state = {}

    def show(records):
        state["runs"] = records[-1]
        view.update(records[-1])

    progress = Progress()
    live = LiveTraining(show, progress=progress, steps_per_tick=STEPS_PER_TICK)
    per_epoch = len(data.X_train) // 10  # digits_run's batches of 10

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        opening = "runs" not in state  # the opening runs are complete at once
        new_axis = c["epochs"] != view.epochs
        if opening or not new_axis:
            view.set_epochs(c["epochs"])
        settings = dict(lr=c["lr"], init=c["init"], l2=c["l2"], epochs=c["epochs"])
        live.restart(lambda: digits_runs_stream(data, activations, **settings),
                     total=c["epochs"] * per_epoch,
                     what=f"training {' and '.join(activations)}")
        live.answer_now(live.total if opening else first_steps)  # the rest under Play
        if new_axis and not opening:
            set_axis.request()  # after the first answer, drawn over the present axis

    def fit_axis():
        view.set_epochs(controls["epochs"].value)
        view.fig.canvas.draw_idle()

    rows = [
        widgets.HBox([controls["lr"], controls["init"]]),
        widgets.HBox([controls["l2"], controls["epochs"]]),
        widgets.HBox([live.widget, progress.widget]),
        figure_widget(view.fig),
    ]
    # 0.15 s: the page asks for the first answer's draw before the new axis
    # (a draw made in the callback itself can leave ipympl's page waiting for
    # its next draw request: seen in the browser, a move repainted 2 s late)
    set_axis = Later(lambda: reports_errors(panel.output)(fit_axis)())
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel


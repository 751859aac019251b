"""Lesson 4's panels on the package's bookkeeping and the AND neuron.

bookkeeping_stepper   one training step of a tiny net, call by call (Q17)
and_neuron_explorer   one sigmoid, step or identity neuron on logical AND (Q23),
                      trained live: FIRST_EPOCHS at once, the rest under Play

Speed (issue 18): a new number of epochs that needs a new time axis answers
on the axis shown (its background is cached), and the axis follows a moment
later (Later): a new axis draws the whole figure once, about 0.1 s.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.backprop.bookkeeping import stage_text, training_cycle
from nnviz.lessons.backprop.neuron import ACTIVATIONS as NEURON_ACTIVATIONS
from nnviz.lessons.backprop.neuron import neuron_runs_stream
from nnviz.lessons.backprop.views import NeuronTrajectoryView
from nnviz.nn.model import mlp
from nnviz.playground.later import Later
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    log_slider,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

#: Epochs of the three neurons trained in a control's callback: the first answer.
FIRST_EPOCHS = 100
#: Epochs in one Play tick at most (the tick's time budget cuts it).
EPOCHS_PER_TICK = 1000
#: Milliseconds of training in a Play tick: the figure's draw (about 17 ms,
#: after the tick) fits in issue 18's 50 ms a frame with it.
TICK_BUDGET_MS = 25.0


def bookkeeping_stepper(
    model=None, x=None, y=None, *, loss="mse", lr=0.1, seed=0
) -> Panel:
    """Panel: a stage slider through one training step, and a button for the next step.

    Default: mlp([2, 2, 1], "sigmoid") on one example. controls: "stage", "next".
    state: "stages" (list of Stage), "step" (training steps taken).
    """
    rng = np.random.default_rng(seed)
    model = model or mlp([2, 2, 1], "sigmoid", rng=rng)
    x = np.array([[1.0, 2.0]]) if x is None else x
    y = np.array([[1.0]]) if y is None else y
    stages = training_cycle(model, loss, x, y, lr=lr)
    controls = {
        "stage": slider("stage", 0, 0, len(stages) - 1, 1, width="30em"),
        "next": widgets.Button(description="next training step"),
    }
    text, output = widgets.HTML(), error_output()
    panel = Panel(
        widgets.VBox(
            [widgets.HBox([controls["stage"], controls["next"]]), text, output]
        ),
        controls,
        [text],
        output,
        {"stages": stages, "step": 1},
    )

    @reports_errors(output)
    def show(_=None):
        stage = panel.state["stages"][controls["stage"].value]
        header = f"training step {panel.state['step']}, stage {controls['stage'].value}"
        body = html.escape(stage_text(stage))
        text.value = f"<pre>{html.escape(header)}\n{body}</pre>"

    @reports_errors(output)
    def next_step(_=None):
        panel.state["stages"] = training_cycle(model, loss, x, y, lr=lr)
        panel.state["step"] += 1
        show()

    controls["stage"].observe(show, names="value")
    controls["next"].on_click(next_step)
    show()
    return panel


def and_neuron_explorer(lr=0.5, epochs=1000, *, decay=0.0, first_epochs=FIRST_EPOCHS,
                        check_backend=True) -> Panel:
    """Panel: lr, decay and epochs -> NeuronTrajectoryView of the three AND neurons.

    controls: "lr", "decay", "epochs", "play", "frame" (Play's tick counter).
    state: "runs" {activation: NeuronRun} as far as trained (complete when the
    panel opens). A move trains `first_epochs` epochs of the three neurons at
    once, the rest under Play's ticks (panel.live) with a progress bar; a newer
    move replaces the older run. The runs are train_neuron's (both come from
    neuron_stream), and the progress bar counts epochs. A new time axis comes
    a moment after the first answer (state "axis": the Later doing it).
    """
    if check_backend:
        require_widget_backend()
    view = NeuronTrajectoryView(epochs)
    controls = {
        "lr": log_slider("learning rate", lr, 0.01, 2.0, continuous=False),
        "decay": slider(
            "lr decay", decay, 0.0, 0.2, 0.005, continuous=False, fmt=".3f"
        ),
        "epochs": slider("epochs", epochs, 100, 4000, 100, continuous=False),
    }
    state = {}

    def show(records):
        state["runs"] = {name: run() for name, run in records[-1].items()}
        view.update(state["runs"], finished=live.run_steps >= live.total)

    progress = Progress()
    live = LiveTraining(show, progress=progress, steps_per_tick=EPOCHS_PER_TICK,
                        budget_ms=TICK_BUDGET_MS)

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        if not view.fits(c["epochs"]):
            state["axis"].request()  # after this first answer, on the axis shown

        def make_source():
            return neuron_runs_stream(NEURON_ACTIVATIONS, c["lr"], c["epochs"],
                                      decay=c["decay"])

        live.restart(make_source, total=c["epochs"], unit="epochs",
                     what="training the three neurons")
        opening = "runs" not in state  # the opening runs are complete at once
        live.answer_now(c["epochs"] if opening else first_epochs)  # the rest under Play

    rows = [widgets.HBox(list(controls.values())),
            widgets.HBox([live.widget, progress.widget]), figure_widget(view.fig)]

    def set_axis():
        view.set_epochs(controls["epochs"].value)
        view.fig.canvas.draw_idle()

    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    state["axis"] = Later(reports_errors(panel.output)(set_axis))  # (the opening
    # refresh has the axis already: the view was made for its epochs)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel

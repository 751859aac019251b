"""The memory task trained live (Q30): Play trains, the gates and the loss follow.

memory_model     LSTM(1, units) + Dense(units, 1) for remember_first(delay)
memory_trainer   the panel: Play -> a few steps -> test loss and accuracy -> views
_title_line      an HTML line for a figure's changing title (the lesson's panels)

What a Play tick costs (issue 18: a frame within 50 ms, drawing included). The
steps get a time budget; the test set is evaluated every tick (the loss curve
gets a point per tick). The two figures differ: the loss curve is cheap to
draw over its cached background (a few ms), the gate view is not (eight
panels, some 60 lines drawn again, then a 900 × 660 frame encoded: about
25 ms; its title, which changes with every update, is an HTML line above it,
as text is the dearest thing to draw). So the gate view is brought up to date
every second tick, and not on a tick when the loss axes grew (their first
draw at new limits draws everything, text included: about 25 ms). A tick that
leaves the gates asks a `Later` to draw them if Play pauses; the last tick of
a run always draws them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.data.sequences import remember_first
from nnviz.lessons.lstm.experiments import sequence_trace
from nnviz.lessons.lstm.views import GateTimelineView, symmetric_range, trace_title
from nnviz.nn.dense import Dense
from nnviz.nn.lstm import LSTM
from nnviz.nn.model import Sequential
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import evaluate, train_steps
from nnviz.playground.later import Later
from nnviz.plots.background import BackgroundCache
from nnviz.plots.curves import LossCurveView
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    reports_errors,
    require_widget_backend,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

LOSS = "binary_cross_entropy_logits"
#: Ticks the gate view waits after an update, and when the loss axes grew.
GATES_REST, AXES_REDRAWN = 1, 1
#: The loss axes start at the decade of an untrained net's loss (ln 2 ≈ 0.69),
#: so the first point does not make them grow.
FIRST_DECADE = (0.1, 1.0)
#: Seconds before the gates left by a tick are drawn: longer than the longest
#: interval between Play's ticks (LiveTraining's max_interval, 400 ms), so only
#: a pause draws them; and after Reset.
WHEN_PAUSED, AFTER_RESET = 0.5, 0.15


def _title_line() -> widgets.HTML:
    """An HTML line, centred, for the title of a figure below it that changes
    at every move (the browser writes it; the kernel draws nothing)."""
    return widgets.HTML(layout=widgets.Layout(display="flex",
                                              justify_content="center"))


def memory_model(delay=25, units=8, seed=0, forget_bias=3.0):
    """LSTM(1, units) + Dense(units, 1) for remember_first(delay): logits out.

    8 units and a forget-gate bias of 3 learn the task from every start tried
    (40 seeds); 4 units with the usual bias of 1 stalled near 50 % from some.
    """
    rng = np.random.default_rng(seed)
    return Sequential([LSTM(1, units, forget_bias=forget_bias, rng=rng),
                       Dense(units, 1, rng=rng)], input_shape=(delay + 1, 1))


def memory_trainer(delay=25, *, units=8, forget_bias=3.0, lr=0.02, batch_size=64,
                   n=512, n_test=300, steps_per_frame=10, max_steps=3000, seed=0,
                   interval=100, budget_ms=10.0, check_backend=True) -> Panel:
    """Panel: remember_first(delay) trained live with Play, from fresh weights.

    Top: the gates of one test sequence, under a title line (HTML: the step,
    the test accuracy, the sequence's first input and the answer); bottom:
    training and test loss, a point per tick. Each Play tick takes up to
    `steps_per_frame` steps within `budget_ms` (panel.live, a LiveTraining: the
    steps get at least half of it, whatever the views take), evaluates the
    `n_test` test sequences, and
    redraws the curve; the gates follow every second tick (the module
    docstring says why). Play stops after `max_steps`, and a bar
    (panel.live.progress) shows how far the run is. Reset trains nothing: it
    starts fresh weights, empties the curve, and shows the new gates a moment
    later (panel.gates_later); the next tick trains them.
    controls: "play", "frame" (Play's hidden tick counter), "reset" (Button).
    state: "model", "step", "accuracy" (test), "gates_step" (the step the gate
    view shows).
    """
    if check_backend:
        require_widget_backend()
    rng = np.random.default_rng(seed)
    X, y = remember_first(n, delay, rng=rng)
    X_test, y_test = remember_first(n_test, delay, rng=rng)
    view = GateTimelineView(delay + 1, units, x_range=symmetric_range(X),
                            c_range=(-12, 12))
    title = _title_line()
    curve = LossCurveView(xlabel="training step", log=True)
    freeze_layout(curve.fig)  # its axes grow: not laid out again at each growth
    # axes, ticks and labels rendered once per axes limits (they change only
    # when the curves reach a new decade or the right edge); the legend and the
    # "press Play" note laid on top
    curve.cache = BackgroundCache(curve.fig, curve.changing_artists,
                                  overlay=curve.overlay_artists)
    output = error_output()
    progress = Progress()
    rest = {"gates": 0}  # ticks the gate view still waits

    def on_frame(records):
        panel.state["step"] += len(records)  # a run Play starts again goes on
        test_loss = measure()
        limits = curve.ax.get_xlim(), curve.ax.get_ylim()
        curve.append(panel.state["step"], records[-1].loss, test_loss)
        if (curve.ax.get_xlim(), curve.ax.get_ylim()) != limits:
            rest["gates"] = max(rest["gates"], AXES_REDRAWN)
        if live.source is None or rest["gates"] == 0:  # (None: the run's end)
            show_gates()
            rest["gates"] = GATES_REST
        else:
            rest["gates"] -= 1
            gates_later.delay = WHEN_PAUSED
            gates_later.request()  # replaced by the next tick's

    live = LiveTraining(on_frame, output=output, steps_per_tick=steps_per_frame,
                        budget_ms=budget_ms, interval=interval, progress=progress)
    controls = {"play": live.play, "frame": live.counter,
                "reset": widgets.Button(description="Reset")}
    panel = Panel(widgets.VBox([widgets.HBox([live.widget, controls["reset"]]),
                                progress.widget, title, figure_widget(view.fig),
                                figure_widget(curve.fig), output]),
                  controls, [view, curve], output, live=live)

    def measure():
        """Test loss (returned) and accuracy (in state) of the current model."""
        test_loss, panel.state["accuracy"] = evaluate(panel.state["model"], LOSS,
                                                      X_test, y_test)
        return test_loss

    def show_gates():
        """The gate view: test sequence 0 through the current model."""
        gates_later.cancel()
        trace = sequence_trace(panel.state["model"], X_test[0])
        step = panel.state["step"]
        view.update(trace["x"], trace["gates"], trace["c"], trace["h"], trace["y"],
                    title=f"step {step}: test accuracy "
                    f"{panel.state['accuracy']:.0%} — " + trace_title(trace))
        title.value = html.escape(view.headline)
        panel.state["gates_step"] = step

    gates_later = Later(reports_errors(output)(lambda: (measure(), show_gates())))
    panel.gates_later = gates_later

    @reports_errors(output)
    def reset(_=None):
        model = memory_model(delay, units, seed, forget_bias)
        rng = np.random.default_rng(seed + 1)
        live.restart(lambda: train_steps(model, LOSS, Adam(lr), X, y,
                                         batch_size=batch_size, rng=rng),
                     total=max_steps, what="training the memory task")
        panel.state.update(model=model, step=0)
        curve.reset()
        curve.ax.set_ylim(*FIRST_DECADE)
        gates_later.delay = AFTER_RESET
        gates_later.request()  # the fresh net's gates: a moment later
        rest["gates"] = GATES_REST  # so the first tick, which starts the run
        # and hides the curve's note, leaves them (or asks the Later again)

    controls["reset"].on_click(reset)
    reset()
    gates_later.flush()  # the panel opens complete
    return panel

"""Q9 panel: "my network stops learning" -- break one thing at a time, then fix it.

Controls choose the inputs (centred, or shifted by +30), the network (hidden
layers, units, activation, initialization), the label encoding (0/1 or 1/2)
and the data (all examples, or only 8: the "overfit a handful" check). Any
change retrains from scratch for `steps` steps with the same batches and shows
the loss curve, the decision boundary and a one-line verdict.

Speed (issue 18): a run takes 0.1 to 0.3 s of training, too long for one
answer. A change trains what fits in about 5 ms and shows that at once (the
curve so far, the boundary of the net as it is, the progress under the plots),
then goes on a moment later in slices of about 30 ms (`Later`), each shown as
it comes: the curve grows.
The steps are those of `loss_history` (same loss, optimizer and batches), so
the finished run is the one the lesson describes. Finished runs are kept: a
setting seen before is shown at once. The figure draws only the curve, the
boundary image and the title over a cached background.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from nnviz.data.toy import circles
from nnviz.lessons.initialization.experiments import classifier, loss_stream, verdict
from nnviz.lessons.initialization.scheme_views import SchemeCurvesView
from nnviz.nn.training import TrainingDiverged
from nnviz.playground.later import Later
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)

OFFSET = 30.0
#: Seconds of training in a control's first answer, and in each later slice.
FIRST_SLICE, LATER_SLICE = 0.005, 0.030


def _toggle(options, description):
    return widgets.ToggleButtons(
        options=options, description=description, style={"button_width": "auto"}
    )


@dataclass
class _Run:
    """One setting's training: `losses` (steps,) NaN until trained, `done` steps
    trained so far, `values` the boundary picture once finished."""

    key: tuple  # the control values
    model: object
    stream: object  # the train_steps generator (None once finished)
    losses: np.ndarray
    shift: float
    done: int = 0
    values: np.ndarray | None = None

    @property
    def finished(self):
        return self.stream is None

    def advance(self, seconds):
        """Train until finished or `seconds` have passed (at least one step)."""
        end = time.perf_counter() + seconds
        try:
            while self.done < len(self.losses):
                self.losses[self.done] = next(self.stream).loss
                self.done += 1
                if time.perf_counter() > end:
                    return
        except TrainingDiverged:  # the rest stays NaN, as in loss_history
            pass
        self.stream = None


def stops_learning_explorer(data=None, *, steps=300, check_backend=True) -> Panel:
    """Panel: inputs, network, labels, examples -> retrain -> loss curve, boundary.

    controls: "inputs" ("centred"/"shifted"), "depth", "units", "activation",
    "init", "labels" ("0/1"/"1/2"), "examples" ("all"/"8").
    state: "losses" (steps,), "verdict" (str), "model" of the last finished
    run; "training" (True while a run goes on), "cache".
    """
    if check_backend:
        require_widget_backend()
    data = data if data is not None else circles(n=300, rng=np.random.default_rng(0))
    fig, (ax_loss, ax_plane) = style.new_figure(2, 1, size=(9.5, 3.6))
    curve = SchemeCurvesView(
        ["training loss"],
        steps,
        ax=ax_loss,
        ylim=(0.0, 1.0),
        title="training loss",
        legend="title",
        fit_diverged=True,
    )
    boundary = DecisionBoundaryView(
        data.X_train, data.y_train, ax=ax_plane, resolution=50
    )
    controls = {
        "inputs": _toggle(
            [("centred", "centred"), (f"shifted +{OFFSET:g}", "shifted")], "inputs"
        ),
        "depth": slider("hidden layers", 1, 1, 6, 1, continuous=False, width="16em"),
        "units": slider(
            "units per layer", 16, 1, 32, 1, continuous=False, width="18em"
        ),
        "activation": widgets.Dropdown(
            options=["tanh", "relu"], description="activation"
        ),
        "init": widgets.Dropdown(
            options=[
                ("Glorot", "glorot"),
                ("He", "he"),
                ("too small (std 0.01)", "too_small"),
            ],
            description="init",
        ),
        "labels": _toggle([("0 / 1", "0/1"), ("1 / 2", "1/2")], "labels"),
        "examples": _toggle(
            [("all", "all"), ("only 8 (overfit check)", "8")], "train on"
        ),
    }
    message = widgets.HTML()
    rows = [
        widgets.HBox([controls["inputs"], controls["labels"]]),
        widgets.HBox([controls["depth"], controls["units"]]),
        widgets.HBox([controls["activation"], controls["init"]]),
        controls["examples"],
        figure_widget(fig),
        message,
    ]
    finished = {}  # settings (control values) -> finished _Run
    current = {"run": None, "later": None, "axes": None}

    def start(c):
        """A fresh _Run for the control values `c` (nothing trained yet)."""
        X, y = data.X_train, data.y_train
        shift = OFFSET if c["inputs"] == "shifted" else 0.0
        X, y = X + shift, y + (1 if c["labels"] == "1/2" else 0)
        if c["examples"] == "8":
            X, y = X[:8], y[:8]
        model = classifier(
            2,
            c["depth"],
            c["units"],
            c["activation"],
            c["init"],
            rng=np.random.default_rng(2),
        )
        # loss_history's training, one step at a time
        stream = loss_stream(model, X, y,
                             batch_size=None if c["examples"] == "8" else 32)
        return _Run(tuple(c.values()), model, stream, np.full(int(steps), np.nan),
                    shift)

    def show(run, panel):
        """Draw `run` as far as it has trained; at its end, the verdict."""
        curve.update({"training loss": run.losses if run.finished
                      else run.losses[: run.done]})
        if run.values is None:
            predict = model_predictor(run.model, features=lambda P: P + run.shift)
            with np.errstate(over="ignore", invalid="ignore"):  # diverged logits
                boundary.update(predict)
            if run.finished:
                run.values = boundary.values
        else:  # a finished run seen before: its picture, no forward pass
            boundary.update(lambda _grid: run.values)
        axes = (ax_loss.get_yscale(), ax_loss.get_xlabel())
        if axes != current["axes"] and curve.cache is not None:
            curve.cache.invalidate()  # a blow-up's symlog axis, or back: all anew
        current["axes"] = axes
        panel.state["training"] = not run.finished
        if not run.finished:
            curve.title_text.set_text(curve.title)  # short: text is dear to draw
            message.value = f"<b>training ... step {run.done} of {steps}</b>"
            return
        finished[run.key] = run
        panel.state.update(losses=run.losses, verdict=verdict(run.losses),
                           model=run.model)
        message.value = f"<b>{panel.state['verdict']}</b>"

    def go_on():  # Later's work: the next slice of the run being trained
        run = current["run"]
        if run is None or run.finished:
            return
        run.advance(LATER_SLICE)
        show(run, panel)
        if not run.finished:
            current["later"].request()

    def retrain(panel):
        c = {name: control.value for name, control in controls.items()}
        later = current["later"]
        if later is not None:
            later.cancel()  # a run of another setting: left unfinished
        run = current["run"] = finished.get(tuple(c.values())) or start(c)
        if not run.finished:
            # at the opening (no Later yet) the cell trains the whole run
            run.advance(FIRST_SLICE if later is not None else float("inf"))
        show(run, panel)
        if not run.finished:
            later.request()

    curve.cache = None  # panel.views[0] holds the figure's cache
    panel = simple_panel(rows, controls, [curve, boundary], retrain)
    freeze_layout(fig)
    # a fixed title place, so that the title can be drawn alone (the automatic
    # place is worked out in a full draw, where the cache hides the title)
    ax_loss.set_title(curve.title_text.get_text(), y=1.0,
                      fontsize=curve.title_text.get_fontsize())
    curve.cache = panel.state["cache"] = BackgroundCache(
        fig, lambda: curve.changing_artists() + boundary.changing_artists()
    )
    current["later"] = Later(reports_errors(panel.output)(go_on), delay=0.05)
    return panel

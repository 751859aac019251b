"""Dropout against overfitting (Q22), trained live: lesson 8's comparison panel.

dropout_vs_overfitting  the same net with and without dropout, trained live with
                     Play on a small noisy dataset (boundaries, train/test loss);
                     issue 18: a tick trains within FRAME_BUDGET_MS and repaints
                     one map of two, in turns; a new run paints its maps a
                     moment later (Later)
overfitting_data     the small noisy dataset it trains on
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.data.toy import circles
from nnviz.lessons.regularization.experiments import dropout_mlp
from nnviz.nn.optimizers import SGD
from nnviz.nn.training import evaluate, train_steps
from nnviz.playground.later import Later
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.plots.curves import LossCurveView
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    reports_errors,
    require_widget_backend,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress

LOSS = "binary_cross_entropy_logits"
#: Steps of both nets taken in the rate slider's callback (a few ms): the
#: first answer, a new run from its start; Play's ticks bring the rest.
FIRST_STEPS = 5
#: Kernel ms a Play tick of dropout_vs_overfitting aims for, steps and views
#: (LiveTraining's budget): the draw after it costs about 25 ms more. About
#: 10 steps a tick, so ticks come every 250 ms (20 steps every 500 ms before).
FRAME_BUDGET_MS = 20.0


def overfitting_data(seed=0):
    """Lesson 5's small noisy dataset: 80 circle points, noise 0.4, half for testing."""
    return circles(n=80, noise=0.4, test_fraction=0.5, rng=np.random.default_rng(seed))


def dropout_vs_overfitting(
    data=None,
    *,
    rate=0.5,
    sizes=(2, 128, 128, 1),
    lr=0.05,
    momentum=0.9,
    steps_per_frame=20,
    max_steps=4000,
    seed=5,
    resolution=60,
    check_backend=True,
) -> Panel:
    """Panel: the same net with and without dropout, trained live side by side.

    Same initial weights (seed) and the same batches; only the Dropout layers differ.
    Top: decision boundaries (evaluation mode); bottom: training and test loss.
    Each Play tick takes up to `steps_per_frame` steps of both nets within
    FRAME_BUDGET_MS (panel.live, a LiveTraining), appends to both loss curves
    and repaints one of the two maps, in turns (issue 18: a map is the dearest
    part of a frame); the run's last frame and a pause repaint both. Play
    stops after `max_steps`, and a progress bar beside Play says how far the
    run is and how long it took. A move of "rate" starts the new run at once:
    FIRST_STEPS steps in the callback, then Play's ticks. A new run (rate,
    Reset) answers with its titles and curves; its two maps follow a moment
    later (a Later, which a newer move replaces).
    controls: "play", "frame" (Play's hidden tick counter), "rate" (drop rate of
    the dropout net; restarts), "reset" (Button).
    state: "models" [plain, dropout], "step", "turn" (the map the next tick
    repaints), "behind" (indices of the maps not repainted since their net
    last trained), "cache" (the BackgroundCache),
    "maps_later" (the Later that repaints the maps behind).
    """
    if check_backend:
        require_widget_backend()
    data = data if data is not None else overfitting_data()
    fig, axes, boundaries, curves = _comparison_views(data, resolution, max_steps)
    output = error_output()

    def on_frame(records):
        state = panel.state
        state["step"] += len(records)
        if state["step"] == len(records):  # a new run's first answer
            shown = []  # its maps a moment later
        elif state["step"] >= max_steps:  # the last frame
            shown = [0, 1]
        else:  # the map whose turn it is
            shown = [state["turn"]]
            state["turn"] = 1 - state["turn"]
        state["behind"] = {0, 1} - set(shown)
        _show(panel, boundaries, curves, data, maps=shown)
        if not shown:
            maps_later.request()

    @reports_errors(output)
    def catch_up():
        """Repaint the maps left behind (after a new run, or on a pause)."""
        maps_later.cancel()
        _show_maps(panel, boundaries, sorted(panel.state["behind"]))
        panel.state["behind"] = set()

    maps_later = Later(catch_up)

    progress = Progress()
    live = LiveTraining(
        on_frame, output=output, steps_per_tick=steps_per_frame,
        budget_ms=FRAME_BUDGET_MS, interval=250, progress=progress,
    )
    controls = {
        "play": live.play,
        "frame": live.counter,
        "rate": slider(
            "dropout rate", rate, 0.1, 0.8, 0.05, continuous=False, fmt=".2f"
        ),
        "reset": widgets.Button(description="Reset"),
    }
    panel = Panel(
        widgets.VBox(
            [
                widgets.HBox([live.widget, controls["rate"], controls["reset"]]),
                progress.widget,
                figure_widget(fig),
                output,
            ]
        ),
        controls,
        boundaries + curves,
        output,
        live=live,
    )

    @reports_errors(output)
    def reset(_=None, *, draw=True, maps_now=False):
        drop = controls["rate"].value
        models = [
            dropout_mlp(list(sizes), rate=r, rng=np.random.default_rng(seed))
            for r in (None, drop)
        ]  # same seed: same initial weights
        steps = [
            train_steps(
                m,
                LOSS,
                SGD(lr, momentum=momentum),
                data.X_train,
                data.y_train,
                rng=np.random.default_rng(1),
            )
            for m in models
        ]  # same seed: same batches
        both = zip(*steps, strict=True)  # one record a step: (plain, dropout)
        live.restart(lambda: both, total=max_steps, what="training both nets")
        panel.state.update(models=models, step=0, turn=0, behind={0, 1})
        axes[0, 0].set_title("no dropout")
        axes[0, 1].set_title(f"dropout, rate {drop:.2f} (keep {1 - drop:.2f})")
        panel.state["quiet_notes"] = _reset_curves(curves)
        if draw:  # (a new rate draws its first steps instead)
            _show(panel, boundaries, curves, data, maps=())
            if maps_now:  # the panel's first picture
                catch_up()
            else:
                maps_later.request()

    @reports_errors(output)
    def new_rate(_=None):
        reset(draw=False)
        live.answer_now(FIRST_STEPS)  # the rest under Play

    def paused(change):
        if not change["new"] and panel.state["behind"]:  # paused, or the run ended
            catch_up()

    controls["rate"].observe(new_rate, names="value")
    live.play.observe(paused, names="playing")
    controls["reset"].on_click(reset)
    reset(maps_now=True)
    panel.state["maps_later"] = maps_later
    freeze_layout(fig)  # lay out once: a frame then costs ~0.25 s, not ~0.6 s
    panel.state["cache"] = _cache(axes, boundaries, curves)
    return panel


def _cache(axes, boundaries, curves):
    """Ticks, labels and the maps' axes rendered once (issue 18): a frame draws
    the two maps, the curves and the titles. The data points and the curves'
    legends and notes never change during a run: they are laid on top from a
    picture drawn again only when one of them changed."""
    for ax in axes[0]:  # a fixed title place, as a hidden title would move
        ax.set_title(ax.get_title(), y=1.0)
    on_top = [*(points for boundary in boundaries
                for points in (*boundary.train_points, *boundary.test_points)),
              *(a for curve in curves for a in curve.overlay_artists())]
    return BackgroundCache(
        axes[0, 0].figure,
        lambda: [a for view in (*boundaries, *curves) for a in view.changing_artists()]
        + [ax.title for ax in axes[0]],
        overlay=lambda: on_top)


def _reset_curves(curves):
    """Empty the curves for a new run; return the notes ("press Play") hidden
    until now. The run's first point, appended in the same callback, hides
    them again (`_show`)."""
    hidden = [curve.note for curve in curves if not curve.note.get_visible()]
    for curve in curves:
        curve.reset()
    return hidden


def _show_maps(panel, boundaries, maps):
    """Repaint the decision boundaries of the nets at indices `maps`."""
    for i in maps:
        boundaries[i].update(model_predictor(panel.state["models"][i]))


def _comparison_views(data, resolution, max_steps):
    """2 x 2: boundaries on top, loss curves below (0 to max_steps: fixed axes);
    plain left, dropout right."""
    fig, axes = style.new_figure(2, 2, size=(9.0, 7.0))
    boundaries = [
        DecisionBoundaryView(
            data.X_train,
            data.y_train,
            data.X_test,
            data.y_test,
            ax=ax,
            resolution=resolution,
        )
        for ax in axes[0]
    ]
    curves = [LossCurveView(ax=ax, log=True, xlabel="step", x_max=max_steps)
              for ax in axes[1]]
    return fig, axes, boundaries, curves


def _show(panel, boundaries, curves, data, maps=(0, 1)):
    """Repaint the boundaries of `maps` (indices: 0 plain, 1 dropout) and append
    both nets' evaluation-mode losses."""
    _show_maps(panel, boundaries, maps)
    for model, curve in zip(panel.state["models"], curves, strict=True):
        train = evaluate(model, LOSS, data.X_train, data.y_train)[0]
        test = evaluate(model, LOSS, data.X_test, data.y_test)[0]
        curve.append(panel.state["step"], train, test)
    for note in panel.state.pop("quiet_notes", []):  # hidden before the new run's
        if not note.get_visible():  # first point and after it: unchanged, so
            note.stale = False  # the overlay's picture is not drawn again

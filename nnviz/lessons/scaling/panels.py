"""Lesson 9's panels: input scaling for a denoiser (Q2) and a steering angle (Q5).

outlier_explorer    an outlier's value -> the three scalings of 100 values
scaling_explorer    scaling and output choices -> denoisers' training curves;
                    a new hot-pixel strength trains live (FIRST_STEPS a moment
                    after the move, the rest under Play, with a progress bar):
                    the steps of `denoisers_stream` (denoising.py),
                    train_denoisers' own
steering_explorer   the steering runs, tanh vs linear output
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.data.scaling import SCALINGS, fit_scaler
from nnviz.lessons.scaling.denoising import (
    DENOISER_OUTPUTS,
    denoisers_stream,
    noisy_digits,
)
from nnviz.lessons.scaling.views import (
    SCALING_LABELS,
    ScalersView,
    ScalingGridView,
    SteeringView,
)
from nnviz.playground.later import Later
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress, duration

#: Steps of the six denoisers trained a moment after a strength move (making
#: the six nets costs about 15 ms, a step of the six about 6 ms): the first
#: curves; Play's ticks bring the rest.
FIRST_STEPS = 2

#: Kernel ms a Play tick of the scaling explorer gives its steps and views (the
#: draw, about 15 ms, comes after): about one step of the six nets, so a frame
#: stays within 30 ms; ticks twice as often as Play's usual 100 ms
#: (TICK_INTERVAL_MS) keep the pace of two steps per 100 ms.
TICK_BUDGET_MS = 8.0
TICK_INTERVAL_MS = 50


def outlier_explorer(outlier=50.0, *, n_ordinary=99, check_backend=True) -> Panel:
    """Panel: n_ordinary values evenly in [0, 1] and one outlier whose value the
    slider sets; ScalersView shows them after each scaling.

    controls: "outlier". state: "values" (n_ordinary + 1,), "spans" {scaling:
    span of the ordinary values after scaling}.
    """
    if check_backend:
        require_widget_backend()
    view = ScalersView()
    controls = {"outlier": slider("outlier at", float(outlier), 1.0, 100.0, 1.0,
                                  fmt=".0f", width="28em")}

    def refresh(panel):
        values = np.append(np.linspace(0, 1, n_ordinary), controls["outlier"].value)
        view.update(values, n_ordinary)
        panel.state.update(values=values, spans={
            kind: float(np.ptp(fit_scaler(values, kind).transform(values[:n_ordinary])))
            for kind in SCALINGS})

    return simple_panel([controls["outlier"], figure_widget(view.fig)], controls,
                        [view], refresh)


def scaling_explorer(clean, clean_test, *, strength=5.0, noise=0.1, hot_fraction=0.01,
                     steps=300, seed=0, first_steps=FIRST_STEPS, runs=None,
                     check_backend=True) -> Panel:
    """Panel: Q2's six denoisers (3 scalings x 2 outputs) and one test digit.

    clean (N, 64), clean_test (M, 64): digits in [0, 1]. The noise pattern is
    fixed by `seed`; the "strength" slider sets how far hot pixels stick out.
    controls: "strength", "scaling" (Dropdown), "output" (Dropdown),
    "digit", "play", "frame" (Play's tick counter). state: "runs" (as far as
    trained), "strength", "final" {(scaling, output): loss}, "trained"
    {strength: runs} (finished runs: a strength seen before is not trained again).
    A new strength says so at once and trains `first_steps` steps of the six
    nets a moment later (at once without an event loop: scripts, tests), the
    rest under Play's ticks (panel.live) with a progress bar. A status line says
    what the curves show. The curves' y-limits are fitted to the first finished
    runs shown, then kept: every strength on the same axis.
    runs: optional, {(scaling, output): DenoisingRun} already trained at the
    opening `strength` on this noise, `steps` steps each (the lesson's
    `train_denoisers(noisy, clean, steps=300)`): shown at once instead of
    training the same six networks again. Checked against the noise.
    """
    if check_backend:
        require_widget_backend()
    view = ScalingGridView(steps=steps)
    controls = {
        "strength": slider("hot-pixel strength", float(strength), 0.0, 20.0, 1.0,
                           continuous=False, fmt=".0f"),
        "scaling": widgets.Dropdown(
            options=[(SCALING_LABELS[s], s) for s in SCALINGS], value="zscore",
            description="scaling", layout=widgets.Layout(width="16em")),
        "output": widgets.Dropdown(
            options=list(DENOISER_OUTPUTS), value="sigmoid", description="output",
            layout=widgets.Layout(width="14em")),
        "digit": slider("test digit", 0, 0, len(clean_test) - 1, 1),
    }

    def noisy(images, level, offset):
        rng = np.random.default_rng(seed + offset)  # the same noise for every level
        return noisy_digits(images, noise=noise, hot_fraction=hot_fraction,
                            hot_strength=level, rng=rng)

    status = widgets.HTML()
    state = {"trained": {}, "fitted": False}  # strength -> finished runs
    if runs is not None:
        _check_given_runs(runs, fit_scaler(noisy(clean, strength, 0), "zscore"), steps)
        state["trained"][float(strength)] = runs

    def show_runs(runs, level, words, *, finished=True):
        floor = runs["zscore", "sigmoid"].floor
        # new limits would render the whole figure again (about 140 ms): once
        view.update_curves(runs, floor, rescale=finished and not state["fitted"])
        state.update(runs=runs, floor=floor, fitted=state["fitted"] or finished,
                     final={k: r.losses[-1] for k, r in runs.items()})
        status.value = f"Hot-pixel strength {level:g}: {words}."
        show_selected()

    def show_selected():
        if "runs" not in state:  # the opening's first steps are a moment away
            return
        key = controls["scaling"].value, controls["output"].value
        run, i = state["runs"][key], controls["digit"].value
        x = state["test"][i]
        images = (x, clean_test[i], run.denoise(x[None])[0])
        if state.get("scaler") is not run.scaler:  # the same all through a run
            state.update(scaler=run.scaler, targets=run.scaler.transform(clean))
        view.update_selected(*key, images, state["targets"])

    def on_frame(records):
        runs, level, done = records[-1](), state["strength"], live.run_steps
        if done >= steps:
            state["trained"][level] = runs
            took = duration(progress.elapsed_s)
            show_runs(runs, level, f"six networks trained in {took}")
        else:
            show_runs(runs, level, f"training the six networks, step {done} of {steps}",
                      finished=False)

    progress = Progress()
    live = LiveTraining(on_frame, progress=progress, steps_per_tick=steps,
                        budget_ms=TICK_BUDGET_MS, interval=TICK_INTERVAL_MS)
    # the first steps, after the move has been answered (status and bar);
    # errors go to the panel's Output (live.output, set by simple_panel)
    # (delay 0: right after this move's answer has gone out, not 0.15 s later)
    first = Later(lambda: reports_errors(live.output)(live.answer_now)(first_steps),
                  delay=0.0)

    def refresh(panel):
        level = controls["strength"].value
        if state.get("strength") == level:  # a menu or the digit: nothing trains
            show_selected()
            return
        state.update(strength=level, test=noisy(clean_test, level, 1))
        live.restart(lambda: denoisers_stream(noisy(clean, level, 0), clean),
                     total=steps, what=f"training six denoisers at strength {level:g}")
        if level in state["trained"]:  # seen before: drawn at once, and Play
            first.cancel()             # trains the same six networks again
            live.stop()
            words = ("the six networks trained above" if "runs" not in state
                     else "six networks kept from before")
            show_runs(state["trained"][level], level,
                      f"{words}: press Play to train them again")
            return
        status.value = f"Hot-pixel strength {level:g}: training the six networks."
        first.request()  # the rest under Play, with a bar

    rows = [widgets.HBox([controls["strength"], controls["digit"]]), status,
            widgets.HBox([live.widget, progress.widget]),
            widgets.HBox([controls["scaling"], controls["output"]]),
            figure_widget(view.fig)]
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel


def _check_given_runs(runs, zscore, steps):
    """scaling_explorer(runs=...): six runs of `steps` steps on the panel's noise."""
    want = {(s, o) for s in SCALINGS for o in DENOISER_OUTPUTS}
    if set(runs) != want:
        raise ValueError(f"scaling_explorer needs runs for every (scaling, output) "
                         f"pair {sorted(want)}; got {sorted(runs)}. Pass what "
                         f"nv.train_denoisers(noisy, clean) returned.")
    run = runs["zscore", "identity"]
    if len(run.losses) != steps or not np.isclose(run.scaler.scale, zscore.scale):
        raise ValueError(
            f"scaling_explorer: the given runs were not trained on this panel's "
            f"noise and steps (got {len(run.losses)} steps, z-score scale "
            f"{run.scaler.scale:.4g}; the panel has {steps} steps, scale "
            f"{zscore.scale:.4g}). Train them with nv.train_denoisers(noisy, clean, "
            f"steps={steps}) on nv.noisy_digits(clean, hot_strength=...) with "
            f"rng=np.random.default_rng(0), or leave runs out.")


def steering_explorer(runs, true, *, check_backend=True) -> Panel:
    """Panel: a "step" slider over the snapshots of `train_steering` runs.

    runs: {name: SteeringRun} sharing their snapshot steps; true (M,) or (M, 1)
    test angles in degrees. state: "index" (the snapshot shown).
    """
    if check_backend:
        require_widget_backend()
    view = SteeringView(tuple(runs))
    steps = next(iter(runs.values())).steps
    every = int(steps[1] - steps[0]) if len(steps) > 1 else 1
    control = slider("training step", int(steps[-1]), 0, int(steps[-1]), every,
                     continuous=False)

    def refresh(panel):
        index = int(np.searchsorted(steps, control.value))
        view.update(runs, min(index, len(steps) - 1), true)
        panel.state["index"] = index

    return simple_panel([control, figure_widget(view.fig)], {"step": control},
                        [view], refresh)

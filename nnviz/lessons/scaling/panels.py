"""Lesson 9's panels: input scaling for a denoiser (Q2) and a steering angle (Q5).

scaling_explorer    scaling and output choices -> denoisers' training curves;
                    a new hot-pixel strength trains live (FIRST_STEPS at once,
                    the rest under Play, with a progress bar): the steps of
                    `denoisers_stream` (denoising.py), train_denoisers' own
steering_explorer   the steering runs, tanh vs linear output
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.data.scaling import SCALINGS
from nnviz.lessons.scaling.denoising import (
    DENOISER_OUTPUTS,
    denoisers_stream,
    noisy_digits,
)
from nnviz.lessons.scaling.views import (
    SCALING_LABELS,
    ScalingGridView,
    SteeringView,
)
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress, duration

#: Steps of the six denoisers trained in the strength slider's callback (a few
#: ms each): the first answer; Play's ticks bring the rest.
FIRST_STEPS = 5


def scaling_explorer(clean, clean_test, *, strength=5.0, noise=0.1, hot_fraction=0.01,
                     steps=300, seed=0, first_steps=FIRST_STEPS,
                     check_backend=True) -> Panel:
    """Panel: Q2's six denoisers (3 scalings x 2 outputs) and one test digit.

    clean (N, 64), clean_test (M, 64): digits in [0, 1]. The noise pattern is
    fixed by `seed`; the "strength" slider sets how far hot pixels stick out.
    controls: "strength", "scaling" (Dropdown), "output" (Dropdown),
    "digit", "play", "frame" (Play's tick counter). state: "runs" (as far as
    trained), "strength", "final" {(scaling, output): loss}, "trained"
    {strength: runs} (finished runs: a strength seen before is not trained again).
    A new strength trains `first_steps` steps of the six nets at once, the rest
    under Play's ticks (panel.live) with a progress bar, the opening strength
    too. A status line says what the curves show.
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
    state = {"trained": {}}  # strength -> finished runs

    def show_runs(runs, level, words):
        floor = runs["zscore", "sigmoid"].floor
        view.update_curves(runs, floor)
        state.update(runs=runs, floor=floor,
                     final={k: r.losses[-1] for k, r in runs.items()})
        status.value = f"Hot-pixel strength {level:g}: {words}."
        show_selected()

    def show_selected():
        key = controls["scaling"].value, controls["output"].value
        run, i = state["runs"][key], controls["digit"].value
        x = state["test"][i]
        images = (x, clean_test[i], run.denoise(x[None])[0])
        view.update_selected(*key, images, run.scaler.transform(clean))

    def on_frame(records):
        runs, level, done = records[-1](), state["strength"], live.run_steps
        if done >= steps:
            state["trained"][level] = runs
            took = duration(progress.elapsed_s)
            show_runs(runs, level, f"six networks trained in {took}")
        else:
            show_runs(runs, level, f"training the six networks, step {done} of {steps}")

    progress = Progress()
    live = LiveTraining(on_frame, progress=progress, steps_per_tick=steps)

    def refresh(panel):
        level = controls["strength"].value
        if state.get("strength") == level:  # a menu or the digit: nothing trains
            show_selected()
            return
        state.update(strength=level, test=noisy(clean_test, level, 1))
        train = noisy(clean, level, 0)
        live.restart(lambda: denoisers_stream(train, clean), total=steps,
                     what=f"training six denoisers at strength {level:g}")
        if level in state["trained"]:  # seen before: drawn at once, and Play
            live.stop()                # trains the same six networks again
            show_runs(state["trained"][level], level,
                      "six networks kept from before: press Play to train them again")
            return
        live.answer_now(first_steps)  # the rest under Play, with a bar

    rows = [widgets.HBox([controls["strength"], controls["digit"]]), status,
            widgets.HBox([live.widget, progress.widget]),
            widgets.HBox([controls["scaling"], controls["output"]]),
            figure_widget(view.fig)]
    panel = simple_panel(rows, controls, [view], refresh, state=state, live=live)
    panel.controls.update(play=live.play, frame=live.counter)
    return panel


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

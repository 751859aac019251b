"""Lesson 9's panels: input scaling for a denoiser (Q2) and a steering angle (Q5).

scaling_explorer    scaling and output choices -> denoisers' training curves
steering_explorer   the steering runs, tanh vs linear output
"""

from __future__ import annotations

import time

import ipywidgets as widgets
import numpy as np

from nnviz.data.scaling import SCALINGS
from nnviz.lessons.scaling.denoising import (
    DENOISER_OUTPUTS,
    noisy_digits,
    train_denoisers,
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


def scaling_explorer(clean, clean_test, *, strength=5.0, noise=0.1, hot_fraction=0.01,
                     steps=300, seed=0, check_backend=True) -> Panel:
    """Panel: Q2's six denoisers (3 scalings x 2 outputs) and one test digit.

    clean (N, 64), clean_test (M, 64): digits in [0, 1]. The noise pattern is
    fixed by `seed`; the "strength" slider sets how far hot pixels stick out.
    controls: "strength", "scaling" (Dropdown), "output" (Dropdown),
    "digit". state: "runs", "strength", "final" {(scaling, output): loss},
    "trained" {strength: runs} (a strength seen before is not trained again).
    A status line says when the six networks are training, and how long it took.
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

    def refresh(panel):
        level = controls["strength"].value
        if panel.state.get("strength") != level:  # retrain only when it changed
            trained = panel.state.setdefault("trained", {})  # strength -> runs
            if level not in trained:
                status.value = (f"Training the six networks at strength {level:g} "
                                f"({steps} steps each, about 2 s)…")
                start = time.perf_counter()
                trained[level] = train_denoisers(noisy(clean, level, 0), clean,
                                                 steps=steps)
                took = f"trained in {time.perf_counter() - start:.1f} s"
            else:
                took = "kept from before: no retraining"
            runs = trained[level]
            floor = runs["zscore", "sigmoid"].floor
            view.update_curves(runs, floor)
            panel.state.update(runs=runs, strength=level, floor=floor,
                               test=noisy(clean_test, level, 1),
                               final={k: r.losses[-1] for k, r in runs.items()})
            status.value = f"Hot-pixel strength {level:g}: six networks {took}."
        key = controls["scaling"].value, controls["output"].value
        run, i = panel.state["runs"][key], controls["digit"].value
        x = panel.state["test"][i]
        images = (x, clean_test[i], run.denoise(x[None])[0])
        view.update_selected(*key, images, run.scaler.transform(clean))

    rows = [widgets.HBox([controls["strength"], controls["digit"]]), status,
            widgets.HBox([controls["scaling"], controls["output"]]),
            figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)



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

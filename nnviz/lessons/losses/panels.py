"""Lesson 8's panels (Q2, Q5, Q19, Q20): controls wired to the views.

scaling_explorer     hot-pixel strength -> six denoisers retrained (about 1.5 s);
                     scaling and output menus pick which one the right panels show
steering_explorer    a step slider through a finished steering run's snapshots
softmax_l1_explorer  logit sliders -> softmax and three penalty gradients
loss_comparer        a slider on one predicted probability -> MSE and the two
                     cross-entropies of Q20's batch
"""

from __future__ import annotations

import time

import ipywidgets as widgets
import numpy as np

from nnviz.data.scaling import SCALINGS
from nnviz.lessons.losses.denoising import (
    DENOISER_OUTPUTS,
    noisy_digits,
    train_denoisers,
)
from nnviz.lessons.losses.likelihood import (
    bernoulli_cross_entropy,
    categorical_cross_entropy,
    l1_softmax_gradient,
    l1_softmax_numeric,
    l2_softmax_gradient,
    mean_squared_error,
)
from nnviz.lessons.losses.likelihood_views import LossCompareView, SoftmaxL1View
from nnviz.lessons.losses.scaling_views import (
    SCALING_LABELS,
    ScalingGridView,
    SteeringView,
)
from nnviz.nn.activations import softmax
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)

__all__: list[str] = [
    "scaling_explorer", "steering_explorer", "softmax_l1_explorer", "loss_comparer",
]


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


def softmax_l1_explorer(logits=(2.0, 1.0, 0.5, -1.0), *, limit=30.0,
                        check_backend=True) -> Panel:
    """Panel: one slider per logit z_k -> p = softmax(z) and the gradients of
    sum|p| (Jacobian and finite differences) and of sum p**2.

    controls: "z1", "z2", ... state: "p" (K,), "gradients" (3, K).
    """
    if check_backend:
        require_widget_backend()
    view = SoftmaxL1View(len(logits))
    controls = {f"z{i + 1}": slider(f"z{i + 1}", float(z), -limit, limit, 0.5,
                                    fmt=".1f", width="16em")
                for i, z in enumerate(logits)}

    def refresh(panel):
        z = np.array([c.value for c in controls.values()])
        gradients = np.array([l1_softmax_gradient(z), l1_softmax_numeric(z),
                              l2_softmax_gradient(z)])
        view.update(softmax(z), gradients)
        panel.state.update(p=softmax(z), gradients=gradients)

    sliders = list(controls.values())
    rows = [widgets.HBox(sliders[:2]), widgets.HBox(sliders[2:]),
            figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)


def batch_losses(y_true, y_pred) -> dict:
    """{name: value}: MSE, binary CE (each entry a yes/no), categorical CE (rows
    divided by their sums) of one batch; y_true, y_pred (N, K)."""
    return {
        "MSE": mean_squared_error(y_true, y_pred),
        "binary CE\n(each entry)": bernoulli_cross_entropy(y_true, y_pred),
        "categorical CE\n(rows normalized)": categorical_cross_entropy(
            y_true, y_pred, normalize=True),
    }


def loss_comparer(y_true, y_pred, *, entry=(1, 2), check_backend=True) -> Panel:
    """Panel: a slider on y_pred[entry] (a true class: y_true[entry] == 1) and
    the batch's three losses. state: "y_pred" (edited copy), "losses"."""
    if check_backend:
        require_widget_backend()
    y_true, y_pred = np.asarray(y_true, float), np.array(y_pred, float)
    if y_true[entry] != 1:
        raise ValueError(
            f"loss_comparer edits the probability of a true class, but "
            f"y_true{tuple(entry)} is {y_true[entry]}, not 1."
        )
    view = LossCompareView(list(batch_losses(y_true, y_pred)))
    control = slider(f"p = y_pred{tuple(entry)}", float(y_pred[entry]), 0.01, 0.99,
                     0.01, fmt=".2f")

    def refresh(panel):
        edited = y_pred.copy()
        edited[entry] = control.value
        losses = batch_losses(y_true, edited)
        view.update(control.value, losses)
        panel.state.update(y_pred=edited, losses=losses)

    return simple_panel([control, figure_widget(view.fig)], {"p": control}, [view],
                        refresh)

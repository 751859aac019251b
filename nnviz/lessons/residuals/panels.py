"""Lesson 11 panels: the ResNet shapes table (Q26, Q28), gradients through deep
stacks with and without shortcuts (Q26), and shifted digits for GAP vs flatten (Q27).
The batch-norm panel (Q32) is in batchnorm_panels.py.

resnet_table                  blocks per stage n and the shortcut kind -> an HTML
                              table of every layer's output shape and parameters
shortcut_gradient_explorer    depth and branch scale -> gradient per block, plain
                              against residual, and block 1's gradient against depth;
                              what is not cached yet is computed a few blocks per
                              frame after the move, with a progress bar
shift_explorer                a test digit moved by (dx, dy) -> both heads' predictions
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.residuals.gap import class_maps, shift_images
from nnviz.lessons.residuals.resnet import (
    STACKS,
    cifar_resnet,
    gradient_sweep,
    resnet_param_count,
    sweep_key,
    sweep_length,
)
from nnviz.lessons.residuals.views import GradientNormView, ShiftView
from nnviz.nn.summary import layer_rows
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress
from nnviz.widgets.tables import layer_table

__all__ = ["resnet_table", "shift_explorer", "shortcut_gradient_explorer"]

DEPTHS = (2, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50)


#: The ResNet table: each layer in words (a block's two convs and its shortcut),
#: its output shape and its count (a block's formula would not fit on a line).
RESNET_COLUMNS = ("layer", "what", "output", "count")


def resnet_table(n=3, *, shortcut="pad", check_backend=True) -> Panel:
    """Panel: n (blocks per stage) and the shortcut kind -> the ResNet-(6n+2) table.

    controls: "n", "shortcut". state: "model", "rows".
    """
    if check_backend:
        require_widget_backend()
    controls = {
        "n": slider("blocks per stage n", n, 1, 18, 1),
        "shortcut": widgets.Dropdown(
            options=[("zero-padding (0 parameters)", "pad"),
                     ("1×1 conv (projection)", "projection")],
            value=shortcut, description="shortcut when shapes change",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="30em")),
    }
    title, table = widgets.HTML(), widgets.HTML()

    def refresh(panel):
        n, kind = controls["n"].value, controls["shortcut"].value
        model = cifar_resnet(n, shortcut=kind)
        rows = layer_rows(model)
        panel.state.update(model=model, rows=rows)
        title.value = (f"<b>ResNet-{6 * n + 2}</b>: 1 + 2·3·{n} + 1 = {6 * n + 2} "
                       "layers with weights")
        paper = resnet_param_count(n, shortcut=kind, norm="batchnorm")
        table.value = layer_table(rows, RESNET_COLUMNS) + (
            f"<p>With batch norm instead of biases (as in the paper): {paper:,} "
            f"≈ {paper / 1e6:.2f} M parameters.</p>")

    rows = [widgets.HBox([controls["n"], controls["shortcut"]]), title, table]
    return simple_panel(rows, controls, [], refresh)


def shortcut_gradient_explorer(depth=50, branch_scale=0.25, *, seed=0,
                               check_backend=True) -> Panel:
    """Panel: stack depth and residual branch scale -> GradientNormView.

    Blocks have 8 channels on 8 × 8 maps (stage 3's map size), He init. When the
    panel opens, everything the starting values show is computed. A move then
    draws at once what is already known (every stack computed is cached) and
    computes the rest one block pass at a time, about 15 ms of work per frame
    (panel.live, a LiveTraining; a Progress bar says how far), so the kernel is
    never blocked; a newer move replaces the older work.
    controls: "depth", "branch_scale". state: "norms", "depth_curve" (NaN where
    not computed yet), "cache" (every stack computed, by sweep_key).
    """
    if check_backend:
        require_widget_backend()
    view = GradientNormView(max(DEPTHS), DEPTHS)
    controls = {
        "depth": slider("depth (blocks)", depth, 1, max(DEPTHS), 1),
        "branch_scale": widgets.SelectionSlider(
            options=[0.05, 0.1, 0.25, 0.5, 1.0], value=branch_scale,
            description="residual branch scale", continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="24em")),
    }
    readout, progress, cache, partial = widgets.HTML(), Progress(), {}, {}
    state = {"cache": cache}
    live = LiveTraining(lambda records: show(records), steps_per_tick=400,
                        budget_ms=15, progress=progress)
    live.widget.layout.display = "none"  # Play runs the work; the bar shows it

    def show(records=()):
        d, scale = controls["depth"].value, controls["branch_scale"].value
        partial.update({kind: norms for kind, at, norms in records if at == d})
        norms = {kind: cache.get(sweep_key(kind, d, scale),
                                 partial.get(kind, np.full(d, np.nan)))
                 for kind in STACKS}
        curve = {kind: np.array([cache.get(sweep_key(kind, at, scale), [np.nan])[0]
                                 for at in DEPTHS]) for kind in STACKS}
        view.update(norms, curve, d)
        readout.value = _gradient_readout(norms, d)
        state.update(norms=norms, depth_curve=curve)

    def refresh(panel):
        d, scale = controls["depth"].value, controls["branch_scale"].value
        partial.clear()
        live.restart(lambda: gradient_sweep(cache, d, DEPTHS, branch_scale=scale,
                                            seed=seed),
                     total=sweep_length(cache, d, DEPTHS, branch_scale=scale),
                     what="computing the gradients, one block pass a step")
        if not cache:  # the panel opens: compute it all now
            live.advance(live.total)
        elif live.total:  # a first frame now, the rest on Play's ticks
            live.tick()
            live.play.playing = live.source is not None
        else:
            progress.hide()
            show()

    rows = [widgets.HBox(list(controls.values())), live.widget, progress.widget,
            figure_widget(view.fig), readout]
    return simple_panel(rows, controls, [view], refresh, live=live, state=state)


def _gradient_readout(norms, depth):
    plain, residual = norms["plain"][0], norms["residual"][0]
    if np.isnan(plain) or np.isnan(residual):
        return f"depth {depth}: computing…"
    return (f"depth {depth}: block 1 gets {plain:.1e} (plain), {residual:.1e} "
            f"(shortcuts): {residual / plain:.1e} times as much with shortcuts")


def shift_explorer(models, X, y, shifts, accuracy, *, index=0, dx=0, dy=0,
                   check_backend=True) -> Panel:
    """Panel: a test digit of X (N, 1, 28, 28) moved by (dx, dy) -> ShiftView.

    models {"flatten": model, "gap": model}; shifts and accuracy draw the
    static accuracy curves (from `shift_accuracy`).
    The true digit and both guesses are written in a line above the figure.
    controls: "digit", "dx", "dy". state: "logits" {"flatten": (10,), "gap": (10,)},
    "guesses", "maps" (10, 7, 7) the GAP model's class maps, "readout" (the HTML
    line of the digit and the guesses).
    """
    if check_backend:
        require_widget_backend()
    # what the models guess is written above the figure (HTML), not in it: a
    # redraw then draws one text fewer (issue 18)
    view = ShiftView(shifts, accuracy, label_in_figure=False)
    readout = widgets.HTML()
    controls = {
        "digit": slider("test digit #", index, 0, len(X) - 1, 1),
        "dx": slider("dx (right)", dx, -8, 8, 1, width="16em"),
        "dy": slider("dy (down)", dy, -8, 8, 1, width="16em"),
    }

    def refresh(panel):
        i = controls["digit"].value
        image = shift_images(X[i:i + 1], controls["dx"].value, controls["dy"].value)
        logits = {key: model.predict(image.astype(np.float32))[0]
                  for key, model in models.items()}
        guesses = {key: int(np.argmax(v)) for key, v in logits.items()}
        maps = class_maps(models["gap"], image.astype(np.float32))[0]
        view.update(image[0, 0], logits, controls["dx"].value, maps,
                    f"true digit {int(y[i])}\nflatten: {guesses['flatten']}, "
                    f"GAP: {guesses['gap']}")
        readout.value = html.escape(view.label.get_text()).replace("\n", " · ")
        panel.state.update(logits=logits, guesses=guesses, maps=maps)

    rows = [widgets.HBox(list(controls.values())), readout, figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh, state={"readout": readout})

"""Lesson 10 panels: the ResNet shapes table (Q26, Q28), gradients through deep
stacks with and without shortcuts (Q26), and shifted digits for GAP vs flatten (Q27).

resnet_table                  blocks per stage n and the shortcut kind -> an HTML
                              table of every layer's output shape and parameters
shortcut_gradient_explorer    depth and branch scale -> gradient per block, plain
                              against residual, and block 1's gradient against depth
shift_explorer                a test digit moved by (dx, dy) -> both heads' predictions
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.residuals.gap import class_maps, shift_images
from nnviz.lessons.residuals.resnet import (
    cifar_resnet,
    first_block_gradients,
    gradient_norms,
    resnet_param_count,
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

    Blocks have 8 channels on 8 × 8 maps (stage 3's map size), He init.
    controls: "depth", "branch_scale". state: "norms", "depth_curve".
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
    curves = {}

    def refresh(panel):
        scale = controls["branch_scale"].value
        if scale not in curves:  # block 1 against depth: ~0.7 s, once per scale
            curves[scale] = first_block_gradients(DEPTHS, branch_scale=scale, seed=seed)
        norms = gradient_norms(controls["depth"].value, branch_scale=scale, seed=seed)
        view.update(norms, curves[scale], controls["depth"].value)
        panel.state.update(norms=norms, depth_curve=curves[scale])

    rows = [widgets.HBox(list(controls.values())), figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)


def shift_explorer(models, X, y, shifts, accuracy, *, index=0, dx=0, dy=0,
                   check_backend=True) -> Panel:
    """Panel: a test digit of X (N, 1, 28, 28) moved by (dx, dy) -> ShiftView.

    models {"flatten": model, "gap": model}; shifts and accuracy draw the
    static accuracy curves (from `shift_accuracy`).
    controls: "digit", "dx", "dy". state: "logits" {"flatten": (10,), "gap": (10,)},
    "guesses", "maps" (10, 7, 7) the GAP model's class maps.
    """
    if check_backend:
        require_widget_backend()
    view = ShiftView(shifts, accuracy)
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
        panel.state.update(logits=logits, guesses=guesses, maps=maps)

    rows = [widgets.HBox(list(controls.values())), figure_widget(view.fig)]
    return simple_panel(rows, controls, [view], refresh)

"""Space explorer (Q18): play or scrub the network's stages, and edit any weight.

    panel = nv.space_explorer(model, X, y)

Play runs through the stages (× W, + b, activation, layer after layer) and
loops; the "stage" slider scrubs by hand. Pick a weight or bias from the list
and move its slider: the model changes in place and the whole picture follows,
the output layer's line included.
"""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.ticker import MaxNLocator

from nnviz.nn.dense import Dense
from nnviz.plots.background import BackgroundCache
from nnviz.plots.space import SpaceDistortionView
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    play_control,
    reports_errors,
    require_widget_backend,
    slider,
)

#: Most intervals between tick labels on each axis (issue 18: the view zooms at
#: every frame of Play, and each zoom draws the tick labels again).
TICKS = 3


def weight_choices(model):
    """[(label, (layer, key, index))] for every weight and bias of every Dense layer."""
    choices, k = [], 0
    for layer in model.layers:
        if not isinstance(layer, Dense):
            continue
        k += 1
        W, b = layer.params["W"], layer.params["b"]
        choices += [
            (f"W{k}[{i + 1},{j + 1}]", (layer, "W", (i, j)))
            for i in range(W.shape[0])
            for j in range(W.shape[1])
        ]
        choices += [(f"b{k}[{j + 1}]", (layer, "b", (j,))) for j in range(b.shape[0])]
    return choices


def space_explorer(
    model, X, y, *, feature_fn=None, frames_per_stage=10, check_backend=True
) -> Panel:
    """Panel: Play + "stage" slider over the SpaceDistortionView; weight editor.

    controls: "play", "frame" (counter), "stage" (float in [0, n_stages]),
    "weight_name" (Dropdown of W/b entries), "weight" (its value; edits `model`
    in place). views: [SpaceDistortionView].
    """
    if check_backend:
        require_widget_backend()
    view = SpaceDistortionView(model, X, y, feature_fn=feature_fn)
    # the view zooms from stage to stage: each new zoom renders the axes again,
    # where the tick labels are most of the work; three or four a side do
    for axis in (view.ax.xaxis, view.ax.yaxis):
        axis.set_major_locator(MaxNLocator(TICKS))
    # lay out once with every artist shown, then render the unchanging parts
    # (ticks, labels, legends) only when the axes move: see background.py
    freeze_layout(view.fig)
    cache = BackgroundCache(
        view.fig, view.changing_artists, overlay=view.overlay_artists
    )  # the overlay (legend, note) is drawn again only when it changes
    n_stages = len(view.stages) - 1
    play, frame = play_control(
        max_frames=max(n_stages * frames_per_stage, 1), interval=80, description="frame"
    )
    play.repeat = True
    choices = weight_choices(model)
    controls = {
        "play": play,
        "frame": frame,
        "stage": slider("stage", 0.0, 0.0, float(max(n_stages, 1)), 0.02, fmt=".2f"),
        "weight_name": widgets.Dropdown(
            options=choices, value=choices[0][1], description="weight"
        ),
        "weight": slider("value", 0.0, -4.0, 4.0, 0.05, fmt=".2f"),
    }
    output = error_output()
    panel = Panel(
        widgets.VBox(
            [
                widgets.HBox([play, frame, controls["stage"]]),
                figure_widget(view.fig),
                widgets.HBox([controls["weight_name"], controls["weight"]]),
                output,
            ]
        ),
        controls,
        [view],
        output,
        {"model": model, "muted": False, "cache": cache},
    )

    @reports_errors(output)
    def on_frame(change):
        controls["stage"].value = min(change["new"] / frames_per_stage, n_stages)

    @reports_errors(output)
    def on_stage(change):
        view.update(change["new"])

    def show_weight(change=None):
        layer, key, index = controls["weight_name"].value
        panel.state["muted"] = True
        controls["weight"].value = float(layer.params[key][index])
        panel.state["muted"] = False

    @reports_errors(output)
    def on_weight(change):
        if panel.state["muted"]:
            return
        layer, key, index = controls["weight_name"].value
        layer.params[key][index] = change["new"]
        view.set_model(model)

    frame.observe(on_frame, names="value")
    controls["stage"].observe(on_stage, names="value")
    controls["weight_name"].observe(reports_errors(output)(show_weight), names="value")
    controls["weight"].observe(on_weight, names="value")
    show_weight()
    return panel

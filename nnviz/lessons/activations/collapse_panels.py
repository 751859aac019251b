"""The collapse panel: a deep linear net and its single collapsed layer (Q10)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.activations.collapse import collapsed_layer, linear_part
from nnviz.nn.model import Sequential, mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import fit
from nnviz.playground.later import Later
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    reports_errors,
    require_widget_backend,
    simple_panel,
)


def collapse_explorer(
    data,
    *,
    sizes=(2, 8, 8, 1),
    activation="identity",
    steps=300,
    seed=0,
    check_backend=True,
) -> Panel:
    """Panel: activation -> the trained deep net's boundary next to its collapsed
    linear part (the Dense layers multiplied out, activations left out).

    controls: "activation". state: "max_difference" between the two outputs
    over the plane (0 up to rounding exactly when the net is linear), "model".

    Speed (issue 18): each activation's net is trained once (a few hundred
    milliseconds) and its two pictures kept; the panel trains the other
    activations a moment after it is shown (Later), one at a time, so that
    the toggle only repaints. A toggle that comes before its net is ready
    says "training ..." at once (beside the buttons) and shows the pictures
    when they are. state also holds "status" (that HTML line).
    """
    if check_backend:
        require_widget_backend()
    fig, axes = style.new_figure(2, 1, size=(9.5, 3.8))
    views = [
        DecisionBoundaryView(data.X_train, data.y_train, ax=ax, resolution=80)
        for ax in axes
    ]
    control = widgets.ToggleButtons(
        options=["identity", "tanh", "relu"], value=activation, description="activation"
    )
    style.freeze_layout(fig)
    for ax in axes:  # a fixed title place, so that the title can be drawn alone
        ax.set_title(ax.get_title(), y=1.0)  # (the automatic one moves a hidden one)
    titles = [ax.title for ax in axes]
    cache = BackgroundCache(
        fig, lambda: [a for v in views for a in v.changing_artists()] + titles
    )
    results = {}  # activation -> (values of the net, of its linear part, model)

    def train(name):
        rng = np.random.default_rng(seed)
        model = mlp(list(sizes), name, rng=rng)
        fit(
            model,
            "binary_cross_entropy_logits",
            Adam(0.02),
            data.X_train,
            data.y_train,
            steps=steps,
            rng=rng,
        )
        single = collapsed_layer(linear_part(model))
        # float64 here: the panel shows the two are equal to rounding, not to float32
        nets = (model, single_model(single))
        predict = [model_predictor(net, float32=False) for net in nets]
        grid = views[0].grid
        results[name] = [np.asarray(f(grid), dtype=float) for f in predict] + [model]

    def show(panel):
        name = control.value
        *values, model = results[name]
        for view, v in zip(views, values, strict=True):
            view.update(lambda _grid, v=v: v)  # the kept picture: no forward pass
        diff = float(np.max(np.abs(views[0].values - views[1].values)))
        depth = len(linear_part(model))
        views[0].ax.set_title(f"{depth} Dense layers with {name}")
        views[1].ax.set_title(f"W1·W2·W3 as one layer (max diff {diff:.2g})")
        panel.state.update(max_difference=diff, model=model)
        status.value = ""

    def fill_in():  # Later's work: the chosen activation first, then the others
        missing = [n for n in control.options if n not in results]
        if control.value in missing:
            missing.remove(control.value)
            missing.insert(0, control.value)
        if missing:
            train(missing[0])
            if missing[0] == control.value:  # the one asked for: show it
                show(panel)
        if len(missing) > 1:
            later.request()

    def refresh(panel):
        if control.value not in results and not panel.state.get("opening"):
            status.value = f"training the net with {control.value} ..."
            later.request()  # the pictures when the net is trained
            return
        if control.value not in results:
            train(control.value)  # the opening: trained in the cell
        show(panel)

    status = widgets.HTML()  # says when a net is being trained (no redraw)
    rows = [widgets.HBox([control, status]), figure_widget(fig)]
    panel = simple_panel(rows, {"activation": control}, views, refresh,
                         state={"opening": True, "cache": cache, "status": status})
    panel.state.pop("opening")
    later = Later(reports_errors(panel.output)(fill_in))
    later.request()  # the other activations, a moment after the panel is shown
    return panel


def single_model(layer):
    """A one-layer Sequential around `layer` (for predictors that take a model)."""
    return Sequential([layer])

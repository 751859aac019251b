"""Initialization explorer (Q25): pick a scheme, activation, depth, width and weight
scale, and watch the per-layer activation and gradient histograms react.

Each change rebuilds a deep net with a fixed seed (so only the control you
moved changes anything), sends a batch forward and a unit-sized random
gradient back, and updates the histograms in place. Depth, width and scale
sliders use continuous_update=False: the sweep runs once, on release.

Speed (issue 18): a move that needs new axes (a depth, an activation) or a
large net answers at once with the last picture faded and a "measuring"
note, and measures and draws the full answer a moment later (Later); a newer
move replaces a waiting one.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.initialization.diagnostics import deep_net, layer_statistics
from nnviz.lessons.initialization.histogram_views import PerLayerHistogramView
from nnviz.playground.later import Later
from nnviz.widgets.controls import (
    Panel,
    figure_widget,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)

SCHEME_CHOICES = [
    ("zeros", "zeros"),
    ("too small (std 0.01)", "too_small"),
    ("too large (std 1)", "too_large"),
    ("Glorot", "glorot"),
    ("He", "he"),
    ("LeCun", "lecun"),
]
#: Settings whose statistics the init explorer keeps, to move back at once
#: (each holds every layer's activations and gradients: 4 MB at depth 10 and
#: width 100, 33 MB at the sliders' ends).
KEPT_SETTINGS = 4
#: Multiply-adds of one measurement (samples x width² x depth, forward and back)
#: measured in the move's own callback (about 10 ms here); a larger net, or one
#: needing new axes, is measured a moment later, after a first answer.
QUICK_WORK = 3e7
#: Fixed bins for each activation's outputs.
ACT_RANGES = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "relu": (-0.25, 4.0)}


def init_explorer(
    init="glorot",
    activation="tanh",
    depth=10,
    width=100,
    scale=1.0,
    *,
    max_depth=20,
    n_samples=256,
    seed=0,
    check_backend=True,
) -> Panel:
    """Panel: scheme, activation, depth, width, weight scale -> PerLayerHistogramView.

    controls: "init", "activation", "depth", "width", "scale".
    state["stats"]: the LayerStatistics shown (std per layer in .act_std, .grad_std).
    The summary line (std at the first and last layer) is written above the figure.
    """
    if check_backend:
        require_widget_backend()
    # the summary line ("std(h) layer 1 → 10: ...") is written above the figure
    # (HTML): drawing its glyphs was a sixth of a move (issue 18)
    view = PerLayerHistogramView(max_depth, summary_in_figure=False)
    summary = widgets.HTML()
    controls = {
        "init": widgets.Dropdown(
            options=SCHEME_CHOICES, value=init, description="init"
        ),
        "activation": widgets.Dropdown(
            options=list(ACT_RANGES), value=activation, description="activation"
        ),
        "depth": slider(
            "depth", depth, 1, max_depth, 1, continuous=False, width="16em"
        ),
        "width": slider("width", width, 10, 400, 10, continuous=False, width="18em"),
        "scale": slider(
            "weight scale ×",
            scale,
            0.1,
            3.0,
            0.05,
            continuous=False,
            fmt=".2f",
            width="20em",
        ),
    }
    rows = [
        widgets.HBox([controls["init"], controls["activation"]]),
        widgets.HBox([controls["depth"], controls["width"], controls["scale"]]),
        summary,
        figure_widget(view.fig),
    ]

    measured = {}  # settings -> LayerStatistics: moving back is instant

    def statistics(c):
        key = tuple(c.values())
        if key not in measured:
            rng = np.random.default_rng(seed)  # the same seed: the same numbers
            net = deep_net(
                c["depth"], c["width"], c["activation"], c["init"], c["scale"], rng=rng
            )
            X = rng.normal(size=(n_samples, c["width"]))
            measured[key] = layer_statistics(net, X, rng=rng)
            while len(measured) > KEPT_SETTINGS:
                del measured[next(iter(measured))]  # the oldest
        return measured[key]

    def write_summary():  # the view's summary, in the line above its figure
        summary.value = html.escape(view.summary.get_text())

    def show(panel):
        c = {name: control.value for name, control in controls.items()}
        stats = statistics(c)
        view.set_ranges(act_range=ACT_RANGES[c["activation"]])
        view.update(stats)
        write_summary()
        panel.state["stats"] = stats

    def refresh(panel):
        c = {name: control.value for name, control in controls.items()}
        quick = (tuple(c.values()) in measured
                 or n_samples * c["width"] ** 2 * c["depth"] <= QUICK_WORK)
        if later is None:  # the opening cell: measured at once
            show(panel)
            return
        later.cancel()  # a waiting answer for older settings
        if quick and view.fits(c["depth"], ACT_RANGES[c["activation"]]):
            show(panel)
            return
        view.preview(f"measuring a net {c['depth']} layers deep, {c['width']} wide …")
        write_summary()
        later.request()

    later = None
    panel = simple_panel(rows, controls, [view], refresh)
    # 0.15 s: the page asks for the first answer's draw before the work starts
    later = Later(reports_errors(panel.output)(lambda: show(panel)))
    return panel

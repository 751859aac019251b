"""Issue 18: lesson 5's menus and zooms render the axes (ticks, labels) again
only where the picture needs it."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnviz.lessons.activations.approx_panels import (  # noqa: E402
    TARGETS,
    bumps_explorer,
)
from nnviz.lessons.activations.curves_panels import (  # noqa: E402
    _y_ranges,
    activation_explorer,
)
from nnviz.lessons.activations.space_panels import TICKS, space_explorer  # noqa: E402
from nnviz.plots.curves import NAMES  # noqa: E402

pytestmark = pytest.mark.widgets


def visit(panel, name, values):
    """Set `name` to each value and draw once after each (draw_idle: no draw)."""
    fig = panel.views[0].fig
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    fig.canvas.draw()
    for value in values:
        panel.controls[name].value = value
        fig.canvas.draw()


def test_the_activations_share_two_y_ranges_that_hold_their_curves():
    panel = activation_explorer("tanh", check_backend=False)
    view, ranges = panel.views[0], _y_ranges(panel.views[0])
    assert len(set(ranges.values())) == 2
    assert ranges["sigmoid"] == ranges["tanh"] == ranges["step"]
    assert ranges["relu"] == ranges["elu"] == ranges["softplus"]
    for name in NAMES:
        panel.controls["activation"].value = name
        low, high = view.ax.get_ylim()
        assert (low, high) == ranges[name]
        for line in (view.value_line, view.derivative_line):
            assert low < line.get_ydata().min() and line.get_ydata().max() < high


def test_every_activation_is_drawn_over_two_backgrounds():
    """One background per y-range: a change of activation draws the curves only
    (seven ranges, one per activation, rendered the axes at each new one)."""
    panel = activation_explorer("tanh", check_backend=False)
    visit(panel, "activation", [*NAMES, *NAMES])
    assert panel.state["cache"].full_draws == 2


def test_a_new_target_draws_over_the_same_background():
    panel = bumps_explorer(check_backend=False)
    visit(panel, "target", list(TARGETS))
    assert panel.state["cache"].full_draws == 1
    view = panel.views[0]
    low, high = view.axes[1].get_ylim()
    for function in TARGETS.values():  # every target fits the fixed limits
        values = function(view.x)
        assert low < values.min() and values.max() < high


def test_the_space_explorer_writes_few_tick_labels_at_every_zoom(rng):
    import nnviz as nv

    X = rng.normal(size=(60, 2))
    y = (np.hypot(*X.T) > 1).astype(float)
    model = nv.Sequential([nv.Dense(2, 3, rng=rng), nv.Tanh(), nv.Dense(3, 1, rng=rng),
                           nv.Sigmoid()])
    panel = space_explorer(model, X, y, check_backend=False)
    view = panel.views[0]
    for stage in np.linspace(0, len(view.stages) - 1, 9):
        panel.controls["stage"].value = float(stage)
        for axis, (low, high) in ((view.ax.xaxis, view.ax.get_xlim()),
                                  (view.ax.yaxis, view.ax.get_ylim())):
            ticks = axis.get_major_locator()()
            shown = [t for t in ticks if low <= t <= high]
            assert len(shown) <= TICKS + 1

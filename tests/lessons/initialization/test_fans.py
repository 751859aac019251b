"""Q13: FanView and fan_in_explorer follow the layer the learner builds."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization.diagnostics import fan_in_readout
from nnviz.lessons.initialization.fan_panels import fan_in_explorer
from nnviz.lessons.initialization.fan_views import FanView


def test_view_updates_bars_in_place(rng):
    view = FanView()
    bars = list(view.bars)
    readout = fan_in_readout(nv.Dense(50, 30, init="he_normal", rng=rng))
    view.update(readout)
    assert list(view.bars) == bars
    assert bars[1].get_height() == pytest.approx(np.sqrt(2 / 50))
    assert bars[0].get_height() == pytest.approx(np.sqrt(2 / 80))
    assert view.actual.get_ydata()[0] == pytest.approx(readout.weight_std)
    assert "fan_in = n_in = 50" in view.formula.get_text()
    assert view.values() == [
        f"{name}\nstd {std:.3g}"
        for name, std in zip(
            ("Glorot", "He", "LeCun"),
            (np.sqrt(2 / 80), np.sqrt(2 / 50), np.sqrt(1 / 50)),
            strict=True,
        )
    ]


def test_no_value_label_is_crossed_by_the_dashed_line(rng):
    """The values sit under the axis (tick labels): the line never reaches them."""
    view = FanView()
    view.update(fan_in_readout((64, 32, 5, 5)))  # Glorot 0.0289, line near 0.05
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    axes = view.ax.get_window_extent(renderer)
    assert not view.ax.texts  # nothing written inside the plot
    for label in view.ax.get_xticklabels():
        assert label.get_window_extent(renderer).y1 <= axes.y0
    assert "0.0289" in view.values()[0]


@pytest.fixture
def panel():
    return fan_in_explorer(check_backend=False)


def test_dense_sliders_change_the_readout(panel):
    panel.controls["n_in"].value = 100
    assert panel.state["readout"].fan_in == 100
    assert panel.views[0].bars[1].get_height() == pytest.approx(np.sqrt(2 / 100))


def test_conv_readout_uses_kernel_and_channels(panel):
    panel.controls["kind"].value = "conv"
    panel.controls["kernel"].value = 3
    panel.controls["C_in"].value = 16
    readout = panel.state["readout"]
    assert readout.shape == (64, 16, 3, 3)
    assert (readout.fan_in, readout.fan_out) == (3 * 3 * 16, 3 * 3 * 64)
    assert not panel.output.outputs


@pytest.mark.parametrize(
    "init, std",
    [
        ("he_normal", lambda r: r.he_std),
        ("glorot_normal", lambda r: r.glorot_std),
        ("lecun_normal", lambda r: r.lecun_std),
    ],
)
def test_the_built_layer_has_the_scheme_std(panel, init, std):
    panel.controls["init"].value = init
    readout = panel.state["readout"]
    assert readout.weight_std == pytest.approx(std(readout), rel=0.03)

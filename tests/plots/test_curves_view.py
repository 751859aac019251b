"""ActivationCurvesView, LossCurveView: data set in place, axes grow, no rebuild."""

import numpy as np
import pytest

from nnviz.nn import activations
from nnviz.plots.curves import NAMES, ActivationCurvesView, LossCurveView


@pytest.mark.parametrize("name", NAMES)
def test_activation_view_draws_the_core_functions(name):
    view = ActivationCurvesView()
    lines = (view.value_line, view.derivative_line)
    view.update(name)
    assert (view.value_line, view.derivative_line) == lines
    z, y = view.value_line.get_data()
    np.testing.assert_allclose(y, activations.FUNCTIONS[name][0](z))
    np.testing.assert_allclose(
        view.derivative_line.get_ydata(), activations.derivative_at(name, z)
    )


@pytest.mark.parametrize(
    "name, left, right",
    [
        ("sigmoid", True, True),
        ("tanh", True, True),
        ("relu", True, False),
        ("softplus", True, False),
    ],
)
def test_saturated_regions_are_shaded_where_they_are(name, left, right):
    view = ActivationCurvesView()
    view.update(name)
    spans = [s for s in view.spans if s.get_visible()]
    starts = [s.get_x() for s in spans]
    ends = [s.get_x() + s.get_width() for s in spans]
    assert (min(starts) == -5.0) == left
    assert (max(ends) == 5.0) == right


def test_preactivations_are_overlaid_and_counted(rng):
    view = ActivationCurvesView()
    view.update("tanh", rng.normal(0, 0.1, 50))
    assert view.points.get_offsets().shape == (50, 2) and view.saturated == 0.0
    view.update("tanh", np.full(20, 4.0))
    assert view.saturated == 1.0 and "100%" in view.heading.get_text()
    view.update("tanh")
    assert len(view.points.get_offsets()) == 0 and view.saturated is None


def test_preactivations_of_a_diverged_layer_are_drawn_without_error():
    # nan has no place on the curve; ±inf lie at the ends, where tanh saturates
    view = ActivationCurvesView()
    view.update("tanh", np.array([np.nan, np.inf, -np.inf, 0.0]))
    view.fig.canvas.draw()
    assert len(view.points.get_offsets()) == 3
    assert view.saturated == pytest.approx(2 / 3)
    view.update("tanh", np.full(4, np.nan))  # nothing left to show
    view.fig.canvas.draw()
    assert view.saturated is None and len(view.points.get_offsets()) == 0


def test_unknown_activation_says_which_exist():
    with pytest.raises(ValueError, match="Choose one of"):
        ActivationCurvesView().update("swish")


def test_loss_curve_appends_and_doubles_the_x_axis():
    view = LossCurveView()
    fig, line = view.fig, view.train_line
    for step in range(1, 26):
        view.append(step, 1.0 / step, 1.2 / step)
    assert view.fig is fig and view.train_line is line
    assert len(view.train_line.get_xdata()) == 25
    assert view.ax.get_xlim() == pytest.approx((-0.8, 40.8))  # 0..40, 2 % to spare
    np.testing.assert_allclose(view.test_line.get_ydata()[-1], 1.2 / 25)


def test_loss_curve_y_axis_grows_to_fit_and_ignores_infinity():
    view = LossCurveView()
    view.append(0, 3.0)
    assert view.ax.get_ylim()[1] >= 3.0
    view.append(1, np.inf)
    assert np.isfinite(view.ax.get_ylim()[1])


@pytest.mark.parametrize("log", [False, True])
def test_loss_curve_draws_nan_and_infinity_without_error(log):
    view = LossCurveView(log=log)
    view.append(0, np.inf, np.nan)  # a first point that is not finite
    view.fig.canvas.draw()
    view.append(1, 0.5, np.inf)
    view.append(2, np.nan, 0.4)
    view.fig.canvas.draw()
    low, high = view.ax.get_ylim()
    assert np.isfinite([low, high]).all() and high >= 0.5


def test_loss_curve_log_axis_and_missing_test():
    view = LossCurveView(log=True)
    from matplotlib.ticker import NullFormatter

    # labels on the decades only
    assert isinstance(view.ax.yaxis.get_minor_formatter(), NullFormatter)
    view.append(0, 0.5)
    view.append(1, 0.002)
    low, high = view.ax.get_ylim()
    assert low <= 0.002 and high >= 0.5
    assert np.isnan(view.test_line.get_ydata()).all()


def test_reset_empties_the_curves():
    view = LossCurveView()
    for step in range(30):
        view.append(step, 0.5)
    view.reset()
    assert len(view.train_line.get_xdata()) == 0
    assert view.ax.get_xlim() == pytest.approx((-0.2, 10.2))


def test_an_empty_loss_curve_says_why():
    view = LossCurveView(empty_text="no steps yet")
    assert view.note.get_visible() and view.note.get_text() == "no steps yet"
    view.append(1, 0.5)
    assert not view.note.get_visible()
    view.reset()
    assert view.note.get_visible()
    assert view.note in view.changing_artists()


def test_the_first_point_is_drawn_before_there_is_a_line():
    view = LossCurveView()
    view.append(5, 0.7)
    view.fig.canvas.draw()
    pixels = np.asarray(view.fig.canvas.buffer_rgba())[..., :3].astype(int)
    x, y = view.ax.transData.transform((5, 0.7))
    row, col = int(round(pixels.shape[0] - y)), int(round(x))
    around = pixels[row - 3:row + 4, col - 3:col + 4]  # the point, not the legend
    blue = np.array([int(view.train_line.get_color()[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(around - blue).sum(axis=2) < 40).sum() > 10  # the marker


def test_the_empty_note_is_not_kept_in_a_cached_background():
    from nnviz.plots.background import BackgroundCache

    view = LossCurveView()
    cache = BackgroundCache(view.fig, view.changing_artists)
    view.fig.canvas.draw()  # background cached with the note showing
    view.append(1, 1 / 1.3)  # the axes keep their limits: the cache is reused
    assert cache.full_draws == 1
    view.fig.canvas.draw()
    fast = np.asarray(view.fig.canvas.buffer_rgba()).astype(int)
    assert cache.full_draws == 1
    cache.enabled = False
    view.fig.canvas.draw()
    full = np.asarray(view.fig.canvas.buffer_rgba()).astype(int)
    assert (np.abs(fast - full).max(axis=2) > 30).mean() < 0.0005


def test_no_saturation_hides_both_shades():
    view = ActivationCurvesView()
    view.update("sigmoid")
    view.update("identity")
    assert not any(span.get_visible() for span in view.spans)


# ---- the explorer widget --------------------------------------------------


def test_activation_explorer_controls_reach_the_view():
    from nnviz.lessons.activations.curves_panels import activation_explorer

    panel = activation_explorer("tanh", check_backend=False)
    view = panel.views[0]
    assert view.name == "tanh" and view.saturated is not None
    panel.controls["activation"].value = "relu"
    assert view.name == "relu"
    small = view.saturated
    panel.controls["activation"].value = "sigmoid"
    panel.controls["scale"].value = 0.1
    low = view.saturated
    panel.controls["scale"].value = 5.0
    assert view.saturated > low and 0.3 < small < 0.7


def test_activation_explorer_shows_a_layer_of_a_model(rng):
    import nnviz as nv
    from nnviz.lessons.activations.curves_panels import activation_explorer

    model = nv.mlp([2, 5, 3, 1], "tanh", rng=rng)
    X = rng.normal(size=(30, 2))
    panel = activation_explorer(model=model, X=X, check_backend=False)
    layers = panel.controls["layer"].options
    assert len(layers) == 3
    panel.controls["layer"].value = layers[1]
    assert panel.views[0].points.get_offsets().shape == (30 * 3, 2)


def test_appending_leaves_the_hidden_note_unchanged():
    """After the first point the note stays hidden and unchanged: a cache that
    lays it on top does not draw it again at every point (matplotlib 3.7 marks
    an artist changed at every set_visible call, even to the same value)."""
    curve = LossCurveView()
    curve.append(1, 0.9, 1.0)
    curve.note.stale = False  # as a cache leaves it once drawn
    curve.append(2, 0.8, 0.95)
    assert not curve.note.get_visible() and not curve.note.stale

"""train_under_schemes and SchemeCurvesView."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization import experiments as e
from nnviz.lessons.initialization.loss_curves import final_loss
from nnviz.lessons.initialization.scheme_views import (
    PitfallsView,
    SchemeCurvesView,
    final_text,
    loss_text,
)
from nnviz.plots import style


def test_only_the_init_differs_and_bad_schemes_do_not_learn(rng):
    data = nv.data.spirals(n=200, rng=rng)
    h = e.train_under_schemes(
        data.X_train, data.y_train, ("zeros", "he", "too_large"), steps=150
    )
    assert set(h) == {"zeros", "he", "too_large"} and h["he"].shape == (150,)
    assert h["zeros"][-20:].mean() > 0.68
    assert h["he"][-20:].mean() < h["zeros"][-20:].mean() - 0.1
    assert np.isnan(h["too_large"][-1])  # ReLU with std-1 weights diverges


def test_classifier_shape(rng):
    model = e.classifier(2, 3, 8, "tanh", "glorot", rng=rng)
    assert model.forward(np.zeros((5, 2))).shape == (5, 1)
    assert sum(isinstance(layer, nv.Dense) for layer in model.layers) == 4


def test_view_updates_lines_in_place():
    view = SchemeCurvesView(["a", "b"], 50, smooth=1)
    line = view.lines["a"]
    losses = np.linspace(1, 0, 50)
    view.update({"a": losses, "b": np.r_[losses[:10], np.full(40, np.nan)]})
    assert view.lines["a"] is line
    np.testing.assert_allclose(line.get_ydata(), losses)
    assert view.labels["b"].get_text() == "b: diverged at step 11"


def test_final_loss_is_the_mean_of_the_last_20_steps_the_cells_print():
    rng = np.random.default_rng(0)
    losses = 0.5 + 0.1 * rng.normal(size=100)  # noisy: the last step is not the mean
    assert final_loss(losses) == pytest.approx(losses[-20:].mean())
    assert final_text(losses) == f"{losses[-20:].mean():.3f}" != f"{losses[-1]:.3f}"
    view = SchemeCurvesView(["a"], 100)
    view.update({"a": losses})
    assert view.labels["a"].get_text() == f"a: {losses[-20:].mean():.3f}"
    assert "mean of the last 20 steps" in view.legend.get_title().get_text()
    assert loss_text(-1125.3) == "-1125" and loss_text(0.00057) == "0.001"


def test_final_text_gives_the_final_loss_or_the_divergence_step():
    assert final_text([0.5, 0.25]) == "0.375"
    assert final_text([0.5, np.nan, np.nan]) == "diverged at step 2"


def test_a_diverged_run_keeps_its_steps_and_is_marked():
    view = SchemeCurvesView(["ok", "blown"], 100, smooth=1)
    blown = np.r_[0.7, 0.9, 1.2, np.full(97, np.nan)]
    view.update({"ok": np.linspace(0.7, 0.1, 100), "blown": blown})
    np.testing.assert_allclose(view.lines["blown"].get_ydata()[:3], blown[:3])
    mark, note = view.marks["blown"], view.notes["blown"]
    assert mark.get_visible() and mark.get_xdata()[0] == 3 and mark.get_marker() == "X"
    assert note.get_visible() and "blown: diverged at step 4" in note.get_text()
    assert not view.marks["ok"].get_visible()
    # a loss that had left the plot: a triangle on the top edge, still inside
    view.update({"ok": np.linspace(0.7, 0.1, 100), "blown": np.r_[1e3, 1e9, blown[3:]]})
    assert view.marks["blown"].get_marker() == "^"
    assert view.ax.get_ylim()[0] < view.marks["blown"].get_ydata()[0] < 1.5
    view.update({"ok": np.linspace(0.7, 0.1, 100), "blown": np.linspace(0.7, 0, 100)})
    assert not view.marks["blown"].get_visible()
    assert not view.notes["blown"].get_visible()


def test_fit_diverged_zooms_onto_the_steps_before_and_back():
    view = SchemeCurvesView(
        ["loss"],
        300,
        ylim=(0, 1),
        legend="title",
        title="training loss",
        fit_diverged=True,
        smooth=1,
    )
    blown = np.r_[np.linspace(0.7, -3, 8), np.full(292, np.nan)]
    view.update({"loss": blown})
    assert view.ax.get_xlim() == (0, 18)
    low, high = view.ax.get_ylim()
    assert low < -3 and high >= 1  # every step before it is in view
    assert view.title_text.get_text() == "training loss: diverged at step 9"
    assert view.marks["loss"].get_visible() and view.marks["loss"].get_marker() == "X"
    huge = np.r_[0.7, -1e5, -1e150, np.full(297, np.nan)]
    view.update({"loss": huge})
    assert view.ax.get_yscale() == "symlog" and view.ax.get_ylim()[0] < -1e149
    view.update({"loss": np.linspace(0.7, 0.1, 300)})
    assert view.ax.get_xlim() == (0, 300) and view.ax.get_ylim() == (0, 1)
    assert view.ax.get_yscale() == "linear"
    mean = np.linspace(0.7, 0.1, 300)[-20:].mean()
    assert view.title_text.get_text() == (
        f"training loss: {mean:.3f} (mean of the last 20 steps)"
    )


def test_schemes_have_distinct_styles_from_the_palette():
    view = SchemeCurvesView(["a", "b", "c", "d", "e", "f"], 10)
    lines = list(view.lines.values())
    assert [line.get_color() for line in lines] == style.CYCLE[:6]
    dashes = {str(line.get_linestyle()) + str(line._dash_pattern) for line in lines}
    assert len(dashes) == 6


def _overlaps(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_guessing_label_sits_in_the_margin():
    view = SchemeCurvesView(["a"], 10)
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    label = view.guess_label.get_window_extent(renderer)
    assert label.x0 >= view.ax.get_window_extent(renderer).x1
    assert not _overlaps(label, view.legend.get_window_extent(renderer))


def test_pitfalls_view_has_one_panel_per_cause():
    runs = {
        "a": (np.full(30, 0.7), np.linspace(0.7, 0.1, 30)),
        "b": (np.full(30, 0.6), np.linspace(0.7, 0.0, 30)),
        "c": (np.full(30, 0.5), np.linspace(0.7, 0.2, 30)),
    }
    view = PitfallsView(runs, ncols=2)
    assert list(view.views) == ["a", "b", "c"]
    np.testing.assert_allclose(view.views["b"].lines["broken"].get_ydata(), 0.6)
    assert view.views["c"].ax.get_title() == "c"
    assert sum(ax.get_visible() for ax in view.fig.axes) == 3
    fixed = np.linspace(0.7, 0.1, 30)[-20:].mean()
    assert view.views["a"].labels["fixed"].get_text() == f"fixed: {fixed:.3f}"
    assert view.views["a"].labels["broken"].get_text() == "broken: 0.700"


def test_pitfall_legends_cover_no_axes():
    rng = np.random.default_rng(0)
    runs = {c: (0.6 + 0.05 * rng.random(40), np.linspace(0.7, 0.0, 40)) for c in "abcd"}
    view = PitfallsView(runs, ncols=2)
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    panels = [ax.get_window_extent(renderer) for ax in view.fig.axes]
    for sub in view.views.values():
        legend = sub.legend.get_window_extent(renderer)
        assert not any(_overlaps(legend, panel) for panel in panels)


def test_loss_history_is_nan_after_divergence(rng):
    data = nv.data.circles(n=60, rng=rng)
    model = e.classifier(2, 6, 32, "relu", "too_large", rng=rng)
    history = e.loss_history(model, data.X_train, data.y_train, steps=50)
    assert history.shape == (50,) and np.isnan(history[-1]) and np.isfinite(history[0])

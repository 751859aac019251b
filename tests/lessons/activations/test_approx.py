"""Bumps: the formula, the error shrinking, the equivalent network, the view."""

import numpy as np
import pytest

from nnviz.lessons.activations.approx import (
    approximate,
    bump,
    bumps_network,
    each_bump,
    step_pair,
)
from nnviz.lessons.activations.approx_views import BumpsView


def test_bump_is_height_inside_and_zero_outside():
    x = np.array([-2.0, 0.5, 3.0])
    np.testing.assert_allclose(
        bump(x, 0.0, 1.0, 0.7, steepness=200), [0, 0.7, 0], atol=1e-9
    )


@pytest.mark.parametrize("target", [np.sin, np.cos, lambda x: x**2 / 4])
def test_more_bumps_and_steeper_steps_shrink_the_error(target):
    coarse = approximate(target, 4, (-3, 3), steepness=10).max_error
    fine = approximate(target, 30, (-3, 3), steepness=100).max_error
    assert fine < coarse / 3


def test_heights_are_the_target_at_the_middles():
    total, _ = approximate(np.sin, 3, (0, 3), steepness=50)
    np.testing.assert_allclose(total.heights, np.sin([0.5, 1.5, 2.5]))
    np.testing.assert_allclose(total.edges, [-1, 1, 2, 4])  # ends widened


def test_bumps_network_computes_the_same_sum():
    total, _ = approximate(np.sin, 5, (-3, 3), steepness=15)
    model = bumps_network(total.edges, total.heights, steepness=15)
    x = np.linspace(-3, 3, 50)
    np.testing.assert_allclose(model.predict(x[:, None])[:, 0], total(x), atol=1e-12)
    assert model.layers[0].params["W"].shape == (1, 10)


def test_two_steps_one_width_apart_make_a_bump():
    x = np.array([-1.0, 0.5, 2.0])
    first, later = step_pair(x, 200.0, 0.0, 1.0)      # steps up at 0 and at 1
    np.testing.assert_allclose(first - later, bump(x, 0.0, 1.0, 1.0, 200.0))
    np.testing.assert_allclose(first - later, [0, 1, 0], atol=1e-9)


def test_each_bump_draws_every_bump_between_gaps():
    total, _ = approximate(np.sin, 3, (0, 3), steepness=50)
    x = np.linspace(0, 3, 7)
    xs, ys = each_bump(x, total, 50)
    assert xs.shape == ys.shape == (3 * 8,) and np.isnan(ys[7::8]).all()
    np.testing.assert_allclose(np.nansum(ys.reshape(3, 8), axis=0)[:7], total(x))


def test_zero_bumps_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        approximate(np.sin, 0)


def test_view_update_changes_lines_in_place():
    view = BumpsView(n_bumps=4)
    lines = (view.fig, view.step_line, view.bump_line, view.sum_line)
    bump_before = np.array(view.bump_line.get_ydata())
    error_before = view.approximation.max_error
    view.update(bias=1.0, height=0.5)
    assert (view.fig, view.step_line, view.bump_line, view.sum_line) == lines
    assert not np.allclose(bump_before, view.bump_line.get_ydata())
    assert np.max(view.bump_line.get_ydata()) <= 0.5
    view.update(n_bumps=24, weight=60)
    assert view.approximation.max_error < error_before
    assert "24 bumps" in view.heading.get_text()


def test_step_sits_at_minus_b_over_w():
    view = BumpsView()
    view.update(weight=4.0, bias=2.0)
    x, y = view.step_line.get_data()
    assert np.isclose(np.interp(0.5, y, x), -0.5, atol=0.02)
    assert "-0.50" in view.readout.get_text()


def test_set_target_keeps_the_lines_and_refits():
    view = BumpsView()
    line = view.target_line
    view.set_target(np.abs)
    assert view.target_line is line
    np.testing.assert_allclose(view.target_line.get_ydata(), np.abs(view.x))
    assert view.axes[1].get_ylim()[1] > 3


# ---- the explorer widget --------------------------------------------------


@pytest.fixture
def explorer():
    from nnviz.lessons.activations.approx_panels import bumps_explorer

    return bumps_explorer(check_backend=False)


@pytest.mark.parametrize(
    "name, value, attribute",
    [
        ("weight", 30.0, "weight"),
        ("bias", 2.0, "bias"),
        ("height", -0.5, "height"),
        ("n_bumps", 12, "n_bumps"),
    ],
)
def test_each_slider_reaches_the_view(explorer, name, value, attribute):
    view = explorer.views[0]
    before = np.array(view.bump_line.get_ydata()), np.array(view.sum_line.get_ydata())
    explorer.controls[name].value = value
    assert getattr(view, attribute) == value
    after = np.array(view.bump_line.get_ydata()), np.array(view.sum_line.get_ydata())
    assert not all(np.allclose(a, b) for a, b in zip(before, after, strict=True))


def test_target_list_and_own_function():
    from nnviz.lessons.activations.approx_panels import bumps_explorer

    panel = bumps_explorer(check_backend=False)
    panel.controls["target"].value = "|x| − 1"
    np.testing.assert_allclose(
        panel.views[0].target_line.get_ydata(), np.abs(panel.views[0].x) - 1
    )
    own = bumps_explorer(np.tanh, check_backend=False)
    assert own.controls["target"].value == "yours"
    with pytest.raises(ValueError, match="Unknown target"):
        bumps_explorer("cos", check_backend=False)


def test_the_views_bumps_are_approx_each_bump():
    from nnviz.lessons.activations.approx import each_bump
    from nnviz.lessons.activations.approx_views import each_bump_fast

    x = np.linspace(-3, 3, 50)
    total = approximate(np.sin, 7, (-3, 3), 12.0).total
    for fast, slow in zip(each_bump_fast(x, total, 12.0), each_bump(x, total, 12.0),
                          strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-15)


def test_bias_and_height_leave_the_sum_of_bumps_as_it_is():
    # Issue 18: the right plot depends on the target, n_bumps and w only.
    view = BumpsView(n_bumps=5)
    approximation, xy = view.approximation, view.parts_line.get_xydata().copy()
    view.update(bias=1.5, height=-0.5)
    assert view.approximation is approximation
    np.testing.assert_array_equal(view.parts_line.get_xydata(), xy)
    view.update(weight=30.0)
    assert view.approximation is not approximation


def test_explorer_moves_redraw_only_what_changes(explorer):
    view, cache = explorer.views[0], explorer.state["cache"]
    lines = (view.step_line, view.bump_line, view.sum_line, view.parts_line)
    view.fig.canvas.draw()
    drawn = cache.full_draws
    for name, value in (("bias", 2.0), ("height", -0.5), ("weight", 30.0),
                        ("n_bumps", 12)):
        explorer.controls[name].value = value
        view.fig.canvas.draw()
    assert cache.full_draws == drawn
    assert (view.step_line, view.bump_line, view.sum_line, view.parts_line) == lines

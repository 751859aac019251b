"""The browser checker itself: it fails on each broken fixture notebook, naming
the notebook and the control, and passes on the good one.

Fixtures live in tests/browser/fixtures/ (nbval ignores them: tests/conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checker import check_notebook

pytestmark = pytest.mark.browser

FIXTURES = "tests/browser/fixtures"


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


def check(browser, lab, name, shots):
    return check_notebook(browser, lab, f"{FIXTURES}/{name}.ipynb", screenshots=shots)


def test_good_notebook_passes(browser, lab, shots):
    result = check(browser, lab, "good", shots)
    assert result.ok, result.message()
    assert (
        result.sliders_moved == 2
    )  # the amplitude slider and the Play's frame counter
    assert result.plays_pressed == 1
    assert result.sliders_skipped == [
        "IntSlider 'unused' (cell 4): marked nnviz-no-redraw"
    ]
    assert result.figures == 1
    assert result.exercises_answered == 1  # typed wrong (✗), then right (✓)
    assert result.widgets_found == result.widgets_expected > 0
    assert Path(result.screenshot).stat().st_size > 10_000


def test_cell_that_raises_fails_naming_the_cell(browser, lab, shots):
    result = check(browser, lab, "cell_raises", shots)
    message = result.message()
    assert not result.ok
    assert "fixtures/cell_raises.ipynb" in message
    assert re.search(r"cell 3: IndexError: list index out of range", message), message


def test_observer_that_raises_fails_naming_the_slider(browser, lab, shots):
    result = check(browser, lab, "observer_raises", shots)
    message = result.message()
    assert not result.ok
    assert "fixtures/observer_raises.ipynb" in message
    assert re.search(
        r"moving slider IntSlider 'broken scale' \(cell 4\): .*ZeroDivisionError",
        message,
    ), message


def test_figure_that_never_updates_fails_naming_the_slider(browser, lab, shots):
    result = check(browser, lab, "figure_never_updates", shots)
    message = result.message()
    assert not result.ok
    assert "fixtures/figure_never_updates.ipynb" in message
    assert re.search(
        r"slider FloatSlider 'frozen frequency' \(cell 4\): moved by keyboard, "
        r"but no figure changed",
        message,
    ), message
    assert len(result.errors) == 1, message


def test_widget_that_cannot_display_fails_naming_the_cell(browser, lab, shots):
    result = check(browser, lab, "widget_missing", shots)
    message = result.message()
    assert not result.ok
    assert "fixtures/widget_missing.ipynb: cell 3: Error displaying widget" in message


def test_dropdown_and_button_that_raise_fail_naming_the_control(browser, lab, shots):
    result = check(browser, lab, "choice_raises", shots)
    message = result.message()
    assert not result.ok
    assert re.search(
        r"choosing option 2 of Dropdown 'broken shape' \(cell 4\): .*KeyError", message
    ), message
    assert re.search(
        r"clicking Button 'broken flip' \(cell 4\): .*ValueError", message
    ), message
    assert (result.choices, result.choices_used, result.buttons_pressed) == (1, 1, 1)


def test_numpy_scalar_repr_in_an_output_fails_naming_the_cell(browser, lab, shots):
    # np.float64(0.69) instead of 0.69 is a formatting slip a learner must not read.
    result = check(browser, lab, "numpy_repr", shots)
    message = result.message()
    assert not result.ok
    assert re.search(r"cell 3: prints numpy's repr np\.float64\(", message), message
    assert re.search(r"cell 4: prints numpy's repr np\.int64\(", message), message


def test_exercise_box_whose_check_does_nothing_fails_naming_the_exercise(
    browser, lab, shots
):
    result = check(browser, lab, "exercise_unchecked", shots)
    assert not result.ok and result.exercises_answered == 0
    assert any(
        "exercise 'weights.logit_scale' (cell 2): a wrong answer and Check did not "
        "show ✗" in e for e in result.errors
    ), result.errors


def test_a_dead_kernel_is_told_apart_from_other_problems():
    from checker import NotebookResult

    dead = NotebookResult("x.ipynb", errors=[
        'checker stopped: TimeoutError: ... aria-label="Kernel Restarting The kernel '
        'for x.ipynb appears to have died. It will restart automatically." ...'])
    assert dead.kernel_died and not dead.ipympl_glitch and not dead.ok
    blank = NotebookResult("x.ipynb", errors=["figure 'Figure 1' in cell 3 stays blank"])
    assert not blank.kernel_died

"""The offline answer checks accept any right answer and explain wrong ones."""

import numpy as np

import nnviz as nv
from nnviz.exercises import check, check_choice


def test_right_answers_within_tolerance_pass():
    assert check(0.2105, 0.21)
    assert check([1.0, 2.0], np.array([1.0, 2.01]))
    assert "✓" in repr(check(10, 10))


def test_wrong_answers_say_which_way_without_giving_the_answer():
    feedback = check(0.5, 0.21, hint="Average over all six entries.")
    assert not feedback
    assert "too large" in feedback.message and "six entries" in feedback.message
    assert "0.21" not in feedback.message
    assert "too small" in check(0.1, 0.21).message


def test_placeholders_shapes_and_text_are_explained():
    assert "replace ..." in check(..., 3).message
    assert "shape (2,)" in check([1, 2, 3], [1, 2]).message
    assert "should be a number" in check("abc", 3).message
    assert "1 of 2 entries" in check([1, 5], [1, 2]).message


def test_choices_ignore_case_and_spaces():
    assert check_choice(" He Normal", "he_normal")
    assert not check_choice("glorot", "he_normal")
    assert nv.exercises.check_choice(..., "x").correct is False

"""The exercise machinery: judging, graded hints, the catalogue, expect()."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.exercises import registry
from nnviz.exercises.judges import compare_numbers, parse_typed


@pytest.fixture
def exercises(monkeypatch):
    """A registry holding three made-up exercises instead of the course's."""
    made_up = [
        registry.number("t.sum", 1, "compute", "2 + 0.21?", 2.21,
                        ["Add the two numbers.", "Line them up at the point."]),
        registry.choice("t.why", 1, "explain", "Why?",
                        {"a": "luck", "b": "the slope", "c": "the data"}, "b",
                        ["Look at the gradient."],
                        misconceptions={"a": "The run is the same under every seed."}),
        registry.within("t.find", 1, "find", "Find it.", lambda: (0.5, 0.7),
                        ["Move the slider up until the curve jumps."]),
    ]
    monkeypatch.setattr(registry, "_EXERCISES", {e.id: e for e in made_up})
    monkeypatch.setattr(registry, "_WRONG_TRIES", {})
    return made_up


def test_a_right_number_is_accepted_within_its_tolerance(exercises):
    assert nv.exercises.check("t.sum", 2.2105)
    assert "✓" in repr(nv.exercises.check("t.sum", 2.21))


def test_a_wrong_number_says_which_way_and_hints_more_on_the_next_try(exercises):
    first = nv.exercises.check("t.sum", 3)
    assert not first and "too large" in first.message
    assert "Add the two numbers." in first.message and "2.21" not in first.message
    second = nv.exercises.check("t.sum", 1)
    assert "too small" in second.message and "Line them up" in second.message
    assert "Line them up" in nv.exercises.check("t.sum", 1).message  # the last stays


def test_a_wrong_choice_names_its_misconception_first(exercises):
    feedback = nv.exercises.check("t.why", "A")
    assert not feedback and "every seed" in feedback.message
    assert "gradient" in nv.exercises.check("t.why", "a").message
    assert nv.exercises.check("t.why", " (B) ")
    assert "one of 'a', 'b', 'c'" in nv.exercises.check("t.why", "d").message


def test_a_range_accepts_what_the_lesson_measured(exercises):
    assert nv.exercises.check("t.find", 0.55) and nv.exercises.check("t.find", 0.7)
    refused = nv.exercises.check("t.find", 0.9)
    assert not refused and "range the lesson measured" in refused.message
    assert nv.exercises.catalogue()[2]["accept"] == (0.5, 0.7)


def test_placeholders_shapes_and_text_are_explained():
    assert not compare_numbers([1, 2, 3], [1, 2])[0]
    assert "shape (2,)" in compare_numbers([1, 2, 3], [1, 2])[1]
    assert "should be a number" in compare_numbers("abc", 3)[1]
    assert "1 of 2 entries" in compare_numbers([1, 5], [1, 2])[1]
    assert "NaN or inf" in compare_numbers([1, np.nan], [1, 2])[1]


def test_no_answer_yet_is_said_and_costs_no_hint(exercises):
    assert "replace ..." in nv.exercises.check("t.sum", ...).message
    assert "Add the two" in nv.exercises.check("t.sum", 9).message  # still the first


def test_unknown_ids_and_values_for_ids_are_explained(exercises):
    with pytest.raises(KeyError, match="Did you mean 't.sum'"):
        nv.exercises.check("t.summ", 1)
    with pytest.raises(TypeError, match="named by its id"):
        nv.exercises.check(3.0, 3.0)


@pytest.mark.parametrize("typed, value", [("0.25", 0.25), ("1e-3", 1e-3),
                                          ("3/4", 0.75), (" -2 ", -2.0),
                                          ("0,5", 0.5), ("relu", "relu")])
def test_typed_answers_are_read_as_numbers_where_they_are(typed, value):
    assert parse_typed(typed) == value


def test_expect_reports_to_a_learner_and_raises_in_strict_mode(capsys):
    nv.exercises.strict(False)
    try:
        nv.expect(np.float64(2) > 1, "two is above one")
        nv.expect(False, "the loss falls", otherwise="you changed the rate")
        out = capsys.readouterr().out
        assert "✓ two is above one" in out
        assert "✗ Expected: the loss falls. Not so in this run. you changed" in out
        nv.exercises.strict(True)
        with pytest.raises(nv.exercises.ExpectationFailed, match="the loss falls"):
            nv.expect(False, "the loss falls")
        with pytest.raises(TypeError, match="np.all"):
            nv.expect(np.array([True, False]), "all")
    finally:
        nv.exercises.strict(None)


def test_the_test_suite_runs_strict():
    # tests/conftest.py sets NNVIZ_STRICT, and notebook kernels inherit it.
    assert nv.exercises.is_strict()

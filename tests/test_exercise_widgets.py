"""nv.exercises.ask: the same verdicts as check(), through widgets."""

import pytest

import nnviz as nv
from nnviz.exercises import registry


@pytest.fixture
def exercises(monkeypatch):
    made_up = [
        registry.number("t.sum", 1, "compute", "2 + 0.25?", 2.25,
                        ["Add them.", "Line them up at the point."], unit="sum"),
        registry.choice("t.why", 1, "explain", "Why `this`?",
                        {"a": "luck", "b": "the slope"}, "b", ["Look at the slope."],
                        misconceptions={"a": "Seeds do not matter here."}),
    ]
    monkeypatch.setattr(registry, "_EXERCISES", {e.id: e for e in made_up})
    monkeypatch.setattr(registry, "_WRONG_TRIES", {})


def test_a_typed_number_is_checked_and_the_verdict_changes(exercises):
    asked = nv.exercises.ask("t.sum")
    assert "nnviz-exercise-t-sum" in asked.widget._dom_classes
    asked.check.click()
    assert "No answer yet" in asked.verdict.value
    asked.answer.value = "2"
    asked.check.click()
    assert "✗" in asked.verdict.value and "too small" in asked.verdict.value
    asked.answer.value = "9/4"
    asked.check.click()
    assert "✓" in asked.verdict.value and "2.25" not in asked.verdict.value


def test_hints_come_one_at_a_time_and_never_the_answer(exercises):
    asked = nv.exercises.ask("t.sum")
    asked.hint.click()
    assert "Hint 1: Add them." in asked.verdict.value and "Hint 2" not in \
        asked.verdict.value
    asked.hint.click()
    asked.hint.click()
    assert asked.verdict.value.count("Hint") == 2 and "2.25" not in asked.verdict.value


def test_a_choice_is_clicked(exercises):
    asked = nv.exercises.ask("t.why")
    assert "<code>this</code>" in asked.widget.children[0].value
    asked.answer.value = "a"
    asked.check.click()
    assert "Seeds do not matter" in asked.verdict.value
    asked.answer.value = "b"
    asked.check.click()
    assert "✓" in asked.verdict.value

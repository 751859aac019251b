"""The exercises of the course, by id, and the checked facts of its lessons.

    nv.exercises.check("weights.count_parameters", answer)   # typed as code
    nv.exercises.ask("descent.largest_rate")                 # as widgets
    nv.exercises.catalogue()                                 # every exercise
    nv.expect(condition, "what the lesson says holds")       # ✓ / ✗, strict in tests

The expected answers, tolerances and hints live in nnviz/exercises/by_lesson/,
one module per lesson topic; a notebook cell holds only the id and the
learner's answer. A wrong answer gets a hint (a stronger one on the next try),
never the answer.
"""

from nnviz.exercises.registry import (
    KINDS, Exercise, catalogue, check, choice, forget_tries, get, hint, number,
    within)
from nnviz.exercises.expect import ExpectationFailed, expect, is_strict, strict
from nnviz.exercises.judges import Feedback


def ask(exercise_id: str):
    """The exercise `exercise_id` as widgets: question, answer box, Check, Hint
    (nnviz.exercises.asked.Asked; imported here on first use: it needs ipywidgets)."""
    from nnviz.exercises.asked import Asked
    return Asked(exercise_id)


__all__ = ["KINDS", "Exercise", "ExpectationFailed", "Feedback", "ask", "catalogue",
           "check", "choice", "expect", "forget_tries", "get", "hint", "is_strict",
           "number", "strict", "within"]

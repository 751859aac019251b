"""The exercises, by id: what each asks, how an answer is judged, its hints.

An exercise is one of three kinds of judge:

    number(...)  a single right number (or array), within rtol / atol
    choice(...)  one right option among several; each wrong option may carry
                 the hint that names its misconception
    within(...)  any number inside an accepted range (a "find" exercise: the
                 range is what the lesson's own experiment measured)

and one of four kinds of task, `kind`: "compute" (work a number out),
"predict" (say what a panel will show, then look), "find" (search a panel for a
setting), "explain" (pick the reading of a plot that is right).

The expected value, or the range, may be a function: it is then computed when
first needed (by the lesson's experiment) and kept. Every lesson's exercises
live in nnviz/exercises/by_lesson/<topic>.py as a list EXERCISES.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, field

import numpy as np

from nnviz.exercises.judges import (
    Feedback, compare_choice, compare_numbers, no_answer, normalize)

KINDS = ("compute", "predict", "find", "explain")

#: The modules under nnviz/exercises/by_lesson, in course order.
TOPICS = ("tour", "weights", "losses", "descent", "backprop", "activations",
          "boundaries", "initialization", "regularization", "scaling", "cnn",
          "residuals", "lstm")


@dataclass
class Exercise:
    """One exercise. Build it with number(), choice() or within().

    id: "lesson.topic.name"-like, unique; lesson: the notebook's number;
    kind: one of KINDS; question: what the learner is asked (markdown);
    hints: graded, the first for a first wrong try, the next for the next ...
    """

    id: str
    lesson: int
    kind: str
    question: str
    hints: tuple[str, ...]
    judge: str                                   # "number", "choice" or "within"
    expected: object = None                      # a value, or a function giving it
    rtol: float = 0.02
    atol: float = 1e-9
    options: dict = field(default_factory=dict)          # choice: key -> text
    misconceptions: dict = field(default_factory=dict)   # choice: wrong key -> hint
    unit: str = ""                               # shown beside the answer box

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"exercise {self.id!r}: kind {self.kind!r} is not one "
                             f"of {KINDS}")
        if not self.hints:
            raise ValueError(f"exercise {self.id!r}: give at least one hint")

    def value(self):
        """The expected value (number/choice) or (low, high) range, computed once."""
        if callable(self.expected):
            self.expected = self.expected()
        return self.expected

    def answer(self):
        """The single right answer (a number or a choice key), or None for a range."""
        return None if self.judge == "within" else self.value()

    def judge_answer(self, answer) -> tuple[bool, str, str | None]:
        """(right, what is wrong, the misconception's hint or None)."""
        if self.judge == "choice":
            key, what = compare_choice(answer, self.options)
            if key is None:
                return False, what, None
            if key == self.value():
                return True, "Correct.", None
            return False, f"({key}) is not it.", self.misconceptions.get(key)
        if self.judge == "within":
            low, high = self.value()
            right, what = compare_numbers(answer, (low + high) / 2,
                                          rtol=0, atol=(high - low) / 2)
            if not right and what.startswith("Not quite"):
                what = what.replace("Not quite", "Not in the range the lesson "
                                    "measured")
            return right, what, None
        right, what = compare_numbers(answer, self.value(), rtol=self.rtol,
                                      atol=self.atol)
        return right, what, None

    def examples(self) -> tuple[list, list]:
        """(answers that must be accepted, answers that must be refused): the
        tests run both through check()."""
        if self.judge == "choice":
            right = self.value()
            return [right, f" {str(right).upper()} "], [
                k for k in self.options if normalize(k) != normalize(right)]
        if self.judge == "within":
            low, high = self.value()
            return [(low + high) / 2], [high + (high - low) + abs(high) + 1,
                                        low - (high - low) - abs(low) - 1]
        want = np.asarray(self.value(), dtype=float)
        return [self.value()], [(want * 1.5 + 1).tolist()]

    def row(self) -> dict:
        """The catalogue entry: id, lesson, kind, question, hint, hints, answer
        (None for a range), accept (the range, or None), options."""
        return {"id": self.id, "lesson": self.lesson, "kind": self.kind,
                "question": self.question, "hint": self.hints[0],
                "hints": self.hints, "answer": self.answer(),
                "accept": self.value() if self.judge == "within" else None,
                "options": dict(self.options)}


def number(id, lesson, kind, question, expected, hints, *, rtol=0.02, atol=1e-9,
           unit=""):
    """An exercise with one right number (or array); `expected` may be a function."""
    return Exercise(id, lesson, kind, question, tuple(hints), "number", expected,
                    rtol=rtol, atol=atol, unit=unit)


def choice(id, lesson, kind, question, options, right, hints, *, misconceptions=None):
    """A multiple-choice exercise. options: {key: text} (keys like "a", "b");
    right: the right key; misconceptions: {wrong key: the hint that names the
    mistake behind it}."""
    if right not in options:
        raise ValueError(f"exercise {id!r}: the right key {right!r} is not among "
                         f"the options {list(options)}")
    unknown = set(misconceptions or {}) - set(options)
    if unknown:
        raise ValueError(f"exercise {id!r}: misconceptions for unknown options "
                         f"{sorted(unknown)}")
    return Exercise(id, lesson, kind, question, tuple(hints), "choice", right,
                    options=dict(options), misconceptions=dict(misconceptions or {}))


def within(id, lesson, kind, question, accept, hints, *, unit=""):
    """An exercise answered by any number in `accept` = (low, high), or a
    function returning that range (the lesson's own measurement)."""
    return Exercise(id, lesson, kind, question, tuple(hints), "within", accept,
                    unit=unit)


# -- the registry ---------------------------------------------------------------

_EXERCISES: dict[str, Exercise] = {}
_WRONG_TRIES: dict[str, int] = {}


def _load() -> dict[str, Exercise]:
    if not _EXERCISES:
        for topic in TOPICS:
            module = importlib.import_module(f"nnviz.exercises.by_lesson.{topic}")
            for exercise in module.EXERCISES:
                if exercise.id in _EXERCISES:
                    raise ValueError(f"two exercises are called {exercise.id!r}")
                _EXERCISES[exercise.id] = exercise
    return _EXERCISES


def get(exercise_id: str) -> Exercise:
    """The exercise called `exercise_id`; a KeyError names close ids if unknown."""
    exercises = _load()
    if not isinstance(exercise_id, str):
        raise TypeError(f"an exercise is named by its id, a string such as "
                        f"'weights.count_parameters'; got {exercise_id!r}")
    if exercise_id not in exercises:
        close = difflib.get_close_matches(exercise_id, list(exercises), n=3)
        raise KeyError(f"no exercise called {exercise_id!r}. "
                       + (f"Did you mean {', '.join(map(repr, close))}? " if close
                          else "")
                       + "nv.exercises.catalogue() lists them all.")
    return exercises[exercise_id]


def catalogue(lesson: int | None = None) -> list[dict]:
    """Every exercise (or one lesson's), in course order, as Exercise.row() gives it."""
    rows = [e.row() for e in _load().values()]
    return [r for r in rows if lesson is None or r["lesson"] == lesson]


def check(exercise_id: str, answer) -> Feedback:
    """Judge `answer` to the exercise `exercise_id`.

    Right -> "✓ Correct." A wrong answer gets what is wrong with it and a hint:
    the first hint on the first wrong try, a stronger one on the next (and, for
    a wrong choice, the hint that names its misconception first). Never the answer.
    """
    exercise = get(exercise_id)
    if no_answer(answer):
        return Feedback(False, "✗ No answer yet: replace ... with your answer.")
    right, what, misconception = exercise.judge_answer(answer)
    if right:
        return Feedback(True, f"✓ {what}")
    tries = _WRONG_TRIES.get(exercise_id, 0)
    _WRONG_TRIES[exercise_id] = tries + 1
    hint = misconception if misconception and tries == 0 else \
        exercise.hints[min(tries, len(exercise.hints) - 1)]
    return Feedback(False, f"✗ {what} Hint: {hint}")


def hint(exercise_id: str, level: int = 0) -> str:
    """The hint number `level` (0: the first, gentlest) of an exercise."""
    hints = get(exercise_id).hints
    return hints[min(level, len(hints) - 1)]


def forget_tries():
    """Start every exercise's hints again from the first (tests use it)."""
    _WRONG_TRIES.clear()


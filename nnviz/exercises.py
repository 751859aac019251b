"""Offline answer checks for the lesson exercises.

    nv.exercises.check(my_answer, expected, hint="...")

accepts any answer within a tolerance (a relative 2 % by default), and when the
answer is wrong gives a hint instead of the solution. It returns a `Feedback`,
which prints as a short line and is truthy when the answer is right, so a
notebook can also `assert` it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: `correct`, and a `message` for the learner."""

    correct: bool
    message: str

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


def check(
    answer, expected, *, rtol=0.02, atol=1e-9, hint="", name="answer"
) -> Feedback:
    """Is `answer` close to `expected` (numbers or arrays of the same shape)?

    Right within rtol/atol -> Feedback(True, "✓ ..."); otherwise a message that
    says how far off the answer is (too big, too small, wrong shape) and `hint`.
    Never reveals `expected`.
    """
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"✗ No {name} yet: replace ... with your answer. {hint}")
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"✗ The {name} should be a number, "
                               f"not {answer!r}. {hint}")
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        return Feedback(False, f"✗ The {name} should be {_size(want.shape)}, "
                               f"yours is {_size(got.shape)}. {hint}".rstrip())
    if not np.all(np.isfinite(got)):
        what = (f"Your {name} is {got}, not a number" if got.ndim == 0 else
                f"{int(np.sum(~np.isfinite(got)))} of {got.size} entries of your "
                f"{name} are NaN or inf")
        return Feedback(False, f"✗ {what}: look for a "
                               "division by 0, the log of 0 or of a negative "
                               f"number, or an overflow. {hint}".rstrip())
    if np.allclose(got, want, rtol=rtol, atol=atol):
        return Feedback(True, f"✓ Correct {name}.")
    if want.ndim == 0:
        side = "too large" if got > want else "too small"
        return Feedback(False, f"✗ Not quite: your {name} is {side}. {hint}".rstrip())
    wrong = int(np.sum(~np.isclose(got, want, rtol=rtol, atol=atol)))
    return Feedback(False, f"✗ Not quite: {wrong} of {want.size} entries are off. "
                           f"{hint}".rstrip())


def _size(shape) -> str:
    """'a single number', '3 numbers (shape (3,))', 'an array of shape (2, 3)'."""
    if shape == ():
        return "a single number"
    if len(shape) == 1:
        return f"{shape[0]} numbers (shape {shape})"
    return f"an array of shape {shape}"


def check_choice(answer, expected, *, hint="", name="answer") -> Feedback:
    """Is `answer` the expected choice (a string, compared without case or spaces)?"""
    def norm(value):
        return str(value).strip().lower().replace(" ", "_")

    if answer is None or answer is Ellipsis:
        return Feedback(False, f"✗ No {name} yet: replace ... with your answer. {hint}")
    if norm(answer) == norm(expected):
        return Feedback(True, f"✓ Correct {name}.")
    return Feedback(False, f"✗ {answer!r} is not it. {hint}".rstrip())

"""How one answer is judged: a number against a number, a choice against a choice.

These compare and explain; they never say the expected value. The exercises
(nnviz.exercises.registry) call them with the expected value they keep, so a
notebook cell never holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

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


def no_answer(answer) -> bool:
    """True for the placeholders a learner has not replaced yet: ..., None, ''."""
    return answer is None or answer is Ellipsis or (
        isinstance(answer, str) and not answer.strip())


def compare_numbers(answer, expected, *, rtol=0.02, atol=1e-9) -> tuple[bool, str]:
    """Is `answer` close to `expected` (numbers or arrays of the same shape)?

    Returns (right, what): `what` says how a wrong answer is off (too large, too
    small, wrong shape, not a number) and never shows `expected`.
    """
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False, f"The answer should be a number, not {answer!r}."
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        return False, (f"The answer should be {_size(want.shape)}, "
                       f"yours is {_size(got.shape)}.")
    if not np.all(np.isfinite(got)):
        what = (f"Your answer is {got}, not a number" if got.ndim == 0 else
                f"{int(np.sum(~np.isfinite(got)))} of {got.size} entries of your "
                "answer are NaN or inf")
        return False, (f"{what}: look for a division by 0, the log of 0 or of a "
                       "negative number, or an overflow.")
    if np.allclose(got, want, rtol=rtol, atol=atol):
        return True, "Correct."
    if want.ndim == 0:
        return False, f"Not quite: your answer is {'too large' if got > want else 'too small'}."
    wrong = int(np.sum(~np.isclose(got, want, rtol=rtol, atol=atol)))
    return False, f"Not quite: {wrong} of {want.size} entries are off."


def compare_choice(answer, options) -> tuple[str | None, str]:
    """Which of `options` (their keys) is `answer`? Case, spaces, brackets and a
    trailing dot are ignored: "B", " b)", "(b)" all pick "b".

    Returns (key, "") or (None, what is wrong with the answer).
    """
    picked = normalize(answer)
    for key in options:
        if normalize(key) == picked:
            return key, ""
    keys = ", ".join(repr(k) for k in options)
    return None, f"{answer!r} is not one of the choices: answer with one of {keys}."


def normalize(value) -> str:
    """A choice as compared: lower case, no spaces, no brackets or final dot."""
    return str(value).strip().lower().strip("().").replace(" ", "_")


def parse_typed(text: str):
    """A number typed in a text box: "0.25", "1e-3", "3/4", "-2". Other text is
    returned as it was typed (a choice, or something the judge explains)."""
    text = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text \
        else text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(Fraction(text.replace(" ", "")))
    except (ValueError, ZeroDivisionError):
        return text


def _size(shape) -> str:
    """'a single number', '3 numbers (shape (3,))', 'an array of shape (2, 3)'."""
    if shape == ():
        return "a single number"
    if len(shape) == 1:
        return f"{shape[0]} numbers (shape {shape})"
    return f"an array of shape {shape}"

"""The course's exercises (issue 15): every one accepts its right answer, refuses
wrong ones and hints without giving the answer; every lesson has at least two,
one of which makes the learner predict, find or explain; notebook cells name an
exercise by id and hold no expected values, spoilers or bare asserts.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

import nnviz as nv
from nnviz.exercises import registry

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
EXERCISE_IDS = list(registry._load())  # the values are computed in the tests only

CHECK_CALL = re.compile(r"exercises\.check\((.*)\)")
ID_CALL = re.compile(r"exercises\.(?:check|ask)\(\s*[\"']([\w.]+)[\"']")


def code_cells(path):
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]
            if c["cell_type"] == "code"]


def all_text(path):
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


def number_of(path) -> int:
    return int(path.name.split("_")[0])


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_the_right_answer_is_accepted_and_wrong_ones_refused(exercise_id):
    exercise = nv.exercises.get(exercise_id)
    right, wrong = exercise.examples()
    for answer in right:
        feedback = nv.exercises.check(exercise_id, answer)
        assert feedback, f"{exercise_id}: the right answer {answer!r} was refused: " \
                         f"{feedback.message}"
    for answer in wrong:
        feedback = nv.exercises.check(exercise_id, answer)
        assert not feedback, f"{exercise_id}: the wrong answer {answer!r} passed"
        assert "Hint:" in feedback.message


def _spellings(value) -> set[str]:
    """The ways a hint could give a number away: 0.9, 0.90, 9e-01, 12, 12.0 ..."""
    out = set()
    for v in np.ravel(np.asarray(value, dtype=float)):
        if v in (0.0, 1.0, -1.0) or not np.isfinite(v):
            continue  # too common to forbid
        out |= {f"{v:g}", f"{v:.2f}", f"{v:.3g}", f"{v:.2g}", repr(float(v))}
        if float(v).is_integer():
            out.add(str(int(v)))
    return out


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_no_hint_gives_the_answer_away(exercise_id):
    exercise = nv.exercises.get(exercise_id)
    hints = list(exercise.hints) + list(exercise.misconceptions.values())
    if exercise.judge == "choice":
        key = exercise.value()
        forbidden = {f"({key})", exercise.options[key].lower()}
        for h in hints:
            assert not any(f in h.lower() for f in forbidden), (exercise_id, h)
        return
    values = exercise.value() if exercise.judge == "number" else []
    for h in hints:
        numbers = set(re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", h))
        assert not numbers & _spellings(values), (exercise_id, h)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_has_two_exercises_one_beyond_computing(path):
    rows = [e for e in registry._load().values() if e.lesson == number_of(path)]
    assert len(rows) >= 2, f"{path.name}: {len(rows)} exercise(s) in the catalogue"
    kinds = {e.kind for e in rows}
    assert kinds - {"compute"}, f"{path.name}: only 'compute' exercises"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_exercises_are_named_by_id_and_answer_only(path):
    used = set()
    for source in code_cells(path):
        for call in CHECK_CALL.findall(source):
            args = [a for a in call.split(",") if a.strip()]
            assert len(args) == 2 and "hint" not in call, (
                f"{path.name}: check({call}) should be check(\"<id>\", answer)")
        used |= set(ID_CALL.findall(source))
    lesson = {e.id for e in registry._load().values() if e.lesson == number_of(path)}
    assert used <= set(registry._load()), f"{path.name}: unknown ids {used - set(registry._load())}"
    assert used == lesson, (f"{path.name}: in the catalogue but not asked "
                            f"{sorted(lesson - used)}; asked but of another lesson "
                            f"{sorted(used - lesson)}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_spoilers_and_no_bare_asserts_in_notebooks(path):
    for text in all_text(path):
        assert not re.search(r"checking the checkers|spoiler", text, re.IGNORECASE), (
            f"{path.name}: a spoiler cell is left: {text[:80]!r}")
    for source in code_cells(path):
        lines = [line for line in source.splitlines()
                 if not line.lstrip().startswith(("%", "!"))]
        tree = ast.parse("\n".join(lines))
        asserts = [n for n in ast.walk(tree) if isinstance(n, ast.Assert)]
        assert not asserts, (f"{path.name}: a bare assert (use nv.expect): "
                             f"{ast.unparse(asserts[0])[:100]}")

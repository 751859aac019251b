"""The course is one path (issue 14): every question answered, in the curriculum's
order, and no idea used before the lesson that teaches it without a pointer to that lesson.

Reads the notebooks' `Answers:` lines and text; the order below is Part 2 of the
curriculum ("Course order: never use an idea before it is taught").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

#: Part 2's course order: each step and the questions it answers. A question listed
#: in two steps (Q8's mini-batches, Q9's training side, Q14, Q28) may be answered in
#: either or both.
COURSE = [
    ("start here", set()),
    ("weights", {"Q1", "Q8", "Q11", "Q21"}),
    ("losses", {"Q19", "Q20"}),
    ("gradient descent", {"Q8", "Q9"}),
    ("backpropagation", {"Q17", "Q31", "Q23"}),
    ("activations", {"Q10", "Q24", "Q18"}),
    ("decision boundaries", {"Q16", "Q6", "Q12"}),
    ("initialization", {"Q13", "Q25", "Q9", "Q4"}),
    ("regularization", {"Q22"}),
    ("scaling", {"Q2", "Q5"}),
    ("cnn", {"Q3", "Q7", "Q14", "Q15", "Q28", "Q29"}),
    ("residuals", {"Q26", "Q27", "Q28", "Q32"}),
    ("lstm", {"Q30", "Q14"}),
]

#: Ideas with the lesson that teaches them. Before that lesson, the first cell that
#: uses one must say where it is taught ("lesson N").
TAUGHT_IN = {
    r"\bloss(es)?\b": 2,
    r"cross[- _]entropy": 2,
    r"learning rate": 3,
    r"\bmomentum\b": 3,
    r"\badam\b": 3,
    r"chain rule": 4,
    r"\bdropout\b": 8,
    r"\bl2\b": 8,
    r"\b(he|glorot|xavier) init": 7,
    r"batch[- ]?norm": 11,
    r"\bconvolution": 10,
    r"\blstm\b": 12,
    r"\bresidual": 11,
}


def cells(path):
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


def answers(path) -> set[str]:
    for text in cells(path)[:3]:
        match = re.search(r"^Answers:(.*)$", text, re.MULTILINE)
        if match:
            return set(re.findall(r"Q\d+", match.group(1)))
    raise AssertionError(f"{path.name}: no 'Answers:' line in its first three cells")


def test_there_is_one_notebook_per_step_of_the_course():
    assert len(NOTEBOOKS) == len(COURSE), [p.name for p in NOTEBOOKS]
    numbers = [int(p.name.split("_")[0]) for p in NOTEBOOKS]
    assert numbers == list(range(len(COURSE)))


@pytest.mark.parametrize("index", range(len(COURSE)), ids=[c[0] for c in COURSE])
def test_each_notebook_answers_its_steps_questions(index):
    path = NOTEBOOKS[index]
    declared = answers(path) if index else set()
    step, expected = COURSE[index]
    assert declared <= expected, (
        f"{path.name} declares {sorted(declared - expected)}, which the course answers "
        f"in another step; step '{step}' answers {sorted(expected)}")


def test_every_question_is_answered():
    declared = set().union(*(answers(p) for p in NOTEBOOKS[1:]))
    missing = {f"Q{n}" for n in range(1, 33)} - declared
    assert not missing, f"no notebook's Answers line declares {sorted(missing)}"


def test_every_title_carries_its_lesson_number():
    for number, path in enumerate(NOTEBOOKS[1:], start=1):
        title = cells(path)[0].splitlines()[0]
        assert re.match(rf"# Lesson {number}\b", title), f"{path.name}: title {title!r}"


@pytest.mark.parametrize("pattern, lesson", TAUGHT_IN.items())
def test_no_idea_is_used_before_its_lesson_without_a_pointer(pattern, lesson):
    for path in NOTEBOOKS[:lesson]:
        for text in cells(path):
            if re.search(pattern, text, re.IGNORECASE):
                assert re.search(rf"lessons? (\d+, |\d+ and )*{lesson}\b", text,
                                 re.IGNORECASE), (
                    f"{path.name} uses /{pattern}/ before lesson {lesson} teaches it; "
                    f"the first cell that uses it must say so in one line "
                    f"('… lesson {lesson}'):"
                    f"\n{text[:300]}")
                break

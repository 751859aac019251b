"""The install paths stay in step, and the core stays free of plotting imports."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~ ]", requirement.strip(), maxsplit=1)[0].lower()


def _pyproject_requirements():
    # The quoted requirement strings of [project] dependencies and the test extra.
    text = (ROOT / "pyproject.toml").read_text()
    project = text.split("[project]", 1)[1].split("\n[tool.", 1)[0]
    deps = re.findall(r'^\s+"([A-Za-z0-9_.-]+[<>=!~][^"]*)",$', project, re.M)
    return {_name(d): d.replace(" ", "") for d in deps}


def _conda_requirements():
    names = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^  - ([A-Za-z0-9_.-]+.*)$", line)
        if match and not match.group(1).startswith("pip"):
            names[_name(match.group(1))] = match.group(1).replace(" ", "")
    names.pop("python", None)
    return names


def test_environment_yml_and_pyproject_name_the_same_packages():
    assert {"numpy", "ipympl", "nbval", "playwright"} <= set(_pyproject_requirements())
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_installs_nnviz_itself():
    assert "- -e ." in (ROOT / "environment.yml").read_text()


def test_no_exact_pins():
    assert not any("==" in d for d in _pyproject_requirements().values())


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 course.py test" in readme and "python3 course.py test" in ci
    assert "python3 course.py lab" in readme


@pytest.mark.parametrize("uid, allowed", [(0, True), (1000, False)])
def test_lab_command_starts_as_root_too(monkeypatch, uid, allowed):
    # JupyterLab refuses to run as root without --allow-root (containers,
    # classroom images): the README's lab command must still open the lessons.
    import course

    monkeypatch.setattr(course.os, "geteuid", lambda: uid, raising=False)
    command = course.lab_command(["--no-browser"])
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert ("--allow-root" in command) == allowed
    assert command[-1] == "--no-browser"


def test_every_notebook_says_which_questions_it_answers():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = notebook.read_text()
        if notebook.name.startswith("00"):
            continue
        assert re.search(r"Answers: Q\d+", text), (
            f"{notebook.name} has no 'Answers:' line"
        )


def test_notebooks_are_committed_without_outputs():
    import json

    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        stored = [c for c in cells if c["cell_type"] == "code" and c.get("outputs")]
        assert not stored, f"{notebook.name} has stored outputs; clear them"


def test_readme_lists_every_lesson_with_the_questions_it_answers():
    readme = (ROOT / "README.md").read_text()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        row = re.search(rf"^\| `{notebook.stem}` \|.*\|(.*)\|$", readme, re.M)
        assert row, f"README's lessons table has no row for {notebook.stem}"
        answers = re.search(r"Answers: ((?:Q\d+,? ?)+)", notebook.read_text())
        listed = set(re.findall(r"Q\d+", row.group(1)))
        stated = set(re.findall(r"Q\d+", answers.group(1))) if answers else set()
        assert listed == stated, (notebook.stem, listed, stated)


#: The curriculum's learner questions (shared/curriculum.md: Q1 to Q30).
CURRICULUM = {f"Q{i}" for i in range(1, 31)}


def test_every_curriculum_question_is_answered_by_a_lesson():
    answered = set()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        line = re.search(r"Answers: ((?:Q\d+,? ?)+)", notebook.read_text())
        answered |= set(re.findall(r"Q\d+", line.group(1))) if line else set()
    assert not CURRICULUM - answered, f"not answered: {sorted(CURRICULUM - answered)}"
    assert answered <= CURRICULUM, f"not in the curriculum: {answered - CURRICULUM}"

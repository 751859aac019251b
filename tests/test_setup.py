"""The install paths stay in step, and the core stays free of plotting imports."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~ ]", requirement.strip(), maxsplit=1)[0].lower()


def _pyproject_lines():
    # The quoted requirement strings of [project] dependencies and the test extra.
    text = (ROOT / "pyproject.toml").read_text()
    project = text.split("[project]", 1)[1].split("\n[tool.", 1)[0]
    return re.findall(r'^\s+"([A-Za-z0-9_.-]+[<>=!~][^"]*)",$', project, re.M)


def _version(requirement):
    return tuple(int(part) for part in re.findall(r"\d+", requirement.split(">=")[1]))


def _pyproject_requirements():
    """{name: "name>=floor"}, the floor being the lowest one given (the one for
    the oldest Python when a python_version marker gives each Python its own)."""
    floors = {}
    for line in _pyproject_lines():
        spec = line.split(";")[0].replace(" ", "")
        name = _name(spec)
        if name not in floors or _version(spec) < _version(floors[name]):
            floors[name] = spec
    return floors


def _check_floors():
    """scripts/check_floors.py, imported as a module."""
    import importlib.util

    path = ROOT / "scripts" / "check_floors.py"
    spec = importlib.util.spec_from_file_location("check_floors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_environment_yml_installs_nnviz_itself_not_editable():
    # Binder's image builder handles editable installs badly: install the folder.
    pip_section = (ROOT / "environment.yml").read_text().split("- pip:", 1)[1]
    assert re.search(r"^\s+- \.\s*$", pip_section, re.M) and "-e" not in pip_section


def test_no_exact_pins():
    assert not any("==" in d.split(";")[0] for d in _pyproject_lines())


def test_every_python_gets_one_floor_of_each_package():
    # The python_version markers give each Python from 3.10 to the newest one
    # floor per package: none missing, none twice.
    floors = _check_floors()
    requirements, lowest = floors.read_floors()
    names = sorted(_pyproject_requirements())
    pythons = [(3, minor) for minor in range(lowest[1], floors.NEWEST_PYTHON[1] + 1)]
    assert lowest == (3, 10) and len(pythons) >= 6
    by_python = {}
    for python in pythons:
        pins = [p for p in floors.floor_pins(requirements, python) if "==" in p]
        assert sorted(_name(p) for p in pins) == names, python
        by_python[python] = {_name(p): _version(p.replace("==", ">=")) for p in pins}
    for older, newer in zip(pythons, pythons[1:], strict=False):
        for name in names:  # a newer Python never gets a lower floor
            assert by_python[newer][name] >= by_python[older][name], (name, newer)


def test_floor_check_reads_markers_and_refuses_others():
    floors = _check_floors()
    lines = [
        "numpy>=1.24; python_version < '3.12'",
        "numpy>=2.1; python_version >= '3.12'",
    ]
    assert floors.floor_pins(lines, (3, 11))[0] == "numpy==1.24"
    assert floors.floor_pins(lines, (3, 13))[0] == "numpy==2.1"
    with pytest.raises(SystemExit, match="python_version"):
        floors.floor_pins(["numpy>=1.24; sys_platform == 'win32'"], (3, 11))
    with pytest.raises(SystemExit, match="name>=version"):
        floors.floor_pins(["numpy~=1.24"], (3, 11))


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 course.py test" in readme and "python3 course.py test" in ci
    assert "python3 course.py lab" in readme


def test_the_test_command_runs_the_lessons_strict():
    # nbval's kernels inherit pytest's environment: with NNVIZ_STRICT=1 a lesson's
    # nv.expect(...) that does not hold fails the notebook instead of printing ✗.
    import course

    env = course.testing_environment({"PATH": "/bin"}, "/usr/bin/chromium")
    assert env["NNVIZ_STRICT"] == "1" and env["PATH"] == "/bin"
    assert env["NNVIZ_BROWSER"] == "/usr/bin/chromium"


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
        answers = re.search(r"Answers:([^\n\\]*)", notebook.read_text())
        listed = set(re.findall(r"Q\d+", row.group(1)))
        stated = set(re.findall(r"Q\d+", answers.group(1))) if answers else set()
        assert listed == stated, (notebook.stem, listed, stated)


# Every curriculum question answered, in the course's order: tests/test_course_order.py

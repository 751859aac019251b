"""Binder's set-up stays in step with pyproject.toml and installs nnviz properly.

Binder (repo2docker) reads binder/: requirements.txt (the runtime packages), then
postBuild (nnviz itself, from the repository, not editable). Binder cannot be
reached from the test machines, so these tests check the files, not a build.
"""

import os
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _requirement(line):
    """(name, specifier, marker) of a requirement line, spaces and quotes aside."""
    requirement = Requirement(line)
    marker = str(requirement.marker) if requirement.marker else ""
    return requirement.name.lower(), str(requirement.specifier), marker


def _runtime_dependencies():
    # [project] dependencies of pyproject.toml: one quoted requirement per line.
    text = (ROOT / "pyproject.toml").read_text()
    block = re.search(r"^dependencies = \[\n(.*?)^\]", text, re.MULTILINE | re.DOTALL)
    assert block, "pyproject.toml has no `dependencies = [` list"
    return re.findall(r'^\s+"([^"]+)",?\s*$', block.group(1), re.MULTILINE)


def _binder_requirements():
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_binder_installs_exactly_the_runtime_dependencies_of_pyproject():
    runtime = sorted(map(_requirement, _runtime_dependencies()))
    binder = sorted(map(_requirement, _binder_requirements()))
    assert {name for name, _, _ in runtime} >= {"numpy", "ipympl", "jupyterlab"}
    assert binder == runtime, (
        "binder/requirements.txt must list the [project] dependencies of "
        "pyproject.toml, line for line (markers included)"
    )


def test_binder_requirements_name_no_local_path_and_no_test_tools():
    # A local path (".", "-e .") makes Binder copy the whole repository before this
    # step, so every commit rebuilds every package; test tools are not runtime.
    for line in _binder_requirements():
        assert not line.startswith(("-", ".", "/")), line
        assert _requirement(line)[0] not in {"pytest", "nbval", "playwright", "voila"}


def test_postbuild_installs_nnviz_from_the_repository_not_editable():
    script = (BINDER / "postBuild").read_text()
    assert script.startswith("#!/bin/bash\n") and "set -euo pipefail" in script
    commands = [line for line in script.splitlines()
                if line.strip() and not line.startswith("#")]
    installs = [c for c in commands if "pip install" in c]
    assert len(installs) == 1
    words = installs[0].split()
    assert words[-1] == "." and "--no-deps" in words
    assert "-e" not in words and "--editable" not in words


@pytest.mark.skipif(os.name == "nt", reason="no execute bit on Windows")
def test_postbuild_is_executable():
    assert os.access(BINDER / "postBuild", os.X_OK)

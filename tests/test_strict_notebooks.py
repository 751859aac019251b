"""nbval runs the lessons strict: a fact a lesson states with nv.expect fails the
notebook under the test command, and only prints ✗ in a learner's session."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course

NOTEBOOK = Path(__file__).parent / "fixtures" / "expect_false.ipynb"


@pytest.mark.parametrize("strict", [True, False])
def test_a_false_expect_fails_a_notebook_only_in_strict_mode(strict, tmp_path):
    # Run outside tests/, so that tests/conftest.py (which turns strict mode on
    # for this session) is not loaded: only the environment decides.
    notebook = shutil.copy(NOTEBOOK, tmp_path)
    env = course.testing_environment(os.environ, None)
    if not strict:
        env.pop("NNVIZ_STRICT")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
         "-q", "--rootdir", str(tmp_path), "-c", "/dev/null", notebook],
        env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    if strict:
        assert run.returncode == 1 and "ExpectationFailed" in run.stdout, run.stdout
    else:
        assert run.returncode == 0, run.stdout

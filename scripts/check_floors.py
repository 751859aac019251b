"""Check that nnviz works with every dependency at its declared lowest version.

    python3 scripts/check_floors.py            # floors + the non-browser tests
    python3 scripts/check_floors.py --quick    # floors + the quick tests only
    python3 scripts/check_floors.py --wheels   # only: has every floor a wheel
                                               # for each supported Python?

It reads the floors (`name>=X`) of [project] dependencies and of the `test`
extra in pyproject.toml, makes a throw-away venv, installs exactly `name==X`
(wheels only: a floor that must be built from source counts as a failure)
and nnviz itself without dependencies, prints what it installed, and runs
pytest there. The exit code is pytest's (non-zero on any failure).

`--wheels` installs nothing: for each Python from requires-python up to
NEWEST_PYTHON it asks pip (--dry-run) whether the floor set resolves with
wheels only, on this machine's platform. (pip reads the markers of the
dependencies' own requirements for the Python running it, so this is a close
check of the other Pythons, not an install on them.)

Standard library only; works on Linux, macOS and Windows (Python 3.10+).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The newest Python release that nnviz promises wheels for (--wheels checks
#: every minor version from requires-python up to this one).
NEWEST_PYTHON = (3, 15)

# No pin beyond the floors is needed: numpy is pinned to its own floor (1.24 on
# Python 3.10/3.11), so pip cannot bring numpy 2.x, whose ABI break would make
# matplotlib 3.7's compiled parts fail at import ("A module that was compiled
# using NumPy 1.x cannot be run in NumPy 2"); pip picks the transitive packages
# (contourpy, ipython, ...) that fit the floors. Add a pin here, with its reason,
# if a transitive release ever breaks the floor set.

QUICK = "not browser and not widgets"
ALL_BUT_BROWSER = "not browser"


def read_floors() -> tuple[list[str], tuple[int, int]]:
    """The requirement strings of [project] dependencies and the test extra,
    and the lowest Python of requires-python, as (major, minor)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # Python 3.10: the same two lists, read with a regex
        project = text.split("[project]", 1)[1].split("\n[tool.", 1)[0]
        requirements = re.findall(r'^\s+"([A-Za-z0-9_.-]+[<>=!~][^"]*)",$',
                                  project, re.M)
        python = re.search(r'requires-python\s*=\s*">=(\d+)\.(\d+)"', project)
    else:
        project = tomllib.loads(text)["project"]
        requirements = project["dependencies"] + project["optional-dependencies"][
            "test"
        ]
        python = re.fullmatch(r">=(\d+)\.(\d+)", project["requires-python"])
    return requirements, (int(python.group(1)), int(python.group(2)))


def marker_holds(marker: str, python: tuple[int, int]) -> bool:
    """Evaluate `python_version <op> 'X.Y'` clauses joined by `and`.

    pyproject.toml only uses such markers; anything else is an error here, so
    the check never silently skips a requirement.
    """
    ops = {
        "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    }
    for clause in marker.split(" and "):
        match = re.fullmatch(
            r"\s*python_version\s*(<=|>=|==|!=|<|>)\s*['\"](\d+)\.(\d+)['\"]\s*",
            clause,
        )
        if not match:
            raise SystemExit(
                f"check_floors.py understands only python_version markers "
                f"joined by 'and'; got {marker!r} in pyproject.toml."
            )
        op, major, minor = match.groups()
        if not ops[op](python, (int(major), int(minor))):
            return False
    return True


def floor_pins(requirements: list[str], python: tuple[int, int]) -> list[str]:
    """`name>=X[; marker]` -> `name==X` for the requirements that apply."""
    pins = []
    for requirement in requirements:
        spec, _, marker = requirement.partition(";")
        if marker and not marker_holds(marker, python):
            continue
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)\s*", spec)
        if not match:
            raise SystemExit(
                f"check_floors.py expects every requirement as 'name>=version' "
                f"(optionally '; python_version ...'); got {requirement!r}."
            )
        pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], **kwargs)


def make_venv(where: Path) -> Path:
    """A fresh venv with an up-to-date pip; returns its python.

    The pip bundled with Python 3.11 (23.2) checks Requires-Python against
    the Python running it, not the one --python-version names (--wheels).
    """
    venv.create(where, with_pip=True, clear=True)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        raise SystemExit(f"venv at {where} has no python at {python}")
    run(python, "-m", "pip", "install", "-qq", "--disable-pip-version-check",
        "--upgrade", "pip", check=True)
    return python


def installed(python: Path) -> dict[str, str]:
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze",
         "--disable-pip-version-check"],
        capture_output=True, text=True, check=True,
    ).stdout
    pairs = (line.split("==", 1) for line in out.splitlines() if "==" in line)
    return {name.lower().replace("_", "-"): version for name, version in pairs}


def report(pins: list[str], versions: dict[str, str]):
    wanted = [p.split("==")[0].lower() for p in pins if "==" in p]
    print("\nFloors installed:")
    for name in wanted:
        print(f"  {name:<14} {versions.get(name, 'MISSING')}")
    others = sorted(f"{n}=={v}" for n, v in versions.items() if n not in wanted)
    print(f"\nChosen by pip for those floors ({len(others)} more):")
    print("  " + ", ".join(others), flush=True)


def check_install_and_test(marks: str, keep: Path | None, pytest_args) -> int:
    requirements, _ = read_floors()
    python_now = sys.version_info[:2]
    pins = floor_pins(requirements, python_now)
    where = keep or Path(tempfile.mkdtemp(prefix="nnviz-floors-"))
    start = time.perf_counter()
    try:
        python = make_venv(where)
        # --only-binary: a floor without a wheel for this Python is a failure,
        # not a 10-minute compile.
        install = run(
            python, "-m", "pip", "install", "-qq", "--disable-pip-version-check",
            "--only-binary=:all:", *pins,
        )
        if install.returncode:
            print(f"\nFAILED: pip could not install the floors {pins} on Python "
                  f"{python_now[0]}.{python_now[1]} from wheels.")
            return install.returncode
        run(python, "-m", "pip", "install", "-qq", "--disable-pip-version-check",
            "--no-deps", "-e", ROOT, check=True)
        report(pins, installed(python))
        setup = time.perf_counter() - start
        env = dict(os.environ, MPLBACKEND="Agg")
        given = any((ROOT / a.split("::")[0]).exists() for a in pytest_args)
        paths = [] if given else ["tests/"]  # not testpaths: no notebooks here
        tests = run(python, "-m", "pytest", "-q", "-m", marks, *pytest_args, *paths,
                    cwd=ROOT, env=env)
        total = time.perf_counter() - start
        print(f"\nFloor check: install {setup:.0f} s, tests {total - setup:.0f} s; "
              f"{'PASSED' if tests.returncode == 0 else 'FAILED'}.")
        return tests.returncode
    finally:
        if keep is None:
            shutil.rmtree(where, ignore_errors=True)


def check_wheels() -> int:
    """Dry-run the floor set for each supported Python, wheels only."""
    requirements, lowest = read_floors()
    failures = []
    with tempfile.TemporaryDirectory(prefix="nnviz-wheels-") as tmp:
        python = make_venv(Path(tmp) / "venv")
        for minor in range(lowest[1], NEWEST_PYTHON[1] + 1):
            version = (lowest[0], minor)
            pins = floor_pins(requirements, version)
            result = run(
                python, "-m", "pip", "install", "--dry-run", "--quiet",
                "--disable-pip-version-check", "--ignore-installed",
                "--only-binary=:all:", f"--python-version={version[0]}.{minor}",
                "--target", Path(tmp) / "target", *pins,
                capture_output=True, text=True,
            )
            ok = result.returncode == 0
            print(f"  Python {version[0]}.{minor}: {'ok' if ok else 'NO WHEEL'}"
                  f"  ({' '.join(pins)})", flush=True)
            if not ok:
                failures.append(version)
                errors = [e for e in result.stderr.splitlines() if "ERROR" in e]
                print("    " + "\n    ".join(errors or [result.stderr.strip()]))
    if failures:
        print(f"\nFAILED: no wheel-only install of the floors for Python "
              f"{', '.join(f'{a}.{b}' for a, b in failures)}; raise those floors "
              f"(a python_version marker per Python) in pyproject.toml.")
    return 1 if failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Arguments after -- go to pytest, e.g. -- -x tests/nn",
    )
    parser.add_argument("--quick", action="store_true",
                        help=f'run only -m "{QUICK}" (no figure or panel tests)')
    parser.add_argument("--wheels", action="store_true",
                        help="only check that the floors have wheels for every "
                             "supported Python (installs nothing)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the venv in DIR and keep it (e.g. .venv-floors)")
    args, pytest_args = parser.parse_known_args(argv)
    pytest_args = [a for a in pytest_args if a != "--"]
    if args.wheels:
        return check_wheels()
    marks = QUICK if args.quick else ALL_BUT_BROWSER
    return check_install_and_test(marks, args.keep, pytest_args)


if __name__ == "__main__":
    sys.exit(main())

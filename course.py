"""Set up nnviz and open the lessons, or run every test. Standard library only.

    python3 course.py lab     # make .venv, install nnviz, open JupyterLab on notebooks/
    python3 course.py test    # make .venv, install nnviz and test tools, run all tests

Extra arguments after `test` go to pytest, e.g.
`python3 course.py test -m "not browser"`.
Works on Linux, macOS and Windows: it only needs Python 3.10 or newer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(extra: str = ""):
    if sys.version_info < (3, 10):  # noqa: UP036  friendly message on old Pythons
        sys.exit(f"nnviz needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    target = f".{extra}" if not extra else f".[{extra}]"
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target, cwd=ROOT)


def find_browser() -> str | None:
    """NNVIZ_BROWSER if set, else a Chromium or Chrome on the PATH."""
    if os.environ.get("NNVIZ_BROWSER"):
        return os.environ["NNVIZ_BROWSER"]
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_browser():
    """Install Debian's chromium with apt when no browser is found and we may."""
    if find_browser():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        run(apt, "update", "-qq")
        run(apt, "install", "-y", "-qq", "chromium")
    if not find_browser():
        print("No Chromium or Chrome found: the browser tests will be skipped. "
              "Install chromium, or set NNVIZ_BROWSER=/path/to/chrome.", flush=True)


def lab_command(rest=()) -> list[str]:
    """The JupyterLab command line. As root (a container, a classroom image)
    JupyterLab refuses to start unless told that this is intended."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return [str(PYTHON), "-m", "jupyter", "lab", str(ROOT / "notebooks"),
            *(["--allow-root"] if root else []), *rest]


def main(argv):
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "lab":
        ensure_venv()
        command_line = lab_command(rest)
        os.execv(command_line[0], command_line)
    elif command == "test":
        ensure_venv("test")
        ensure_browser()
        env = dict(os.environ, NNVIZ_BROWSER=find_browser() or "")
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    else:
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Memory of one learner's kernel per lesson: run each notebook, read the kernel's RSS.

    .venv/bin/python scripts/measure_kernel_memory.py            # every lesson
    .venv/bin/python scripts/measure_kernel_memory.py notebooks/06_cnn_filters.ipynb

Each notebook runs top to bottom in a fresh kernel (as "Run All" in JupyterLab
does, exercises included), then the script reads from /proc (Linux only) the
kernel's resident memory now (VmRSS) and at its peak (VmHWM), and prints one line
per lesson and the heaviest. A hub needs, per learner, the heaviest lesson's peak
plus the single-user server's own memory. Widgets and ipympl figures are created
as in the browser; only the browser's side (drawing) is missing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _status_mb(pid: int, field: str) -> float:
    """A `VmRSS:`-style field of /proc/<pid>/status, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # the file says kB
    raise ValueError(f"/proc/{pid}/status has no {field} line")


def measure(path: Path, timeout: float = 600) -> tuple[float, float, float, int]:
    """(seconds, RSS after the run in MB, peak RSS in MB, cells that raised) of
    `path` run in a fresh kernel. A cell that raises does not stop the run."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        seconds = time.monotonic() - start
        pid = client.km.provisioner.pid
        rss, peak = _status_mb(pid, "VmRSS"), _status_mb(pid, "VmHWM")
    failed = sum(any(o.output_type == "error" for o in cell.get("outputs", []))
                 for cell in notebook.cells)
    return seconds, rss, peak, failed


def main(argv: list[str]) -> int:
    if not Path("/proc/self/status").exists():
        sys.exit("This script reads /proc: run it on Linux.")
    os.environ.pop("MPLBACKEND", None)  # the lessons choose ipympl themselves
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows = []
    print(f"{'lesson':<30} {'run s':>6} {'RSS MB':>7} {'peak MB':>8}", flush=True)
    for path in paths:
        seconds, rss, peak, failed = measure(path.resolve())
        rows.append((path.stem, peak))
        note = f"  ({failed} cell(s) raised)" if failed else ""
        print(f"{path.stem:<30} {seconds:6.1f} {rss:7.0f} {peak:8.0f}{note}",
              flush=True)
    name, peak = max(rows, key=lambda row: row[1])
    print(f"heaviest: {name}, peak {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

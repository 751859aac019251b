"""Every lesson notebook, opened in JupyterLab in headless Chromium as a learner would.

For each notebooks/*.ipynb present at collection time: run all cells, then no
error anywhere, every displayed widget and figure rendered, every slider moved
by keyboard changes a figure, every Play pressed for a second changes a figure,
every menu set to another option and every button clicked raises no error,
and one exercise box (nv.exercises.ask) per lesson, answered wrong and then
right through its widgets, shows ✗ and then ✓ (see checker.py for the rules and the `nnviz-no-redraw` convention). A
screenshot of each lesson lands in artifacts/screenshots/. The terminal
summary prints, per notebook: cells, widgets found, sliders moved, plays,
menus and buttons used, seconds; then each slider's key press -> repaint
latency (median, p90, and p90 over the floor a bare figure gives in the same
run: the `latency_floor` fixture), written to artifacts/browser_latency.json.
Latency is printed, not asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checker import RESULTS, check_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")
)


#: Checks of one notebook after an ipympl image-load failure (see
#: NotebookResult.ipympl_glitch) before the notebook is failed.
GLITCH_RETRIES = 2


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[Path(n).stem for n in NOTEBOOKS])
def test_lesson_in_browser(browser, lab, latency_floor, notebook):
    result = check_notebook(browser, lab, notebook)
    for retry in range(1, GLITCH_RETRIES + 1):
        died = result.kernel_died and retry == 1  # a crashed kernel: one more try
        if not (result.ipympl_glitch or died):  # any other problem fails at once
            break
        print(result.message())
        result = check_notebook(browser, lab, notebook)
        result.retries = retry
    RESULTS.append(result)
    print(result.summary())
    assert result.ok, result.message()
    if not Path(notebook).name.startswith("00_"):  # the tour has no exercises
        assert result.exercises_answered == 1, (
            f"{notebook}: no exercise box answered (each lesson shows one with "
            "nv.exercises.ask)")

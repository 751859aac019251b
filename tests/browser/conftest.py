"""Session fixtures for the browser suite: one JupyterLab server, one Chromium.

The app pass (test_app.py) has its own: one `course.py app-server` (Voila) and one
Chromium, started only when an app test runs; without Voila it is skipped.

`latency_floor` times a bare figure's slider (checker.measure_floor) when the
first lesson opens and again when the session ends; the terminal summary prints
every lesson's slider latencies against it and writes artifacts/browser_latency.json.

The browser is NNVIZ_BROWSER if set, else chromium / chromium-browser /
google-chrome on the PATH; without one (or without Playwright) every browser
test is skipped with the reason. Playwright only drives it: it never downloads
a browser of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from app import APP_RESULTS, AppServer  # noqa: E402
from checker import (  # noqa: E402
    FLOOR,
    LATENCY_JSON,
    RESULTS,
    ROOT,
    latency_report,
    launch_browser,
    measure_floor,
)
from lab import LabServer  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    """NNVIZ_BROWSER if set (and non-empty), else a Chromium or Chrome on the PATH."""
    named = os.environ.get("NNVIZ_BROWSER")
    if named:
        return named if (os.path.exists(named) or shutil.which(named)) else None
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser_path():
    path = find_browser()
    if path is None:
        named = os.environ.get("NNVIZ_BROWSER")
        reason = (
            f"NNVIZ_BROWSER={named!r} does not exist"
            if named
            else "no Chromium or Chrome found (install chromium, or set "
            "NNVIZ_BROWSER=/path/to/chrome)"
        )
        pytest.skip(f"browser tests skipped: {reason}")
    return shutil.which(path) or path


@pytest.fixture(scope="session")
def lab():
    """A JupyterLab server on loopback for the whole session; always stopped."""
    server = LabServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright_manager(browser_path):
    """Playwright, started once: its sync API cannot run twice in one process, and
    the lab pass and the app pass each need a browser."""
    playwright_api = pytest.importorskip(
        "playwright.sync_api",
        reason="browser tests skipped: playwright is not installed",
    )
    manager = playwright_api.sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


def _chromium(manager, browser_path, prefix):
    """A Chromium persistent context with a fresh profile, closed and removed after."""
    profile = tempfile.mkdtemp(prefix=prefix)
    try:
        context = launch_browser(manager, browser_path, profile)
        try:
            yield context
        finally:
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(playwright_manager, browser_path, lab):
    """The Chromium shared by all notebooks in JupyterLab."""
    yield from _chromium(playwright_manager, browser_path, "nnviz-chromium-")


@pytest.fixture(scope="session")
def latency_floor(browser, lab):
    """The bare figure's slider latency, measured now and at the end of the session.

    Appends each measurement (a NotebookResult) to checker.FLOOR. A broken floor
    fails no lesson: its errors are printed in the latency summary instead.
    """
    FLOOR.append(measure_floor(browser, lab))
    yield FLOOR
    FLOOR.append(measure_floor(browser, lab))


@pytest.fixture(scope="session")
def app_server(browser_path):
    """`course.py app-server` (Voila) on loopback for the session; always stopped."""
    pytest.importorskip(
        "voila",
        reason="app tests skipped: voila is not installed (pip install -e '.[app]')",
    )
    server = AppServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_browser(playwright_manager, browser_path, app_server):
    """The Chromium for the app pages."""
    yield from _chromium(playwright_manager, browser_path, "nnviz-chromium-app-")


def _latency_summary(terminalreporter):
    """Every lesson's slider latencies against the floor; also as JSON."""
    terminalreporter.section(
        "slider latency in the browser (key press -> first repaint; printed, "
        "not asserted)"
    )
    lines, data = latency_report(RESULTS, FLOOR)
    for line in lines:
        terminalreporter.write_line(line)
    LATENCY_JSON.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_JSON.write_text(json.dumps(data, indent=1) + "\n")
    terminalreporter.write_line(f"written to {LATENCY_JSON.relative_to(ROOT)}")


def pytest_terminal_summary(terminalreporter):
    if APP_RESULTS:
        terminalreporter.section("lessons as apps (Voila, python3 course.py app)")
        terminalreporter.write_line(APP_RESULTS[0].HEADER)
        for result in APP_RESULTS:
            terminalreporter.write_line(result.summary())
        total = sum(r.seconds for r in APP_RESULTS)
        terminalreporter.write_line(
            f"{len(APP_RESULTS)} lesson(s) in {total:.0f} s; seconds from the page "
            "request, (cpu) the kernel's CPU seconds by then; screenshots in "
            "artifacts/screenshots/app/"
        )
    if RESULTS:
        terminalreporter.section("lessons in the browser")
        for result in RESULTS:
            terminalreporter.write_line(result.summary())
        total = sum(r.seconds for r in RESULTS)
        terminalreporter.write_line(
            f"{len(RESULTS)} notebook(s) in {total:.0f} s; "
            f"screenshots in artifacts/screenshots/"
        )
    if FLOOR or RESULTS:
        _latency_summary(terminalreporter)

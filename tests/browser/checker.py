"""Open a notebook in JupyterLab in headless Chromium, run it, check it as a learner.

`check_notebook(context, lab, relpath)` returns a `NotebookResult`. It fails
(`result.errors` non-empty; `result.message()` names the notebook and the
control) when:

- any cell has an error output or a traceback on stderr; a widget shows
  "Error displaying widget" / "Model not found"; an `Output` widget shows a
  traceback or an nnviz error line (`⚠ SomeError: ...`, see
  `nnviz.widgets.controls.reports_errors`); a cell prints numpy's repr of a
  scalar (`np.float64(0.69)` where a learner should read 0.69); the kernel
  sends an `error` on iopub (errors raised in widget callbacks arrive there,
  as replies to a `comm_msg`, and nowhere on the page); the page logs a
  console error or throws an uncaught exception;
- a widget reachable from a displayed output is not on the page, or an ipympl
  figure the kernel created is not displayed, or is displayed but blank;
- a slider, moved one step by keyboard (ArrowRight, or ArrowLeft at its end),
  does not move, or no ipympl canvas changes its pixels within a few seconds
  (pixels hashed with `getImageData`; a canvas in the same cell is preferred,
  any canvas in the notebook is accepted). A slider in a cell with no figure
  at all (a shapes table) must change the text its cell's widgets show;
- a Play button, pressed for about a second, changes no canvas;
- choosing the next option of a Dropdown or ToggleButtons, or clicking a
  Button, raises an error anywhere above (these may rightly change no figure:
  a loss menu is read only when training runs, so only errors are checked).
  Buttons that write files (the playground's GIF / HTML export) are marked
  with `nnviz.widgets.controls.mark_writes_files` and not clicked.

Convention for controls that rightly change no figure by themselves (a
learning-rate slider read only when training runs, a slider that only sets a
text next to a figure):
mark them with `nnviz.widgets.controls.mark_no_redraw(widget)`, which adds the
CSS class `nnviz-no-redraw`. The checker skips marked controls and everything
inside a marked container; every other visible, enabled slider and Play must
change some figure. Hidden and disabled controls are skipped (and counted).

A full-page screenshot is written to `artifacts/screenshots/<notebook>.png`.

Latency (printed, never asserted): every slider that repaints is moved
LATENCY_MOVES times (5; environment variable NNVIZ_LATENCY_MOVES), alternately
right and left, after it was focused and the page settled (its cell becomes the
active one), and each move is timed in the page from the key press to the
first change of a figure's pixels (a canvas in the slider's cell if one changes,
else any canvas; the cell's text for a slider with no figure). `measure_floor`
times the same way a bare ipympl figure redrawing a sine
(fixtures/latency_floor.ipynb): conftest.py does it at the start and at the end
of a run, and the terminal summary prints each lesson's sliders (median,
p90, p90 / floor p90) from `latency_report`, also written to
artifacts/browser_latency.json.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SCRIPT = (Path(__file__).with_name("checker.js")).read_text()
NO_REDRAW_CLASS = "nnviz-no-redraw"
IPYMPL_GLITCH = "HTMLImageElement provided is in the 'broken' state"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

OPEN_TIMEOUT = 90.0  # page load, kernel start
RUN_TIMEOUT = 240.0  # run all cells
CHANGE_TIMEOUT = 6.0  # a figure repaints after a key press (measured ~0.1 s)
PLAY_SECONDS = 1.0

#: Timed moves per slider (the first is the move every slider must pass).
LATENCY_MOVES = max(1, int(os.environ.get("NNVIZ_LATENCY_MOVES", "5")))
FLOOR_MOVES = 11  # the bare figure's slider: more moves, steadier median and p90
FLOOR_NOTEBOOK = "tests/browser/fixtures/latency_floor.ipynb"
SETTLE = 0.15  # s of idle kernel and no canvas paint before the next timed move
LATENCY_JSON = ROOT / "artifacts" / "browser_latency.json"
#: What JupyterLab's dialog says when a kernel dies (NotebookResult.kernel_died).
KERNEL_DIED = "appears to have died"

RESULTS: list = []  # every lesson's NotebookResult, for the terminal summary (conftest)
FLOOR: list = []  # the floor's NotebookResults of this run (start, end): conftest


def percentile(values, q: float) -> float | None:
    """The q-th percentile (0-100) of `values`, interpolated linearly; None if empty."""
    return float(np.percentile(values, q)) if len(values) else None


@dataclass
class SliderLatency:
    """Key press -> first repaint of one slider, in milliseconds, one per move.

    `kind` is "figure" (first change of a canvas's pixels: see
    `_wait_for_repaint`) or "text" (a slider in a cell with no figure: first
    change of its cell's text). `moves` counts the
    moves that changed the slider's value; `ms` has one entry per move that
    repainted in time, so `moves - len(ms)` moves repainted nothing. `looked`
    counts samples caught by the coarse fallback look instead of the paint hook.
    """

    slider: str
    kind: str = "figure"
    moves: int = 0
    ms: list = field(default_factory=list)
    looked: int = 0

    @property
    def median(self) -> float | None:
        return percentile(self.ms, 50)

    @property
    def p90(self) -> float | None:
        return percentile(self.ms, 90)


@dataclass
class NotebookResult:
    """What the checker saw in one notebook."""

    notebook: str
    cells: int = 0
    widgets_expected: int = 0
    widgets_found: int = 0
    figures: int = 0
    sliders: int = 0
    sliders_moved: int = 0
    sliders_skipped: list = field(default_factory=list)
    plays_pressed: int = 0
    choices: int = 0
    choices_used: int = 0
    buttons_pressed: int = 0
    exercises_answered: int = 0
    run_seconds: float = 0.0
    seconds: float = 0.0
    retries: int = 0
    screenshot: Path | None = None
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)  # SliderLatency, slider by slider

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def ipympl_glitch(self) -> bool:
        """ipympl lost a frame (its PNG image went 'broken'); the figure then freezes.

        Seen in a few CI runs, on lessons that pass otherwise. The cause found
        (ipympl resizing the page's canvas from a half-loaded image) is avoided
        in nnviz.plots.style.new_figure; test_lessons.py still checks such a
        notebook up to GLITCH_RETRIES more times, and the failed tries stay in
        the captured output.
        """
        return any(IPYMPL_GLITCH in e for e in self.errors)

    @property
    def kernel_died(self) -> bool:
        """JupyterLab said the kernel died (its "Kernel Restarting" dialog).

        Seen once in a CI run: the lesson's kernel crashed in libc (a general
        protection fault in the system log) and the same lesson passed on each
        re-run. test_lessons.py checks such a notebook once more; the failed try
        stays in the captured output, and a kernel that dies again fails.
        """
        return any(KERNEL_DIED in e for e in self.errors)

    def message(self) -> str:
        lines = [f"{self.notebook}: {len(self.errors)} problem(s) in the browser"]
        lines += [f"  - {self.notebook}: {e}" for e in self.errors]
        if self.screenshot:
            lines.append(f"  screenshot: {self.screenshot}")
        return "\n".join(lines)

    def summary(self) -> str:
        retried = {0: "", 1: " (after 1 retry)"}.get(
            self.retries, f" (after {self.retries} retries)")
        return (
            f"{self.notebook:<40} cells {self.cells:3d}  "
            f"widgets {self.widgets_found:3d}/"
            f"{self.widgets_expected:<3d} figures {self.figures:2d}  sliders moved "
            f"{self.sliders_moved:2d}/{self.sliders:<2d} "
            f"({len(self.sliders_skipped)} skipped)  plays {self.plays_pressed}  "
            f"choices {self.choices_used:2d}/{self.choices:<2d} "
            f"buttons {self.buttons_pressed:2d}  "
            f"exercises {self.exercises_answered}  "
            f"{self.seconds:5.1f} s  {'ok' if self.ok else 'FAIL'}"
            f"{retried}"
        )


def launch_browser(playwright, executable: str, profile_dir: str):
    """Chromium via Playwright's persistent context: a fresh profile, no download."""
    return playwright.chromium.launch_persistent_context(
        profile_dir,
        executable_path=executable,
        headless=True,
        args=CHROMIUM_FLAGS,
        viewport={"width": 1280, "height": 900},
    )


def _poll(fn, timeout, interval=0.1):
    """Call fn until it returns something truthy or timeout passes; return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _wait_idle(page, timeout=60.0, stable=0.6):
    """Kernel idle and no `[*]` prompt, continuously for `stable` seconds."""
    deadline = time.monotonic() + timeout
    since = None
    while time.monotonic() < deadline:
        if page.evaluate("nnvizCheck.busy()"):
            since = None
        elif since is None:
            since = time.monotonic()
        elif time.monotonic() - since >= stable:
            return True
        time.sleep(0.1)
    return False


class _Errors:
    """New error lines since the last look (page errors and iopub errors)."""

    def __init__(self, page):
        self.page = page
        self.seen: set[str] = set()

    def new(self) -> list[str]:
        current = self.page.evaluate("nnvizCheck.pageErrors()") + self.page.evaluate(
            "nnvizCheck.iopubErrors()"
        )
        fresh = [e for e in dict.fromkeys(current) if e not in self.seen]
        self.seen.update(fresh)
        return fresh


def _changed(before, after, ids):
    return [
        i
        for i in ids
        if i in before and i in after and before[i]["hash"] != after[i]["hash"]
    ]


def _wait_for_change(page, before, preferred, everything, timeout):
    """Poll the canvas hashes until one changes; prefer `preferred` (same cell)."""
    found = []

    def look():
        after = page.evaluate("nnvizCheck.hashes()")
        found[:] = _changed(before, after, preferred) or _changed(
            before, after, everything
        )
        return found

    _poll(look, timeout)
    return list(found)


def _value(page, control):
    """The control's value (its index, for a menu) as the page holds it now."""
    return page.evaluate("(id) => nnvizCheck.value(id)", control["model"])["value"]


def _settle(page, stable=SETTLE, timeout=30.0, paint_timeout=3.0):
    """Wait until the kernel is idle for `stable` s, then (at most `paint_timeout`
    s more) until no canvas was painted for `stable` s either.

    Like `_wait_idle`, but also waits out the paints ipympl makes after the
    kernel went idle, so that they are not timed as the next move's answer. A
    figure that keeps repainting by itself (an animation) is not waited for long.
    """
    if not _wait_idle(page, timeout=timeout, stable=stable):
        return False
    return bool(_poll(
        lambda: page.evaluate("nnvizCheck.sinceLastPaint()") >= stable * 1000,
        paint_timeout, 0.05))


def _timed_press(page, locator, slider, key, watch, text_cell):
    """Arm the in-page timer, press `key` on the slider; True if its value moved."""
    start = _value(page, slider)
    page.evaluate(
        "(a) => nnvizCheck.arm(a.ids, a.cell)", {"ids": watch, "cell": text_cell}
    )
    locator.focus()
    page.keyboard.press(key)
    return _poll(lambda: _value(page, slider) != start, 1.5, 0.02)


def _wait_for_repaint(page, by_text, preferred, timeout, grace=1.0):
    """Milliseconds from the armed key press to the first change, or None.

    The first change of the cell's text (`by_text`), or of a watched canvas: a
    canvas in `preferred` (the slider's own cell) if one changes, else any. A
    change elsewhere is taken after `grace` more seconds without a change in
    `preferred`, so that an unrelated figure repainting does not stand for the
    slider's answer. Polled often but cheaply; every second the page also
    hashes the canvases itself, in case a paint escaped the paint hook (rarely:
    hashing a dozen figures takes the page's time from the paint being timed).
    Returns (ms, looked): `looked` when the coarse look, not a paint, saw it.
    """
    seen = {}
    last_look = [time.monotonic()]
    first_seen = []

    def look():
        now = time.monotonic()
        full = now - last_look[0] >= 1.0
        if full:
            last_look[0] = now
        seen.update(page.evaluate("(look) => nnvizCheck.latency(look)", full))
        if by_text:
            return seen["text"] is not None
        if not seen["canvases"]:
            return False
        if not preferred or any(i in seen["canvases"] for i in preferred):
            return True
        first_seen[:] = first_seen or [now]
        return now - first_seen[0] >= grace

    if not _poll(look, timeout, 0.02):
        if by_text or not seen.get("canvases"):
            return None, False
    if by_text:
        return seen["text"], False
    changed = seen["canvases"]
    ours = [i for i in preferred if i in changed] or list(changed)
    first = min(ours, key=changed.get)
    return changed[first], seen["how"].get(first) == "look"


def _move_slider(page, slider, canvases, errors, result, where,
                 moves=LATENCY_MOVES):
    """Move a slider by keyboard `moves` times (right, left, right...), timing each.

    The first move must repaint a figure (or change its cell's text): else the
    slider fails. The later moves only add latency samples.
    """
    name = f"slider {slider['label']} ({where})"
    locator = page.locator(f'[data-nnviz-id="{slider["id"]}"] .noUi-handle').first
    same_cell = [
        i
        for c in canvases
        for i, cell in zip(c["ids"], c["cells"], strict=True)
        if cell == slider["cell"]
    ]
    everything = [i for c in canvases for i in c["ids"]]
    text_before = page.evaluate("(i) => nnvizCheck.cellText(i)", slider["cell"])
    by_text = not same_cell and bool(text_before)  # a panel with no figure
    watch, text_cell = ([], slider["cell"]) if by_text else (everything, -1)
    timing = SliderLatency(f"{slider['label']} ({where})",
                           "text" if by_text else "figure")
    # Focusing a slider makes its cell JupyterLab's active cell, which the page
    # re-renders a moment later: done before the clock, as a learner's click
    # on the slider comes before the keys (else the first move of every slider
    # timed that re-render too).
    locator.focus()
    _settle(page)
    key = None
    for candidate in ("ArrowRight", "ArrowLeft"):  # ArrowLeft: the slider is at its end
        if _timed_press(page, locator, slider, candidate, watch, text_cell):
            key = candidate
            break
    if key is None:
        page.evaluate("nnvizCheck.disarm()")
        result.errors.append(f"{name}: does not move when pressing the arrow keys")
        return
    for move in range(moves):
        if move:  # back and forth: the next move goes the other way
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
            if not _timed_press(page, locator, slider, key, watch, text_cell):
                break
        timing.moves += 1
        ms, looked = _wait_for_repaint(page, by_text, same_cell, CHANGE_TIMEOUT)
        _settle(page, 0.6 if move == 0 else SETTLE)
        for error in errors.new():
            result.errors.append(f"moving {name}: {error}")
        if ms is not None:
            timing.ms.append(ms)
            timing.looked += looked
        elif move == 0:
            what = (
                "the text of its cell (which has no figure) did not change"
                if by_text
                else "no figure changed"
            )
            result.errors.append(
                f"{name}: moved by keyboard, but {what} within "
                f"{CHANGE_TIMEOUT:.0f} s (mark it with "
                f"nnviz.widgets.controls.mark_no_redraw if that is intended)"
            )
            break
    page.evaluate("nnvizCheck.disarm()")
    if timing.ms:
        result.sliders_moved += 1
        result.latencies.append(timing)


def _click_if_you_can(locator, timeout_s=5.0):
    """Click a pause button; one that is disabled or covered is left alone (the
    Play may have stopped by itself, and ipywidgets then disables its pause)."""
    try:
        locator.click(timeout=timeout_s * 1000)
    except Exception:  # Playwright's TimeoutError; the Play check goes on
        pass


def _press_play(page, play, canvases, errors, result, where):
    name = f"Play button ({where})"
    now = page.evaluate("m => nnvizCheck.retag(m)", play["model"])
    if now is None:
        result.errors.append(f"{name}: no longer shown on the page")
        return
    if now != play["id"]:
        print(f"{name}: rendered again since the inventory ({play['id']} -> {now})")
    root = page.locator(f'[data-nnviz-id="{now}"]')
    if root.locator("button:has(.fa-pause)").count():
        # Still playing (ipywidgets 8 shows one play/pause button): pause first,
        # as a learner would, then press Play.
        _click_if_you_can(root.locator("button:has(.fa-pause)").first)
        _poll(lambda: root.locator("button:has(.fa-play)").count(), 5.0)
        _wait_idle(page, timeout=30)
    if not root.locator("button:has(.fa-play)").count():
        html = root.evaluate("e => e.outerHTML")
        result.errors.append(f"{name}: shows no play button; its HTML: {html[:600]}")
        return
    same_cell = [
        i
        for c in canvases
        for i, cell in zip(c["ids"], c["cells"], strict=True)
        if cell == play["cell"]
    ]
    everything = [i for c in canvases for i in c["ids"]]
    before = page.evaluate("nnvizCheck.hashes()")
    root.locator("button:has(.fa-play)").first.click()
    time.sleep(PLAY_SECONDS)
    changed = _wait_for_change(
        page, before, same_cell, everything, CHANGE_TIMEOUT - PLAY_SECONDS
    )
    pause = root.locator("button:has(.fa-pause)").first
    if pause.count():
        _click_if_you_can(pause)
    _wait_idle(page, timeout=30)
    for error in errors.new():
        result.errors.append(f"pressing {name}: {error}")
    if not changed:
        result.errors.append(
            f"{name}: pressed for {PLAY_SECONDS:.0f} s, but no figure changed"
        )
    else:
        result.plays_pressed += 1


def _use_choice(page, choice, errors, result, where):
    """Pick the next option of a Dropdown or ToggleButtons, as a learner would."""
    name = f"{choice['label']} ({where})"
    root = page.locator(f'[data-nnviz-id="{choice["id"]}"]')
    start = _value(page, choice)
    target = 0 if start is None else (start + 1) % choice["options"]
    if choice["kind"] == "Dropdown":
        root.locator("select").select_option(index=target)
    elif choice["kind"] == "RadioButtons":
        root.locator("input[type=radio]").nth(target).check()
    else:
        root.locator("button").nth(target).click()
    moved = _poll(lambda: _value(page, choice) != start, 3.0)
    _wait_idle(page, timeout=60)
    for error in errors.new():
        result.errors.append(f"choosing option {target + 1} of {name}: {error}")
    if not moved:
        result.errors.append(f"{name}: choosing option {target + 1} did not select it")
    else:
        result.choices_used += 1


def _answer_an_exercise(page, errors, result):
    """Answer the first exercise box (nv.exercises.ask) answerable by typing one
    number or clicking one choice: wrong first, then right, as a learner would,
    through its widgets. The verdict must turn to ✗, then to ✓."""
    from nnviz.exercises import registry

    by_class = {f"nnviz-exercise-{i.replace('.', '-')}": i for i in registry._load()}
    for box in page.evaluate("nnvizCheck.exercises()"):
        exercise = registry.get(by_class[box["cls"]])
        right, wrong = exercise.examples()
        if exercise.judge != "choice" and np.ndim(right[0]) != 0:
            continue  # an array answer: not typed into one box
        name = f"exercise {exercise.id!r} (cell {box['cell'] + 1})"
        root = page.locator(f'[data-nnviz-id="{box["id"]}"]')
        verdict = root.locator(".widget-html-content").last

        def give(answer, mark, root=root, verdict=verdict, exercise=exercise):
            before = verdict.inner_text()
            if exercise.judge == "choice":
                index = list(exercise.options).index(answer)
                root.locator("input[type=radio]").nth(index).check()
            else:
                root.locator("input[type=text]").fill(repr(float(answer)))
            root.locator("button", has_text="Check").click()
            return _poll(lambda: (text := verdict.inner_text()) != before
                         and mark in text and "No answer yet" not in text and text,
                         10.0)

        said_wrong = give(wrong[0], "✗")
        said_right = said_wrong and give(right[0], "✓")
        for error in errors.new():
            result.errors.append(f"answering {name}: {error}")
        if not said_wrong:
            result.errors.append(f"{name}: a wrong answer and Check did not show ✗")
        elif not said_right:
            result.errors.append(f"{name}: the right answer and Check did not show ✓")
        else:
            result.exercises_answered += 1
        return


def _press_button(page, button, errors, result, where):
    name = f"{button['label']} ({where})"
    page.locator(f'[data-nnviz-id="{button["id"]}"]').click()
    _wait_idle(page, timeout=60)
    for error in errors.new():
        result.errors.append(f"clicking {name}: {error}")
    result.buttons_pressed += 1


def screenshot(page, name: str, directory: Path,
               height="nnvizCheck.notebookHeight()") -> Path:
    """A full-page PNG `directory/name.png`: the viewport grows to the page's
    height (the JavaScript expression `height`), then returns to 1280 x 900."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    height = page.evaluate(height)
    page.set_viewport_size({"width": 1280, "height": int(min(max(height, 900), 16000))})
    time.sleep(0.5)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 900})
    return path


def check_notebook(
    context,
    lab,
    relpath: str,
    screenshots: Path | None = SCREENSHOTS,
    move_controls: bool = True,
    moves: int = LATENCY_MOVES,
) -> NotebookResult:
    """Open `relpath` (relative to the server's root) in a new page; run, check.

    Each slider is moved `moves` times and timed (`result.latencies`); no
    screenshot is taken when `screenshots` is None.
    """
    result = NotebookResult(notebook=relpath)
    t0 = time.monotonic()
    page = context.new_page()
    browser_errors: list[str] = []
    page.on("pageerror", lambda e: browser_errors.append(f"uncaught: {e}"))
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and browser_errors.append(
                "console: " + (m.text.strip().splitlines() or [""])[0]
            )
        ),
    )
    try:
        page.goto(lab.notebook_url(relpath, "nnviz-" + uuid.uuid4().hex[:8]))
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.content",
            timeout=OPEN_TIMEOUT * 1000,
        )
        page.evaluate(SCRIPT)
        info = page.evaluate("nnvizCheck.open()")
        result.cells = info["cells"]
        errors = _Errors(page)
        run_started = time.monotonic()
        page.evaluate("(ms) => nnvizCheck.runAll(ms)", RUN_TIMEOUT * 1000)
        if not _wait_idle(page, timeout=RUN_TIMEOUT):
            result.errors.append("kernel still busy long after 'run all'")
        result.run_seconds = time.monotonic() - run_started
        inventory = page.evaluate("nnvizCheck.inventory()")
        canvases = inventory["canvases"]
        result.widgets_expected = inventory["widgetsExpected"]
        result.widgets_found = inventory["widgetsFound"]
        result.figures = sum(1 for c in canvases if c["ids"])
        result.errors += [f"not rendered: {m}" for m in inventory["missing"]]
        # ipympl paints two round trips later: wait until every shown canvas has pixels.
        shown = [i for c in canvases for i in c["ids"]]

        def blank_ids():
            hashes = page.evaluate("nnvizCheck.hashes()")
            return [i for i in shown if hashes.get(i, {"blank": True})["blank"]]

        _poll(lambda: not blank_ids(), 8.0, 0.2)
        blank = blank_ids()
        for c in canvases:
            for i, cell in zip(c["ids"], c["cells"], strict=True):
                if i in blank:
                    why = page.evaluate("(m) => nnvizCheck.figureState(m)", c["model"])
                    result.errors.append(
                        f"{c['label']} in cell {cell + 1} stays blank ({why})"
                    )
        result.errors += errors.new()
        if move_controls:
            sliders = inventory["sliders"]
            result.sliders = len(sliders)
            for s in sliders:
                where = f"cell {s['cell'] + 1}"
                if s["skip"]:
                    result.sliders_skipped.append(
                        f"{s['label']} ({where}): {s['skip']}"
                    )
                    continue
                _move_slider(page, s, canvases, errors, result, where, moves)
            for p in inventory["plays"]:
                if not p["skip"]:
                    _press_play(
                        page, p, canvases, errors, result, f"cell {p['cell'] + 1}"
                    )
            result.choices = len(inventory["choices"])
            for c in inventory["choices"]:
                if not c["skip"]:
                    _use_choice(page, c, errors, result, f"cell {c['cell'] + 1}")
            for b in inventory["buttons"]:
                if not b["skip"]:
                    _press_button(page, b, errors, result, f"cell {b['cell'] + 1}")
            _answer_an_exercise(page, errors, result)
        if screenshots is not None:
            result.screenshot = screenshot(page, Path(relpath).stem, screenshots)
        result.errors += [f"browser {e}"[:600] for e in dict.fromkeys(browser_errors)]
    except (
        Exception
    ) as error:  # a timeout or a page crash is a failure of this notebook
        result.errors.append(
            f"checker stopped: {type(error).__name__}: {error}".strip()[:800]
        )
    finally:
        result.seconds = time.monotonic() - t0
        try:
            page.close()
        finally:
            lab.shutdown_kernels()
    return result


def measure_floor(context, lab, moves: int = FLOOR_MOVES) -> NotebookResult:
    """Time the bare figure of FLOOR_NOTEBOOK (a sine redrawn by one slider).

    The same code times every lesson's sliders; the result's one SliderLatency
    is the floor a lesson's latencies are compared with in the same run.
    """
    return check_notebook(context, lab, FLOOR_NOTEBOOK, screenshots=None, moves=moves)


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def _ms(value) -> str:
    return "   -  " if value is None else f"{value:4.0f} ms"


def _ratio(value) -> str:
    return "  - " if value is None else f"{value:4.1f}x"


def latency_report(results, floor_results) -> tuple[list[str], dict]:
    """The latency table: lines for the terminal and the same data as a dict.

    `results` are the lessons' NotebookResults, `floor_results` the floor's
    (start and end of the run). The floor's samples are pooled; each slider's
    ratio is its p90 over the floor's p90; a lesson's worst ratio is its largest.
    """
    floor = [ms for r in floor_results for t in r.latencies for ms in t.ms]
    floor_p90 = percentile(floor, 90)
    runs = []
    for i, r in enumerate(floor_results):
        samples = [ms for t in r.latencies for ms in t.ms]
        runs.append({
            "when": ("start", "end")[i] if i < 2 else f"run {i + 1}",
            "ms": [round(ms, 1) for ms in samples],
            "median_ms": _round(percentile(samples, 50)),
            "p90_ms": _round(percentile(samples, 90)),
            "looked": sum(t.looked for t in r.latencies),
            "errors": r.errors,
        })
    data = {
        "what": "key press -> first canvas repaint (or text change), milliseconds",
        "moves_per_slider": LATENCY_MOVES,
        "floor": {
            "notebook": FLOOR_NOTEBOOK,
            "median_ms": _round(percentile(floor, 50)),
            "p90_ms": _round(floor_p90),
            "samples": len(floor),
            "runs": runs,
        },
        "lessons": [],
    }
    if floor:
        when = "; ".join(
            f"{run['when']}: median {_ms(run['median_ms'])}, p90 {_ms(run['p90_ms'])}"
            for run in runs
        )
        lines = [
            f"floor (bare ipympl figure, {FLOOR_NOTEBOOK}): median "
            f"{_ms(percentile(floor, 50))}, p90 {_ms(floor_p90)} over {len(floor)} "
            f"moves ({when})"
        ]
    else:
        why = "; ".join(e for r in floor_results for e in r.errors) or "not measured"
        lines = [f"floor: none ({why[:300]}); ratios not computed"]
    for r in results:
        sliders = []
        for t in r.latencies:
            ratio = t.p90 / floor_p90 if floor_p90 and t.p90 is not None else None
            sliders.append({
                "slider": t.slider, "kind": t.kind, "moves": t.moves,
                "repainted": len(t.ms), "looked": t.looked,
                "ms": [round(ms, 1) for ms in t.ms],
                "median_ms": _round(t.median), "p90_ms": _round(t.p90),
                "p90_over_floor": _round(ratio, 2),
            })
        ratios = [s["p90_over_floor"] for s in sliders
                  if s["p90_over_floor"] is not None]
        worst = max(ratios, default=None)
        data["lessons"].append(
            {"notebook": r.notebook, "worst_p90_over_floor": worst, "sliders": sliders}
        )
        lines.append(
            f"{r.notebook}: {len(sliders)} slider(s) timed, worst p90/floor "
            f"{_ratio(worst).strip()}"
        )
        for s in sliders:
            mark = "" if s["kind"] == "figure" else "  (text)"
            missed = s["moves"] - s["repainted"]
            mark += f"  ({missed} move(s) without repaint)" if missed else ""
            lines.append(
                f"    {s['slider'][:58]:<58} {s['repainted']:2d} moves  median "
                f"{_ms(s['median_ms'])}  p90 {_ms(s['p90_ms'])}  "
                f"{_ratio(s['p90_over_floor'])}{mark}"
            )
    return lines, data

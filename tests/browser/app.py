"""The lessons as apps: start `course.py app-server` (Voila) and check a lesson page.

`AppServer` runs `python course.py app-server` from the same Python as the tests,
exactly what `python3 course.py app` runs once .venv is set up, on 127.0.0.1, on a
free port, without opening a browser, with Voila's connection files in a fresh
temporary directory. `stop()` sends SIGTERM (Voila then stops its kernels) and
falls back to signalling only the process group it started.

`check_lesson(context, server, notebook)` opens one lesson in a new page and
returns an `AppResult`. It fails (`result.errors` non-empty) when:

- any output shows an error: a traceback, an nnviz error line (`⚠ SomeError`),
  Voila's "error when executing cell", "Error displaying widget";
- the kernel sends an `error` on iopub (errors raised in widget callbacks arrive
  there and nowhere on the page), or Voila reports an error output or an
  execution error on its execution channel;
- the page logs a console error, throws, or requests anything that is not on
  127.0.0.1 (the app must work offline);
- the lesson is not fully run and drawn within READY_TIMEOUT, or a figure stays
  blank, or the kernel created more ipympl figures than the page shows;
- its first movable slider (visible, enabled, not marked `nnviz-no-redraw`; one in
  a cell with a figure if there is one), moved one step by keyboard, does not move
  or changes no figure (of its cell, if it has one) within CHANGE_TIMEOUT.

It measures, from the moment the page is requested: the first text on screen, the
first code cell run (kernel started, page connected, imports done), the first
figure painted, the last figure painted, and the whole lesson ready (every cell
run, every figure painted, the kernel idle). A screenshot lands in
`artifacts/screenshots/app/<lesson>.png`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from checker import screenshot
from lab import LoopbackServer

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots" / "app"
SCRIPT = Path(__file__).with_name("app.js").read_text()
LOCAL = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")

OPEN_TIMEOUT = 60.0  # the page starts to arrive
READY_TIMEOUT = 180.0  # every cell run and every figure painted
STABLE = 0.5  # ready means ready for this long
# A figure repaints ~0.1 s after a key press, but a panel that retrains first
# (lesson 8: ~1.5 s on an idle machine) took 6 s on a busy one.
CHANGE_TIMEOUT = 20.0
POLL = 0.1

APP_RESULTS: list = []  # every lesson's AppResult, for the terminal summary (conftest)


class AppServer(LoopbackServer):
    """`course.py app-server` on loopback; see the module docstring."""

    name = "course.py app-server"

    def __init__(self, startup_timeout: float = 90.0):
        super().__init__("nnviz-app-", startup_timeout)

    def start(self) -> AppServer:
        (self.tmp / "runtime").mkdir()
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   PYTHONUNBUFFERED="1")
        env.pop("MPLBACKEND", None)  # tests/conftest.py sets Agg; lessons pick ipympl
        cmd = [
            sys.executable, str(ROOT / "course.py"), "app-server",
            "--no-browser", f"--port={self.port}", "--Voila.port_retries=0",
            f"--Voila.connection_dir_root={self.tmp}",
        ]
        return self._launch(cmd, cwd=ROOT, env=env)

    def _ping(self):
        self.get("/")

    def stop(self):
        """SIGTERM (Voila stops its kernels), then our own process group if needed."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(timeout=5)
        self._cleanup()  # kernels left behind run in our group

    def get(self, path: str, timeout: float = 10) -> str:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.read().decode("utf-8")

    def lesson_url(self, notebook: str) -> str:
        return f"{self.url}/voila/render/{Path(notebook).name}"

    def kernel(self, kernel_id: str):
        """The psutil.Process of the kernel with this id (None without psutil)."""
        try:
            import psutil
        except ImportError:
            return None
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                if any(kernel_id in part for part in child.cmdline()):
                    return child
        except psutil.Error:
            return None
        return None



@dataclass
class AppResult:
    """What the app checker saw in one lesson; times in seconds from the request."""

    notebook: str
    cells: int = 0
    figures: int = 0
    figures_created: int = 0
    first_text: float | None = None
    first_cell: float | None = None
    first_figure: float | None = None
    last_figure: float | None = None
    ready: float | None = None
    slider: str = ""
    slider_seconds: float | None = None
    kernel_mb: float | None = None  # resident memory when ready
    kernel_peak_mb: float | None = None  # its peak so far (Linux only)
    cpu_first_figure: float | None = None  # kernel CPU seconds at the first figure
    cpu_ready: float | None = None  # kernel CPU seconds when ready
    load: float = 0.0  # the machine's 1-minute load average when the page opened
    seconds: float = 0.0
    screenshot: Path | None = None
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        lines = [f"{self.notebook}: {len(self.errors)} problem(s) in the app view"]
        lines += [f"  - {self.notebook}: {e}" for e in self.errors]
        if self.screenshot:
            lines.append(f"  screenshot: {self.screenshot}")
        return "\n".join(lines)

    HEADER = (
        f"{'lesson':<25} {'text':>5} {'cell':>5} {'first fig':>9} {'(cpu)':>5} "
        f"{'last fig':>8} {'ready':>6} {'(cpu)':>5} {'figs':>4} {'repaint':>7} "
        f"{'kernel/peak':>11} {'load':>4}  slider moved"
    )

    def summary(self) -> str:
        """One row under HEADER: seconds from the page request; (cpu): the
        kernel's CPU seconds by then; repaint: key press to new pixels."""
        def num(value, width):
            return "—".rjust(width) if value is None else f"{value:{width}.1f}"

        repaint = (None if self.slider_seconds is None
                   else f"{self.slider_seconds:6.2f}s")
        peak = "—" if self.kernel_peak_mb is None else f"{self.kernel_peak_mb:.0f}"
        memory = None if self.kernel_mb is None else f"{self.kernel_mb:4.0f}/{peak} MB"
        return (
            f"{Path(self.notebook).stem:<25} {num(self.first_text, 5)} "
            f"{num(self.first_cell, 5)} {num(self.first_figure, 9)} "
            f"{num(self.cpu_first_figure, 5)} {num(self.last_figure, 8)} "
            f"{num(self.ready, 6)} {num(self.cpu_ready, 5)} {self.figures:4d} "
            f"{repaint or '—':>7} {memory or '—':>11} {self.load:4.1f}  "
            f"'{self.slider}' {'ok' if self.ok else 'FAIL'}"
        )


def _kernel_message(payload):
    """(channel, msg_type, parent msg_type, content) of a kernel websocket frame.

    Text frames are JSON (the legacy protocol); binary frames use jupyter_server's
    v1 protocol: a count n, n offsets (8 bytes each, little endian), then the
    channel, header, parent header, metadata, content and buffers.
    """
    if isinstance(payload, str):
        msg = json.loads(payload)
        return (msg.get("channel"), msg["header"]["msg_type"],
                (msg.get("parent_header") or {}).get("msg_type", ""), msg["content"])
    count = int.from_bytes(payload[:8], "little")
    offsets = [int.from_bytes(payload[8 * (i + 1):8 * (i + 2)], "little")
               for i in range(count)]
    ends = [*offsets[1:], len(payload)]
    parts = [payload[a:b] for a, b in zip(offsets, ends, strict=True)]
    header, parent = json.loads(parts[1]), json.loads(parts[2])
    return (parts[0].decode(), header["msg_type"], parent.get("msg_type", ""),
            json.loads(parts[4]))


class _Traffic:
    """What a lesson page sends and receives: requests, console, websockets."""

    def __init__(self, page, t0: float):
        self.t0 = t0
        self.first_cell: float | None = None  # seconds to the first code cell run
        self.errors: list[str] = []
        self.kernel_id = ""
        self.kernel_busy = False
        self.executed = False  # Voila sent the result of the last cell
        self.figures_created = 0
        page.on("request", self._request)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"[:600]))
        page.on("console", self._console)
        page.on("websocket", self._websocket)

    def _request(self, request):
        if not request.url.startswith(LOCAL):
            self.errors.append(f"request off the machine: {request.url[:200]}")

    def _console(self, message):
        if message.type == "error":
            line = (message.text.strip().splitlines() or [""])[0]
            self.errors.append(f"console: {line}"[:600])

    def _websocket(self, ws):
        if "/voila/execution/" in ws.url:
            ws.on("framereceived", self._execution_frame)
        elif "/api/kernels/" in ws.url:
            self.kernel_id = ws.url.split("/api/kernels/")[1].split("/")[0]
            ws.on("framereceived", self._kernel_frame)

    def _execution_frame(self, payload):
        message = json.loads(payload)
        data = message.get("payload") or {}
        if message.get("action") == "execution_error":
            self.errors.append(f"Voila execution error: {data.get('error')}")
        if message.get("action") != "execution_result":
            return
        cell = data.get("output_cell") or {}
        if self.first_cell is None and cell.get("cell_type") == "code":
            self.first_cell = time.monotonic() - self.t0
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                self.errors.append(f"cell {data['cell_index'] + 1}: "
                                   f"{output.get('ename')}: {output.get('evalue')}")
        if data.get("cell_index") == data.get("total_cell", 0) - 1:
            self.executed = True

    def _kernel_frame(self, payload):
        try:
            channel, msg_type, parent, content = _kernel_message(payload)
        except (ValueError, KeyError, IndexError):
            return  # a frame of another shape: nothing we check
        if channel != "iopub":
            return
        if msg_type == "status":
            self.kernel_busy = content.get("execution_state") != "idle"
        elif msg_type == "error":
            self.errors.append(f"kernel error ({parent or 'kernel'}): "
                               f"{content.get('ename')}: {content.get('evalue')}")
        elif msg_type == "comm_open":
            state = (content.get("data") or {}).get("state") or {}
            if state.get("_model_name") == "MPLCanvasModel":
                self.figures_created += 1


def _peak_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a process in MB; None off Linux."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _poll(fn, timeout, interval=POLL):
    """Call fn until it returns something truthy or timeout passes; return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _wait_until_ready(page, traffic, result, t0, kernel_cpu):
    """Watch the lesson arrive; note when text, first and last figures show.
    `kernel_cpu()` gives the kernel's CPU seconds so far, or None."""
    painted, since = 0, None
    while True:
        now = time.monotonic() - t0
        status = page.evaluate("nnvizApp.status()")
        if status["shown"] and result.first_text is None:
            result.first_text = now
        if status["painted"] > painted:
            painted = status["painted"]
            result.last_figure = now
            if result.first_figure is None:
                result.first_figure = now
                result.cpu_first_figure = kernel_cpu()
        done = (traffic.executed and not traffic.kernel_busy and not status["running"]
                and status["painted"] == status["figures"])
        if not done:
            since = None
        elif since is None:
            since = now
        elif now - since >= STABLE:
            result.ready = since
            result.cpu_ready = kernel_cpu()
            return status
        if now > READY_TIMEOUT:
            result.errors.append(
                f"not ready after {READY_TIMEOUT:.0f} s: {status['running']} cell(s) "
                f"still running, {status['painted']} of {status['figures']} figures "
                f"painted, last cell run: {traffic.executed}"
            )
            return status
        time.sleep(POLL)


def _move_one_slider(page, result):
    slider = page.evaluate("nnvizApp.pickSlider()")
    if slider is None:
        result.errors.append("no slider a learner can move: every lesson has one")
        return
    result.slider = slider["label"] or f"in cell {slider['cell']}"
    cell = slider["cell"] if slider["withFigure"] else None  # None: every figure
    before = page.evaluate("(cell) => nnvizApp.hashes(cell ?? undefined)", cell)
    handle = page.locator(f'[data-nnviz-app="{slider["id"]}"] .noUi-handle').first

    def value():
        return page.evaluate("(id) => nnvizApp.sliderValue(id)", slider["id"])

    moved = False
    for key in ("ArrowRight", "ArrowLeft"):
        handle.focus()
        pressed = time.monotonic()
        page.keyboard.press(key)
        moved = _poll(lambda: value() != slider["value"], 1.5)
        if moved:
            break
    if not moved:
        result.errors.append(f"slider '{result.slider}' does not move with arrow keys")
        return

    def changed():
        after = page.evaluate("(cell) => nnvizApp.hashes(cell ?? undefined)", cell)
        return [i for i in after
                if i in before and after[i]["hash"] != before[i]["hash"]]

    repainted = _poll(changed, CHANGE_TIMEOUT, interval=0.05)
    if repainted:
        result.slider_seconds = time.monotonic() - pressed
    else:
        result.errors.append(
            f"slider '{result.slider}' (cell {slider['cell']}) moved by keyboard, but "
            f"no figure changed within {CHANGE_TIMEOUT:.0f} s"
        )


def check_lesson(context, server: AppServer, notebook: str,
                 screenshots: Path = SCREENSHOTS) -> AppResult:
    """Open one lesson as an app in a new page; time it, check it; see the docstring."""
    result = AppResult(notebook=notebook)
    page = context.new_page()
    page.add_init_script(SCRIPT)
    result.load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    t0 = time.monotonic()
    traffic = _Traffic(page, t0)
    kernel = []  # its psutil.Process, once found

    def kernel_cpu():
        if not kernel and traffic.kernel_id:
            kernel.append(server.kernel(traffic.kernel_id))
        if not kernel or kernel[0] is None:
            return None
        try:
            times = kernel[0].cpu_times()
        except Exception:  # psutil.Error: the kernel is gone
            return None
        return times.user + times.system

    try:
        page.goto(server.lesson_url(notebook), wait_until="commit",
                  timeout=OPEN_TIMEOUT * 1000)
        status = _wait_until_ready(page, traffic, result, t0, kernel_cpu)
        result.cells, result.figures = status["cells"], status["figures"]
        result.figures_created = traffic.figures_created
        result.first_cell = traffic.first_cell
        if kernel and kernel[0] is not None:
            try:
                result.kernel_mb = kernel[0].memory_info().rss / 2**20
            except Exception:  # psutil.Error: the kernel is gone
                pass
            result.kernel_peak_mb = _peak_mb(kernel[0].pid)
        blank = [i for i, h in page.evaluate("nnvizApp.hashes()").items() if h["blank"]]
        if blank:
            result.errors.append(f"{len(blank)} figure(s) stay blank")
        if result.figures_created > result.figures:
            result.errors.append(
                f"the kernel created {result.figures_created} figures, the page shows "
                f"{result.figures}"
            )
        if result.ready is not None:
            _move_one_slider(page, result)
        result.errors += page.evaluate("nnvizApp.errors()")
        result.screenshot = screenshot(page, Path(notebook).stem, screenshots,
                                       height="nnvizApp.pageHeight()")
    except Exception as error:  # a timeout or a page crash fails this lesson
        result.errors.append(f"checker stopped: {type(error).__name__}: {error}"[:800])
    finally:
        result.errors += list(dict.fromkeys(traffic.errors))
        result.seconds = time.monotonic() - t0
        try:
            if traffic.kernel_id:
                page.evaluate("(id) => nnvizApp.shutdownKernel(id)", traffic.kernel_id)
        except Exception:
            pass  # the server stops every kernel when the session ends
        page.close()
    return result

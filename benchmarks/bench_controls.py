"""Milliseconds per control, for every control of every lesson (no asserts).

    python benchmarks/bench_controls.py                 # every lesson, a few minutes
    python benchmarks/bench_controls.py 02 03 --moves 3 # lessons whose file starts so
    python benchmarks/bench_controls.py --json after.json --slowest 20
    python benchmarks/bench_controls.py --compare before.json after.json [06]

Each notebook's code cells run in this process, headless, on ipympl's canvas
class (no browser: nothing is sent anywhere), inside a running asyncio event
loop as in a kernel. Every Panel a lesson builds is collected, its figures are
made "page ready" (as a browser page would: see `page_ready`), and each of its
controls is moved the way a learner would:

    slider    to `moves` positions across its range, then back to where it was
    menu      to each option, then back
    checkbox  on and off
    button    one click (buttons marked as writing files are skipped)

One move is timed from setting the value until every figure that asked to be
redrawn (`draw_idle`) has been drawn to Agg and encoded as ipympl encodes the
frame it sends: the kernel-side work of one repaint (the first answer). The
browser adds its own time on top (the browser suite measures that). A panel
may leave slower work for a moment later (nnviz.playground.later.Later); it is
then done at once and "full answer" gives the wall time until it was drawn.
Issue 18's budgets: a control that only redraws answers in 30 ms median and
60 ms at worst; a control whose answer needs more must show a first answer
within that budget and continue progressively. A Play tick (the "frame"
counter of a panel with a Play: a frame of live training) has a kernel-side
frame of 50 ms (median), 60 ms at worst ("play tick" in the table).

Times are wall-clock and CPU milliseconds of this process: other programs
sharing the cores slow the wall clock only. --json saves every row (after
each lesson); --compare prints two saved runs side by side, matched by
notebook, panel and control; a notebook that fails to run is reported and
skipped, so any set of notebooks can be timed.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import io
import json
import statistics
import time
from pathlib import Path

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from ipympl.backend_nbagg import Canvas  # noqa: E402

try:  # a revision before work could be left for later (issue 18)
    from nnviz.playground.later import Later  # noqa: E402
except ImportError:  # pragma: no cover
    Later = None
from nnviz.widgets.controls import WRITES_FILES_CLASS, Panel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MEDIAN_MS, BUDGET_WORST_MS = 30.0, 60.0
PLAY_TICK_MEDIAN_MS = 50.0  # issue 18: "the kernel-side frame <= 50 ms"

# Canvases that asked for a redraw since the last look (ipympl's draw_idle only
# sends a message to the browser; here we draw them ourselves, as its reply would).
_dirty: set = set()
_draw_idle = Canvas.draw_idle


def _mark_dirty(canvas, *args, **kwargs):
    _dirty.add(canvas)
    return _draw_idle(canvas, *args, **kwargs)


Canvas.draw_idle = _mark_dirty


def run_notebook(path: Path) -> list[tuple[str, Panel]]:
    """Run a notebook's code cells; return (name, panel) for every Panel it built."""
    import IPython.display

    shown: list = []  # (cell number, object shown)
    cell_number = 0
    IPython.display.display = lambda *objects, **_: shown.extend(
        (cell_number, o) for o in objects
    )
    namespace: dict = {"__name__": "__main__", "display": IPython.display.display}
    for cell_number, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(
            line
            for line in "".join(cell["source"]).splitlines(True)
            if not line.lstrip().startswith(("%", "!"))
        )
        tree = ast.parse(source)
        last = (
            tree.body.pop()
            if tree.body and isinstance(tree.body[-1], ast.Expr)
            else None
        )
        exec(compile(tree, str(path), "exec"), namespace)
        if last is not None:
            value = eval(
                compile(ast.Expression(last.value), str(path), "eval"), namespace
            )
            shown.append((cell_number, value))
    panels, seen = [], set()
    named = {
        id(value): name for name, value in namespace.items() if isinstance(value, Panel)
    }
    for number, value in shown:
        if isinstance(value, Panel) and id(value) not in seen:
            seen.add(id(value))
            panels.append((named.get(id(value), f"cell {number}"), value))
    return panels


def positions(control, moves: int) -> list:
    """The values a learner would move `control` through, ending where it started."""
    start = control.value
    if isinstance(control, widgets.FloatLogSlider):
        values = list(control.base ** np.linspace(control.min, control.max, moves))
    elif isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        values = sorted(
            {int(round(v)) for v in np.linspace(control.min, control.max, moves)}
        )
    elif isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
        values = list(np.linspace(control.min, control.max, moves))
    elif isinstance(
        control,
        (
            widgets.Dropdown,
            widgets.ToggleButtons,
            widgets.RadioButtons,
            widgets.SelectionSlider,
        ),
    ):
        values = (
            [value for _, value in control._options_full]
            if hasattr(control, "_options_full")
            else list(control.options)
        )
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        values = [not start]
    else:
        return []
    return [v for v in values if v != start] + [start]


def _draw_dirty(figures_of_panel):
    for canvas in list(_dirty):
        if canvas.figure in figures_of_panel:
            canvas.draw()
    _dirty.clear()


def time_move(action, figures_of_panel) -> tuple[float, float, float | None]:
    """(wall ms, cpu ms, settled wall ms or None) of one move.

    The first two: action() plus drawing every canvas that asked for it (the
    first answer). A panel may leave slower work for a moment later
    (nnviz.playground.later.Later, on the kernel's event loop; this benchmark
    runs inside one): that work is then done and drawn at once, and the third
    number is the wall time until then (None if nothing was left).
    """
    _dirty.clear()
    start, start_cpu = time.perf_counter(), time.process_time()
    action()
    _draw_dirty(figures_of_panel)
    first, cpu = time.perf_counter(), time.process_time()
    settled = None
    if Later is not None and Later.flush_all():
        _draw_dirty(figures_of_panel)
        settled = (time.perf_counter() - start) * 1e3
    return (first - start) * 1e3, (cpu - start_cpu) * 1e3, settled


def figures(widget) -> set:
    """Every matplotlib figure shown inside `widget` (walking its children)."""
    found, stack = set(), [widget]
    while stack:
        item = stack.pop()
        if isinstance(item, Canvas):
            found.add(item.figure)
        stack.extend(getattr(item, "children", ()))
    return found


def named_controls(controls: dict):
    """(name, widget) for every control; a list gives name[0], name[1], ..."""
    for name, control in controls.items():
        if isinstance(control, (list, tuple)):
            yield from ((f"{name}[{i}]", c) for i, c in enumerate(control))
        elif isinstance(control, widgets.Widget):
            yield name, control


def page_ready(figs) -> None:
    """Do for each canvas what ipympl does when the page says it is ready.

    Until then ipympl encodes every frame twice as a PNG: once to send, once
    more as a data URL kept in the notebook (`syncing_data_url`). A learner's
    page stops the second one at once, so timing it here would count work
    that a lesson in the browser never does. The canvas is drawn once, as the
    page's first request would draw it.
    """
    for fig in figs:
        fig.canvas.syncing_data_url = False
        fig.canvas.draw()


def measure(panel: Panel, moves: int) -> list[dict]:
    rows = []
    shown = figures(panel.widget)
    page_ready(shown)
    for name, control in named_controls(panel.controls):
        if isinstance(control, widgets.Button):
            if WRITES_FILES_CLASS in control._dom_classes:
                continue
            times = [time_move(control.click, shown)]
        elif isinstance(control, widgets.Play):
            continue  # Play moves its counter in the browser (jslink): time that
        else:
            times = [
                time_move(lambda c=control, v=v: setattr(c, "value", v), shown)
                for v in positions(control, moves)
            ]
        if times:
            wall = [t[0] for t in times]
            settled = [t[2] if t[2] is not None else t[0] for t in times]
            play_tick = name == "frame" and isinstance(panel.controls.get("play"),
                                                       widgets.Play)
            rows.append(
                {
                    "control": name,
                    "kind": "play tick" if play_tick else type(control).__name__,
                    "median": statistics.median(wall),
                    "max": max(wall),
                    "cpu_median": statistics.median(t[1] for t in times),
                    "cpu_max": max(t[1] for t in times),
                    "moves": len(times),
                    # the full answer, when part of it came a moment later
                    "settled_median": statistics.median(settled),
                    "settled_max": max(settled),
                    "deferred": sum(t[2] is not None for t in times),
                }
            )
    return rows


def over_budget(row: dict) -> bool:
    """Over issue 18's budget, by wall time (what the learner waits)."""
    median = PLAY_TICK_MEDIAN_MS if row["kind"] == "play tick" else BUDGET_MEDIAN_MS
    return row["median"] > median or row["max"] > BUDGET_WORST_MS


HEADER = (
    f"{'panel':24} {'control':22} {'kind':16} {'median':>7} {'max':>7}"
    f" {'cpu med':>7} {'cpu max':>7}   (ms)"
)


def row_text(row: dict) -> str:
    """One table line: panel, control, kind, wall median and max, CPU median and
    max; then, if part of the answer came a moment later, the full answer's
    wall median and max."""
    cpu_median = row.get("cpu_median", float("nan"))  # runs saved before it existed
    settled = (
        f"   full answer {row['settled_median']:.1f} / {row['settled_max']:.1f}"
        if row.get("deferred")
        else ""
    )
    return (
        f"{row['panel'][:24]:24} {row['control'][:22]:22} {row['kind'][:16]:16} "
        f"{row['median']:7.1f} {row['max']:7.1f} {cpu_median:7.1f} "
        f"{row['cpu_max']:7.1f}{' *' if over_budget(row) else '  '}{settled}"
    )


def slowest(rows: list[dict], n: int) -> None:
    """Print the n slowest controls by their worst move, with their lesson."""
    print(f"\nThe {n} slowest (by worst move; wall ms, then CPU ms of this process):")
    print(f"{'lesson':30} {HEADER}")
    for row in sorted(rows, key=lambda r: -r["max"])[:n]:
        print(f"{row['lesson'][:30]:30} {row_text(row)}")


def compare(before_path: str, after_path: str, lessons=()) -> None:
    """Print two saved runs side by side, matched by (lesson, panel, control).

    Lessons are matched by notebook name, so a control whose lesson was
    renumbered or moved between runs shows up as "-" on one side.
    """
    runs = [json.loads(Path(p).read_text()) for p in (before_path, after_path)]
    runs = [
        [r for r in run if not lessons or r["lesson"].startswith(tuple(lessons))]
        for run in runs
    ]
    keyed = [{(r["lesson"], r["panel"], r["control"]): r for r in run} for run in runs]
    keys = sorted(set(keyed[0]) | set(keyed[1]))

    def cell(row):
        if row is None:
            return f"{'-':>7} {'-':>7} {'-':>7} {'-':>7}  "
        mark = " *" if over_budget(row) else "  "
        cpu_median = row.get("cpu_median", float("nan"))
        return (
            f"{row['median']:7.1f} {row['max']:7.1f} {cpu_median:7.1f} "
            f"{row['cpu_max']:7.1f}{mark}"
        )

    print("wall median, wall max, CPU median, CPU max (ms); * over the budget")
    print(f"{'lesson':10} {'panel':20} {'control':18} {'before':>31}   {'after':>31}")
    for key in keys:
        before, after = keyed[0].get(key), keyed[1].get(key)
        print(
            f"{key[0][:10]:10} {key[1][:20]:20} {key[2][:18]:18} "
            f"{cell(before)}   {cell(after)}"
        )
    for label, run in zip(("before", "after"), runs, strict=True):
        print(f"{label}: {len(run)} controls, {sum(map(over_budget, run))} over budget")
    later = [row for row in runs[1] if row.get("deferred")]
    if later:
        print("\nafter: the full answer of the controls that left work for later")
        print("(wall median / max, ms, until the last of it was drawn):")
        for row in later:
            print(
                f"{row['lesson'][:10]:10} {row['panel'][:20]:20} "
                f"{row['control'][:18]:18} "
                f"{row['settled_median']:7.1f} / {row['settled_max']:.1f}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="notebook name prefixes, e.g. 02 03")
    parser.add_argument("--moves", type=int, default=5, help="positions per slider")
    parser.add_argument("--json", metavar="PATH", help="also write every row here")
    parser.add_argument(
        "--slowest", type=int, default=10, help="how many slowest controls to list"
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("BEFORE", "AFTER"),
        help="print two saved --json runs side by side (runs nothing; the lesson "
        "prefixes, if given, choose what is shown)",
    )
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare, lessons=args.lessons)
        return
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.lessons:
        notebooks = [nb for nb in notebooks if nb.name.startswith(tuple(args.lessons))]
    everything = []
    for notebook in notebooks:
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # the lesson's prints
                panels = run_notebook(notebook)
        except Exception as error:  # a lesson being edited must not stop the rest
            print(f"\n## {notebook.stem}: the notebook failed ({error!r}); skipped")
            plt.close("all")
            continue
        print(
            f"\n## {notebook.stem}  ({len(panels)} panels; the notebook ran in "
            f"{time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        print(HEADER)
        for panel_name, panel in panels:
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    rows = measure(panel, args.moves)
            except Exception as error:
                print(f"{panel_name}: a control failed ({error!r}); panel skipped")
                continue
            for row in rows:
                row.update(lesson=notebook.stem, panel=panel_name)
                everything.append(row)
                print(row_text(row), flush=True)
        plt.close("all")
        if args.json:  # after every lesson: a run cut short keeps what it measured
            Path(args.json).write_text(json.dumps(everything, indent=1))
    over = [row for row in everything if over_budget(row)]
    print(
        f"\n{len(everything)} controls timed; {len(over)} over the budget "
        f"({BUDGET_MEDIAN_MS:g} ms median, a play tick {PLAY_TICK_MEDIAN_MS:g}; "
        f"{BUDGET_WORST_MS:g} ms worst; wall), marked *."
    )
    slowest(everything, args.slowest)


async def _in_an_event_loop():
    """main() inside a running event loop, as a kernel runs cells and callbacks:
    work a panel leaves for later is then scheduled, not done at once."""
    main()


if __name__ == "__main__":
    asyncio.run(_in_an_event_loop())

"""Milliseconds per control, for every control of every lesson (no asserts).

    python benchmarks/bench_controls.py                 # every lesson, a few minutes
    python benchmarks/bench_controls.py 02 03 --moves 3 # lessons whose file starts so

Each notebook's code cells run in this process, headless, on ipympl's canvas
class (no browser: nothing is sent anywhere). Every Panel a lesson builds is
collected, and each of its controls is moved the way a learner would:

    slider    to `moves` positions across its range, then back to where it was
    menu      to each option, then back
    checkbox  on and off
    button    one click (buttons marked as writing files are skipped)

One move is timed from setting the value until every figure that asked to be
redrawn (`draw_idle`) has been drawn to Agg: the kernel-side work of one
repaint. The browser adds its own time on top (the browser suite measures that).
Issue 18's budgets: a control that only redraws answers in 30 ms median and 60 ms
at worst; a control whose answer needs training must show a first answer within
that budget and continue progressively.

Times are wall-clock milliseconds; CPU milliseconds of this process are printed
beside the slowest ones, since other programs sharing the cores slow the wall
clock only.
"""

from __future__ import annotations

import argparse
import ast
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

from nnviz.widgets.controls import WRITES_FILES_CLASS, Panel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MEDIAN_MS, BUDGET_WORST_MS = 30.0, 60.0

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


def time_move(action, figures_of_panel) -> tuple[float, float]:
    """(wall ms, cpu ms) of action() plus drawing every canvas that asked for it."""
    _dirty.clear()
    start, start_cpu = time.perf_counter(), time.process_time()
    action()
    for canvas in list(_dirty):
        if canvas.figure in figures_of_panel:
            canvas.draw()
    return (
        (time.perf_counter() - start) * 1e3,
        (time.process_time() - start_cpu) * 1e3,
    )


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


def measure(panel: Panel, moves: int) -> list[dict]:
    rows = []
    shown = figures(panel.widget)
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
            rows.append(
                {
                    "control": name,
                    "kind": type(control).__name__,
                    "median": statistics.median(wall),
                    "max": max(wall),
                    "cpu_max": max(t[1] for t in times),
                    "moves": len(times),
                }
            )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="notebook name prefixes, e.g. 02 03")
    parser.add_argument("--moves", type=int, default=5, help="positions per slider")
    args = parser.parse_args()
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.lessons:
        notebooks = [nb for nb in notebooks if nb.name.startswith(tuple(args.lessons))]
    everything = []
    for notebook in notebooks:
        started = time.perf_counter()
        panels = run_notebook(notebook)
        print(
            f"\n## {notebook.stem}  ({len(panels)} panels; the notebook ran in "
            f"{time.perf_counter() - started:.1f} s)"
        )
        print(f"{'panel':28} {'control':22} {'kind':16} {'median ms':>9} {'max ms':>8}")
        for panel_name, panel in panels:
            for row in measure(panel, args.moves):
                row.update(lesson=notebook.stem[:2], panel=panel_name)
                everything.append(row)
                over = (
                    " *"
                    if (
                        row["median"] > BUDGET_MEDIAN_MS or row["max"] > BUDGET_WORST_MS
                    )
                    else ""
                )
                print(
                    f"{panel_name[:28]:28} {row['control'][:22]:22} "
                    f"{row['kind'][:16]:16} "
                    f"{row['median']:9.1f} {row['max']:8.1f}{over}"
                )
        plt.close("all")
    over = [
        r
        for r in everything
        if r["median"] > BUDGET_MEDIAN_MS or r["max"] > BUDGET_WORST_MS
    ]
    print(
        f"\n{len(everything)} controls timed; {len(over)} over the budget "
        f"({BUDGET_MEDIAN_MS:g} ms median, {BUDGET_WORST_MS:g} ms worst), marked *."
    )
    print("\nThe ten slowest (by worst move):")
    for row in sorted(everything, key=lambda r: -r["max"])[:10]:
        print(
            f"  {row['lesson']} {row['panel'][:24]:24} {row['control'][:22]:22} "
            f"median {row['median']:7.1f} ms, max {row['max']:7.1f} ms "
            f"(cpu {row['cpu_max']:.0f} ms)"
        )


if __name__ == "__main__":
    main()

"""Does every cached figure paint what a full draw paints? (prints; no asserts)

    python benchmarks/check_cached_draws.py            # every lesson, a few minutes
    python benchmarks/check_cached_draws.py 05 07      # lessons whose file starts so

Runs each lesson headlessly as bench_controls.py does, moves every control of
every panel once (a slider to its other end, a menu to its next option), then,
for every figure drawn through a BackgroundCache, draws it twice (the second
draw over the kept background) and once in full, and prints how many pixels
differ by more than 3 levels. A changing artist left out of a cache's list, or
drawn in another order than a full draw would draw it, shows up here.
"""

from __future__ import annotations

import argparse
import contextlib
import io

import numpy as np
from bench_controls import ROOT, figures, named_controls, page_ready, run_notebook

import ipywidgets as widgets
import matplotlib.pyplot as plt

from nnviz.plots.background import BackgroundCache


def moved(control):
    """Move a control once, as a learner would (buttons and Play are left)."""
    if isinstance(control, (widgets.Button, widgets.Play)):
        return False
    options = getattr(control, "options", None)
    if options:
        if len(options) < 2 or not isinstance(control.index, int):  # a multi-choice: left
            return False
        control.index = (control.index + 1) % len(options)
    elif hasattr(control, "max") and hasattr(control, "min"):
        control.value = control.max if control.value != control.max else control.min
    elif isinstance(control, widgets.Checkbox):
        control.value = not control.value
    else:
        return False
    return True


def differing_pixels(fig, save=None) -> int:
    """How many pixels of `fig`'s cached draw differ from a full draw; with
    `save`, the two pictures (cached above full), cropped to the difference."""
    differ = fig.draw.__self__.differing_pixels()
    if save and differ.any():
        from PIL import Image

        canvas, cache = fig.canvas, fig.draw.__self__
        canvas.draw()
        fast = np.asarray(canvas.buffer_rgba()).copy()
        cache.enabled = False
        canvas.draw()
        full = np.asarray(canvas.buffer_rgba()).copy()
        cache.enabled = True
        ys, xs = np.nonzero(differ)
        crop = np.s_[max(ys.min() - 20, 0):ys.max() + 20, max(xs.min() - 20, 0):xs.max() + 20]
        Image.fromarray(np.concatenate([fast[crop], full[crop]], axis=0)).save(save)
    return int(differ.sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="notebook name prefixes, e.g. 05 07")
    parser.add_argument("--save", metavar="DIR", help="save each difference as a PNG "
                        "(the cached draw above the full one)")
    args = parser.parse_args()
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.lessons:
        notebooks = [nb for nb in notebooks if nb.name.startswith(tuple(args.lessons))]
    wrong = 0
    for notebook in notebooks:
        with contextlib.redirect_stdout(io.StringIO()):
            panels = run_notebook(notebook)
        for panel_name, panel in panels:
            shown = figures(panel.widget)
            page_ready(shown)
            for name, control in named_controls(panel.controls):
                with contextlib.redirect_stdout(io.StringIO()):
                    if not moved(control):
                        continue
                for fig in shown:
                    if not isinstance(getattr(fig.draw, "__self__", None),
                                      BackgroundCache):
                        continue
                    save = args.save and (f"{args.save}/{notebook.stem[:2]}_"
                                          f"{panel_name.replace(' ', '')}_{name}.png")
                    n = differing_pixels(fig, save)
                    if n:
                        wrong += 1
                        title = fig.axes[0].get_title() if fig.axes else ""
                        print(f"{notebook.stem} {panel_name} after '{name}': "
                              f"{n} pixels differ (figure {title!r})", flush=True)
        print(f"{notebook.stem}: checked", flush=True)
        plt.close("all")
    print(f"{wrong} cached draw(s) differ from a full draw")


if __name__ == "__main__":
    main()

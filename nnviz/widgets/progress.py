"""Progress on long work: a bar, "what: 120 / 400", then "done: ... in 3.2 s".

Any call that can take more than about two seconds (training in a cell,
retraining after a slider move, exporting an animation) shows a `Progress`
while it runs, and says when it is done and how long it took.

In a notebook cell, wrap the loop in `progress_steps`:

    for record in nv.progress_steps(nv.train_steps(...), 400, "training"):
        ...                        # the bar moves; at the end "done: training,
                                   # 400 steps in 1.3 s"

In a panel, make one `Progress`, put its `.widget` where the panel wants it,
and give it to the work (`LiveTraining(..., progress=progress)` and
`live.restart(make_source, total=400, what="training the denoisers")`, or
`export_animation(..., progress=progress)`). The figure keeps its last state
meanwhile: the bar is the only thing that says work is going on.

`update(done)` may be called after every step: it only stores the number,
and sends the browser a new bar position when the bar moves by 5 % (20
messages for a whole run, whatever its length).
"""

from __future__ import annotations

import html
import itertools
import math
import time

import ipywidgets as widgets

from nnviz.plots.style import OKABE_ITO

RUNNING, DONE, STOPPED = OKABE_ITO["blue"], OKABE_ITO["green"], OKABE_ITO["vermillion"]
#: The bar moves in steps of this share of the total (a message per step).
STEP_SHARE = 0.05
#: With no known total, the count is sent at most this often (seconds).
UNKNOWN_TOTAL_EVERY_S = 0.25


def duration(seconds: float) -> str:
    """'0.4 s', '12.5 s', '2 min 05 s': a time for a person to read."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


class Progress:
    """One row: a bar (`.bar`, an IntProgress) and a sentence (`.text`, HTML).

    `.widget` (an HBox of the two) stays hidden until `start`.
    clock: seconds, like time.perf_counter (a test passes a fake one).

    Attributes to read: done, total (0 when unknown), unit, what, elapsed_s,
    finished (True after finish), stopped (True after cancel), line (the
    sentence shown, as plain text).
    """

    def __init__(self, *, clock=time.perf_counter):
        self.clock = clock
        self.bar = widgets.IntProgress(
            value=0, min=0, max=1, layout=widgets.Layout(width="16em"))
        self.bar.style.bar_color = RUNNING
        self.text = widgets.HTML(layout=widgets.Layout(margin="0 0 0 0.8em"))
        self.widget = widgets.HBox([self.bar, self.text])
        self.widget.layout.display = "none"  # nothing to say before start
        self.done, self.total, self.unit, self.what = 0, 0, "steps", ""
        self.finished = self.stopped = False
        self.line = ""
        self._start = self._end = None
        self._next = math.inf  # the next `done` (or time) worth a message

    @property
    def elapsed_s(self) -> float:
        """Seconds since start (frozen at finish or cancel); 0 before start."""
        if self._start is None:
            return 0.0
        return (self.clock() if self._end is None else self._end) - self._start

    def start(self, total: int, what: str, *, unit: str = "steps"):
        """Show the bar at 0: "training the denoisers: 0 / 400".

        total: how many `unit` the work takes (0 or None if unknown: then only
        the count is shown). what: the work, in a few words.
        """
        total = int(total or 0)
        if total < 0:
            raise ValueError(f"Progress.start needs total >= 0 ({unit} to do); "
                             f"got total={total}.")
        self.total, self.what, self.unit = total, what, unit
        self.done, self.finished, self.stopped = 0, False, False
        self._start, self._end = self.clock(), None
        self.bar.max = max(total, 1)
        self.bar.value = 0
        self.bar.style.bar_color = RUNNING
        self.bar.layout.visibility = "visible" if total else "hidden"
        self._send(0)
        self.widget.layout.display = None

    def update(self, done: int):
        """`done` units are done. Cheap: a message only when the bar moves 5 %."""
        self.done = done
        if self.total:
            if done >= self._next:
                self._send(done)
        elif self._start is not None and self.clock() >= self._next:
            self._send(done)

    def finish(self, summary: str | None = None):
        """Fill the bar: "done: training the denoisers, 400 steps in 3.2 s".

        summary replaces "training the denoisers, 400 steps"; the time follows.
        """
        if self._start is None:  # never started: finish what was counted
            done = self.done
            self.start(done, self.what or "work", unit=self.unit)
            self.done = done
        self._end, self.finished = self.clock(), True
        self.bar.value = self.bar.max
        self.bar.style.bar_color = DONE
        said = summary or f"{self.what}, {self._count(self.done)}"
        self._say(f"done: {said} in {duration(self.elapsed_s)}")
        self._next = math.inf

    def cancel(self, message: str | None = None):
        """Leave the bar where it is and say so: "stopped: training at 120 / 400".

        message, if given, follows (a divergence's sentence, for example).
        """
        if self._start is None:
            return  # nothing was running: nothing to say
        self._end, self.stopped = self.clock(), True
        self.bar.style.bar_color = STOPPED
        words = (f"stopped: {self.what} at {self._where(self.done)} "
                 f"({duration(self.elapsed_s)})")
        if message:
            words += f". {message}"
        self._say(words, color=STOPPED)
        self._next = math.inf

    def hide(self):
        """Hide the row (a run with no known length is coming, or none)."""
        self.widget.layout.display = "none"
        self._start = self._end = None
        self._next = math.inf

    def _send(self, done):
        """Move the bar and the sentence to `done` (one widget message each)."""
        self.bar.value = min(done, self.bar.max)
        self._say(f"{self.what}: {self._where(done)} · {duration(self.elapsed_s)}")
        if self.total:
            step = max(1, math.ceil(STEP_SHARE * self.total))
            self._next = min((done // step + 1) * step, self.total)
        else:
            self._next = self.clock() + UNKNOWN_TOTAL_EVERY_S

    def _say(self, words, color=None):
        """Write `words` (plain text) beside the bar; `.line` keeps them."""
        self.line = words
        words = html.escape(words)
        self.text.value = (words if color is None
                           else f"<span style='color:{color}'>{words}</span>")

    def _where(self, done):
        return f"{done} / {self.total}" if self.total else self._count(done)

    def _count(self, n):
        unit = self.unit[:-1] if n == 1 and self.unit.endswith("s") else self.unit
        return f"{n} {unit}"


def in_kernel() -> bool:
    """True inside a Jupyter kernel (where a widget can be shown)."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python without IPython
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def progress_steps(iterable, total=None, what="training", *, progress=None,
                   unit="steps"):
    """Yield the items of `iterable` while a Progress shows how many are done.

    total: how many items the work takes; the iterable is cut there, so an
        endless source such as `train_steps(...)` can be given as is. Default:
        len(iterable) if it has one, else unknown (the count is shown, no bar).
    progress: a Progress to drive; by default one is made and displayed below
        the cell (in a kernel), or one line is printed at the end (plain Python).

    At the end: "done: training, 400 steps in 1.3 s". If the iterable raises
    (a divergence, an interrupt), the bar says "stopped" and the error goes on.
    """
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    items = iter(iterable) if total is None else itertools.islice(iterable, total)
    made = progress is None
    shown = made and in_kernel()
    if made:
        progress = Progress()
        if shown:
            from IPython.display import display

            display(progress.widget)
    progress.start(total or 0, what, unit=unit)
    done = 0
    try:
        for item in items:
            done += 1
            progress.update(done)
            yield item
    except BaseException as error:  # GeneratorExit too: the loop was left early
        progress.update(done)
        progress.cancel(None if isinstance(error, GeneratorExit) else str(error))
        raise
    progress.update(done)
    progress.finish()
    if made and not shown:
        print(progress.line)  # plain Python: one line at the end

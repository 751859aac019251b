"""Live training: Play -> a few optimizer steps -> the views -> again.

Every panel that trains while the learner watches uses one `LiveTraining`:

    def show(records):                 # the records of this tick, oldest first
        view.update(model)             # set_data on existing artists, draw_idle()
        status.value = f"step {records[-1].step}"

    live = LiveTraining(show, output=output, steps_per_tick=5)
    live.restart(lambda: train_steps(model, "mse", SGD(0.1), X, y, rng=rng))
    rows = [live.widget, figure_widget(fig), status, output]   # Play beside its note

How a tick works. The Play widget moves a hidden counter in the browser (jslink:
no kernel round trip); each move runs `tick()` in the kernel, which

1. pulls steps from the source one by one, until `steps_per_tick` are done or
   the steps' share of the budget is spent: `budget_ms` minus what the views
   took last tick, so that steps plus views stay near `budget_ms`. Views slower
   than that must not starve training, so the steps always get at least half
   the budget, and one step at least;
2. calls `on_frame(records)` once: the views change once a tick, not once a step;
3. writes what the tick did in `note`, beside Play: "5 steps · 23 ms".

A source is any iterator of records: `train_steps(...)`, `itertools.islice(...,
300)` for a run of fixed length, or a generator of your own. When it ends, Play
stops. When it raises `TrainingDiverged`, Play stops and its sentence is written
in `note` (or, with `on_diverged`, given to the panel to say where it wants):
the learner reads it in the panel, it is never raised into the page. Any other
error goes to the panel's `output`.

`restart(make_source)` drops the running source at once (none of its steps is
applied after that) and the next tick starts a fresh one. A slider that changes
the run calls it, so a newer move replaces the older run instead of queueing
behind it. After a run ended or diverged, ticks already on their way are
ignored, and pressing Play again starts a fresh source the same way.
A slider whose answer needs training can show a first answer at once and then
keep improving it: `live.restart(make_source); live.tick(); live.play.playing
= True` (each tick stays within the budget, and the next move restarts).

From Python (tests, a "Step" button, an export): `tick()` does what one Play
tick does; `advance(n)` takes exactly n steps, whatever the budget.

Progress. A run that takes more than a couple of seconds says how far it is:
give a `nnviz.widgets.progress.Progress` (`progress=`), place its `.widget`
in the panel (it is not part of `widget`), and say the run's length:
`live.restart(make_source, total=400, what="training the denoisers")`. The
source is then cut at `total` steps; the bar starts at 0 on restart, moves
every tick, says "done: ..., 400 steps in 3.2 s" when the run ends, and
"stopped" with the sentence when it diverges. A newer restart starts it again.
A source that yields once an epoch says so: `restart(..., total=300,
unit="epochs")`, and the bar says "300 epochs".

Play ticks in the browser whatever the kernel is doing, so ticks pile up behind
a slow frame. While playing, a tick arriving less than half an interval after
the last one finished is dropped (the pile drains at once, so a pause acts
now), and Play's interval is raised to the pace the kernel keeps.
"""

from __future__ import annotations

import html
import itertools
import threading
import time

import ipywidgets as widgets

from nnviz.nn.training import TrainingDiverged
from nnviz.widgets.controls import play_control, reports_errors


class LiveTraining:
    """Play -> up to `steps_per_tick` steps -> `on_frame(records)` (module docstring).

    on_frame(records): updates the views; records is the non-empty list of what
        the source yielded this tick.
    output: the panel's Output, where an error raised in a tick is shown (Play
        then stops, rather than failing again every tick).
    steps_per_tick: the most steps a tick takes.
    budget_ms: the kernel time a tick aims for, steps and views together; None
        means always `steps_per_tick` steps (tests that count steps use it).
    interval, max_interval: milliseconds between Play ticks, at first and at most.
    on_diverged(message): optional; called after Play stopped on a
        `TrainingDiverged`, for a panel that says the sentence itself (the note
        then only says that training stopped).
    clock: seconds, like time.perf_counter (a test passes a fake one).
    progress: optional `Progress`, driven for runs restarted with a `total`.

    Attributes to read: play, counter (hidden), note (HTML), widget (HBox of
    the three), source (the running iterator or None), diverged (the sentence
    or None), last_steps, frame_ms and view_ms (what the last tick took),
    run_steps (steps taken by the current run), total (its length or None), unit.
    """

    def __init__(self, on_frame, *, output=None, steps_per_tick=5, budget_ms=40.0,
                 interval=100, max_interval=400, on_diverged=None,
                 clock=time.perf_counter, progress=None):
        self.on_frame, self.on_diverged, self.output = on_frame, on_diverged, output
        self.steps_per_tick, self.budget_ms = steps_per_tick, budget_ms
        self.interval, self.max_interval, self.clock = interval, max_interval, clock
        self.play, self.counter = play_control(1_000_000, interval, "frame")
        self.counter.layout.display = "none"  # it counts ticks: not a control
        self.note = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.widget = widgets.HBox([self.play, self.counter, self.note])
        self.source = self.make_source = self.diverged = None
        self.last_steps, self.frame_ms, self.view_ms = 0, None, 0.0
        self.progress, self.total, self.what, self.run_steps = progress, None, "", 0
        self.unit = "steps"  # what the bar counts (restart's unit)
        self._halted = False  # the run ended or diverged: ticks wait for Play
        self._last_start = self._last_end = -float("inf")
        # one frame at a time: a tick that comes while a frame runs (a widget
        # message handled meanwhile, seen once in the browser suite as
        # "generator already executing") is dropped, as a late tick is
        self._busy = threading.Lock()
        self.counter.observe(self._on_counter, names="value")
        self.play.observe(self._on_play, names="playing")

    def restart(self, make_source=None, *, total=None, what="training", unit="steps"):
        """Drop the running source; the next tick starts `make_source()` (by
        default the last one given, with its total). Play keeps playing if it was.

        total: the run's length, in records of the source: the source is cut
        there, and the progress bar (if any) starts at 0 / total. what: the
        run, in a few words. unit: what a record of the source is, for the bar
        ("steps", or "epochs" for a source that yields once an epoch).
        """
        if make_source is not None:
            self.make_source = make_source
            self.total, self.what, self.unit = total, what, unit
        elif total is not None:
            self.total, self.what, self.unit = total, what, unit
        self.source, self.diverged, self.note.value = None, None, ""
        self._halted = False
        self.play.value = self.counter.value = 0  # a counter going back: no tick
        self._start_progress()

    def _start_progress(self):
        """The bar at 0 for the coming run (hidden if its length is unknown)."""
        self.run_steps = 0
        if self.progress is None:
            return
        if self.total is None:
            self.progress.hide()
        else:
            self.progress.start(self.total, self.what, unit=self.unit)

    def answer_now(self, first_steps):
        """A first answer at once, the rest under Play: `first_steps` records of
        the run now (in the caller's callback), then Play's ticks continue it
        unless it has already ended."""
        self.advance(first_steps)
        if self.source is not None:
            self.play.playing = True

    def run_to_end(self, max_ticks=1000) -> int:
        """Tick as Play would until the run ends or diverges; return the ticks
        taken (for tests and scripts that want the finished state)."""
        for tick in range(1, max_ticks + 1):
            self.tick()
            if self.source is None:
                return tick
        raise RuntimeError(f"the run did not end in {max_ticks} ticks")

    def stop(self):
        """Pause Play (the source stays: Play goes on from where it was)."""
        self.play.playing = False

    def tick(self) -> list:
        """One Play tick: up to steps_per_tick steps within the budget, then
        on_frame. Returns the records taken (empty after a divergence at once)."""
        return self._frame(self.steps_per_tick, self.budget_ms)

    def advance(self, n_steps) -> list:
        """Take exactly `n_steps` steps now (fewer only if the source stops),
        then on_frame: a "Step" button, an export, a test."""
        return self._frame(n_steps, None)

    def _frame(self, n_steps, budget_ms):
        if not self._busy.acquire(blocking=False):
            return []  # a frame is running: see __init__
        try:
            return self._frame_now(n_steps, budget_ms)
        finally:
            self._busy.release()

    def _frame_now(self, n_steps, budget_ms):
        start = self.clock()
        # the views took view_ms last time: the steps get what is left, but
        # never less than half the budget (slow views must not stop training)
        deadline = float("inf") if budget_ms is None else (
            start + max(budget_ms - self.view_ms, budget_ms / 2) / 1e3)
        records, ended, diverged = [], False, None
        try:
            if self.source is None:
                if self.make_source is None:
                    raise RuntimeError("LiveTraining has nothing to train: call "
                                       "restart(make_source) before the first tick.")
                source = self.make_source()
                self.source = iter(source if self.total is None
                                   else itertools.islice(source, self.total))
                self._start_progress()  # the time counts from here
            while len(records) < n_steps:
                records.append(next(self.source))
                if self.clock() >= deadline:
                    break
        except StopIteration:
            self.source, ended = None, True
        except TrainingDiverged as error:
            self.source, diverged = None, str(error)
        stepped = self.clock()
        self.run_steps += len(records)
        if self.total is not None and self.run_steps >= self.total and not diverged:
            self.source, ended = None, True  # the last step: no tick to wait for
        if records:
            self.on_frame(records)
            self.view_ms = 1e3 * (self.clock() - stepped)
        self._show_progress(ended, diverged)  # after the frame: "done" is drawn
        self.last_steps, self.frame_ms = len(records), 1e3 * (self.clock() - start)
        self._halted = bool(diverged) or ended
        if diverged:
            self.diverged = diverged
            self.stop()
            # the sentence, unless the panel says it in its own place
            words = "" if self.on_diverged else html.escape(diverged)
            self.note.value = (f"<span style='color:#D55E00'><b>⚠ Training stopped."
                               f"</b> {words}</span>")
            if self.on_diverged is not None:
                self.on_diverged(diverged)
        elif ended:
            self.stop()
            self.note.value = "end of the run"
        else:
            self.note.value = (f"<small>{len(records)} step{'s' * (len(records) > 1)}"
                               f" · {self.frame_ms:.0f} ms</small>")
        return records

    def _show_progress(self, ended, diverged):
        if self.progress is None or self.total is None:
            return
        self.progress.update(self.run_steps)
        if diverged:
            self.progress.cancel(diverged)
        elif ended:
            self.progress.finish()

    def _on_counter(self, change):
        if change["new"] <= change["old"] or self._halted:
            return  # the counter went back (Play's stop, restart()), or the run
            # stopped and this tick was already on its way: wait for Play
        now = self.clock()
        if self.play.playing:
            gap_ms, self._last_start = 1e3 * (now - self._last_start), now
            if 1e3 * (now - self._last_end) < 0.5 * self.play.interval:
                return  # piled up behind a slow frame: dropped
            if 1.5 * self.play.interval < gap_ms < 2000:
                self.play.interval = min(self.max_interval, int(1.2 * gap_ms))
        tick = self._tick_or_stop
        try:
            (tick if self.output is None else reports_errors(self.output)(tick))()
        finally:
            self._last_end = self.clock()

    def _tick_or_stop(self):
        try:
            self.tick()
        except Exception:
            self.stop()  # one message, not the same error every tick
            if self.progress is not None and self.total is not None:
                self.progress.cancel()
            raise

    def _on_play(self, change):
        if change["new"]:
            self._halted = False  # Play again: the next tick starts a fresh source
            self.play.interval = self.interval  # _on_counter raises it if it must

"""Progress on long work: the bar advances, says "done ... in ... s" or "stopped",
restarts with a new run, and costs few widget messages. A fake clock, never real
time."""

import itertools

import pytest
from PIL import Image

import nnviz as nv
from nnviz.nn.training import TrainingDiverged
from nnviz.plots import style
from nnviz.plots.export import export_animation
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress, duration, progress_steps


class FakeClock:
    """Seconds that move only when a test (or a fake step) says so."""

    def __init__(self):
        self.now = 50.0

    def __call__(self):
        return self.now

    def wait(self, seconds):
        self.now += seconds


def watch(widget, name="value"):
    """Every value `widget.<name>` is set to from now on (one per widget message)."""
    seen = []
    widget.observe(lambda change: seen.append(change["new"]), names=name)
    return seen


def steps(clock=None, seconds=0.0, diverge_at=None):
    """An endless source of step numbers; each step takes `seconds` on the clock."""
    for i in itertools.count(1):
        if clock is not None:
            clock.wait(seconds)
        if i == diverge_at:
            raise TrainingDiverged(f"Training diverged: the loss became inf at "
                                   f"step {i}.")
        yield i


def test_hidden_until_started_then_at_zero():
    progress = Progress(clock=FakeClock())
    assert progress.widget.layout.display == "none"
    progress.start(400, "training the denoisers")
    assert progress.widget.layout.display != "none"
    assert (progress.bar.value, progress.bar.max) == (0, 400)
    assert progress.line.startswith("training the denoisers: 0 / 400")
    assert not progress.finished and not progress.stopped


def test_finish_fills_the_bar_and_says_how_long_it_took():
    clock = FakeClock()
    progress = Progress(clock=clock)
    progress.start(400, "training the denoisers")
    clock.wait(1.5)
    progress.update(200)
    assert progress.bar.value == 200 and "200 / 400" in progress.line
    clock.wait(1.7)
    progress.update(400)
    progress.finish()
    assert progress.finished and progress.bar.value == progress.bar.max
    assert progress.elapsed_s == pytest.approx(3.2)
    assert progress.line == "done: training the denoisers, 400 steps in 3.2 s"
    clock.wait(10)
    assert progress.elapsed_s == pytest.approx(3.2)  # frozen at the end


def test_finish_with_a_summary_keeps_the_time():
    clock = FakeClock()
    progress = Progress(clock=clock)
    progress.start(3, "training")
    clock.wait(75)
    progress.finish("3 denoisers trained")
    assert progress.line == "done: 3 denoisers trained in 1 min 15 s"


@pytest.mark.parametrize("total", [7, 1000, 12345])
def test_update_every_step_sends_few_messages(total):
    progress = Progress(clock=FakeClock())
    progress.start(total, "training")
    bar_values, texts = watch(progress.bar), watch(progress.text)
    for done in range(1, total + 1):
        progress.update(done)
    assert progress.done == total and progress.bar.value == total
    assert bar_values == sorted(bar_values) and bar_values[-1] == total
    assert len(bar_values) <= min(total, 21) and len(texts) <= min(total, 21)


def test_unknown_total_shows_the_count_at_most_every_quarter_second():
    clock = FakeClock()
    progress = Progress(clock=clock)
    progress.start(None, "training")
    assert progress.bar.layout.visibility == "hidden"
    texts = watch(progress.text)
    for done in range(1, 101):
        clock.wait(0.01)  # 1 s in all
        progress.update(done)
    assert 3 <= len(texts) <= 5 and "steps" in progress.line
    progress.finish()
    assert progress.line == "done: training, 100 steps in 1.0 s"


def test_cancel_says_stopped_and_where():
    clock = FakeClock()
    progress = Progress(clock=clock)
    progress.start(400, "training")
    progress.update(120)
    clock.wait(2)
    progress.cancel("The loss became inf.")
    assert progress.stopped and not progress.finished
    assert progress.line == ("stopped: training at 120 / 400 (2.0 s). "
                             "The loss became inf.")
    assert progress.bar.style.bar_color == style.OKABE_ITO["vermillion"]


@pytest.mark.parametrize("seconds, words", [(0.04, "0.0 s"), (59.94, "59.9 s"),
                                            (125, "2 min 05 s")])
def test_durations_read_well(seconds, words):
    assert duration(seconds) == words


# ---- LiveTraining drives a Progress -------------------------------------------


def live_with_progress(**kwargs):
    clock = FakeClock()
    progress = Progress(clock=clock)
    frames = []
    kwargs.setdefault("budget_ms", None)
    live = LiveTraining(frames.append, clock=clock, progress=progress, **kwargs)
    return live, progress, frames, clock


def test_live_training_moves_the_bar_tick_by_tick_and_finishes():
    live, progress, frames, clock = live_with_progress(steps_per_tick=5)
    bar_values = watch(progress.bar)
    live.restart(lambda: steps(clock, 0.1), total=20, what="training the denoisers")
    assert progress.line.startswith("training the denoisers: 0 / 20")
    for _ in range(4):
        live.counter.value += 1
    assert bar_values == [5, 10, 15, 20]  # one move a tick
    assert [len(f) for f in frames] == [5, 5, 5, 5]  # the endless source is cut at 20
    assert progress.finished and not live.play.playing and live.source is None
    assert progress.line == "done: training the denoisers, 20 steps in 2.0 s"
    assert live.note.value == "end of the run"


def test_a_restart_resets_the_bar():
    live, progress, frames, clock = live_with_progress(steps_per_tick=3)
    live.restart(lambda: steps(clock, 0.1), total=30, what="run A")
    live.tick()
    live.tick()
    assert progress.done == 6 and progress.bar.value == 6
    live.restart(lambda: steps(clock, 0.1), total=12, what="run B")
    assert (progress.done, progress.bar.value, progress.bar.max) == (0, 0, 12)
    assert progress.line.startswith("run B: 0 / 12") and not progress.finished
    for _ in range(4):
        live.tick()
    assert progress.finished and progress.line.startswith("done: run B, 12 steps")


def test_play_again_after_the_end_starts_a_fresh_bar():
    live, progress, _, clock = live_with_progress(steps_per_tick=4)
    live.restart(lambda: steps(clock, 0.1), total=10)
    for _ in range(3):
        live.tick()
    assert progress.finished and not live.play.playing
    live.play.playing = True  # Play again: a fresh run from the same source
    live.counter.value += 1
    assert (progress.done, progress.bar.value) == (4, 4) and not progress.finished
    assert progress.line.startswith("training: 4 / 10 · 0.4 s")


def test_divergence_marks_the_bar_stopped_with_the_sentence():
    live, progress, _, clock = live_with_progress(steps_per_tick=4)
    live.restart(lambda: steps(clock, 0.1, diverge_at=7), total=50)
    live.tick()
    live.tick()
    assert progress.stopped and not progress.finished
    assert progress.bar.value == 6
    assert progress.line.startswith("stopped: training at 6 / 50")
    assert "the loss became inf at step 7" in progress.line
    assert "Training stopped" in live.note.value  # the note still says it too


def test_a_run_without_total_hides_the_bar():
    live, progress, _, clock = live_with_progress(steps_per_tick=4)
    live.restart(lambda: steps(clock, 0.1), total=40)
    assert progress.widget.layout.display != "none"
    live.restart(lambda: steps(clock, 0.1))
    assert progress.widget.layout.display == "none"
    live.tick()
    assert live.run_steps == 4 and progress.done == 0  # nothing said about it


def test_restart_without_a_source_keeps_the_run_and_its_total():
    live, progress, _, clock = live_with_progress(steps_per_tick=4)
    live.restart(lambda: steps(clock, 0.1), total=8, what="run A")
    live.tick()
    live.restart()
    assert progress.line.startswith("run A: 0 / 8")
    live.tick()
    live.tick()
    assert progress.finished and live.run_steps == 8


# ---- progress_steps in a cell ---------------------------------------------------


def test_progress_steps_yields_every_item_and_finishes():
    progress = Progress(clock=FakeClock())
    bar_values = watch(progress.bar)
    items = list(progress_steps(range(40), what="counting", progress=progress,
                                unit="items"))
    assert items == list(range(40))
    assert progress.finished and bar_values[-1] == 40 and len(bar_values) <= 21
    assert progress.line.startswith("done: counting, 40 items in")


def test_progress_steps_cuts_an_endless_source_at_total():
    progress = Progress(clock=FakeClock())
    assert list(progress_steps(steps(), 25, progress=progress)) == list(range(1, 26))
    assert progress.finished and progress.done == 25


def test_progress_steps_prints_one_line_outside_a_kernel(capsys):
    records = list(nv.progress_steps(range(3), what="warming up"))
    assert records == [0, 1, 2]
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 1 and printed[0].startswith("done: warming up, 3 steps in")


def test_progress_steps_marks_an_error_stopped_and_raises_it():
    progress = Progress(clock=FakeClock())
    seen = []
    with pytest.raises(TrainingDiverged, match="step 4"):
        for item in progress_steps(steps(diverge_at=4), 10, progress=progress):
            seen.append(item)
    assert seen == [1, 2, 3] and progress.stopped and not progress.finished
    assert progress.line.startswith("stopped: training at 3 / 10")


def test_leaving_the_loop_early_says_stopped():
    progress = Progress(clock=FakeClock())
    items = progress_steps(range(100), progress=progress)
    for item in items:
        if item == 9:
            break
    items.close()
    assert progress.stopped and progress.done == 10


# ---- an export -----------------------------------------------------------------


def test_export_moves_the_bar_frame_by_frame(tmp_path):
    fig, ax = style.new_figure(size=(2, 1.5))
    (line,) = ax.plot([0, 1], [0, 0])
    ax.set_ylim(0, 8)
    clock = FakeClock()
    progress = Progress(clock=clock)
    bar_values, bars_at_update = watch(progress.bar), []

    def update(i):
        bars_at_update.append(progress.bar.value)  # the frames before this one
        clock.wait(0.5)
        line.set_ydata([i, i])

    path = export_animation(fig, update, 6, tmp_path / "line.gif", progress=progress)
    with Image.open(path) as gif:
        assert gif.n_frames == 6
    assert bars_at_update == [0, 1, 2, 3, 4, 5] and bar_values == [1, 2, 3, 4, 5, 6]
    assert progress.line == "done: exporting line.gif, 6 frames in 3.0 s"


def test_a_failed_export_says_stopped(tmp_path):
    fig, _ = style.new_figure(size=(2, 1.5))
    progress = Progress(clock=FakeClock())

    def update(i):
        if i == 2:
            raise ValueError("the view has no stage 2")

    with pytest.raises(ValueError, match="no stage 2"):
        export_animation(fig, update, 5, tmp_path / "line.html", progress=progress)
    assert progress.stopped and progress.done == 2
    assert "the view has no stage 2" in progress.line

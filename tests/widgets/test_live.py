"""LiveTraining: Play ticks train, restarts drop the old run, divergence is said,
the time budget bounds the steps of a tick. A fake clock, never real time."""

import itertools

import numpy as np
import pytest

import nnviz as nv
from nnviz.nn.training import TrainingDiverged
from nnviz.widgets.live import LiveTraining
from nnviz.widgets.progress import Progress


class FakeClock:
    """Seconds that move only when a test (or a fake step) says so."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def wait(self, ms):
        self.now += ms / 1e3


def counting(clock=None, step_ms=0.0, name="run", diverge_at=None):
    """An endless source of (name, i); each step takes step_ms on the fake clock."""
    for i in itertools.count(1):
        if clock is not None:
            clock.wait(step_ms)
        if i == diverge_at:
            raise TrainingDiverged(f"Training diverged: the loss became inf at "
                                   f"step {i}.")
        yield name, i


def make(**kwargs):
    """A LiveTraining whose frames are logged; its clock is fake."""
    frames, clock = [], FakeClock()
    kwargs.setdefault("clock", clock)
    live = LiveTraining(frames.append, **kwargs)
    return live, frames, clock


def tick_as_play_does(live):
    """Play's next tick, one interval after the last one (on a fake clock)."""
    if isinstance(live.clock, FakeClock):
        live.clock.wait(live.play.interval)
    live.counter.value += 1


def test_a_tick_takes_steps_per_tick_steps_and_shows_them_once():
    live, frames, _ = make(steps_per_tick=3)
    live.restart(lambda: counting())
    tick_as_play_does(live)
    tick_as_play_does(live)
    assert frames == [[("run", 1), ("run", 2), ("run", 3)],
                      [("run", 4), ("run", 5), ("run", 6)]]
    assert live.last_steps == 3 and "3 steps" in live.note.value


def test_ticks_train_a_real_model_and_update_what_on_frame_shows(rng):
    X = rng.normal(size=(64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    model = nv.mlp([2, 8, 1], "tanh", rng=rng)
    W = model.layers[0].params["W"].copy()
    shown = []
    live = LiveTraining(lambda records: shown.append(records[-1].step),
                        steps_per_tick=4, budget_ms=None)
    live.restart(lambda: nv.train_steps(model, "binary_cross_entropy_logits",
                                        nv.SGD(0.5), X, y, rng=rng))
    for _ in range(3):
        tick_as_play_does(live)
    assert shown == [4, 8, 12]
    assert not np.allclose(model.layers[0].params["W"], W)


def test_restart_drops_the_running_source_no_stale_step_is_applied():
    live, frames, _ = make(steps_per_tick=2)
    old = counting(name="old")
    live.restart(lambda: old)
    live.tick()
    live.restart(lambda: counting(name="new"))
    live.tick()
    live.tick()
    assert frames[0] == [("old", 1), ("old", 2)]
    assert frames[1:] == [[("new", 1), ("new", 2)], [("new", 3), ("new", 4)]]
    assert next(old) == ("old", 3)  # the old run was left where it was, unused
    assert live.counter.value == 0 and live.play.value == 0  # counter back to 0


def test_divergence_is_said_in_words_stops_play_and_raises_nothing():
    messages = []
    live, frames, _ = make(steps_per_tick=5, on_diverged=messages.append)
    live.restart(lambda: counting(diverge_at=3))
    live.play.playing = True
    tick_as_play_does(live)
    assert frames == [[("run", 1), ("run", 2)]]  # the steps before it are shown
    assert live.play.playing is False
    assert "Training stopped" in live.note.value  # the panel says the rest
    assert live.diverged == messages[0] and "inf at step 3" in messages[0]
    assert live.source is None
    tick_as_play_does(live)  # a tick already on its way: ignored
    assert len(frames) == 1
    live.play.playing = True  # Play again: a fresh run from make_source
    tick_as_play_does(live)
    assert frames[-1] == [("run", 1), ("run", 2)] and live.play.playing is False


def test_without_on_diverged_the_note_says_the_whole_sentence():
    live, frames, _ = make(steps_per_tick=5)
    live.restart(lambda: counting(diverge_at=1))
    assert live.tick() == [] and frames == []  # nothing to show but the words
    assert "Training stopped" in live.note.value
    assert "the loss became inf at step 1" in live.note.value


def test_a_source_that_ends_stops_play():
    live, frames, _ = make(steps_per_tick=4)
    live.restart(lambda: itertools.islice(counting(), 6))
    live.play.playing = True
    tick_as_play_does(live)
    tick_as_play_does(live)
    assert [len(f) for f in frames] == [4, 2]
    assert live.play.playing is False and "end of the run" in live.note.value


def test_answer_now_takes_a_first_part_and_leaves_the_rest_to_play():
    live, frames, _ = make(steps_per_tick=4)
    live.restart(lambda: itertools.islice(counting(), 10), total=10)
    live.answer_now(3)
    assert frames == [[("run", 1), ("run", 2), ("run", 3)]] and live.play.playing
    assert live.run_to_end() == 2 and live.source is None  # 4 + 3 steps, then the end
    assert [len(f) for f in frames] == [3, 4, 3]


def test_answer_now_does_not_start_play_on_a_run_already_ended():
    live, frames, _ = make()
    live.restart(lambda: iter([("run", 1)]))
    live.answer_now(5)
    assert len(frames) == 1 and live.source is None and not live.play.playing


def test_run_to_end_says_when_a_run_does_not_end():
    live, _, _ = make(steps_per_tick=1)
    live.restart(lambda: counting())
    with pytest.raises(RuntimeError, match="did not end in 3 ticks"):
        live.run_to_end(3)


def test_an_error_in_on_frame_goes_to_the_output_and_stops_play(capsys):
    from nnviz.widgets.controls import error_output

    def broken(records):
        raise ValueError("a view could not draw")

    live = LiveTraining(broken, output=error_output())
    live.restart(lambda: counting())
    live.play.playing = True
    tick_as_play_does(live)
    assert live.play.playing is False
    # outside a kernel the Output prints what it captures
    assert "⚠ ValueError: a view could not draw" in capsys.readouterr().out


def test_the_budget_bounds_the_steps_of_a_tick():
    live, frames, clock = make(steps_per_tick=50, budget_ms=40)
    live.restart(lambda: counting(clock, step_ms=10))
    live.tick()
    assert len(frames[-1]) == 4  # 4 steps of 10 ms fill the 40 ms
    live.on_frame = lambda records: (frames.append(records), clock.wait(20))
    live.tick()  # the views cost nothing yet: 4 steps, then 20 ms of views
    assert len(frames[-1]) == 4 and live.view_ms == pytest.approx(20)
    assert live.frame_ms == pytest.approx(60)
    live.tick()  # 20 ms of views leave 20 ms for the steps
    assert len(frames[-1]) == 2 and live.frame_ms == pytest.approx(40)
    assert "2 steps · 40 ms" in live.note.value


def test_slow_views_leave_the_steps_half_the_budget():
    live, frames, clock = make(steps_per_tick=8, budget_ms=40)
    live.restart(lambda: counting(clock, step_ms=10))
    live.on_frame = lambda records: (frames.append(records), clock.wait(100))
    live.tick()
    live.tick()
    assert len(frames[-1]) == 2  # views of 100 ms: the steps still get 20 ms
    assert live.frame_ms == pytest.approx(120)
    live.restart(lambda: counting(clock, step_ms=60))
    live.tick()
    assert len(frames[-1]) == 1  # one step at least, however slow


def test_advance_and_no_budget_take_every_step():
    live, frames, clock = make(steps_per_tick=8, budget_ms=40)
    live.restart(lambda: counting(clock, step_ms=10))
    assert live.advance(8) == [("run", i) for i in range(1, 9)]
    live.budget_ms = None
    live.tick()
    assert len(frames[-1]) == 8


def test_ticks_piled_up_behind_a_slow_frame_are_dropped_while_playing():
    live, frames, clock = make(steps_per_tick=1, interval=100)
    live.restart(lambda: counting())
    live.play.playing = True
    live.counter.value += 1
    clock.wait(10)  # the next tick arrives 10 ms after: it waited in the queue
    live.counter.value += 1
    assert len(frames) == 1
    clock.wait(100)
    live.counter.value += 1
    assert len(frames) == 2
    live.stop()  # not playing: every counter move is a tick (tests, scripts)
    live.counter.value += 1
    live.counter.value += 1
    assert len(frames) == 4


def test_the_interval_follows_a_slow_kernel_and_play_sets_it_back():
    live, frames, clock = make(steps_per_tick=1, interval=100, max_interval=400)
    live.restart(lambda: counting())
    live.play.playing = True
    live.counter.value += 1
    clock.wait(250)  # the kernel kept a pace of one tick in 250 ms
    live.counter.value += 1
    assert live.play.interval == 300
    clock.wait(1500)
    live.counter.value += 1
    assert live.play.interval == 400  # never above max_interval
    live.stop()
    live.play.playing = True
    assert live.play.interval == 100


def test_a_tick_before_any_restart_says_what_to_do():
    live, _, _ = make()
    with pytest.raises(RuntimeError, match="restart"):
        live.tick()


def test_the_counter_is_hidden_and_play_sits_beside_the_note():
    live, _, _ = make()
    assert live.widget.children == (live.play, live.counter, live.note)
    assert live.counter.layout.display == "none"


def test_the_bar_counts_the_unit_restart_names():
    progress = Progress(clock=FakeClock())
    live, _, _ = make(progress=progress, budget_ms=None, steps_per_tick=4)
    live.restart(lambda: counting(), total=10, what="training", unit="epochs")
    live.advance(4)
    assert progress.line.startswith("training: 4 / 10")
    live.advance(10)
    assert progress.finished and "10 epochs in" in progress.line
    live.restart()  # the same run again: still counted in epochs
    live.advance(10)
    assert "10 epochs in" in progress.line
    live.restart(lambda: counting(), total=3)  # a new run: steps by default
    live.advance(3)
    assert "3 steps in" in progress.line


def test_a_tick_that_comes_while_a_frame_runs_is_dropped():
    """A tick handled while a frame is taking its steps (seen once in the
    browser: a widget message in the middle of a frame) is dropped, instead of
    asking the running source for its next record ("generator already
    executing")."""
    frames, inner = [], []

    def source():
        for step in range(100):
            if step == 3:
                inner.append(live.tick())  # a tick in the middle of a frame
            yield step

    live = LiveTraining(frames.append, steps_per_tick=5, budget_ms=None)
    live.restart(source)
    assert live.tick() == [0, 1, 2, 3, 4]
    assert inner == [[]] and frames == [[0, 1, 2, 3, 4]]
    assert live.tick() == [5, 6, 7, 8, 9]  # and the next tick goes on

"""Issue 18: lesson 9's moves and Play ticks redraw the same artists in place over
a cached background, and the cached picture is exactly the full one."""

import asyncio

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnviz as nv  # noqa: E402
from nnviz.lessons.scaling.panels import FIRST_STEPS  # noqa: E402
from nnviz.playground.later import Later  # noqa: E402


@pytest.fixture
def trained_explorer(digits):
    """The scaling explorer on six finished runs (20 steps) at strength 5."""
    clean, clean_test = digits
    noisy = nv.noisy_digits(clean, hot_strength=5.0, rng=np.random.default_rng(0))
    runs = nv.train_denoisers(noisy, clean, steps=20)
    return nv.scaling_explorer(clean, clean_test, steps=20, runs=runs,
                               check_backend=False)


@pytest.mark.parametrize("control, value", [("digit", 3), ("scaling", "minmax"),
                                            ("output", "identity")])
def test_scaling_explorer_menus_and_digit_redraw_in_place(
        trained_explorer, move_redraws_in_place, control, value):
    move_redraws_in_place(trained_explorer, control, value)


def test_a_new_strength_and_its_play_ticks_redraw_in_place(
        trained_explorer, move_redraws_in_place, cached_render_is_exact):
    panel = trained_explorer
    limits = panel.views[0].ax_curves.get_ylim()
    move_redraws_in_place(panel, "strength", 12.0)  # its first steps, drawn
    panel.live.run_to_end()  # every tick and the finished runs: the same limits
    view = panel.views[0]
    assert view.ax_curves.get_ylim() == limits
    view.fig.canvas.draw()
    assert view.cache.full_draws == 1
    cached_render_is_exact(view.fig)


def test_a_new_strength_answers_before_it_trains(trained_explorer):
    """In a kernel (an event loop runs) the move only says what comes; the
    first steps are trained a moment later."""
    panel, status = trained_explorer, trained_explorer.widget.children[1]

    async def move():
        panel.controls["strength"].value = 12.0
        assert panel.live.run_steps == 0 and "training the six" in status.value
        Later.flush_all()  # what the event loop would do a moment later
        assert panel.live.run_steps == FIRST_STEPS and panel.live.play.playing

    asyncio.run(move())
    assert not panel.output.outputs


def test_steering_step_redraws_in_place(steering_runs, move_redraws_in_place):
    runs, true = steering_runs
    move_redraws_in_place(nv.steering_explorer(runs, true, check_backend=False),
                          "step", 10)


def test_a_play_tick_takes_one_step_of_the_six_nets(trained_explorer):
    """A step of the six nets costs about 6 ms and the views about 3 ms: a tick
    takes one step before its draw (about 15 ms; the frame stays within 30 ms),
    and Play ticks every 50 ms, so training keeps its pace of two steps per
    100 ms. Timed on a clock that moves only by those costs."""
    live, now = trained_explorer.live, [0.0]

    def costs(ms, records):
        for record in records:
            now[0] += ms / 1e3
            yield record

    def show_in_3_ms(records):
        show(records)
        now[0] += 3.0 / 1e3

    make_source, show = live.make_source, live.on_frame
    live.clock = lambda: now[0]
    live.make_source = lambda: costs(6.0, make_source())
    live.on_frame = show_in_3_ms
    live.tick()  # the views' cost is known from the second tick on
    assert [len(live.tick()) for _ in range(3)] == [1, 1, 1]
    assert live.play.interval == 50

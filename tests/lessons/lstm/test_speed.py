"""Issue 18: lesson 12's moves and Play ticks redraw the same artists in place over
a cached background, and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import asyncio  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import nnviz as nv  # noqa: E402
from nnviz.lessons.lstm.panels import memory_model  # noqa: E402


@pytest.fixture(scope="module")
def sequences():
    """An untrained memory net and a few test sequences: what is drawn, not how
    well the net does."""
    X, _ = nv.data.remember_first(6, delay=25, rng=np.random.default_rng(0))
    return memory_model(25, 4, seed=0), X


@pytest.mark.parametrize("name, value", [("step", 7), ("example", 3)])
def test_gate_timeline_redraws_in_place(move_redraws_in_place, sequences, name, value):
    move_redraws_in_place(nv.gate_timeline_explorer(*sequences, check_backend=False),
                          name, value)


def test_memory_explorer_redraws_in_place(move_redraws_in_place):
    move_redraws_in_place(nv.memory_explorer(forget_bias=5.0, check_backend=False),
                          "forget_bias", 1.0)


def test_memory_trainer_ticks_redraw_in_place(move_redraws_in_place,
                                              cached_render_is_exact):
    """A Play tick redraws the gates over their background; the loss curves are
    drawn over theirs too (a new background when their axes grow), after ticks
    and after Reset."""
    panel = nv.memory_trainer(n=64, n_test=50, check_backend=False)
    move_redraws_in_place(panel, "frame", 1)
    curve = panel.views[1]
    for frame in range(2, 12):  # the x axis doubles at steps 10 and 20
        panel.controls["frame"].value = frame
        curve.fig.canvas.draw()
        assert not curve.note.get_visible()  # "press Play": hidden once trained
    cached_render_is_exact(curve.fig)
    panel.controls["reset"].click()
    assert curve.note.get_visible()
    cached_render_is_exact(curve.fig)
    cached_render_is_exact(panel.views[0].fig)


@pytest.fixture(scope="module")
def layout_windows():
    """The two layouts, untrained, and a few windows."""
    X, y, where = nv.symbol_anywhere(12, 8, rng=np.random.default_rng(0))
    models = {layout: nv.layout_model(layout, 8, units=4)
              for layout in ("(look_back, 1)", "(1, look_back)")}
    return models, X, y, where


def test_window_layout_explorer_redraws_in_place(move_redraws_in_place,
                                                 layout_windows):
    move_redraws_in_place(nv.window_layout_explorer(*layout_windows,
                                                    check_backend=False),
                          "window", 5)


def test_gate_view_redraws_a_collection_per_panel_and_no_text(sequences):
    """A redraw of the gate view draws 8 line collections (one per panel, not a
    Line2D per unit) and the 8 cursors; its title is HTML above the figure."""
    panel = nv.gate_timeline_explorer(*sequences, check_backend=False)
    view = panel.views[0]
    changing = view.changing_artists()
    assert len(changing) == 16
    assert not any(isinstance(a, Text) for a in changing)
    assert panel.widget.children[1].value.startswith("first input")  # the title


def test_window_move_draws_only_the_short_answers_as_text(layout_windows):
    """Of the texts, a window move draws again only the two answers ("0.27"): the
    words before them and the accuracy lines are in the background, the
    headline is HTML."""
    panel = nv.window_layout_explorer(*layout_windows, check_backend=False)
    view = panel.views[0]
    panel.controls["window"].value = 3
    texts = [a for a in view.changing_artists() if isinstance(a, Text)]
    assert len(texts) == 2 and all(len(t.get_text()) == 4 for t in texts)
    assert not set(view.lines.values()) & set(view.changing_artists())
    assert "arrived at step" in panel.widget.children[2].value


def _trainer_in_a_loop(check, steps_per_tick=10):
    """Run check(panel) inside a running event loop, as in a kernel: a Later
    then waits for its turn instead of running at once."""
    async def run():
        panel = nv.memory_trainer(n=64, n_test=50, check_backend=False)
        panel.live.budget_ms = None  # steps_per_tick steps a tick
        panel.live.steps_per_tick = steps_per_tick
        for view in panel.views:
            view.fig.canvas.draw()
        check(panel)

    asyncio.run(run())


def test_memory_trainer_draws_the_gates_every_second_tick():
    """The gate view (the dear figure) is brought up to date every second tick
    (not the first: it starts the run, and Reset has just drawn the gates); a
    tick that leaves it asks a Later, done if Play pauses."""
    def check(panel):
        shown = []
        for frame in range(1, 7):
            panel.controls["frame"].value = frame
            shown.append(panel.state["gates_step"] == panel.state["step"])
            assert panel.gates_later.pending == (not shown[-1])
        assert shown == [False, True] * 3
        panel.gates_later.flush()  # Play paused: the gates catch up
        assert panel.state["gates_step"] == panel.state["step"]

    _trainer_in_a_loop(check, steps_per_tick=1)  # (the loss axes do not grow)


def test_memory_trainer_leaves_the_gates_when_the_loss_axes_grow():
    """A tick when the loss axes grow draws the loss figure in full: the gates
    wait. The axes start at the decade of an untrained net's loss, so the first
    point does not grow them, and the loss figure is laid out once."""
    def check(panel):
        curve = panel.views[1]
        assert not curve.fig.get_constrained_layout()  # laid out once, frozen
        panel.controls["frame"].value = 1  # 10 steps (the gates rest)
        assert curve.ax.get_ylim() == pytest.approx((0.1, 1.0))  # did not grow
        panel.controls["frame"].value = 2  # step 20: x doubles (10 -> 20)
        assert curve.ax.get_xlim()[1] > 20
        assert panel.state["gates_step"] == 0 and panel.gates_later.pending
        panel.controls["frame"].value = 3  # step 30: x doubles again (20 -> 40)
        assert panel.state["gates_step"] == 0 and panel.gates_later.pending
        panel.controls["frame"].value = 4  # step 40: the axes stay
        assert panel.state["gates_step"] == 40

    _trainer_in_a_loop(check)


def test_memory_trainer_reset_draws_the_curve_now_and_the_gates_later():
    """Reset's first answer is the emptied curve; the fresh net's gates are drawn
    a moment later (a Later: the first draw must stay within 30 ms)."""
    def check(panel):
        view = panel.views[0]
        panel.controls["frame"].value = 1
        panel.controls["frame"].value = 2  # the gates after 2 steps
        assert panel.state["gates_step"] == 2
        before = view.shown("c").copy()
        panel.controls["reset"].click()
        assert panel.views[1].steps == [] and panel.gates_later.pending
        np.testing.assert_array_equal(view.shown("c"), before)  # not yet
        panel.gates_later.flush()
        assert not np.array_equal(view.shown("c"), before)
        assert panel.state["gates_step"] == 0

    _trainer_in_a_loop(check, steps_per_tick=1)

"""Issue 18: every playground control answers at once, never trains in its callback,
and leaves the slower views for a moment later (after the last move of a drag)."""

import asyncio

import ipywidgets as widgets
import numpy as np
import pytest

from nnviz.playground.app import STEPS_PER_FRAME, playground
from nnviz.playground.later import Later
from nnviz.widgets.controls import WRITES_FILES_CLASS


@pytest.fixture(autouse=True)
def _no_render_per_update(monkeypatch):
    """Agg's draw_idle renders at once; ipympl's waits: count the requests instead."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    asked = []
    monkeypatch.setattr(FigureCanvasAgg, "draw_idle",
                        lambda self, *a, **k: asked.append(self.figure))
    return asked


@pytest.fixture
def panel():
    return playground(check_backend=False)


def artists(fig):
    """Every artist a view draws (axis ticks aside: matplotlib makes those as
    needed); tests/plots/test_artist_reuse.py checks each shared view so."""
    found = [*fig.axes, *fig.texts, *fig.images, *fig.legends, *fig.lines]
    for ax in fig.axes:
        found += [*ax.lines, *ax.collections, *ax.images, *ax.texts, *ax.patches,
                  *ax.artists, ax.title]
        legend = ax.get_legend()
        if legend is not None:
            found += [legend, *legend.texts, *legend.legend_handles]
    return [id(a) for a in found]


def in_a_running_loop(action):
    """Run action() as a widget callback runs in a kernel: inside its event loop."""

    async def run():
        return action()

    return asyncio.run(run())


def moves(control):
    """A few values a learner could give `control` (not its current one)."""
    if isinstance(control, widgets.Button):
        return ["click"]
    if isinstance(control, widgets.Checkbox):
        return [not control.value]
    if isinstance(control, (widgets.Dropdown, widgets.SelectionSlider)):
        values = [v for _, v in control._options_full]
        return [v for v in values if v != control.value][:2]
    if isinstance(control, widgets.SelectMultiple):
        return [("x1", "x2", "x1x2")]
    if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        return [v for v in (control.min, control.max) if v != control.value]
    if isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
        return [control.min + 0.3 * (control.max - control.min)]
    return []  # text boxes: nothing happens until a button is pressed


def _move(control, value):
    if value == "click":
        control.click()
    else:
        control.value = value


@pytest.mark.parametrize("seed", [0, 1])
def test_no_control_trains_beyond_one_step(seed):
    # Count optimizer steps, not wall time: only "one step" may take one (a
    # step is what the button says); every other control takes none.
    panel = playground(f"seed={seed}", check_backend=False)
    moved = 0
    for name, control in panel.controls.items():
        if WRITES_FILES_CLASS in control._dom_classes:
            continue  # GIF / HTML export trains frames on purpose, into a file
        for value in moves(control):
            before = panel.session.steps, panel.session
            in_a_running_loop(lambda c=control, v=value: _move(c, v))
            Later.flush_all()  # what was left for later trains nothing either
            taken = panel.session.steps - (before[0] if panel.session is before[1]
                                           else 0)
            assert taken == (1 if name == "step" else 0), (name, value, taken)
            assert panel.state["error"] is None, (name, panel.state["error"])
            moved += 1
    assert moved > 30


def test_a_weight_move_answers_with_boundary_and_diagram_and_the_space_follows(panel):
    c, show = panel.controls, panel.show
    space_before = np.array(show.space.points.get_offsets())
    image_before = np.array(show.boundary.image.get_array())
    maps_before = np.array(show.network.large.get_array())

    def drag():
        for value in (1.0, 2.0, 3.0):  # three moves of one drag
            c["weight"].value = value
        return panel.later.pending

    assert in_a_running_loop(drag)  # the space view waits for the end of the drag
    assert not np.allclose(show.boundary.image.get_array(), image_before)
    assert not np.allclose(show.network.large.get_array(), maps_before)
    np.testing.assert_array_equal(show.space.points.get_offsets(), space_before)
    assert show.pending == {"space"}
    assert panel.later.flush() and not panel.later.pending
    assert not np.allclose(show.space.points.get_offsets(), space_before)
    assert show.pending == set()


def test_a_newer_move_replaces_the_older_waiting_work(panel):
    done = []
    later = Later(lambda: done.append(1), delay=0.05)

    async def burst():
        for _ in range(5):
            later.request()
            await asyncio.sleep(0.001)  # moves closer together than the delay
        await asyncio.sleep(0.2)

    asyncio.run(burst())
    assert done == [1]  # once, after the last request


def test_without_an_event_loop_the_work_is_done_at_once():
    done = []
    later = Later(lambda: done.append(1))
    later.request()
    assert done == [1] and not later.pending


def test_a_new_shape_shows_at_once_and_the_diagram_follows(panel):
    c, show = panel.controls, panel.show
    network = show.network
    in_a_running_loop(lambda: setattr(c["units_1"], "value", 7))
    assert show.network is network  # the old diagram until the end of the drag
    assert show.pending >= {"network shape", "space"}
    assert panel.config.hidden == (7, 2)
    panel.later.flush()
    assert show.network is not network and show.network.sizes == [2, 7, 2, 1]
    assert c["space"].max == show.n_stages == len(show.space.stages) - 1


def test_a_frame_brings_every_view_up_to_date_first(panel):
    in_a_running_loop(lambda: setattr(panel.controls["layers"], "value", 3))
    assert panel.later.pending
    panel.frame()
    assert not panel.later.pending and panel.show.network.sizes == [2, 4, 2, 4, 1]


def test_training_settings_redraw_nothing(panel, _no_render_per_update):
    asked = _no_render_per_update
    for name, value in [("lr", 0.1), ("optimizer", "adam"), ("batch", 20),
                        ("penalty", "l2"), ("rate", 0.01)]:
        asked.clear()
        control = panel.controls[name]
        in_a_running_loop(lambda c=control, v=value: setattr(c, "value", v))
        assert asked == [] and not panel.later.pending, name
    assert panel.session.optimizer.lr == 0.1 and panel.session.config.batch == 20


def test_discretize_redraws_only_the_boundary(panel, _no_render_per_update):
    asked = _no_render_per_update
    asked.clear()
    in_a_running_loop(lambda: setattr(panel.controls["discretize"], "value", True))
    assert set(asked) == {panel.show.figure("boundary")}


@pytest.mark.parametrize("name, value", [("weight", 2.5), ("lr", 0.3),
                                         ("act_1", "relu"), ("init", "he_normal"),
                                         ("noise", 0.3), ("discretize", True)])
def test_moves_that_keep_the_network_s_shape_keep_every_artist(panel, name, value):
    before = [artists(fig) for fig in panel.show.figures]
    in_a_running_loop(lambda: setattr(panel.controls[name], "value", value))
    panel.later.flush()
    assert [artists(fig) for fig in panel.show.figures] == before


def test_play_frames_keep_every_artist(panel):
    panel.show.render()
    before = [artists(fig) for fig in panel.show.figures]
    panel.play.playing = True
    panel.live.budget_ms = None
    for _ in range(6):
        panel.counter.value += 1
        panel.live._last_end = -np.inf  # as if each tick came on time
    panel.play.playing = False
    panel.show.render()
    assert panel.session.steps == 6 * STEPS_PER_FRAME
    assert [artists(fig) for fig in panel.show.figures] == before


def test_classes_to_regression_says_so_at_once_and_rebuilds_the_view_later(panel):
    show = panel.show
    old = show.boundary
    in_a_running_loop(lambda: setattr(panel.controls["data"], "value", "plane"))
    assert show.boundary is old and show._notice.get_visible()  # said at once
    assert "boundary shape" in show.pending
    panel.later.flush()
    assert show.boundary is not old and show.boundary.regression
    assert not show._notice.get_visible() and show.pending == set()
    assert np.isfinite(np.asarray(show.boundary.image.get_array())).all()


def test_two_data_moves_before_the_view_is_rebuilt(panel):
    show = panel.show

    def moves():
        panel.controls["data"].value = "plane"  # regression: a new kind of view
        panel.controls["noise"].value = 0.3  # more new data before it is built
        return len(show.boundary.train_points)

    assert in_a_running_loop(moves) == 2  # the old view was left alone
    panel.later.flush()
    assert show.boundary.regression and len(show.boundary.train_points) == 1
    assert panel.state["error"] is None

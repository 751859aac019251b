"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import nnviz as nv  # noqa: E402


def test_init_explorer_reuses_artists_and_background(move_redraws_in_place,
                                                     cached_render_is_exact):
    panel = nv.init_explorer(depth=5, width=30, check_backend=False)
    move_redraws_in_place(panel, "scale", 2.0)
    panel.controls["depth"].value = 8  # new limits: a new background, kept
    cached_render_is_exact(panel.views[0].fig)


# -- stops_learning_explorer, fan_in_explorer (issue 18) ---------------------


def test_stops_learning_reuses_artists_and_background(move_redraws_in_place):
    panel = nv.stops_learning_explorer(steps=60, check_backend=False)
    move_redraws_in_place(panel, "units", 8)
    move_redraws_in_place(panel, "units", 16)  # a finished run, shown again


def test_stops_learning_draws_a_blow_up_exactly(cached_render_is_exact):
    panel = nv.stops_learning_explorer(steps=60, check_backend=False)
    c = panel.controls
    c["labels"].value, c["examples"].value = "1/2", "8"
    c["activation"].value, c["init"].value, c["depth"].value = "relu", "he", 3
    assert "diverged" in panel.state["verdict"]
    panel.views[0].fig.canvas.draw()  # new limits: a new background, kept
    cached_render_is_exact(panel.views[0].fig)


def test_stops_learning_trains_as_loss_history_in_slices():
    """Its run, trained a slice at a time, is the lesson's loss_history run."""
    import numpy as np

    from nnviz.data.toy import circles
    from nnviz.lessons.initialization.experiments import classifier, loss_history

    panel = nv.stops_learning_explorer(steps=80, check_backend=False)
    panel.controls["depth"].value = 2
    data = circles(n=300, rng=np.random.default_rng(0))
    model = classifier(2, 2, 16, "tanh", "glorot", rng=np.random.default_rng(2))
    expected = loss_history(model, data.X_train, data.y_train, steps=80)
    np.testing.assert_array_equal(panel.state["losses"], expected)
    assert not panel.state["training"]


def test_stops_learning_answers_first_then_goes_on_later():
    """Inside an event loop a move trains one slice and leaves the rest to Later."""
    import asyncio

    from nnviz.playground.later import Later

    panel = nv.stops_learning_explorer(check_backend=False)

    async def move():
        panel.controls["depth"].value = 6
        first = panel.state["training"]
        while Later.flush_all():
            pass
        return first

    assert asyncio.run(move()) is True
    assert not panel.state["training"] and "learning" in panel.state["verdict"]


def test_fan_in_explorer_reuses_artists_and_background(move_redraws_in_place):
    panel = nv.fan_in_explorer(check_backend=False)
    move_redraws_in_place(panel, "n_in", 100)
    move_redraws_in_place(panel, "kind", "conv")


def test_fan_in_explorer_leaves_its_texts_when_only_the_init_changes():
    """The texts lie in the cache's overlay: an init move does not draw them."""
    panel = nv.fan_in_explorer(check_backend=False)
    cache = panel.views[0].cache
    panel.views[0].fig.canvas.draw()
    drawn = cache.overlay_draws
    panel.controls["init"].value = "glorot_normal"
    panel.views[0].fig.canvas.draw()
    assert cache.overlay_draws == drawn


def test_init_explorer_moving_back_reuses_its_measurements():
    panel = nv.init_explorer(depth=5, width=30, check_backend=False)
    first = panel.state["stats"]
    panel.controls["scale"].value = 2.0
    assert panel.state["stats"] is not first
    assert panel.state["stats"].act_std[-1] > first.act_std[-1]  # a new measurement
    panel.controls["scale"].value = 1.0  # back: the numbers measured before
    assert panel.state["stats"] is first


def test_init_explorer_answers_new_axes_first_then_measures_later():
    """Inside an event loop, a depth or activation move (new axes: a full draw)
    and a large net show the last picture faded with a note at once; the
    measurement and the full picture follow from Later. A small move that fits
    the axes is answered in full at once."""
    import asyncio

    from nnviz.playground.later import Later

    panel = nv.init_explorer(depth=5, width=30, check_backend=False)
    view = panel.views[0]
    view.fig.canvas.draw_idle = lambda: None  # the page's draw: by hand, below
    first = panel.state["stats"]

    async def move(name, value):
        draws = view.cache.full_draws
        panel.controls[name].value = value
        view.fig.canvas.draw()  # the page asks for it before Later's work
        at_once = (panel.state["stats"], view.summary.get_text(),
                   view.act_line.get_alpha(),
                   view.cache.full_draws - draws)
        while Later.flush_all():
            pass
        return at_once

    stats, note, alpha, new_draws = asyncio.run(move("depth", 7))
    assert stats is first and "measuring" in note and alpha < 1 and new_draws == 0
    assert len(panel.state["stats"]) == 7 and view.act_line.get_alpha() is None
    assert "measuring" not in view.summary.get_text()
    seven = panel.state["stats"]
    stats, note, *_ = asyncio.run(move("width", 400))  # 256 x 400² x 7: large
    assert stats is seven and "400 wide" in note
    assert panel.state["stats"] is not seven
    asyncio.run(move("width", 30))  # measured before: at once
    stats, note, alpha, _ = asyncio.run(move("scale", 2.0))  # small, same axes
    assert stats is panel.state["stats"] is not seven
    assert "measuring" not in note and alpha is None


def test_init_explorer_writes_its_summary_above_the_figure():
    """The summary's 90 glyphs are not drawn at each move: an HTML line holds them."""
    import ipywidgets as widgets

    panel = nv.init_explorer(depth=5, width=30, check_backend=False)
    view = panel.views[0]
    assert view.summary not in view.changing_artists() and view.fig.texts == []
    lines = [w for w in panel.widget.children if isinstance(w, widgets.HTML)]
    assert any("std(h) layer 1 → 5" in line.value for line in lines)
    panel.controls["scale"].value = 2.0
    stats = panel.state["stats"]
    assert any(f"{stats.act_std[0]:.3g}" in line.value for line in lines)

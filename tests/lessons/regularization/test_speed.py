"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402

import nnviz as nv  # noqa: E402


def test_keep_prob_reuses_artists_and_background(move_redraws_in_place):
    move_redraws_in_place(nv.keep_prob_explorer(keep=0.5, check_backend=False),
                          "keep", 0.3)


def test_dropout_vs_overfitting_draws_exactly_over_its_background(
        cached_render_is_exact):
    panel = nv.dropout_vs_overfitting(check_backend=False)
    panel.live.budget_ms = None  # steps_per_frame steps a tick, however loaded
    panel.live.run_to_end()
    cached_render_is_exact(panel.views[0].fig)


# -- Play frames within the budget (issue 18) ---------------------------------


def counted_map_repaints(panel):
    """panel, with panel.state["repaints"]: the indices of the maps repainted,
    in order (0 plain, 1 dropout)."""
    panel.state["repaints"] = []
    for i, boundary in enumerate(panel.views[:2]):
        update = boundary.update
        boundary.update = (lambda predict, i=i, update=update:
                           (panel.state["repaints"].append(i), update(predict)))
    return panel


def test_dropout_play_ticks_repaint_one_map_in_turns():
    """A tick repaints one map (the dearest part of a frame), both curves
    always; a run's first and last frames and a pause repaint both maps."""
    panel = counted_map_repaints(nv.dropout_vs_overfitting(
        sizes=(2, 8, 1), max_steps=40, resolution=10, check_backend=False))
    panel.live.budget_ms = None  # steps_per_frame (20) steps a tick
    curves, repaints = panel.views[2:], panel.state["repaints"]
    panel.controls["rate"].value = 0.3  # the first answer: both
    assert repaints == [0, 1] and panel.live.play.playing
    panel.live.steps_per_tick = 5
    for _ in range(3):
        panel.live.tick()
    assert repaints[2:] == [0, 1, 0] and panel.state["behind"] == {1}
    assert [len(curve.steps) for curve in curves] == [4, 4]
    panel.live.stop()  # a pause brings the map left behind up to date
    assert repaints[5:] == [1] and not panel.state["behind"]
    panel.live.play.playing = True
    panel.live.steps_per_tick = 20
    panel.live.tick()  # the last step of the run: both
    assert panel.state["step"] == 40 and repaints[6:] == [0, 1]


def test_dropout_frames_and_new_runs_leave_the_overlay_as_drawn():
    """The data points, legends and notes are laid on top from the overlay's
    picture: drawn once, not again at a frame, nor at a new rate or a Reset
    (the notes, shown again by an emptied curve, are hidden by its first point
    in the same callback)."""
    panel = nv.dropout_vs_overfitting(sizes=(2, 8, 1), resolution=10,
                                      check_backend=False)
    cache, fig = panel.state["cache"], panel.views[0].fig
    on_top = {id(a) for a in cache.overlay()}
    for boundary in panel.views[:2]:
        points = (*boundary.train_points, *boundary.test_points)
        assert {id(p) for p in points} <= on_top
    fig.canvas.draw_idle = lambda: None  # one draw after each callback, as ipympl
    fig.canvas.draw()
    for _ in range(3):
        panel.live.tick()
        fig.canvas.draw()
    panel.controls["rate"].value = 0.3
    fig.canvas.draw()
    panel.controls["reset"].click()
    fig.canvas.draw()
    assert cache.overlay_draws == 1 and cache.full_draws == 1


def test_dropout_new_run_answers_first_and_paints_its_maps_later():
    """Inside an event loop, a new rate answers with its titles and curves; the
    two maps of the new nets come a moment later (Later)."""
    import asyncio

    from nnviz.playground.later import Later

    panel = counted_map_repaints(nv.dropout_vs_overfitting(
        sizes=(2, 8, 1), resolution=10, check_backend=False))
    repaints = panel.state["repaints"]

    async def move():
        panel.controls["rate"].value = 0.3
        first = (list(repaints), panel.state["step"], set(panel.state["behind"]))
        while Later.flush_all():
            pass
        return first

    assert asyncio.run(move()) == ([], 5, {0, 1})
    assert repaints == [0, 1] and not panel.state["behind"]
    assert "rate 0.30" in panel.views[1].ax.get_title()


def test_play_ticks_aim_for_a_budget_that_leaves_room_for_the_draw():
    from nnviz.lessons.regularization import dropout_panels, overfitting_panels

    data = nv.data.moons(100, noise=0.3, test_fraction=0.5,
                         rng=np.random.default_rng(0))
    explorer = nv.overfitting_explorer(data, epochs=20, check_backend=False)
    assert explorer.live.budget_ms == overfitting_panels.TICK_BUDGET_MS <= 20
    dropout = nv.dropout_vs_overfitting(sizes=(2, 8, 1), check_backend=False)
    assert dropout.live.budget_ms == dropout_panels.FRAME_BUDGET_MS <= 20


def test_overfitting_readouts_give_their_numbers_when_the_run_is_complete():
    """Two lines of numbers are the dearest thing a Play tick would draw: while
    the nets train, the readouts say so in a word."""
    data = nv.data.moons(100, noise=0.3, test_fraction=0.5,
                         rng=np.random.default_rng(0))
    panel = nv.overfitting_explorer(data, epochs=20, check_backend=False)
    readouts = panel.views[0].readouts.values()
    assert all(r.get_text().startswith("best epoch") for r in readouts)  # at open
    panel.controls["l2"].value = 0.005  # a first answer, then Play's ticks
    assert all(r.get_text() == "training…" for r in readouts)
    panel.live.run_to_end()
    assert all(r.get_text().startswith("best epoch") for r in readouts)

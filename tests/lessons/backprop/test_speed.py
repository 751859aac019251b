"""Issue 18: moves redraw the same artists in place over a cached background,
and the cached picture is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnviz as nv  # noqa: E402


def test_and_neuron_reuses_artists_and_background(move_redraws_in_place,
                                                  cached_render_is_exact):
    panel = nv.and_neuron_explorer(epochs=200, check_backend=False)
    panel.live.run_to_end()
    move_redraws_in_place(panel, "lr", 1.0)
    panel.live.run_to_end()
    cached_render_is_exact(panel.views[0].fig)


def test_gate_patterns_reuse_artists_and_background(move_redraws_in_place):
    move_redraws_in_place(nv.gate_patterns_explorer(check_backend=False), "a", 1.0)


@pytest.mark.parametrize("make, moves", [
    (nv.gate_patterns_explorer, [("a", 1.0), ("b", 0.3), ("g", -1.0), ("a", -2.0)]),
    (nv.backprop_stepper, [("x1", 1.5), ("step", 3), ("w2", -0.5), ("step", 12),
                           ("loss", "squared"), ("b", 0.4)]),
], ids=["gate patterns", "stepper"])
def test_graphs_draw_again_only_what_a_move_changes(make, moves, monkeypatch):
    panel = make(check_backend=False)
    view = panel.views[0]
    canvas = view.fig.canvas
    monkeypatch.setattr(canvas, "draw_idle", lambda: None)  # one draw per move
    canvas.draw()
    redrawn = []
    for name, value in moves:
        panel.controls[name].value = value
        canvas.draw()
        redrawn.append(view.cache.redrawn)
        fast = np.asarray(canvas.buffer_rgba()).copy()
        view.cache.enabled = False
        canvas.draw()  # the full picture
        view.cache.enabled = True
        full = np.asarray(canvas.buffer_rgba())  # (the overlay rounds a level)
        np.testing.assert_allclose(fast.astype(int), full.astype(int), atol=3)
        canvas.draw()  # (a full draw starts the incremental pictures again)
    # a number's move draws a part again (a step lights other boxes and
    # arrows: more; a new loss, new headers: all)
    assert 0 < min(redrawn) <= len(view.changing_artists()) / 2


def drawn_texts(monkeypatch, canvas):
    """The Texts one draw of `canvas` draws (a cached draw: only what changed)."""
    from matplotlib.text import Text

    drawn, draw = [], Text.draw

    def record(text, renderer):
        drawn.append(text)
        return draw(text, renderer)

    monkeypatch.setattr(Text, "draw", record)
    canvas.draw()
    monkeypatch.setattr(Text, "draw", draw)
    return drawn


def test_gate_pattern_moves_draw_numbers_not_their_words(monkeypatch):
    # the words before the numbers ("value", "dL/da") and each pattern's title
    # are fixed texts in the background: a move draws the numbers again only
    panel = nv.gate_patterns_explorer(check_backend=False)
    view = panel.views[0]
    canvas = view.fig.canvas
    monkeypatch.setattr(canvas, "draw_idle", lambda: None)
    canvas.draw()
    panel.controls["g"].value = -1.0
    drawn = drawn_texts(monkeypatch, canvas)
    words = {id(t) for v in view.views.values()
             for t in getattr(v, "labels", {}).values()}
    assert len(drawn) >= 20  # the numbers g moves (values, gradients, captions)
    assert not any(id(t) in words for t in drawn)
    assert not any(t.get_text().startswith("value") or "\n" in t.get_text()
                   for t in drawn)
    assert view.views["add"].labels["grad", "b"].get_text() == "dL/db"


def test_a_new_loss_redraws_the_overlay_not_the_background(monkeypatch):
    # the stepper's node headers are laid on top: a new header ("L = (p − y)²")
    # draws that layer again, not the whole figure
    panel = nv.backprop_stepper(check_backend=False)
    cache = panel.views[0].cache
    canvas = panel.views[0].fig.canvas
    monkeypatch.setattr(canvas, "draw_idle", lambda: None)
    canvas.draw()
    backgrounds, overlays = cache.full_draws, cache.overlay_draws
    panel.controls["loss"].value = "squared"
    canvas.draw()
    assert panel.views[0].headers["L"].get_text() == "L = (p − y)²"
    assert (cache.full_draws, cache.overlay_draws) == (backgrounds, overlays + 1)


def test_and_neuron_texts_wait_for_the_end_of_the_run():
    # each text (about 50 characters) costs more to draw than the lines: a run
    # still training leaves them empty, the tick that ends it writes them
    panel = nv.and_neuron_explorer(epochs=600, check_backend=False)
    texts = panel.views[0].texts
    assert "|w| =" in texts["sigmoid"].get_text()  # the opening run is complete
    panel.controls["lr"].value = 1.0
    assert panel.live.play.playing  # the first answer: training goes on
    assert all(t.get_text() == "" for t in texts.values())
    panel.live.run_to_end()
    assert all("|w| =" in t.get_text() for t in texts.values())


def test_and_neuron_new_epochs_answer_on_the_axis_shown_then_widen_it(monkeypatch):
    # a new time axis draws the whole figure (~0.1 s): the move answers on the
    # axis shown (its background cached) and the axis follows a moment later
    import asyncio

    from nnviz.playground.later import Later

    panel = nv.and_neuron_explorer(epochs=300, check_backend=False)
    view = panel.views[0]
    canvas = view.fig.canvas
    monkeypatch.setattr(canvas, "draw_idle", lambda: None)
    canvas.draw()

    async def move():  # in an event loop, as in a kernel
        panel.controls["epochs"].value = 800
        assert view.axes["sigmoid"].get_xlim() == (0, 300)  # not yet
        canvas.draw()  # the first answer
        assert view.cache.full_draws == 1  # over the cached background
        assert panel.state["axis"].pending
        Later.flush_all()
        assert view.axes["sigmoid"].get_xlim() == (0, 1000)

    asyncio.run(move())
    panel.live.run_to_end()
    assert len(panel.state["runs"]["step"].bias) == 800 * 4 + 1
    assert view.lines["step"][0].get_xdata()[-1] == 800


def test_and_neuron_lines_keep_four_points_a_pixel_column(monkeypatch):
    # 4 points an epoch, up to 16,000, on axes ~360 pixels wide: each line keeps
    # a column's first, lowest, highest and last point (the same picture)
    from nnviz.lessons.backprop.views import thinned

    panel = nv.and_neuron_explorer(lr=0.5, epochs=4000, check_backend=False)
    view = panel.views[0]
    run = panel.state["runs"]["identity"]
    line, ax = view.lines["identity"][2], view.axes["identity"]
    columns = int(ax.bbox.width)
    assert len(run.bias) == 16001 and len(line.get_xdata()) <= 4 * columns + 4
    x, y = line.get_data()
    assert (x[0], x[-1], y[-1]) == (0.0, 4000.0, run.bias[-1])
    bucket = (np.arange(16001) / 4.0 / 4000 * columns).astype(int)
    for column in (0, columns // 2, columns - 1):  # each column's extremes kept
        inside = run.bias[bucket == column]
        kept = y[(x / 4000 * columns).astype(int) == column]
        assert kept.min() == inside.min() and kept.max() == inside.max()
    short = np.arange(5.0)
    assert thinned(short, short, ax)[0] is short  # few points: all of them
    monkeypatch.setattr(view.fig.canvas, "draw_idle", lambda: None)
    view.set_epochs(100)  # a narrower axis thins the shown runs again
    assert (line.get_xdata() <= 100).sum() == 100 * 4 + 1  # every point shown

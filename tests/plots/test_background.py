"""BackgroundCache: a cached render paints the same pixels as a full render."""

import numpy as np
import pytest

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache


def pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.fixture
def figure(rng):
    fig, ax = style.new_figure()
    image = ax.imshow(rng.random((20, 20)), extent=(0, 1, 0, 1))
    (line,) = ax.plot([0, 1], [0, 1], label="line")
    ax.set(xlabel="x", ylabel="y", title="title")
    legend = ax.legend(loc="lower right")  # dynamic too: the line may cross it
    cache = BackgroundCache(fig, lambda: [image, line, legend, *ax.spines.values()])
    return fig, ax, image, line, cache


def test_cached_render_equals_full_render_after_an_update(figure, rng):
    fig, ax, image, line, cache = figure
    pixels(fig)
    image.set_data(rng.random((20, 20)))
    line.set_ydata([1, 0])
    fast = pixels(fig)
    assert cache.full_draws == 1  # the second render reused the background
    cache.enabled = False
    np.testing.assert_array_equal(fast, pixels(fig))


def test_new_limits_draw_a_background_at_once_and_keep_it(figure, rng):
    fig, ax, image, line, cache = figure
    ax.set_aspect("auto")  # else the axes' box moves at the draw after a change
    style.freeze_layout(fig)  # as every view does: the boxes stay where they are
    pixels(fig)
    ax.set_xlim(0, 2)  # a slider that changes the limits
    plain = pixels(fig)
    assert cache.full_draws == 2  # the new limits' background, drawn at once
    line.set_ydata([1, 0])
    fast = pixels(fig)  # the same limits again: their background
    line.set_ydata([0.5, 0.2])
    again = pixels(fig)
    assert cache.full_draws == 2  # and reused
    ax.set_xlim(0, 1)  # back to the first limits: their background is kept
    back = pixels(fig)
    assert cache.full_draws == 2
    cache.enabled = False
    np.testing.assert_array_equal(back, pixels(fig))
    ax.set_xlim(0, 2)
    np.testing.assert_array_equal(again, pixels(fig))
    line.set_ydata([1, 0])
    np.testing.assert_array_equal(fast, pixels(fig))
    assert not np.array_equal(plain, fast)


def test_only_the_last_few_backgrounds_are_kept(figure):
    from nnviz.plots.background import KEPT

    fig, ax, image, line, cache = figure
    for right in range(1, 3 * KEPT):
        ax.set_xlim(0, right)
        pixels(fig)
        pixels(fig)  # seen twice: a background
    assert len(cache._backgrounds) == KEPT


def test_invalidate_and_saving_draw_everything(figure, tmp_path):
    fig, ax, image, line, cache = figure
    pixels(fig)
    ax.set_title("another title")  # not a dynamic artist: needs invalidate()
    cache.invalidate()
    fast = pixels(fig)
    assert cache.full_draws == 2
    fig.savefig(tmp_path / "x.png")
    assert cache.full_draws == 2 and (tmp_path / "x.png").stat().st_size > 0
    cache.enabled = False
    np.testing.assert_array_equal(fast, pixels(fig))


@pytest.fixture
def with_overlay(rng):
    fig, ax = style.new_figure()
    image = ax.imshow(rng.random((20, 20)), extent=(0, 1, 0, 1))
    (line,) = ax.plot([0, 1], [0, 1], label="line", zorder=3)
    legend = ax.legend(loc="lower right")
    note = ax.text(0.05, 0.05, "a note\non two lines", transform=ax.transAxes,
                   zorder=5, bbox=dict(boxstyle="round", facecolor="white", alpha=0.7))
    style.freeze_layout(fig)  # as the playground does: the layout solved once
    cache = BackgroundCache(fig, lambda: [image, line, note, *ax.spines.values()],
                            overlay=lambda: [legend, note])
    return fig, image, line, note, cache


def test_overlay_texts_are_drawn_again_only_when_they_change(with_overlay, rng):
    fig, image, line, note, cache = with_overlay
    pixels(fig)
    for _ in range(3):  # the plot under the note changes, the note does not
        image.set_data(rng.random((20, 20)))
        line.set_ydata(rng.random(2))
        pixels(fig)
    assert (cache.full_draws, cache.overlay_draws) == (1, 1)
    note.set_text("another note")
    fast = pixels(fig)
    assert (cache.full_draws, cache.overlay_draws) == (1, 2)
    cache.enabled = False
    full = pixels(fig)
    # the layer is blended over the plot: the same pixels, to rounding
    assert np.abs(fast.astype(int) - full).max() <= 2


def test_a_hidden_overlay_text_leaves_the_picture(with_overlay):
    fig, image, line, note, cache = with_overlay
    pixels(fig)
    note.set_visible(False)
    fast = pixels(fig)
    cache.enabled = False
    assert np.abs(fast.astype(int) - pixels(fig)).max() <= 2


@pytest.mark.parametrize("name", ["space", "activations", "loss"])
def test_shared_views_render_the_same_with_their_overlay(name, rng):
    # A lesson gives a view's overlay_artists to its cache:
    #     BackgroundCache(view.fig, view.changing_artists, view.overlay_artists)
    import nnviz as nv
    from nnviz.plots.curves import ActivationCurvesView, LossCurveView
    from nnviz.plots.space import SpaceDistortionView

    X = rng.normal(size=(40, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    view, updates = {
        "space": lambda: (
            v := SpaceDistortionView(nv.mlp([2, 4, 1], "tanh", rng=rng), X, y),
            [lambda: v.update(1.5), lambda: v.update(len(v.stages) - 1),
             lambda: v.set_model(nv.mlp([2, 4, 1], "relu", rng=rng))],
        ),
        "activations": lambda: (
            v := ActivationCurvesView(),
            [lambda: v.update("relu", rng.normal(size=9)), lambda: v.update("tanh")],
        ),
        "loss": lambda: (
            v := LossCurveView(),
            [lambda: v.append(0, 1.0, 1.2), lambda: v.append(30, 0.2, 0.5)],
        ),
    }[name]()
    style.freeze_layout(view.fig)
    cache = BackgroundCache(view.fig, view.changing_artists, view.overlay_artists)
    pixels(view.fig)
    for update in updates:
        update()
        fast = pixels(view.fig)
        cache.enabled = False
        full = pixels(view.fig)
        cache.enabled = True
        assert np.abs(fast.astype(int) - full).max() <= 2, update


@pytest.fixture
def texts():
    """A figure of 12 numbers in a grid (text only), cached incrementally."""
    fig, ax = style.new_figure()
    ax.set(xlim=(0, 4), ylim=(0, 3), title="numbers")
    numbers = [ax.text(i % 4 + 0.5, i // 4 + 0.5, f"{i:.2f}", ha="center",
                       bbox=dict(fc="white", ec="none") if i % 2 else None)
               for i in range(12)]
    (line,) = ax.plot([0.2, 3.8], [1.5, 1.5])  # crosses the middle row
    cache = BackgroundCache(fig, lambda: [*numbers, line], incremental=True)
    return fig, numbers, line, cache


def full_pixels(fig, cache):
    cache.enabled = False
    try:
        return pixels(fig)
    finally:
        cache.enabled = True


def test_incremental_draws_only_what_changed_and_paints_the_full_picture(texts):
    fig, numbers, line, cache = texts
    pixels(fig)
    assert cache.redrawn == 17  # the first draw: all, and the 4 spines over the line
    pixels(fig)
    assert cache.redrawn == 0  # nothing changed: the last picture
    numbers[0].set_text("1234.5")  # a longer number (its old place is wiped)
    fast = pixels(fig)
    assert cache.redrawn == 1
    numbers[5].set_text("-7")  # on the line: the line is drawn again there, in order
    fast2 = pixels(fig)
    assert cache.redrawn == 2
    numbers[5].set_text("-7")  # the same text: not a change
    assert pixels(fig).tolist() == fast2.tolist() and cache.redrawn == 0
    np.testing.assert_array_equal(fast2, full_pixels(fig, cache))
    assert not np.array_equal(fast, fast2)


def test_incremental_after_a_full_draw_draws_everything_again(texts, tmp_path):
    fig, numbers, line, cache = texts
    pixels(fig)
    numbers[3].set_text("changed")
    fig.savefig(tmp_path / "saved.png")  # draws everything: no artist is stale now
    fast = pixels(fig)
    assert cache.redrawn == 17
    np.testing.assert_array_equal(fast, full_pixels(fig, cache))


def test_incremental_refuses_what_it_cannot_bound(rng):
    fig, ax = style.new_figure()
    image = ax.imshow(rng.random((4, 4)))
    BackgroundCache(fig, lambda: [image], incremental=True)
    with pytest.raises(TypeError, match="texts, lines and patches, not AxesImage"):
        pixels(fig)


def test_a_hidden_overlay_artist_stays_hidden_after_a_background(rng):
    fig, ax = style.new_figure()
    (line,) = ax.plot([0, 1], [0, 1])
    note = ax.text(0.5, 0.5, "press Play")
    note.set_visible(False)
    cache = BackgroundCache(fig, lambda: [line], overlay=lambda: [note])
    pixels(fig)  # draws the background with the overlay hidden
    assert not note.get_visible() and cache.full_draws == 1


def test_a_size_just_short_of_whole_pixels_keeps_its_top_row():
    fig, ax = style.new_figure(size=(6.0, 4.6))  # 459.99999999999994 px high
    (line,) = ax.plot([0, 1], [0, 1])
    ax.set_title("title")
    cache = BackgroundCache(fig, lambda: [line])
    pixels(fig)
    line.set_ydata([1, 0])
    fast = pixels(fig)
    np.testing.assert_array_equal(fast, full_pixels(fig, cache))


def test_patch_extents_hold_what_the_patches_paint():
    """The incremental cache's cheap box of a patch (its path's points) holds
    matplotlib's exact extent, rounded boxes and curved arrows included."""
    from matplotlib.patches import Circle, FancyBboxPatch

    from nnviz.plots.background import _extent, _patch_extent

    fig, ax = style.new_figure()
    ax.set(xlim=(0, 4), ylim=(0, 3))
    box = ax.add_patch(FancyBboxPatch((0.5, 0.5), 1, 0.6, linewidth=3,
                                      boxstyle="round,pad=0.1"))
    circle = ax.add_patch(Circle((3, 2), 0.4))
    arrow = ax.annotate("dL/dz", (3, 0.5), xytext=(1, 2.5),
                        arrowprops=dict(arrowstyle="-|>",
                                        connectionstyle="arc3,rad=0.4"))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for patch in (box, circle, arrow.arrow_patch):
        exact = patch.get_window_extent(renderer)
        cheap = _patch_extent(patch, renderer)
        assert cheap.contains(*exact.p0) and cheap.contains(*exact.p1), patch
        assert cheap.width < exact.width + 40 and cheap.height < exact.height + 40
    x0, y0, x1, y1 = _extent(arrow, renderer)  # the text and its arrow
    exact = arrow.get_window_extent(renderer)
    assert x0 <= exact.x0 and y0 <= exact.y0 and x1 >= exact.x1 and y1 >= exact.y1

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


def test_new_limits_redraw_the_background(figure):
    fig, ax, image, line, cache = figure
    pixels(fig)
    ax.set_xlim(0, 2)
    fast = pixels(fig)
    assert cache.full_draws == 2
    cache.enabled = False
    np.testing.assert_array_equal(fast, pixels(fig))


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

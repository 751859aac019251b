"""LogitsView (Q11): bars follow softmax(scale * logits), in place."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.weights.logits_views import LogitsView


def heights(bars):
    return np.array([bar.get_height() for bar in bars])


def test_bars_show_logits_and_probabilities():
    view = LogitsView([4.8, -5.3])
    np.testing.assert_allclose(heights(view.bars_logits), [4.8, -5.3])
    np.testing.assert_allclose(
        heights(view.bars_probs), nv.softmax(np.array([4.8, -5.3]))
    )
    assert heights(view.bars_probs).sum() == pytest.approx(1.0)


def test_update_changes_heights_not_artists():
    view = LogitsView([4.8, -5.3, 1.0])
    bars, fig = list(view.bars_probs), view.fig
    before = heights(view.bars_probs)
    view.update(scale=0.1)
    assert [b for b in view.bars_probs] == bars and view.fig is fig
    assert not np.allclose(heights(view.bars_probs), before)
    np.testing.assert_allclose(heights(view.bars_logits), [0.48, -0.53, 0.1])


@pytest.mark.parametrize("scale", [0.05, 0.5, 1.0, 5.0])
def test_argmax_is_the_same_at_every_scale(scale):
    view = LogitsView([1.0, 3.0, -2.0])
    view.update(scale=scale)
    assert (
        np.argmax(heights(view.bars_probs)) == np.argmax(heights(view.bars_logits)) == 1
    )
    assert "argmax of the logits: class 1, argmax of the probabilities: class 1" in \
        view.summary


def test_large_scale_saturates_small_scale_flattens():
    view = LogitsView([4.8, -5.3])
    view.update(scale=5.0)
    assert view.probabilities[0] > 1 - 1e-15
    view.update(scale=0.02)
    np.testing.assert_allclose(view.probabilities, [0.5, 0.5], atol=0.06)


def test_a_scale_move_redraws_only_the_bars():
    # Axes, ticks and titles are rendered once (BackgroundCache).
    view = LogitsView([4.8, -5.3])
    view.fig.canvas.draw()
    for scale in (0.02, 0.1, 3.0):
        view.update(scale=scale)
        view.fig.canvas.draw()
    assert view.cache.full_draws == 1
    assert set(view.bars_probs) <= set(view.changing_artists())

"""Q4's explosion explorer (lesson 7)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization.explosion import standardize
from nnviz.lessons.initialization.explosion_panels import (
    FIRST_STEPS,
    explosion_explorer,
)
from nnviz.widgets.controls import BackendError


@pytest.fixture(scope="module")
def digits():
    return standardize(nv.data.digits(28, rng=np.random.default_rng(0), flat=True))


def test_explosion_explorer_needs_the_widget_backend(digits):
    with pytest.raises(BackendError):
        explosion_explorer(digits)


def test_lr_slider_turns_the_explosion_off(digits):
    panel = explosion_explorer(digits, lr=1.0, epochs=3, check_backend=False)
    view = panel.views[0]
    assert panel.state["runs"]["relu"].diverged_at is not None
    panel.controls["lr"].value = 0.05
    panel.live.run_to_end()
    assert panel.state["runs"]["relu"].diverged_at is None
    assert len(view.crosses["relu"].get_xdata()) == 0
    assert max(view.scale_lines["relu"].get_ydata()) < 3


@pytest.mark.parametrize(
    "name, value", [("init", "normal(1)"), ("l2", 1e-2), ("epochs", 2)]
)
def test_each_control_retrains(digits, name, value):
    panel = explosion_explorer(digits, lr=0.1, epochs=3, check_backend=False)
    before = list(panel.views[0].acc_lines["tanh"].get_ydata())
    panel.controls[name].value = value
    panel.live.run_to_end()
    after = list(panel.views[0].acc_lines["tanh"].get_ydata())
    assert after != before
    assert panel.state["runs"]["tanh"].settings[name] == value


def test_a_move_answers_at_once_and_training_goes_on_under_play(digits):
    panel = explosion_explorer(digits, lr=1.0, epochs=2, check_backend=False)
    live, view = panel.live, panel.views[0]
    assert len(panel.state["runs"]["tanh"].accuracy) == 2  # the opening is complete
    old = list(view.acc_lines["tanh"].get_ydata())
    panel.controls["lr"].value = 0.05
    # (a) a first answer: FIRST_STEPS steps of each net, the figure as it was
    assert live.run_steps == FIRST_STEPS and live.play.playing
    assert "training, epoch 1 of 2" in view.text.get_text()
    assert list(view.acc_lines["tanh"].get_ydata()) == old
    assert live.progress.bar.value < live.progress.total and not live.progress.finished
    # (b) Play's ticks go on to the end, (c) the bar with them
    before = live.progress.bar.value
    live.tick()
    assert live.progress.done > FIRST_STEPS and live.progress.bar.value >= before
    live.run_to_end()
    assert live.progress.finished and " in " in live.progress.line
    assert f"{live.total} steps" in live.progress.line and not live.play.playing
    # (d) the end is what digits_run trains with the same settings
    for name in ("tanh", "relu"):
        ref = nv.digits_run(digits, name, lr=0.05, epochs=2)
        run = panel.state["runs"][name]
        np.testing.assert_allclose(run.accuracy, ref.accuracy)
        np.testing.assert_allclose(run.act_scale, ref.act_scale)
        assert run.diverged_at == ref.diverged_at
        assert len(view.acc_lines[name].get_ydata()) == 2
    assert not panel.output.outputs


def test_a_diverging_run_stops_alone_and_matches_digits_run(digits):
    panel = explosion_explorer(digits, lr=0.05, epochs=2, check_backend=False)
    panel.controls["lr"].value = 1.0
    panel.live.run_to_end()
    for name in ("tanh", "relu"):
        ref = nv.digits_run(digits, name, lr=1.0, epochs=2)
        assert panel.state["runs"][name].diverged_at == ref.diverged_at
        assert panel.state["runs"][name].accuracy == ref.accuracy
    assert panel.live.progress.finished


def test_a_newer_move_replaces_the_running_work(digits):
    panel = explosion_explorer(digits, lr=0.1, epochs=1, check_backend=False)
    panel.controls["lr"].value = 0.05
    panel.controls["epochs"].value = 2      # before the first run ended
    assert panel.live.run_steps == FIRST_STEPS
    panel.live.run_to_end()
    assert panel.state["runs"]["tanh"].settings["epochs"] == 2
    assert len(panel.state["runs"]["tanh"].accuracy) == 2


def test_ticks_within_an_epoch_ask_no_redraw_and_cached_draws_are_full(
        digits, cached_render_is_exact, monkeypatch):
    panel = explosion_explorer(digits, lr=0.1, epochs=2, check_backend=False)
    fig = panel.views[0].fig
    redraws = []
    monkeypatch.setattr(fig.canvas, "draw_idle", lambda: redraws.append(1))
    panel.controls["lr"].value = 0.05  # the status says "training"
    assert len(redraws) == 1
    view = panel.views[0]  # a first answer one sees: new settings, faded lines
    assert view.text.get_text().startswith("lr 0.05 · init glorot_uniform · L2 0\n")
    assert view.acc_lines["tanh"].get_alpha() == 0.3
    panel.controls["lr"].value = 0.07  # again before an epoch ended: seen too
    assert len(redraws) == 2 and "lr 0.07" in view.text.get_text()
    panel.live.tick()  # a few more steps of epoch 1: nothing seen changes
    assert len(redraws) == 2 and panel.live.run_steps > FIRST_STEPS
    panel.live.run_to_end()  # each epoch's points: redrawn
    assert len(redraws) >= 4 and len(view.acc_lines["tanh"].get_ydata()) == 2
    assert view.acc_lines["tanh"].get_alpha() == 1.0
    fig.canvas.draw()
    assert panel.views[0].cache.full_draws == 1
    cached_render_is_exact(fig)


def test_new_epochs_answer_over_the_present_axis_then_fit_it(digits):
    """Inside an event loop an epochs move shows its first answer over the
    axis as it is (no new background: cheap), and fits the axis a moment later."""
    import asyncio

    from nnviz.playground.later import Later

    panel = explosion_explorer(digits, lr=0.1, epochs=2, check_backend=False)
    view = panel.views[0]
    view.fig.canvas.draw_idle = lambda: None  # the page's draws: by hand, below
    view.fig.canvas.draw()

    async def move():
        backgrounds = view.cache.full_draws
        panel.controls["epochs"].value = 5
        view.fig.canvas.draw()  # the page asks for it before Later's work
        at_once = (view.ax_acc.get_xlim(), view.cache.full_draws - backgrounds,
                   view.text.get_text())
        while Later.flush_all():
            pass
        return at_once

    xlim, new_backgrounds, text = asyncio.run(move())
    assert xlim == (0.5, 2.5) and new_backgrounds == 0 and "epoch 1 of 5" in text
    assert view.ax_acc.get_xlim() == view.ax_scale.get_xlim() == (0.5, 5.5)
    panel.live.run_to_end()
    assert len(panel.state["runs"]["tanh"].accuracy) == 5

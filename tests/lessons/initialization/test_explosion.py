"""Q4: the same 784-30-10 net on digits, tanh vs ReLU (digits_run, ExplosionView)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization.explosion import digits_run, standardize
from nnviz.lessons.initialization.explosion_views import ExplosionView, status


@pytest.fixture(scope="module")
def digits():
    return standardize(nv.data.digits(28, rng=np.random.default_rng(0), flat=True))


def test_standardize_uses_training_statistics(digits):
    assert abs(digits.X_train.mean()) < 1e-12
    assert digits.X_train.std(axis=0).max() < 1.0 + 1e-9


def test_tanh_learns_where_relu_diverges(digits):
    tanh = digits_run(digits, "tanh", lr=1.0, epochs=2)
    relu = digits_run(digits, "relu", lr=1.0, epochs=3)
    assert tanh.diverged_at is None and tanh.final_accuracy > 0.75
    assert max(tanh.act_scale) <= 1.0
    assert relu.diverged_at is not None and "learning rate" in relu.message


def test_relu_activations_explode_epoch_by_epoch(digits):
    run = digits_run(digits, "relu", lr=0.5, epochs=3)
    assert run.act_scale[0] > 1e3 and run.act_scale[2] > 1e6 * run.act_scale[0]


def test_a_smaller_learning_rate_fixes_relu(digits):
    run = digits_run(digits, "relu", lr=0.05, epochs=2)
    assert run.diverged_at is None and run.final_accuracy > 0.85
    assert run.act_scale[-1] < 3


def test_unknown_init_lists_the_choices(digits):
    with pytest.raises(ValueError, match="he_normal"):
        digits_run(digits, init="he")


def test_view_marks_divergence_and_keeps_its_artists(digits):
    view = ExplosionView(4)
    runs = {
        "tanh": digits_run(digits, "tanh", lr=1.0, epochs=2),
        "relu": digits_run(digits, "relu", lr=1.0, epochs=3),
    }
    line = view.acc_lines["tanh"]
    view.update(runs)
    assert view.acc_lines["tanh"] is line and len(line.get_xdata()) == 2
    assert len(view.crosses["relu"].get_xdata()) == 1
    assert len(view.crosses["tanh"].get_xdata()) == 0
    assert "diverged" in view.text.get_text()
    assert status("tanh", runs["tanh"]).startswith("tanh: ")


def test_clipped_points_and_the_cross_are_drawn_whole(digits):
    # ReLU's activations are clipped to the top of scale_range; the axis goes
    # a little further, so the clipped point and the cross are not cut in half.
    view = ExplosionView(3)
    view.update({"relu": digits_run(digits, "relu", lr=1.0, epochs=3)})
    low, high = view.ax_scale.get_ylim()
    values = [*view.scale_lines["relu"].get_ydata(), *view.crosses["relu"].get_ydata()]
    assert max(values) == view.scale_range[1]
    assert np.log10(high) - np.log10(max(values)) > 2  # decades of headroom
    assert np.log10(min(values)) - np.log10(low) > 2 or min(values) > 1


def test_digits_stream_grows_step_by_step_as_digits_run_trains(digits):
    from nnviz.lessons.initialization.explosion import digits_runs_stream, digits_stream

    per_epoch = len(digits.X_train) // 10
    counts = [len(run.accuracy) for run in digits_stream(digits, "tanh", epochs=2)]
    assert len(counts) == 2 * per_epoch  # one yield a step
    assert counts[per_epoch - 2] == 0 and counts[per_epoch - 1] == 1 and counts[-1] == 2
    one = digits_run(digits, "tanh", epochs=1)  # a shorter run: the first epoch
    two = digits_run(digits, "tanh", epochs=2)
    assert one.accuracy == two.accuracy[:1] and one.act_scale == two.act_scale[:1]
    # a divergence is the stream's last yield; the other net goes on
    rounds = [dict(r) for r in digits_runs_stream(digits, ("tanh", "relu"), lr=1.0,
                                                    epochs=3)]
    relu, tanh = rounds[-1]["relu"], rounds[-1]["tanh"]
    assert relu.diverged_at is not None and tanh.diverged_at is None
    assert len(rounds) == 3 * per_epoch and len(tanh.accuracy) == 3
    with pytest.raises(ValueError, match="at least one epoch"):
        digits_run(digits, epochs=0)

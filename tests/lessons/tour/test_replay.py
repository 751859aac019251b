"""Training replay: the slider loads a snapshot and repaints in place."""

import numpy as np

import nnviz as nv
from nnviz.lessons.tour.panels import record_training, training_replay


def _panel(rng):
    X, y = nv.data.truth_table("xor")
    model = nv.mlp([2, 2, 1], "tanh", rng=rng)
    return training_replay(model, "binary_cross_entropy_logits", nv.Adam(0.1), X, y,
                           steps=100, every=20, rng=rng, resolution=20,
                           check_backend=False)


def test_snapshots_are_taken_every_few_steps(rng):
    X, y = nv.data.truth_table("xor")
    model = nv.mlp([2, 2, 1], "tanh", rng=rng)
    snapshots, records = record_training(model, "mse", nv.SGD(0.5), X, y, steps=45,
                                         every=20, rng=rng)
    assert [step for step, _ in snapshots] == [0, 20, 40, 45]
    assert len(records) == 45
    final = snapshots[-1][1]
    np.testing.assert_array_equal(final[(0, "W")], model.layers[0].params["W"])


def test_moving_the_step_slider_repaints_the_same_image(rng):
    panel = _panel(rng)
    view = panel.views[0]
    image, figure = view.image, view.fig
    at_end = view.image.get_array().copy()
    panel.controls["step"].value = 0
    assert view.image is image and view.fig is figure
    assert not np.allclose(view.image.get_array(), at_end)
    assert list(panel.state["marker"].get_xdata()) == [0, 0]
    assert not panel.output.outputs


def test_replay_does_not_change_the_callers_model(rng):
    X, y = nv.data.truth_table("xor")
    model = nv.mlp([2, 2, 1], "tanh", rng=rng)
    before = model.layers[0].params["W"].copy()
    training_replay(model, "mse", nv.SGD(0.5), X, y, steps=10, every=5, rng=rng,
                    resolution=10, check_backend=False)
    np.testing.assert_array_equal(model.layers[0].params["W"], before)


def test_loss_axis_spans_whole_decades():
    # Lesson 0: the loss falls below 10^-2; the axis must end on a labelled
    # decade below the lowest loss, not just under it with no tick.
    from nnviz.lessons.tour.panels import decades

    assert decades([0.9, 0.05, 0.0015]) == (1e-3, 1.0)
    assert decades([np.nan, 0.5]) == (0.1, 1.0)
    panel = _panel(np.random.default_rng(0))
    low, high = panel.state["figure"].axes[1].get_ylim()
    losses = [r.loss for r in panel.state["records"]]
    assert low <= min(losses) and np.log10(low).is_integer()
    assert high >= max(losses) and np.log10(high).is_integer()


def test_a_move_draws_only_what_changes_on_the_same_artists(rng):
    # Issue 18: the axes, ticks and loss curve are rendered once; a move
    # repaints the image, the title and the marker (the same artists).
    panel = _panel(rng)
    view, cache = panel.views[0], panel.state["cache"]
    artists = (view.image, panel.state["marker"], view.ax.title)
    view.fig.canvas.draw()
    drawn = cache.full_draws
    for step in (0, 40, 100):
        panel.controls["step"].value = step
        view.fig.canvas.draw()
    assert cache.full_draws == drawn
    assert (view.image, panel.state["marker"], view.ax.title) == artists
    assert view.ax.get_title() == "P(class 1) after 100 steps"

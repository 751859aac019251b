"""CNN lesson panels: setting a control's value changes what the views hold."""

import ipywidgets as widgets
import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.cnn.panels import (
    cnn_training_panel,
    conv_arithmetic_explorer,
    kernel_editor,
)
from nnviz.lessons.cnn.shapes_panels import cnn_builder


@pytest.fixture(scope="module")
def digits8():
    return nv.data.digits(8, rng=np.random.default_rng(0))


def counted(panel):
    """The panel, its Play ticks taking steps_per_frame steps each, whatever the
    time (the budget is tested with a fake clock in tests/widgets/test_live.py)."""
    panel.live.budget_ms = None
    return panel


def test_play_frames_train_and_update_the_filters(digits8):
    panel = counted(cnn_training_panel(
        digits8, steps_per_frame=3, n_show=50, check_backend=False
    ))
    filters = panel.views[0].image
    before = filters.get_array().copy()
    W = panel.state["model"].layers[0].params["W"].copy()
    panel.controls["frame"].value = 1
    panel.controls["frame"].value = 2
    assert panel.state["step"] == 6 and panel.live.last_steps == 3
    assert "3 steps" in panel.live.note.value  # and the frame time beside Play
    assert not np.allclose(panel.state["model"].layers[0].params["W"], W)
    assert panel.views[0].image is filters
    assert not np.allclose(filters.get_array(), before, equal_nan=True)
    assert 0 <= panel.state["accuracy"] <= 1
    assert not panel.output.outputs


def status_text(panel):
    return next(child.value for child in panel.widget.children
                if isinstance(child, widgets.HTML))


def test_status_says_not_trained_yet_instead_of_a_nan_loss(digits8):
    # A NaN loss is how a diverging run looks: before any step there is no
    # loss to show, and the status says so in words.
    panel = cnn_training_panel(digits8, steps_per_frame=2, n_show=20,
                               check_backend=False)
    assert "not trained yet" in status_text(panel)
    assert "nan" not in status_text(panel)
    panel.controls["frame"].value = 1
    assert f"training loss {panel.state['loss']:.3f}" in status_text(panel)
    panel.controls["reset"].click()
    assert "not trained yet" in status_text(panel)


def test_image_slider_changes_the_feature_maps(digits8):
    panel = cnn_training_panel(digits8, n_show=20, check_backend=False)
    before = panel.views[1].input.get_array().copy()
    panel.controls["image"].value = 5
    np.testing.assert_array_equal(
        panel.views[1].input.get_array(), digits8.X_test[5, 0]
    )
    assert not np.array_equal(before, digits8.X_test[5, 0])


def test_reset_starts_training_again(digits8):
    panel = cnn_training_panel(
        digits8, steps_per_frame=2, n_show=20, check_backend=False
    )
    W0 = panel.state["model"].layers[0].params["W"].copy()
    panel.controls["frame"].value = 1
    panel.controls["reset"].click()
    assert panel.state["step"] == 0 and panel.controls["frame"].value == 0
    np.testing.assert_array_equal(panel.state["model"].layers[0].params["W"], W0)


def test_arithmetic_sliders_update_formula_and_explain_misfits():
    panel = conv_arithmetic_explorer(check_backend=False)
    panel.controls["n"].value = 16
    panel.controls["f"].value = 5
    assert panel.state["result"].output == 12
    panel.controls["n"].value = 3
    assert panel.state["result"].output == 0
    assert "does not fit" in panel.state["formula"].value  # the HTML below the grids
    assert not panel.output.outputs  # explained in the view, not an error
    panel.controls["p"].value = 1
    assert panel.state["result"].output == 1


def test_kernel_editor_presets_and_typed_values(rng):
    image = rng.random((8, 8))
    panel = kernel_editor(image, check_backend=False)
    panel.controls["preset"].value = "identity"
    np.testing.assert_allclose(panel.state["filtered"], image)
    panel.controls["cells"][4].value = 2.0
    np.testing.assert_allclose(panel.state["filtered"], 2 * image)
    np.testing.assert_allclose(panel.views[0].filtered, 2 * image)
    assert f"{2 * image.max():.2f}" in panel.widget.children[2].value  # the scale


def test_kernel_editor_shows_learned_filters_beside(rng):
    model = nv.small_cnn(8, rng=rng)
    panel = kernel_editor(rng.random((8, 8)), model=model, check_backend=False)
    assert len(panel.views) == 2
    # 8 filters of 3 x 3 tiled 3 to a row, with 1-pixel gaps: 11 x 11
    assert panel.views[1].image.get_array().shape == (11, 11)
    panel.controls["preset"].value = "learned filter 5"
    W = model.layers[0].params["W"]
    np.testing.assert_allclose(panel.state["kernel"], W[5, 0], rtol=0, atol=5e-4)
    # Side by side, the two figures fit the notebook's width in a 1280 px
    # window, like every other wide figure of the course (10.4 inches).
    widths = [view.fig.get_figwidth() for view in panel.views]
    assert sum(widths) <= 10.4 + 1e-9


def test_cnn_builder_table_follows_the_sliders():
    panel = cnn_builder(check_backend=False)
    assert "N × 3 × 12 × 12" in panel.widget.children[-2].value  # Q15
    assert panel.state["rows"][-1].n_params == 4330
    panel.controls["filters2"].value = 8
    assert panel.state["rows"][-2].output_shape == ("N", 8 * 4 * 4)
    panel.controls["kernel"].value = 9  # 28-9+1=20 -> 10 -> 2 -> 1
    panel.controls["pool"].value = 4  # 20 -> 5, the 9x9 kernel no longer fits
    assert "does not fit" in panel.state["error"]
    assert (
        panel.state["rows"] == [] and "does not fit" in panel.widget.children[-2].value
    )


def test_reset_restores_a_given_model(digits8, rng):
    model = nv.small_cnn(8, rng=rng)
    W0 = model.layers[0].params["W"].copy()
    panel = cnn_training_panel(digits8, model=model, n_show=20, check_backend=False)
    panel.controls["frame"].value = 1
    assert not np.array_equal(model.layers[0].params["W"], W0)
    panel.controls["reset"].click()
    np.testing.assert_array_equal(model.layers[0].params["W"], W0)
    assert panel.state["model"] is model


def test_kernel_editor_can_start_on_a_learned_filter(rng):
    model = nv.small_cnn(8, rng=rng)
    panel = kernel_editor(
        rng.random((8, 8)), model=model, preset="learned filter 2", check_backend=False
    )
    np.testing.assert_array_equal(  # to the 3 decimals the cells show
        panel.state["kernel"], np.round(model.layers[0].params["W"][2, 0], 3)
    )


def test_shapes_table_has_padded_cells_and_no_zero_sums():
    html = cnn_builder(check_backend=False).widget.children[-2].value
    assert html.count("padding") > 20                     # every cell, not only some
    assert "0 (no parameters)" in html and "0 (no parameters) = 0" not in html
    assert "= 4,330" in html                               # the dense head, Q15


def redraws(panel):
    """A set that collects which of the panel's figures ask to be redrawn:
    0 the filters and maps, 1 the class responses (empty it between moves)."""
    asked = set()
    for number, fig in enumerate([panel.views[0].fig, panel.views[2].fig]):
        fig.canvas.draw_idle = lambda number=number: asked.add(number)
    return asked


def test_the_default_panel_trains_a_float32_model(digits8):
    panel = cnn_training_panel(digits8, n_show=20, check_backend=False)
    dtypes = {p.dtype for layer in panel.state["model"].layers
              for p in layer.params.values()}
    assert dtypes == {np.dtype(np.float32)}


def test_image_slider_redraws_one_figure_and_trains_nothing(digits8):
    panel = counted(cnn_training_panel(digits8, n_show=20, check_backend=False))
    asked = redraws(panel)
    W = panel.state["model"].layers[0].params["W"].copy()
    panel.controls["image"].value = 7
    assert asked == {0}  # the filters and maps only
    assert panel.state["step"] == 0 and panel.live.run_steps == 0
    np.testing.assert_array_equal(panel.state["model"].layers[0].params["W"], W)
    maps = panel.state["model"].trace(digits8.X_test[7:8].astype(np.float32))[2][0]
    expected = panel.views[1]._mosaic(maps)
    np.testing.assert_allclose(panel.views[1].maps.get_array(), expected)


def test_each_play_tick_takes_at_most_one_ticks_steps_and_draws_one_figure(digits8):
    # The slowest control is Play's tick: it must never train more than one
    # tick's steps, and then redraw one figure. The class responses (over
    # every shown digit) come every 4th tick, instead of the maps.
    panel = counted(cnn_training_panel(digits8, steps_per_frame=2, n_show=30,
                                       check_backend=False))
    asked = redraws(panel)
    before = panel.views[2].image.get_array().copy()
    drawn = []
    for frame in range(1, 9):
        steps = panel.state["step"]
        asked.clear()
        panel.controls["frame"].value = frame
        assert panel.state["step"] - steps == 2  # one tick's steps, no more
        drawn.append(sorted(asked))
    assert drawn == [[0], [0], [0], [1]] * 2
    assert panel.state["accuracy_step"] == 16  # the responses of tick 8
    assert not np.allclose(panel.views[2].image.get_array(), before)


def test_pause_and_reset_bring_both_figures_up_to_date(digits8):
    panel = counted(cnn_training_panel(digits8, steps_per_frame=2, n_show=30,
                                       check_backend=False))
    panel.live.play.playing = True
    panel.controls["frame"].value = 1  # a tick that drew the maps only
    assert panel.state["accuracy_step"] == 0 and panel.state["step"] == 2
    asked = redraws(panel)
    panel.live.play.playing = False  # pause
    assert asked == {0, 1} and panel.state["accuracy_step"] == 2
    assert "(at step 2)" in status_text(panel)
    asked.clear()
    panel.controls["reset"].click()
    assert asked == {0, 1} and panel.state["accuracy_step"] == 0

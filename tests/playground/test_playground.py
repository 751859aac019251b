"""The playground: every control changes what the views hold; presets; divergence."""

import ipywidgets as widgets
import numpy as np
import pytest

from nnviz.playground.app import playground
from nnviz.playground.config import PlaygroundConfig
from nnviz.playground.network_view import GAP
from nnviz.widgets.controls import BackendError


@pytest.fixture(autouse=True)
def _no_render_per_update(monkeypatch):
    """Agg's draw_idle renders at once; ipympl's waits. Tests read artist data,
    so skip the renders (test_every_figure_renders draws them all once)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    monkeypatch.setattr(FigureCanvasAgg, "draw_idle", lambda self, *a, **k: None)


@pytest.fixture
def panel():
    return playground(check_backend=False)


def image(panel):
    return np.array(panel.views[0].image.get_array(), dtype=float)


def boundary_points(panel):
    return np.concatenate([a.get_offsets() for a in panel.views[0].train_points])


def space_points(panel):
    return np.array(panel.views[3].points.get_offsets(), dtype=float)


def assert_no_error(panel):
    assert panel.state["error"] is None, panel.state["error"]


def test_needs_the_widget_backend():
    with pytest.raises(BackendError, match="%matplotlib widget"):
        playground()


def test_default_panel_is_drawn(panel):
    assert panel.to_preset() == ""
    assert [type(v).__name__ for v in panel.views] == [
        "DecisionBoundaryView",
        "NetworkDiagramView",
        "LossCurveView",
        "SpaceDistortionView",
    ]
    assert image(panel).shape == (100, 100) and np.isfinite(image(panel)).all()
    assert "epoch" in panel.status.value and "train loss" in panel.status.value
    assert len(panel.session.dense_layers) == 3  # 2-4-2-1
    assert_no_error(panel)


def test_ticks_piled_up_behind_a_slow_frame_are_dropped(panel):
    panel.live.budget_ms = None  # every tick takes STEPS_PER_FRAME = 5 steps
    panel.play.playing = True
    panel.play.interval = 10_000  # 10 s: the next ticks arrive "too early"
    for _ in range(3):
        panel.counter.value += 1
    assert panel.session.steps == 5  # one frame, two ticks dropped


def test_every_figure_renders_the_same_with_its_cached_background(panel):
    panel.frame()
    panel.show.render()  # backgrounds cached
    panel.frame()
    for fig, cache in zip(panel.show.figures, panel.show.caches, strict=True):
        fig.canvas.draw()
        fast = np.asarray(fig.canvas.buffer_rgba()).astype(int)
        cache.enabled = False
        fig.canvas.draw()
        full = np.asarray(fig.canvas.buffer_rgba()).astype(int)
        differ = (np.abs(fast - full).max(axis=2) > 30).mean()
        assert differ < 0.001, (fig, differ)


def test_the_empty_loss_note_leaves_with_the_first_frame(panel):
    note = panel.views[2].note
    assert note.get_visible()  # "no training steps yet: press Play"
    # drawn over the curves (the cache's overlay), so a cached background never
    # keeps it (tests/test_curves_view.py checks that case with a BackgroundCache)
    assert note in panel.show._loss_texts()
    panel.frame()
    assert not note.get_visible()


def test_play_counter_trains_and_grows_the_loss_curve(panel):
    panel.live.budget_ms = None  # every tick takes STEPS_PER_FRAME = 5 steps
    before = image(panel)
    for _ in range(3):
        panel.counter.value += 1
    assert panel.session.steps == 15 and panel.state["epoch"] > 0
    assert not np.allclose(image(panel), before)
    assert len(panel.views[2].train_line.get_xdata()) == 3
    assert_no_error(panel)


@pytest.mark.parametrize(
    "name, value",
    [
        ("features", ("x1", "x2", "x1x2")),
        ("layers", 1),
        ("units_1", 7),
        ("act_1", "relu"),
        ("init", "he_normal"),
    ],
)
def test_network_controls_change_the_boundary(panel, name, value):
    before = image(panel)
    panel.controls[name].value = value
    assert not np.allclose(image(panel), before)
    assert_no_error(panel)


@pytest.mark.parametrize(
    "name, value",
    [
        ("data", "xor"),
        ("noise", 0.4),
        ("train", 0.5),
    ],
)
def test_data_controls_move_the_points(panel, name, value):
    before = space_points(panel)
    n_train = len(panel.session.data.X_train)
    panel.controls[name].value = value
    after = space_points(panel)
    assert after.shape != before.shape or not np.allclose(after, before)
    assert name != "train" or len(panel.session.data.X_train) < n_train
    assert_no_error(panel)


@pytest.mark.parametrize("name", ["blobs", "spirals", "moons", "picture", "plane"])
def test_every_dataset_is_shown(panel, name):
    before = boundary_points(panel)
    panel.controls["data"].value = name
    after = boundary_points(panel)
    assert after.shape != before.shape or not np.allclose(after, before)
    assert panel.session.regression == (name == "plane")
    assert np.isfinite(image(panel)).all()
    assert_no_error(panel)


def test_one_step_and_reset(panel):
    W0 = panel.session.dense_layers[0].params["W"].copy()
    before = image(panel)
    panel.controls["step"].click()
    assert panel.session.steps == 1 and not np.allclose(image(panel), before)
    panel.frame(10)
    panel.controls["reset"].click()
    assert panel.session.steps == 0 and panel.state["epoch"] == 0
    np.testing.assert_array_equal(panel.session.dense_layers[0].params["W"], W0)
    np.testing.assert_allclose(image(panel), before)
    assert len(panel.views[2].train_line.get_xdata()) == 0


def test_weight_selectors_pick_the_weight_and_show_its_unit(panel):
    c = panel.controls
    c["w_layer"].value = 1  # hidden 1 -> hidden 2: 4 x 2 weights
    assert [v for _, v in c["w_from"].options] == [0, 1, 2, 3, -1]
    c["w_to"].value, c["w_from"].value = 1, 3
    # shown rounded to the slider's step, as the browser shows it
    assert c["weight"].value == pytest.approx(
        panel.session.dense_layers[1].params["W"][3, 1], abs=c["weight"].step / 2)
    assert panel.views[1].selected == (2, 1)  # column 2 (hidden 2), unit 2


def test_regenerate_draws_new_points_and_weights(panel):
    before = image(panel)
    panel.controls["regenerate"].click()
    assert panel.config.seed == 1 and "seed=1" in panel.to_preset()
    assert not np.allclose(image(panel), before)


@pytest.mark.parametrize(
    "name, value",
    [
        ("lr", 0.3),
        ("optimizer", "adam"),
        ("batch", 1),
        ("dropout", 0.5),
        ("penalty", "l1"),
        ("loss", "squared"),
    ],
)
def test_training_controls_change_what_a_frame_does(name, value):
    plain, changed = playground(check_backend=False), playground(check_backend=False)
    if name == "penalty":
        plain.controls["rate"].value = changed.controls["rate"].value = 0.05
    changed.controls[name].value = value
    plain.frame(20), changed.frame(20)
    assert not np.allclose(image(plain), image(changed))
    assert_no_error(changed)


def test_penalty_rate_changes_what_a_frame_does():
    plain, changed = (
        playground("penalty=l2", check_backend=False),
        playground("penalty=l2", check_backend=False),
    )
    changed.controls["rate"].value = 0.1
    plain.frame(20), changed.frame(20)
    assert not np.allclose(image(plain), image(changed))


def test_lr_change_keeps_the_weights(panel):
    panel.frame(10)
    W = panel.session.dense_layers[0].params["W"].copy()
    panel.controls["lr"].value = 0.1
    np.testing.assert_array_equal(panel.session.dense_layers[0].params["W"], W)
    assert panel.session.steps == 10


def test_discretize_makes_the_boundary_two_valued(panel):
    panel.controls["discretize"].value = True
    assert set(np.unique(image(panel))) <= {0.0, 1.0}


def test_layers_show_only_their_unit_rows(panel):
    panel.controls["layers"].value = 3
    assert panel.config.hidden == (4, 2, 4)
    assert panel.controls["units_3"].layout.display is None
    assert panel.controls["units_4"].layout.display == "none"


def test_space_slider_moves_the_space_view(panel):
    assert panel.controls["space"].value == panel.controls["space"].max  # last stage
    before = space_points(panel)
    panel.controls["space"].value = 0
    assert not np.allclose(space_points(panel), before)


def test_hand_edited_weight_changes_boundary_and_every_view(panel):
    c = panel.controls
    c["w_layer"].value, c["w_to"].value, c["w_from"].value = 0, 2, 1
    c["space"].value = c["space"].max  # the data after the whole network
    before_image, before_space = image(panel), space_points(panel)
    c["weight"].value = 4.0
    assert panel.session.dense_layers[0].params["W"][1, 2] == 4.0
    assert not np.allclose(image(panel), before_image)
    assert not np.allclose(space_points(panel), before_space)
    assert_no_error(panel)


def test_hand_edited_bias(panel):
    c = panel.controls
    c["w_layer"].value = 2
    c["w_from"].value = -1  # the bias
    before = image(panel)
    c["weight"].value = -3.0
    assert panel.session.dense_layers[2].params["b"][0] == -3.0
    assert not np.allclose(image(panel), before)


def test_browser_rounding_of_the_weight_slider_changes_nothing(panel):
    W = panel.session.dense_layers[0].params["W"]
    exact = W[0, 0]
    panel.controls["weight"].value = round(exact, 2)  # what a slider of step 0.01 sends
    assert W[0, 0] == exact
    panel.controls["weight"].value = round(exact, 2) + 0.01  # one step: a real move
    assert W[0, 0] == round(exact, 2) + 0.01


def test_a_preset_learning_rate_between_the_choices_is_kept():
    panel = playground("lr=0.05", check_backend=False)
    assert panel.controls["lr"].value == 0.05 and panel.session.optimizer.lr == 0.05
    panel.load_preset("lr=0.007")
    assert panel.controls["lr"].value == 0.007 and panel.to_preset() == "lr=0.007"


def test_weight_slider_follows_training(panel):
    value = panel.controls["weight"].value
    panel.frame(200)
    assert panel.controls["weight"].value != value
    assert panel.controls["weight"].value == pytest.approx(
        panel.session.dense_layers[0].params["W"][0, 0],
        abs=panel.controls["weight"].step / 2)


def test_one_step_on_the_weight_slider_changes_the_weight(panel):
    # The browser's first arrow press moves the shown (rounded) value by one step;
    # that must reach the model even when it is closer than a step to the weight.
    slider = panel.controls["weight"]
    before = image(panel)
    slider.value = slider.value + slider.step
    assert panel.session.dense_layers[0].params["W"][0, 0] == pytest.approx(
        slider.value
    )
    assert not np.allclose(image(panel), before)


PRESETS = [
    "data=xor;hidden=4;activation=relu;lr=0.01",
    "data=spirals;features=x1,x2,sinx1,sinx2;hidden=8,8,4;optimizer=adam;batch=25",
    "data=plane;hidden=none;loss=squared;penalty=l1;rate=0.001",
    "data=moons;dropout=0.2;discretize=1;hide=features,optimizer",
]


@pytest.mark.parametrize("text", PRESETS)
def test_presets_round_trip_through_the_panel(text):
    panel = playground(text, check_backend=False)
    assert panel.to_preset() == text
    assert panel.controls["preset"].value == text
    other = playground(check_backend=False)
    other.load_preset(text)
    assert other.to_preset() == text and other.config == panel.config
    np.testing.assert_allclose(image(other), image(panel))


def test_preset_hides_controls():
    panel = playground("hide=features,optimizer,weights", check_backend=False)
    assert panel.controls["features"].layout.display == "none"
    assert panel.controls["optimizer"].layout.display == "none"
    assert panel.controls["weight"].layout.display == "none"
    assert panel.controls["lr"].layout.display is None
    assert panel._titles["Inputs"].layout.display == "none"  # nothing left under it
    assert panel._titles["Training"].layout.display is None
    panel.load_preset("")
    assert panel.controls["features"].layout.display is None


@pytest.mark.parametrize("text", ["lr=abc", "data=foo", "hidden=99", "nonsense"])
def test_malformed_preset_raises_and_leaves_the_panel(panel, text):
    panel.controls["lr"].value = 0.1
    state = (
        panel.to_preset(),
        image(panel),
        panel.controls["lr"].value,
        panel.controls["data"].value,
    )
    with pytest.raises(ValueError):
        panel.load_preset(text)
    assert panel.to_preset() == state[0]
    np.testing.assert_array_equal(image(panel), state[1])
    assert (panel.controls["lr"].value, panel.controls["data"].value) == state[2:]


def test_malformed_preset_from_the_text_box_is_reported(panel):
    panel.controls["preset"].value = "lr=abc"
    panel.controls["load"].click()
    assert "should be a number" in panel.state["error"]
    assert panel.config == PlaygroundConfig()


def test_divergence_is_reported_in_words():
    panel = playground("data=plane;hidden=none;lr=10;batch=350", check_backend=False)
    panel.play.playing = True
    for _ in range(100):
        panel.frame()
        if panel.state["diverged"]:
            break
    assert panel.state["diverged"] and "learning rate" in panel.state["diverged"]
    assert "Training stopped" in panel.status.value
    assert panel.play.playing is False
    assert panel.show._notice.get_visible()
    assert np.isfinite(image(panel)).any()  # the last picture stays, not an empty plot
    panel.frame()  # further frames do nothing
    panel.controls["reset"].click()
    assert panel.state["diverged"] is None and not panel.show._notice.get_visible()


def _all_finite(arrays):
    return all(np.isfinite(np.asarray(a, dtype=float)).all() for a in arrays)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_run_that_overflows_is_reported_as_divergence_not_a_numpy_error(seed):
    # Issue 17: ReLU 8,8 on the plane at lr=10 overflows on the whole set (the
    # space view used to raise "zero-size array to reduction operation minimum").
    panel = playground(
        f"data=plane;activation=relu;hidden=8,8;lr=10;seed={seed}",
        check_backend=False,
    )
    panel.play.playing = True
    for _ in range(40):
        panel.frame()  # any error in a view would be raised here
        if panel.state["diverged"]:
            break
    message = panel.state["diverged"]
    assert message and "step" in message and "learning rate 10" in message
    assert "try 1" in message  # the hint, as TrainingDiverged gives it
    assert "Training stopped" in panel.status.value and panel.play.playing is False
    assert panel.show._notice.get_visible()
    assert panel.state["error"] is None
    # the model stays usable: finite weights, finite losses, finite pictures
    session = panel.session
    assert _all_finite(p for layer in session.model.layers
                       for p in layer.params.values())
    assert _all_finite(session.losses())
    assert _all_finite([panel.show.loss.train, panel.show.loss.test])
    assert panel.show.space.finite and _all_finite([space_points(panel)])
    panel.frame()  # a tick already on its way: nothing breaks, still stopped
    assert panel.state["diverged"] and panel.state["error"] is None
    # a lower learning rate goes on from the kept weights
    steps = session.steps
    panel.controls["lr"].value = 0.01
    assert panel.state["diverged"] is None and not panel.show._notice.get_visible()
    panel.frame()
    assert panel.session is session and session.steps == steps + 5
    assert panel.state["diverged"] is None and _all_finite(session.losses())


def test_the_whole_set_is_checked_each_frame(panel):
    # A batch can stay finite while other points overflow: the frame's losses
    # of the whole sets decide, and the weights of the last good frame come back.
    panel.frame()
    good = [p.copy() for layer in panel.session.dense_layers
            for p in layer.params.values()]
    layer = panel.session.dense_layers[0]
    layer.params["W"][0, 0] = np.nan  # as if the frame's steps had blown up
    panel.show.loss.reset()
    panel._show_frame([])
    assert "became nan by step 5" in panel.state["diverged"]
    assert "step 5, the last frame whose loss was finite" in panel.state["diverged"]
    now = [p for layer in panel.session.dense_layers for p in layer.params.values()]
    for before, after in zip(good, now, strict=True):
        np.testing.assert_array_equal(before, after)
    assert panel.show.loss.train == []  # no inf point on the curve


@pytest.mark.parametrize("bad", [np.nan, np.inf, 1e300])
def test_no_view_raises_on_a_network_that_is_not_finite(panel, bad):
    for layer in panel.session.dense_layers:
        layer.params["W"][...] = bad
    panel.show.paint(panel.session, full=True)  # what a frame paints
    panel.show.space_to(1.5)
    panel.show.render()
    if not np.isfinite(bad):
        assert not panel.show.space.finite
        assert "not finite" in panel.show.space.note.get_text()
    panel._sync_weight()  # the weight slider keeps a finite value
    assert np.isfinite(panel.controls["weight"].value)


def test_playing_lowers_the_resolution_and_pause_restores_it(panel):
    panel.play.playing = True
    panel.frame()
    assert image(panel).shape == (50, 50)
    panel.play.playing = False
    assert image(panel).shape == (100, 100)


def test_own_points_from_an_array(rng):
    X = rng.normal(size=(60, 2)) * 10 + 5
    y = (X[:, 0] > 5).astype(float)
    panel = playground(data=(X, y), check_backend=False)
    assert panel.config.data == "own" and "own" in panel.controls["data"].options
    assert np.abs(panel.session.data.X).max() <= 2.5 + 1e-12
    panel.frame(5)
    assert_no_error(panel)


def test_own_regression_points_from_a_csv(tmp_path, rng):
    X = rng.uniform(-1, 1, size=(40, 2))
    path = tmp_path / "points.csv"
    np.savetxt(
        path, np.c_[X, X.sum(axis=1)], delimiter=",", header="x1,x2,y", comments=""
    )
    panel = playground(data=str(path), check_backend=False)
    assert panel.session.regression and panel.session.loss == "mse"


def test_own_data_must_be_given():
    with pytest.raises(ValueError, match="needs your points"):
        playground("data=own", check_backend=False)


@pytest.mark.parametrize("suffix, magic", [(".gif", b"GIF8"), (".html", b"<")])
def test_export_writes_the_training_animation(panel, tmp_path, suffix, magic):
    pytest.importorskip("nnviz.plots.export")
    path = tmp_path / f"train{suffix}"
    panel.export(str(path), n_frames=3)
    assert path.read_bytes().lstrip()[: len(magic)] == magic
    assert panel.session.steps == 15


def _sticking_out(fig, ax):
    """The axis texts of ax (axis labels, tick labels) not inside fig, after a draw."""
    fig.canvas.draw()
    renderer, box = fig.canvas.get_renderer(), fig.bbox
    out = []
    for text in (ax.xaxis.label, ax.yaxis.label):
        extent = text.get_window_extent(renderer)
        if text.get_text() and not (
            box.x0 - 0.5 <= extent.x0 and extent.x1 <= box.x1 + 0.5
            and box.y0 - 0.5 <= extent.y0 and extent.y1 <= box.y1 + 0.5
        ):
            out.append(text.get_text())
    tight = ax.get_tightbbox(renderer)  # tick labels and offset texts too
    if tight.x0 < -0.5 or tight.y0 < -0.5 or tight.x1 > box.x1 + 0.5 or (
        tight.y1 > box.y1 + 0.5
    ):
        out.append(f"axes texts reach {tight.extents}")
    return out


@pytest.mark.parametrize("diverged", [False, True])
def test_space_labels_stay_inside_their_figure_at_every_stage(diverged):
    # 4-unit layers: shown through their PCA plane, labelled "principal direction"
    panel = playground("features=x1,x2,x1x2;hidden=4,4", check_backend=False)
    show = panel.show
    if diverged:  # what a diverged run leaves: huge weights, ranges like 4.1e5
        for k, layer in enumerate(panel.session.dense_layers):
            rng = np.random.default_rng(k)
            layer.params["W"][...] = rng.normal(size=layer.params["W"].shape) * 1e4
            layer.params["b"][...] = rng.normal(size=layer.params["b"].shape) * 1e6
        show.paint(panel.session)
    fig, ax = show.figure("space"), show.space.ax
    names = set()
    for position in range(show.n_stages + 1):
        panel.controls["space"].value = position  # the layout is checked after it
        names.add(ax.get_xlabel())
        assert _sticking_out(fig, ax) == [], (position, show.space.stages[position])
    assert "principal direction 1" in names


def test_diverged_network_diagram_fits_its_figure():
    panel = playground(check_backend=False)
    for layer in panel.session.dense_layers:
        layer.params["W"] *= 1e6
        layer.params["b"][:] = np.linspace(-3.2e12, 1e6, layer.n_out)
    panel.show.paint(panel.session)
    view, fig = panel.views[1], panel.show.figure("network")
    view.select(len(view.sizes) - 1, 0)
    fig.canvas.draw()
    renderer, to_data = fig.canvas.get_renderer(), view.ax.transData.inverted()
    for text in [view.large_title, *view.bias_texts]:
        assert len(text.get_text().splitlines()[-1]) <= 17, text.get_text()
        extent = text.get_window_extent(renderer)
        assert fig.bbox.x0 <= extent.x0 and extent.x1 <= fig.bbox.x1, text.get_text()
    columns = [c for c, n in enumerate(view.sizes[1:], 1) for _ in range(n)]
    for text, column in zip(view.bias_texts, columns, strict=True):
        # under its own node, clear of the next column's nodes
        box = text.get_window_extent(renderer).transformed(to_data)
        assert column * GAP <= box.x0 and box.x1 < (column + 1) * GAP, text.get_text()


def test_dropout_changes_no_picture_until_training_so_it_is_marked(panel):
    # The browser suite needs a figure to change for every unmarked slider.
    from nnviz.widgets.controls import NO_REDRAW_CLASS

    figures = panel.show.figures
    before = [_pixels(f) for f in figures]
    weights = panel.session.model.layers[0].params["W"].copy()
    panel.controls["dropout"].value = 0.2
    np.testing.assert_array_equal(panel.session.model.layers[0].params["W"], weights)
    assert all(
        np.array_equal(a, _pixels(f)) for a, f in zip(before, figures, strict=True)
    )
    assert NO_REDRAW_CLASS in panel.controls["dropout"]._dom_classes


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_export_says_its_progress_in_the_export_row(panel, tmp_path):
    pytest.importorskip("nnviz.plots.export")
    progress = panel.export_progress
    row = next(box for box in _boxes(panel.widget)
               if panel.controls["save_gif"] in box.children)
    assert progress.widget in row.children  # beside the GIF and HTML buttons
    assert progress.widget.layout.display == "none"  # nothing to say yet
    seen, update = [], progress.update
    progress.update = lambda done: (seen.append(done), update(done))
    steps = panel.session.steps
    path = tmp_path / "train.gif"
    panel.export(str(path), n_frames=4)
    assert seen == [1, 2, 3, 4]  # frame by frame, while it runs
    assert progress.finished and progress.bar.value == progress.bar.max
    assert progress.line.startswith("done: exporting train.gif, 4 frames in ")
    assert progress.line.endswith(" s") and progress.widget.layout.display is None
    assert panel.session.steps == steps + 20  # the same frames as before: 5 steps
    assert path.read_bytes()[:4] == b"GIF8"


def _boxes(widget):
    """Every Box inside `widget`, depth first."""
    if isinstance(widget, widgets.Box):
        yield widget
        for child in widget.children:
            yield from _boxes(child)

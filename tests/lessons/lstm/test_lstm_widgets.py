"""LSTM panels: shapes explorer, gate timeline, memory explorer and trainer, and the
two layouts of the same windows (Q30)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.lstm.panels import (
    gate_timeline_explorer,
    lstm_shapes_explorer,
    memory_explorer,
    memory_model,
    memory_trainer,
    parse_sequence,
    shapes_table,
    window_layout_explorer,
)
from nnviz.widgets.controls import BackendError


@pytest.fixture(scope="module")
def trained():
    rng = np.random.default_rng(0)
    X, y = nv.data.remember_first(512, delay=25, rng=rng)
    model = memory_model(25, 4, seed=0)
    nv.fit(model, "binary_cross_entropy_logits", nv.Adam(0.02), X, y, steps=300,
           batch_size=64, rng=rng)
    return model


@pytest.mark.parametrize("build", [
    lambda: lstm_shapes_explorer(),
    lambda: memory_trainer(),
])
def test_needs_the_widget_backend(build):
    with pytest.raises(BackendError):
        build()


@pytest.mark.parametrize("name, value, key, expected", [
    ("units", 16, "n_params", 4 * (16 * 17 + 16)),
    ("features", 3, "n_params", 4 * (8 * 11 + 8)),
    ("return_sequences", True, "output_shape", (32, 20, 8)),
    ("timesteps", 7, "output_shape", (32, 8)),
    ("batch", 5, "output_shape", (5, 8)),
])
def test_shapes_explorer_follows_its_sliders(name, value, key, expected):
    panel = lstm_shapes_explorer(check_backend=False)
    panel.controls[name].value = value
    assert panel.state[key] == expected
    assert f"{panel.state['n_params']:,}</b>" in panel.widget.children[-2].value


def test_shapes_table_states_both_counts():
    text = shapes_table(1, 8, 20, 32, False)
    assert "= <b>320</b>" in text and "= 352" in text and "32 × 20 × 1" in text
    assert "8 × 32" in text  # Wh: (units, 4·units)


def test_gate_timeline_play_and_example(trained, rng, capsys):
    X, _ = nv.data.remember_first(10, delay=25, rng=rng)
    panel = gate_timeline_explorer(trained, X, check_backend=False)
    view = panel.views[0]
    panel.controls["step"].value = 4
    assert view.step == 4 and view.shown("c").shape[1] == 5
    before = view.shown("x")[0].copy()
    panel.controls["example"].value = 3
    np.testing.assert_allclose(panel.state["trace"]["x"][:, 0], X[3, :, 0])
    assert not np.allclose(view.shown("x")[0], before)
    assert "⚠" not in capsys.readouterr().out  # no error reported by a callback


@pytest.mark.parametrize("b_f, holds", [(5.0, True), (0.0, False)])
def test_memory_explorer_forget_bias_holds_or_fades(b_f, holds):
    panel = memory_explorer(check_backend=False)           # the hand-set memory cell
    panel.controls["forget_bias"].value = b_f
    c = panel.state["trace"]["c"][:, 0]
    f = 1 / (1 + np.exp(-b_f))
    assert panel.state["f"] == pytest.approx(f)
    assert c[-1] == pytest.approx(c[0] * f ** 25, rel=1e-6)
    assert (panel.state["prediction"] > 0.9) == holds
    assert "f<sup>25</sup>" in panel.widget.children[2].value


def test_memory_explorer_leaves_a_trained_model_alone(trained):
    b = trained.layers[0].params["b"].copy()
    panel = memory_explorer(trained, check_backend=False)
    assert panel.state["prediction"] > 0.9                  # +1 remembered
    panel.controls["forget_bias"].value = -4.0
    assert panel.state["f"] < 0.1
    np.testing.assert_array_equal(trained.layers[0].params["b"], b)


def test_memory_explorer_reads_typed_sequences(capsys):
    panel = memory_explorer(check_backend=False)
    panel.controls["sequence"].value = "-1" + " 0" * 20
    assert panel.state["prediction"] < 0.1
    assert len(panel.state["trace"]["x"]) == 21
    capsys.readouterr()
    panel.controls["sequence"].value = "one, two"
    # Outside a kernel the panel's Output widget passes its text on to stdout.
    assert "Type numbers" in capsys.readouterr().out
    assert len(panel.state["trace"]["x"]) == 21  # the last good sequence stays


@pytest.mark.parametrize("text, expected", [("1, 0,0", [1, 0, 0]),
                                            ("-0.5 2", [-0.5, 2])])
def test_parse_sequence(text, expected):
    np.testing.assert_array_equal(parse_sequence(text)[:, 0], expected)


def test_memory_trainer_learns_within_a_few_dozen_frames():
    panel = memory_trainer(check_backend=False)
    panel.live.budget_ms = None  # every tick takes steps_per_frame = 10 steps
    assert panel.state["step"] == 0
    for frame in range(1, 41):
        panel.controls["frame"].value = frame
        if panel.state["accuracy"] > 0.95:
            break
    assert panel.state["accuracy"] > 0.95
    assert len(panel.views[1].steps) == frame and panel.state["step"] == 10 * frame
    panel.controls["reset"].click()
    assert panel.state["step"] == 0 and panel.views[1].steps == []
    assert panel.controls["frame"].value == 0


def test_memory_trainer_stops_play_after_max_steps():
    panel = memory_trainer(steps_per_frame=10, max_steps=25, n=64,
                           check_backend=False)
    panel.live.budget_ms = None
    panel.controls["play"].playing = True
    for _ in range(3):
        panel.live.tick()
    assert panel.state["step"] == 25 and panel.controls["play"].playing is False
    assert "end of the run" in panel.live.note.value


def test_memory_trainer_reset_trains_nothing_then_ticks_finish_the_run():
    """The slowest control (issue 18): Reset returns at once, having taken no
    step; Play's ticks then train, at most steps_per_frame each, update the
    figures, and drive the progress bar to "done"."""
    panel = memory_trainer(steps_per_frame=10, max_steps=40, n=64, n_test=50,
                           check_backend=False)
    live, view = panel.live, panel.views[0]
    for _ in range(2):
        live.tick()
    panel.controls["reset"].click()
    assert panel.state["step"] == 0 and live.run_steps == 0   # nothing trained
    assert live.progress.done == 0 and not live.progress.finished
    assert "0 / 40" in live.progress.line
    before = view.shown("c")[0].copy()
    steps = []
    while not live.progress.finished and len(steps) < 100:  # ticks within budget
        steps.append(len(live.tick()))
    assert max(steps) <= 10 and sum(steps) == 40 == panel.state["step"]
    assert live.progress.finished and live.progress.line.startswith(
        "done: training the memory task, 40 steps in")
    assert not np.array_equal(view.shown("c")[0], before)
    assert panel.views[1].steps[-1] == 40            # the loss curve followed


def test_memory_trainer_puts_its_progress_bar_in_the_panel():
    panel = memory_trainer(n=64, n_test=50, check_backend=False)
    assert panel.live.progress.widget in panel.widget.children


@pytest.fixture(scope="module")
def layout_models():
    """The two layouts, briefly trained (the claims are tested in test_claims)."""
    rng = np.random.default_rng(0)
    X, y, _ = nv.symbol_anywhere(128, 8, rng=rng)
    models = {}
    for layout in ("(look_back, 1)", "(1, look_back)"):
        models[layout] = nv.layout_model(layout, 8, units=4)
        nv.fit(models[layout], "binary_cross_entropy_logits", nv.Adam(0.05),
               nv.as_layout(X, layout), y, steps=30, batch_size=32, rng=rng)
    X_test, y_test, where = nv.symbol_anywhere(60, 8, rng=rng)
    return models, X_test, y_test, where


def test_window_layout_explorer_shows_one_window_both_ways(layout_models, capsys):
    models, X, y, where = layout_models
    panel = window_layout_explorer(models, X, y, where, check_backend=False)
    view = panel.views[0]
    first = panel.controls["window"].value
    assert where[first] <= 2                       # a window whose symbol came early
    for layout, model in models.items():
        np.testing.assert_array_equal(
            panel.state["accuracy"][layout],
            nv.accuracy_by_step(model, nv.as_layout(X, layout), y, where))
    images = dict(view.cells)
    panel.controls["window"].value = 7
    assert dict(view.cells) == images               # updated in place
    assert panel.state["states"]["(look_back, 1)"].shape == (8, 4)   # c at 8 steps
    assert panel.state["states"]["(1, look_back)"].shape == (1, 4)   # c once
    np.testing.assert_array_equal(view.inputs["(look_back, 1)"].get_array()[:, 0],
                                  X[7, :, 0])
    logit = models["(1, look_back)"].predict(nv.as_layout(X[7:8], "(1, look_back)"))
    assert panel.state["answers"]["(1, look_back)"] == pytest.approx(
        1 / (1 + np.exp(-logit[0, 0])))
    assert view.mark.get_xdata()[0] == where[7]
    table = panel.widget.children[1].value
    assert "N × 8 × 1" in table and "N × 1 × 8" in table and "8 × 16" in table
    assert "⚠" not in capsys.readouterr().out


def test_window_layout_explorer_wants_the_two_layouts(layout_models):
    models, X, y, where = layout_models
    with pytest.raises(ValueError, match="keyed by the layouts"):
        window_layout_explorer({"steps": models["(look_back, 1)"]}, X, y, where,
                               check_backend=False)

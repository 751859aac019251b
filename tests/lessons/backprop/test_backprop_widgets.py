"""Lesson 4's graph stepper and gate patterns: controls change the drawing in place."""

import pytest

from nnviz.lessons.backprop.circuits import GATE_PATTERNS, neuron_graph, pattern_graph
from nnviz.lessons.backprop.graph_panels import (
    _stepper_table,
    backprop_stepper,
    gate_patterns_explorer,
)
from nnviz.lessons.backprop.graph_views import GatePatternsView, GraphView


def reads(view, kind, name):
    """A node's value or gradient line as the learner reads it: "value 1", or ""."""
    number = (view.values if kind == "value" else view.grads)[name].get_text()
    return f"{view.labels[kind, name].get_text()} {number}" if number else ""


def texts(view):
    """Every text the view shows, by artist."""
    names = view.names
    return {
        "caption": view.caption.get_text(),
        **{f"header {n}": view.headers[n].get_text() for n in names},
        **{f"value {n}": reads(view, "value", n) for n in names},
        **{f"grad {n}": reads(view, "grad", n) for n in names},
        **{f"edge {k}": t.get_text() for k, t in view.edge_texts.items()},
    }


def artists(view):
    return (view.fig, view.caption, dict(view.boxes), dict(view.headers),
            dict(view.values), dict(view.grads), dict(view.arrows),
            dict(view.edge_texts))


def same_artists(a, b):
    return all(x is y if not isinstance(x, dict) else
               all(x[k] is y[k] for k in x) and x.keys() == y.keys()
               for x, y in zip(a, b, strict=True))


@pytest.fixture
def stepper():
    return backprop_stepper(check_backend=False)


def test_each_step_click_changes_the_drawing_and_keeps_its_artists(stepper):
    view = stepper.views[0]
    kept = artists(view)
    seen = [texts(view)]
    for _ in range(len(stepper.state["graph"].steps()) - 1):
        stepper.controls["next"].click()
        seen.append(texts(view))
        assert seen[-1] != seen[-2]
    assert stepper.controls["step"].value == len(seen) - 1
    assert same_artists(kept, artists(view))
    assert not stepper.output.outputs


def test_values_appear_going_forward_and_gradients_going_backward(stepper):
    view, graph = stepper.views[0], stepper.state["graph"]
    assert reads(view, "value", "x1") == "value 1"
    assert view.values["z"].get_text() == ""
    assert all(view.grads[n].get_text() == "" for n in view.names)
    stepper.controls["step"].value = 3  # forward to z
    assert reads(view, "value", "z") == "value −0.9"
    assert view.boxes["z"].get_facecolor() != view.boxes["p"].get_facecolor()
    stepper.controls["step"].value = len(graph.steps()) - 1
    assert reads(view, "grad", "x1").startswith("dL/dx₁ −0.355")
    assert view.edge_texts[("w1", "m1", 0)].get_text() == "×1"  # dm₁/dw₁ = x₁


def test_back_and_reset_move_the_step(stepper):
    stepper.controls["step"].value = 5
    stepper.controls["back"].click()
    assert stepper.controls["step"].value == 4
    stepper.controls["reset"].click()
    assert stepper.controls["step"].value == 0
    stepper.controls["back"].click()  # no step before the first
    assert stepper.controls["step"].value == 0


def test_editing_an_input_recomputes_every_node(stepper):
    view = stepper.views[0]
    stepper.controls["step"].value = stepper.controls["step"].max
    before = texts(view)
    kept = artists(view)
    stepper.controls["x1"].value = 2.0
    graph = stepper.state["graph"]
    assert graph.values["m1"] == pytest.approx(1.0)  # w₁ x₁ = 0.5 · 2
    assert graph.grads == neuron_graph(x1=2.0).grads
    after = texts(view)
    assert after["value x1"] == "value 2" and after["grad w1"] != before["grad w1"]
    assert same_artists(kept, artists(view))


def test_the_loss_menu_changes_the_last_node_and_the_gradients(stepper):
    view = stepper.views[0]
    stepper.controls["step"].value = stepper.controls["step"].max
    stepper.controls["loss"].value = "squared"
    assert view.headers["L"].get_text() == "L = (p − y)²"
    assert stepper.state["graph"].grads == neuron_graph(loss="squared").grads
    assert reads(view, "grad", "z") != "dL/dz −0.711"


def test_the_readout_lists_the_nodes_reached_with_their_check(stepper):
    readout = stepper.widget.children[5].value
    assert ">x₁</td>" in readout and "m₁ = w₁ · x₁" not in readout
    stepper.controls["step"].value = stepper.controls["step"].max
    readout = stepper.widget.children[5].value
    assert ">m₁ = w₁ · x₁</td>" in readout
    assert readout.count("<tr>") == 1 + len(stepper.state["graph"].order)
    assert readout.count("✓") == len(stepper.state["graph"].grads)
    assert "✗" not in readout


def test_the_readout_flags_a_gradient_finite_differences_disagree_with(stepper):
    graph = stepper.state["graph"]
    graph.numerical["w1"] += 1.0  # as a wrong backward pass would look
    table = _stepper_table(graph, stepper.controls["step"].max)
    assert table.count("✗") == 1 and table.count("✓") == len(graph.grads) - 1


def test_gate_patterns_sliders_change_all_four_drawings_in_place():
    panel = gate_patterns_explorer(check_backend=False)
    view = panel.views[0]
    assert set(view.views) == set(GATE_PATTERNS)
    kept = {name: artists(v) for name, v in view.views.items()}
    before = {name: texts(v) for name, v in view.views.items()}
    panel.controls["a"].value = -1.0
    for name, v in view.views.items():
        assert texts(v) != before[name], name
        assert same_artists(kept[name], artists(v))
    assert reads(view.views["multiply"], "grad", "b") == "dL/db −1.5"  # g·a
    panel.controls["g"].value = 2.0
    assert reads(view.views["add"], "grad", "b") == "dL/db 2"  # copied
    assert not panel.output.outputs


def test_views_draw_on_given_axes():
    graphs = {name: pattern_graph(name) for name in GATE_PATTERNS}
    view = GatePatternsView(graphs, GATE_PATTERNS)
    assert len({v.ax for v in view.views.values()}) == 4
    single = GraphView(neuron_graph())
    single.update(neuron_graph(), 0)
    assert single.caption.get_text().startswith("step 0/15 · inputs: x₁ = 1")


@pytest.mark.parametrize("build", [backprop_stepper, gate_patterns_explorer])
def test_slider_values_sit_on_their_step(build):
    # The browser rounds a slider's value to its step and sends it back: a default
    # of 0.75 on a 0.1 step would quietly become 0.8 there (and not in the kernel).
    panel = build(check_backend=False)
    for name, control in panel.controls.items():
        if hasattr(control, "step") and hasattr(control, "min"):
            steps = (control.value - control.min) / control.step
            assert abs(steps - round(steps)) < 1e-9, (name, control.value)

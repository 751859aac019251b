"""Lesson 4's graph panels: backpropagation stepped node by node (Q31).

backprop_stepper        one sigmoid neuron and its loss as a graph: step it
                        forward then backward, edit its inputs and weights
gate_patterns_explorer  add, multiply, max and a node used twice, side by side
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from nnviz.lessons.backprop.circuits import (
    GATE_PATTERNS,
    LOSSES,
    neuron_graph,
    pattern_graph,
)
from nnviz.lessons.backprop.graph import format_number
from nnviz.lessons.backprop.graph_views import GatePatternsView, GraphView
from nnviz.plots.style import freeze_layout
from nnviz.widgets.controls import (
    figure_widget,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)

NEURON_LEAVES = ("x1", "x2", "w1", "w2", "b")
_CELL = 'style="padding: 1px 12px; text-align: left"'  # the readout's table cells


def backprop_stepper(x1=1.0, x2=-2.0, w1=0.5, w2=0.75, b=0.1, y=1.0, *, loss="bce",
                     step=0, check_backend=True):
    """Panel: z = w₁x₁ + w₂x₂ + b, p = σ(z), L = loss(p, y), stepped one node a time.

    controls: "back", "next", "reset" (buttons that move "step"), "step" (a
    slider over the steps), "x1", "x2", "w1", "w2", "b", "y" (sliders), "loss"
    ("bce" or "squared"). views: [GraphView]. state: "graph" (the
    ComputationGraph, recomputed on every edit), "step". The readout lists each
    node reached: its value, its gradient by backprop and by finite differences.
    """
    if check_backend:
        require_widget_backend()
    graph = neuron_graph(x1, x2, w1, w2, b, y, loss=loss)
    view = GraphView(graph)
    last = len(graph.steps()) - 1
    numbers = dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b)
    controls = {
        "back": widgets.Button(description="◀ back", layout={"width": "7em"}),
        "next": widgets.Button(description="step ▶", layout={"width": "7em"}),
        "reset": widgets.Button(description="reset", layout={"width": "6em"}),
        "step": slider("step", step, 0, last, 1, width="24em"),
        **{name: slider(name, value, -3.0, 3.0, 0.05, fmt=".2f", width="16em")
           for name, value in numbers.items()},
        "y": slider("target y", y, 0.0, 1.0, 0.05, fmt=".2f", width="16em"),
        "loss": widgets.ToggleButtons(
            options=[(LOSSES[key], key) for key in LOSSES], value=loss,
            description="loss",
            style={"button_width": "13em", "description_width": "initial"}),
    }
    readout = widgets.HTML()
    rows = [
        widgets.HBox([controls[k] for k in ("back", "next", "reset", "step")]),
        widgets.HBox([controls[k] for k in ("x1", "w1", "x2")]),
        widgets.HBox([controls[k] for k in ("w2", "b", "y")]),
        controls["loss"],
        figure_widget(view.fig),
        readout,
    ]

    def refresh(panel):
        values = {name: controls[name].value for name in (*NEURON_LEAVES, "y")}
        graph = panel.state.get("graph")
        if graph is None or graph.nodes["L"].op != controls["loss"].value:
            graph = neuron_graph(**values, loss=controls["loss"].value)
        graph.set(**values)
        k = controls["step"].value
        view.update(graph, k)
        readout.value = _stepper_table(graph, k)
        panel.state.update(graph=graph, step=k)

    watch = [c for c in controls.values() if not isinstance(c, widgets.Button)]
    panel = simple_panel(rows, controls, [view], refresh, watch=watch,
                         state={"graph": graph})
    moves = {"back": lambda k: max(k - 1, 0), "next": lambda k: min(k + 1, last),
             "reset": lambda k: 0}
    for name, move in moves.items():
        def click(_, move=move):
            controls["step"].value = move(controls["step"].value)
        controls[name].on_click(reports_errors(panel.output)(click))
    freeze_layout(view.fig)
    return panel


def _stepper_table(graph, step):
    """HTML: the step's arithmetic, then one row per node reached by `step`."""
    valued, graded = graph.shown_at(step)
    text = html.escape(graph.steps()[step].text)
    rows = []
    for name in graph.order:
        if name not in valued:
            continue
        grad = num = agree = ""
        if name in graded:
            g, n = graph.grads[name], graph.numerical[name]
            error = abs(g - n) / max(1e-8, abs(g) + abs(n))
            grad, num = format_number(g, 6), format_number(n, 6)
            agree = f"✓ ({error:.0e})" if error < 1e-5 else f"✗ ({error:.0e})"
        cells = [html.escape(graph.formula(name)), format_number(graph.values[name], 4),
                 grad, num, agree]
        rows.append("<tr>" + "".join(f"<td {_CELL}>{c}</td>" for c in cells) + "</tr>")
    titles = ("node", "value", "dL/d(node) by backprop", "by finite differences",
              "agree? (relative error)")
    header = "<tr>" + "".join(f"<th {_CELL}>{t}</th>" for t in titles) + "</tr>"
    return (f"<p><b>step {step}</b>: {text}</p><table>{header}{''.join(rows)}"
            "</table>")



def gate_patterns_explorer(a=2.0, b=-0.5, g=1.5, *, check_backend=True):
    """Panel: sliders a, b and g (the gradient arriving from above) -> the four
    gate patterns with every value and gradient.

    controls: "a", "b", "g". views: [GatePatternsView]. state: "graphs"
    {pattern: ComputationGraph}.
    """
    if check_backend:
        require_widget_backend()
    graphs = {name: pattern_graph(name, a, b, g) for name in GATE_PATTERNS}
    view = GatePatternsView(graphs, GATE_PATTERNS)
    controls = {
        "a": slider("a", a, -3.0, 3.0, 0.1, fmt=".1f", width="18em"),
        "b": slider("b", b, -3.0, 3.0, 0.1, fmt=".1f", width="18em"),
        "g": slider("g = dL/df, from above", g, -3.0, 3.0, 0.1, fmt=".1f",
                    width="24em"),
    }
    rows = [widgets.HBox(list(controls.values())), figure_widget(view.fig)]

    def refresh(panel):
        values = {name: control.value for name, control in controls.items()}
        for graph in graphs.values():
            graph.set(**values)
        view.update(graphs)
        panel.state["graphs"] = graphs

    return simple_panel(rows, controls, [view], refresh)

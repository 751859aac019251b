"""The graphs lesson 4 steps through: one sigmoid neuron with its loss, and the
four gate patterns (Q31). Built with the engine of graph.py.

    neuron_graph    x₁, w₁, x₂, w₂, b -> z = w₁x₁ + w₂x₂ + b -> p = σ(z) -> L(p, y)
    pattern_graph   a, b -> f (add, multiply, max, or a used twice) -> L = g · f
"""

from __future__ import annotations

from nnviz.lessons.backprop.graph import ComputationGraph, GraphNode

#: The losses the neuron graph can end with (op name: what it is called).
LOSSES = {"bce": "binary cross-entropy", "squared": "squared error"}


def neuron_graph(x1=1.0, x2=-2.0, w1=0.5, w2=0.75, b=0.1, y=1.0, *, loss="bce"):
    """One sigmoid neuron and its loss: z = w₁·x₁ + w₂·x₂ + b, p = σ(z), L = loss(p, y).

    loss: "bce" (binary cross-entropy, dL/dz = σ(z) − y) or "squared" ((p − y)²).
    """
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss {loss!r}: choose 'bce' ({LOSSES['bce']}) "
                         f"or 'squared' ({LOSSES['squared']}).")
    nodes = [
        GraphNode("x1", "input", label="x₁", at=(0, 4)),
        GraphNode("w1", "input", label="w₁", at=(0, 3)),
        GraphNode("x2", "input", label="x₂", at=(0, 2)),
        GraphNode("w2", "input", label="w₂", at=(0, 1)),
        GraphNode("b", "input", label="b", at=(1.25, 0.2)),
        GraphNode("m1", "multiply", ("w1", "x1"), "m₁", at=(1.25, 3.5)),
        GraphNode("m2", "multiply", ("w2", "x2"), "m₂", at=(1.25, 1.5)),
        GraphNode("z", "add", ("m1", "m2", "b"), "z", at=(2.5, 2)),
        GraphNode("p", "sigmoid", ("z",), "p", at=(3.75, 2)),
        GraphNode("y", "constant", label="y", at=(3.75, 0.5)),
        GraphNode("L", loss, ("p", "y"), "L", at=(5, 2)),
    ]
    return ComputationGraph(nodes, dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, y=y))


#: The four gate patterns: f(a, b) and what it does to the gradient from above.
GATE_PATTERNS = {
    "add": "f = a + b: the gradient is copied to both inputs",
    "multiply": "f = a · b: each input gets the gradient times the other input",
    "max": "f = max(a, b): the larger input gets all of the gradient, the other none",
    "reuse": "f = a · b + a: a is used twice, and its two gradients add up",
}


def pattern_graph(pattern, a=2.0, b=-0.5, g=1.5):
    """A gate pattern: f from a and b, then L = g · f, so dL/df = g ("from above").

    pattern: "add", "multiply", "max" or "reuse" (f = a · b + a).
    """
    if pattern not in GATE_PATTERNS:
        raise ValueError(f"Unknown pattern {pattern!r}: choose one of "
                         f"{', '.join(GATE_PATTERNS)}.")
    nodes = [GraphNode("a", "input", label="a", at=(0, 2)),
             GraphNode("b", "input", label="b", at=(0, 0))]
    if pattern == "reuse":
        nodes += [GraphNode("q", "multiply", ("a", "b"), "q", at=(1.3, 0.5)),
                  GraphNode("f", "add", ("q", "a"), "f", at=(2.6, 1.2))]
    else:
        nodes.append(GraphNode("f", pattern, ("a", "b"), "f", at=(1.95, 1.2)))
    nodes += [GraphNode("g", "constant", label="g", at=(2.6, 2.8)),
              GraphNode("L", "multiply", ("g", "f"), "L", at=(3.9, 1.2))]
    return ComputationGraph(nodes, dict(a=a, b=b, g=g))

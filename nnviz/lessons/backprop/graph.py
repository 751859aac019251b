"""A tiny computational graph of numbers, stepped forward then backward (Q31).

Backpropagation is the chain rule, applied one node at a time:

    dL/d(node) = sum, over every node c that uses it, of  dL/dc · dc/d(node)

Each node knows its *local* derivative dc/d(input): how its own output moves
when one input moves. The forward pass computes values (and the local
derivatives, which need only those values). The backward pass visits the
nodes in reverse order, starting from dL/dL = 1. When it reaches a node, every
node that uses it has already been visited (they came later going forward),
so the sum above is complete.

The operations, each with its value and its local derivative per input:

    add        a + b + ...   1 for every input           the gradient is copied
    multiply   a · b         b for a, a for b             the inputs are swapped
    max        max(a, b)     1 for the larger, 0 other    the gradient is routed
    sigmoid    σ(a)          σ(a) (1 − σ(a))
    bce        −(y log p + (1 − y) log(1 − p))        (p − y) / (p (1 − p))  for p
    squared    (p − y)²      2 (p − y)  for p

Leaves are inputs (x, a weight, a bias), which get a gradient, and constants
(a target y, or a fixed "gradient from above"), which do not: nothing learns
them. Values are plain Python floats: the point is the bookkeeping, not speed.
The graphs the lesson steps through are built in circuits.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LEAVES = ("input", "constant")
EPS = 1e-12  # p is kept in [EPS, 1 - EPS] inside log, as nnviz.nn.losses does


def _sigmoid(a):
    return 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))


def _clip(p):
    return min(max(p, EPS), 1.0 - EPS)


@dataclass(frozen=True)
class Op:
    """One kind of node: its value, its local derivatives, and how it is written.

    value(*inputs) -> float; local(*inputs) -> one derivative per input;
    formula(labels) -> text such as "w₁ · x₁"; local_text(labels, i) -> the
    derivative with respect to input i as text, such as "x₁"; short: how a
    drawn node names the op, when the formula is too long for its box.
    """

    value: object
    local: object
    formula: object
    local_text: object
    short: str = ""


OPS = {
    "add": Op(
        lambda *a: sum(a),
        lambda *a: tuple(1.0 for _ in a),
        lambda s: " + ".join(s),
        lambda s, i: "1",
    ),
    "multiply": Op(
        lambda a, b: a * b,
        lambda a, b: (b, a),  # d(ab)/da = b and d(ab)/db = a: the inputs swap
        lambda s: f"{s[0]} · {s[1]}",
        lambda s, i: s[1 - i],
    ),
    "max": Op(
        lambda a, b: max(a, b),
        lambda a, b: (1.0, 0.0) if a >= b else (0.0, 1.0),  # a tie goes to a
        lambda s: f"max({s[0]}, {s[1]})",
        lambda s, i: f"1 if {s[i]} is the larger, else 0",
    ),
    "sigmoid": Op(
        _sigmoid,
        lambda a: (_sigmoid(a) * (1.0 - _sigmoid(a)),),
        lambda s: f"σ({s[0]})",
        lambda s, i: f"σ({s[0]}) (1 − σ({s[0]}))",
    ),
    "bce": Op(
        lambda p, y: -(y * math.log(_clip(p)) + (1 - y) * math.log(1 - _clip(p))),
        lambda p, y: (
            (_clip(p) - y) / (_clip(p) * (1 - _clip(p))),
            math.log(1 - _clip(p)) - math.log(_clip(p)),
        ),
        lambda s: f"−({s[1]} log {s[0]} + (1 − {s[1]}) log(1 − {s[0]}))",
        lambda s, i: f"({s[0]} − {s[1]}) / ({s[0]} (1 − {s[0]}))",
        "bce",
    ),
    "squared": Op(
        lambda p, y: (p - y) ** 2,
        lambda p, y: (2 * (p - y), -2 * (p - y)),
        lambda s: f"({s[0]} − {s[1]})²",
        lambda s, i: f"2 ({s[0]} − {s[1]})",
    ),
}


@dataclass(frozen=True)
class GraphNode:
    """One node: `name` (a key such as "w1"), `op` ("input", "constant" or a key
    of OPS), the names of its `inputs`, its `label` as written ("w₁"), and `at`,
    the (x, y) place where a view draws it."""

    name: str
    op: str
    inputs: tuple = ()
    label: str = ""
    at: tuple = (0.0, 0.0)


@dataclass(frozen=True)
class GraphStep:
    """One step of the stepper: "start", "forward" or "backward", at one node."""

    phase: str
    node: str
    text: str


class ComputationGraph:
    """Nodes in forward order (each uses only nodes before it); the last is L.

    After `set(...)` (and at creation) every result is ready:
        values[name]     the node's value (forward pass)
        local[name]      d(node)/d(input), one per input, in input order
        grads[name]      dL/d(node) by backpropagation (not for constants)
        numerical[name]  dL/d(node) by central differences: nudge the node's
                         value by ±h, run the rest of the forward pass again
    """

    def __init__(self, nodes, values, *, h=1e-6):
        self.nodes = {}
        for node in nodes:
            self._check(node)
            self.nodes[node.name] = node
        self.order = list(self.nodes)
        self.output = self.order[-1]
        self.h = h
        self.leaf_values = {n: 0.0 for n in self.order if self.nodes[n].op in LEAVES}
        self.set(**values)

    def _check(self, node):
        if node.op not in (*LEAVES, *OPS):
            raise ValueError(f"Node {node.name!r}: unknown op {node.op!r}; choose one "
                             f"of {', '.join((*LEAVES, *OPS))}.")
        missing = [name for name in node.inputs if name not in self.nodes]
        if missing:
            raise ValueError(
                f"Node {node.name!r} uses {missing}, which come later or not at "
                "all: list every node after the nodes it uses (forward order).")

    def set(self, **values):
        """Give leaves new values (x1=0.5, ...), then redo forward, backward, checks."""
        unknown = sorted(set(values) - set(self.leaf_values))
        if unknown:
            raise ValueError(f"{unknown} are not leaves of this graph; its leaves "
                             f"are {', '.join(self.leaf_values)}.")
        self.leaf_values.update({k: float(v) for k, v in values.items()})
        self.values, self.local = self.forward()
        self.grads = self.backward()
        self.numerical = self.numerical_gradients()
        return self

    def forward(self, nudge=None):
        """(values, local derivatives); nudge=(name, dv) adds dv to one node's value."""
        values, local = {}, {}
        for name in self.order:
            node = self.nodes[name]
            if node.op in LEAVES:
                value = self.leaf_values[name]
            else:
                inputs = [values[i] for i in node.inputs]
                value = OPS[node.op].value(*inputs)
                local[name] = OPS[node.op].local(*inputs)
            if nudge and nudge[0] == name:
                value += nudge[1]
            values[name] = value
        return values, local

    def uses(self, name):
        """Every (node, input position) using `name`: where its gradient comes from."""
        return [(c, i) for c in self.order for i, n in enumerate(self.nodes[c].inputs)
                if n == name]

    def backward(self):
        """dL/d(node) for every node but the constants, visited in reverse order."""
        grads = {self.output: 1.0}  # dL/dL
        for name in self.backward_order()[1:]:
            grads[name] = sum(grads[c] * self.local[c][i] for c, i in self.uses(name))
        return grads

    def backward_order(self):
        return [n for n in reversed(self.order) if self.nodes[n].op != "constant"]

    def numerical_gradients(self):
        """dL/d(node) ≈ (L(v + h) − L(v − h)) / 2h, for every node but the constants."""
        numerical = {}
        for name in self.backward_order():
            plus = self.forward((name, self.h))[0][self.output]
            minus = self.forward((name, -self.h))[0][self.output]
            numerical[name] = (plus - minus) / (2 * self.h)
        return numerical

    def max_error(self):
        """Largest relative error between backprop's and the numerical gradients."""
        return max(abs(self.grads[n] - self.numerical[n])
                   / max(1e-8, abs(self.grads[n]) + abs(self.numerical[n]))
                   for n in self.grads)

    # ---- what a stepper shows -------------------------------------------------------

    def shown_at(self, step):
        """(nodes whose value is known, nodes whose gradient is known) after `step`
        of `steps()` (None: the last). Leaves are known from step 0 on."""
        steps = self.steps()
        done = steps[: len(steps) if step is None else step + 1]
        valued = {n for n in self.order if self.nodes[n].op in LEAVES}
        valued |= {s.node for s in done if s.phase == "forward"}
        return valued, {s.node for s in done if s.phase == "backward"}

    def label(self, name):
        return self.nodes[name].label or name

    def steps(self):
        """Step 0 sets the leaves; one forward step per operation; one backward
        step per node that gets a gradient, starting at the loss."""
        leaves = ", ".join(f"{self.label(n)} = {format_number(self.values[n])}"
                           for n in self.leaf_values)
        steps = [GraphStep("start", self.order[0], f"inputs: {leaves}")]
        steps += [GraphStep("forward", n, self.forward_text(n)) for n in self.order
                  if self.nodes[n].op not in LEAVES]
        steps += [GraphStep("backward", n, self.backward_text(n))
                  for n in self.backward_order()]
        return steps

    def forward_text(self, name):
        node, op = self.nodes[name], OPS[self.nodes[name].op]
        labels = [self.label(i) for i in node.inputs]
        infix = node.op not in ("sigmoid", "max")  # "0.5 · (−2)", not "σ((−2))"
        numbers = [format_number(self.values[i], brackets=infix) for i in node.inputs]
        return (f"{self.label(name)} = {op.formula(labels)} = {op.formula(numbers)} "
                f"= {format_number(self.values[name], 4)}")

    def backward_text(self, name):
        if name == self.output:
            return f"dL/d{self.label(name)} = 1: the start of the backward pass"
        terms, numbers = [], []
        for c, i in self.uses(name):
            op, labels = OPS[self.nodes[c].op], [self.label(n) for n in
                                                  self.nodes[c].inputs]
            local = op.local_text(labels, i)
            terms.append(f"dL/d{self.label(c)} · ({local})")
            numbers.append(f"{format_number(self.grads[c], brackets=True)} × "
                           f"{format_number(self.local[c][i], brackets=True)}")
        return (f"dL/d{self.label(name)} = {' + '.join(terms)} = {' + '.join(numbers)}"
                f" = {format_number(self.grads[name], 4)}")

    def formula(self, name):
        """How node `name` is computed, in symbols: "m₁ = w₁ · x₁", "L = bce(p, y)"."""
        node = self.nodes[name]
        if node.op in LEAVES:  # an input is its own name; a constant says so
            return self.label(name) + (" (constant)" if node.op == "constant" else "")
        labels = [self.label(i) for i in node.inputs]
        op = OPS[node.op]
        text = f"{op.short}({', '.join(labels)})" if op.short else op.formula(labels)
        return f"{self.label(name)} = {text}"


def format_number(value, digits=3, *, brackets=False):
    """A value in `digits` significant digits, with a real minus sign; negative
    numbers in brackets when they stand inside a formula: "0.5 · (−2)"."""
    text = f"{value:.{digits}g}".replace("-", "−")
    return f"({text})" if brackets and value < 0 else text

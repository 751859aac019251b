"""One training step taken apart: what a framework's "bookkeeping" does (lesson Q17).

    forward    h_1 = layer_1(x), h_2 = layer_2(h_1), ...   (each layer caches its input)
    loss       L = loss(h_k, y)  and  dL/dh_k = loss.backward()
    backward   dL/dh_{i-1} = layer_i.backward(dL/dh_i), last layer first (chain rule);
               a Dense layer also sets grads["W"] = h_{i-1}.T @ dy, grads["b"] = sum(dy)
    update     params[key] -= lr * grads[key], in place, for every layer

`training_cycle` runs exactly the calls `train_steps` makes, one layer at a
time, and records every array on the way in a list of `Stage`s, so a lesson
can step through them. Afterwards the model has taken one plain SGD step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nnviz.nn import losses


@dataclass(frozen=True)
class Stage:
    """One call of the cycle: phase, layer, formula and the arrays it made."""

    phase: str  # "forward", "loss", "backward" or "update"
    layer: str
    formula: str
    arrays: dict = field(default_factory=dict)


_FORWARD = {"Dense": "h = x @ W + b", "Softmax": "p = exp(z) / sum(exp(z))"}
_BACKWARD = {"Dense": "dx = dy @ W.T,  dW = x.T @ dy,  db = sum(dy)"}


def training_cycle(model, loss, x, y, *, lr=0.1) -> list[Stage]:
    """Forward, loss, backward and an SGD update on (x, y); return the stages.

    Shapes: x (N, n_in), y as the loss expects. The model is updated in place.
    """
    loss = losses.get(loss)
    stages, h = [], np.asarray(x, dtype=float)
    stages.append(Stage("forward", "input", "x", {"x": h.copy()}))
    for layer in model.layers:
        h = layer.forward(h, training=True)
        kind = type(layer).__name__
        formula = _FORWARD.get(kind, f"h = {kind.lower()}(previous h)")
        stages.append(Stage("forward", layer.name, formula, {"output": h.copy()}))
    value = loss.forward(h, y)
    dy = loss.backward()
    stages.append(
        Stage(
            "loss",
            type(loss).__name__,
            "L = loss(output, y);  dy = dL/doutput",
            {"loss": np.array(value), "dy": dy.copy()},
        )
    )
    for layer in reversed(model.layers):
        dy = layer.backward(dy)
        kind = type(layer).__name__
        formula = _BACKWARD.get(kind, f"dx = dy * {kind.lower()}'(x)")
        arrays = {"dx": dy.copy()}
        arrays.update({f"d{key}": g.copy() for key, g in layer.grads.items()})
        stages.append(Stage("backward", layer.name, formula, arrays))
    for layer in model.layers:
        if not layer.params:
            continue
        arrays = {}
        for key, p in layer.params.items():
            arrays[f"{key} before"] = p.copy()
            p -= lr * layer.grads[key]  # in place: views holding p see the new value
            arrays[f"{key} after"] = p.copy()
        stages.append(Stage("update", layer.name, f"param -= {lr:g} * grad", arrays))
    return stages


def stage_text(stage: Stage, precision=3) -> str:
    """A few lines of text for one stage: header, formula, each array with its shape."""
    lines = [f"[{stage.phase}] {stage.layer}:  {stage.formula}"]
    with np.printoptions(precision=precision, suppress=True, linewidth=78):
        for name, a in stage.arrays.items():
            shape = "scalar" if a.ndim == 0 else "×".join(map(str, a.shape))
            lines.append(f"  {name} ({shape}) =\n{_indent(np.array2string(a))}")
    return "\n".join(lines)


def _indent(text, pad="    "):
    return "\n".join(pad + line for line in text.splitlines())

"""A network's shape table: one row per layer, read off the layers themselves.

    rows = layer_rows(model)    # a Sequential, or a list of layers and an input shape
    row.name            "conv2d_1"
    row.what            "conv5×5 1→3"                  the layer in a few words
    row.input_shape     ("N", 1, 28, 28)               "N": any batch size,
    row.output_shape    ("N", 3, 24, 24)               "T": any number of time steps
    row.param_shapes    {"W": (3, 1, 5, 5), "b": (3,)}
    row.n_params        78
    row.formula         "3·1·5·5 + 3"                  one product per parameter array

Nothing here knows a formula for a layer type. Each shape comes from the layer's
own `output_shape` (fed the shape before it), each count from the arrays in its
`params`, so a table made of these rows shows what the network really holds, for
any layer. `Sequential.summary()` prints the rows as text; nnviz.widgets.tables
turns them into the HTML tables of the lessons (Q15, Q21, Q28, Q29, Q30).
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.lstm import LSTM
from nnviz.nn.pooling import AvgPool2D, MaxPool2D

#: Words for the layers that have no sizes worth naming (the rest: their class name).
WORDS = {"GlobalAvgPool2D": "global average pool", "Flatten": "flatten",
         "Dropout": "dropout"}


@dataclass(frozen=True)
class LayerRow:
    """One layer of a shape table (see the module docstring for an example)."""

    name: str
    what: str
    input_shape: tuple
    output_shape: tuple
    param_shapes: dict
    n_params: int
    formula: str


def output_shapes(layers, input_shape) -> list:
    """[(layer, output shape), ...]: each layer's output_shape() fed the one before.

    input_shape includes the batch axis, e.g. (None, 1, 28, 28) (None: any size).
    Raises ShapeError at the first layer that cannot take what it is given.
    """
    shape, pairs = tuple(input_shape), []
    for layer in layers:
        shape = tuple(layer.output_shape(shape))
        pairs.append((layer, shape))
    return pairs


def layer_rows(model, input_shape=None) -> list[LayerRow]:
    """One LayerRow per layer of `model` (a Sequential, or a list of layers).

    input_shape includes the batch axis: (None, 784), or (32, 784) for a batch
    of 32. None takes the Sequential's own input shape; a model that has none
    makes its first layer raise a ShapeError saying what it needs.
    """
    layers = getattr(model, "layers", model)
    if input_shape is None:
        input_shape = getattr(model, "input_shape", None)
    shape, rows = tuple(input_shape or ()), []
    for layer, out in output_shapes(layers, shape):
        rows.append(LayerRow(
            name=layer.name,
            what=what_it_does(layer),
            input_shape=_free_sizes(shape),
            output_shape=_free_sizes(out),
            param_shapes={key: p.shape for key, p in layer.params.items()},
            n_params=layer.n_params,
            formula=_formula(layer.params),
        ))
        shape = out
    return rows


def what_it_does(layer) -> str:
    """'dense 64→10', 'conv3×3 3→16 /2', 'max pool 2×2', 'ReLU': a layer in words."""
    if hasattr(layer, "describe_parts"):  # a layer made of layers (a ResidualBlock)
        return layer.describe_parts()
    if isinstance(layer, Conv2D):
        (kh, kw), stride = layer.kernel, layer.stride[0]
        step = f" /{stride}" if stride > 1 else ""
        return f"conv{kh}×{kw} {layer.C_in}→{layer.C_out}{step}"
    if isinstance(layer, Dense):
        return f"dense {layer.n_in}→{layer.n_out}"
    if isinstance(layer, LSTM):
        return f"LSTM {layer.n_in}→{layer.units}"
    if isinstance(layer, (MaxPool2D, AvgPool2D)):
        kind = "max" if isinstance(layer, MaxPool2D) else "average"
        return f"{kind} pool {layer.size[0]}×{layer.size[1]}"
    name = type(layer).__name__
    return WORDS.get(name, name)


def _formula(params) -> str:
    """'3·1·5·5 + 3': the size of every parameter array, as a product of its shape."""
    if not params:
        return "0 (no parameters)"
    return " + ".join("·".join(map(str, p.shape)) or "1" for p in params.values())


def _free_sizes(shape) -> tuple:
    """(None, None, 8) -> ('N', 'T', 8): a free batch size, then a free time axis."""
    letters = ("N", "T")
    return tuple(letters[i] if size is None and i < 2 else size
                 for i, size in enumerate(shape))

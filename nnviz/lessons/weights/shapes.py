"""Shapes and parameter counts of a stack of Dense layers (lesson Q21).

A Dense layer from n_in to n_out features holds

    W (n_in, n_out)    n_in * n_out weights: one per (input, unit) pair
    b (n_out,)         n_out biases: one per unit
    params = n_in * n_out + n_out

and turns a batch (N, n_in) into (N, n_out). A 1000-unit layer followed by a
10-class softmax is Dense(1000, 10): W is 1000 x 10, it outputs 10 logits per
example, softmax turns them into 10 probabilities (no parameters), and the
layer holds 1000 * 10 + 10 = 10,010 parameters.

`dense_shapes` builds that very network (nv.mlp, weights all zero) and reads its
rows with nnviz.nn.summary.layer_rows: the table is the network's own bookkeeping,
not a second copy of the formula. Only a network too big to build is refused,
and then the formula alone gives the count in the message.
"""

from __future__ import annotations

from nnviz.nn.model import mlp
from nnviz.nn.summary import LayerRow, layer_rows

#: Larger networks are not built here: 20 million float64 numbers are 160 MB.
MAX_PARAMS = 20_000_000


def dense_shapes(
    sizes, *, batch_size=None, activation="tanh", output="softmax"
) -> list[LayerRow]:
    """Rows of mlp(sizes, activation, output=output): Dense layers and activations.

    sizes [n_in, h1, ..., n_out]; batch_size None writes the batch as "N".
    Each row has name, input_shape, output_shape, param_shapes {"W", "b"},
    n_params and formula ("1000·10 + 10").
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(
            f"Sizes must be at least two positive numbers (inputs, "
            f"outputs), e.g. [1000, 10]; got {sizes}."
        )
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    count = sum(n_in * n_out + n_out for n_in, n_out in pairs)
    if count > MAX_PARAMS:
        raise ValueError(
            f"The network {sizes} holds {count:,} parameters "
            f"({8 * count / 1e9:.1f} GB as float64), too many to build here "
            f"(at most {MAX_PARAMS:,}). Try smaller sizes."
        )
    model = mlp(sizes, activation, output=output, init="zeros")
    return layer_rows(model, (batch_size, sizes[0]))


def total_params(rows) -> int:
    """Sum of the parameter counts of the rows."""
    return sum(row.n_params for row in rows)

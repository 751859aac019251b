"""Shapes and parameter counts of a stack of Dense layers (lesson Q21).

A Dense layer from n_in to n_out features holds

    W (n_in, n_out)    n_in * n_out weights: one per (input, unit) pair
    b (n_out,)         n_out biases: one per unit
    params = n_in * n_out + n_out

and turns a batch (N, n_in) into (N, n_out). A 1000-unit layer followed by a
10-class softmax is Dense(1000, 10): W is 1000 x 10, it outputs 10 logits per
example, softmax turns them into 10 probabilities (no parameters), and the
layer holds 1000 * 10 + 10 = 10,010 parameters.

The numbers are computed from the sizes alone (no arrays are made), so the
calculator works for sizes far too big to build; `tests/test_lesson_numbers.py`
checks them against real `nv.mlp` models.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShapeRow:
    """One line of the table: a layer, what goes in and out, what it stores."""

    layer: str
    input_shape: tuple
    output_shape: tuple
    W_shape: tuple | None
    b_shape: tuple | None
    n_params: int

    @property
    def formula(self) -> str:
        if self.W_shape is None:
            return "0 (no parameters)"
        n_in, n_out = self.W_shape
        return f"{n_in} × {n_out} + {n_out}"


def dense_shapes(
    sizes, *, batch_size=None, activation="tanh", output="softmax"
) -> list[ShapeRow]:
    """Rows for mlp(sizes, activation, output=output): Dense layers and activations.

    sizes [n_in, h1, ..., n_out]; batch_size None writes the batch as "N".
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(
            f"Sizes must be at least two positive numbers (inputs, "
            f"outputs), e.g. [1000, 10]; got {sizes}."
        )
    batch = "N" if batch_size is None else int(batch_size)
    rows, counts = [], {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        rows.append(
            ShapeRow(
                f"dense_{i}",
                (batch, n_in),
                (batch, n_out),
                (n_in, n_out),
                (n_out,),
                n_in * n_out + n_out,
            )
        )
        last = i == len(sizes) - 1
        name = output if last else activation
        if name is not None:
            counts[name] = counts.get(name, 0) + 1
            rows.append(
                ShapeRow(
                    f"{name}_{counts[name]}",
                    (batch, n_out),
                    (batch, n_out),
                    None,
                    None,
                    0,
                )
            )
    return rows


def total_params(rows) -> int:
    """Sum of the parameter counts of the rows."""
    return sum(row.n_params for row in rows)

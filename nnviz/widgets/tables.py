"""HTML tables for the lessons' shape calculators (Q15, Q21, Q28, Q29, Q30).

    html_table(head, body, foot)   any table: titles, rows of cells, a bold last row
    layer_table(rows, columns)     rows of nnviz.nn.summary.layer_rows: one layer a
                                   line, the chosen columns, and the total count
    shape_text(shape)              ("N", 3, 12, 12) -> "N × 3 × 12 × 12"

Formatting only: every number comes from the rows. Shapes are written with ×
(N × 3 × 12 × 12), parameter counts with · (3·1·5·5 + 3 = 78).
An ipywidgets.HTML shows the string: `widgets.HTML(layer_table(rows))`.
"""

from __future__ import annotations

import html

#: Every cell is padded: the columns stay apart in JupyterLab's table style.
CELL = "padding: 2px 14px 2px 0; text-align: {align}"


def shape_text(shape) -> str:
    """("N", 3, 12, 12) -> "N × 3 × 12 × 12"; None (no such array) -> "—"."""
    if shape is None:
        return "—"
    return " × ".join(map(str, shape))


def parameters_text(row) -> str:
    """"3·1·5·5 + 3 = 78"; a layer without parameters just says so."""
    if row.n_params == 0 or row.formula == str(row.n_params):
        return row.formula
    return f"{row.formula} = {row.n_params:,}"


#: The columns layer_table knows: key -> (title, row -> cell text).
COLUMNS = {
    "layer": ("layer", lambda row: row.name),
    "what": ("what it does", lambda row: row.what),
    "input": ("input", lambda row: shape_text(row.input_shape)),
    "output": ("output shape", lambda row: shape_text(row.output_shape)),
    "W": ("W", lambda row: shape_text(row.param_shapes.get("W"))),
    "b": ("b", lambda row: shape_text(row.param_shapes.get("b"))),
    "parameters": ("parameters", parameters_text),
    "count": ("parameters", lambda row: f"{row.n_params:,}"),
}


def html_table(head, body, foot=None, *, right=()) -> str:
    """An HTML table: `head` the column titles, `body` rows of cells, `foot` a last
    row in bold (e.g. the total). Cells are escaped; columns whose index is in
    `right` are right-aligned (numbers)."""

    def cells(values, tag="td", bold=False):
        out = []
        for i, value in enumerate(values):
            text = html.escape(str(value))
            text = f"<b>{text}</b>" if bold and text else text
            style = CELL.format(align="right" if i in right else "left")
            out.append(f"<{tag} style='{style}'>{text}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>"

    rows = [cells(head, "th")] + [cells(row) for row in body]
    if foot is not None:
        rows.append(cells(foot, bold=True))
    return "<table>" + "".join(rows) + "</table>"


def layer_table(rows, columns=("layer", "output", "W", "parameters")) -> str:
    """HTML: one line per LayerRow, the `columns` asked for, and the total.

    columns: keys of COLUMNS ("layer", "what", "input", "output", "W", "b",
    "parameters", "count"). The total parameter count goes in the last column.
    """
    unknown = [key for key in columns if key not in COLUMNS]
    if unknown:
        raise ValueError(
            f"layer_table: unknown column(s) {unknown}. Choose from: "
            f"{', '.join(COLUMNS)}."
        )
    head = [COLUMNS[key][0] for key in columns]
    body = [[COLUMNS[key][1](row) for key in columns] for row in rows]
    total = f"{sum(row.n_params for row in rows):,}"
    foot = ["total", *[""] * (len(columns) - 2), total]
    right = {len(columns) - 1} if columns[-1] == "count" else ()
    return html_table(head, body, foot, right=right)

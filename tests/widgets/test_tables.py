"""The one HTML formatter of the lessons' shape tables."""

import re

import pytest

import nnviz as nv
from nnviz.nn.summary import layer_rows
from nnviz.widgets.tables import html_table, layer_table, shape_text


@pytest.fixture
def rows(rng):
    model = nv.Sequential([nv.Conv2D(1, 3, 5, rng=rng), nv.ReLU(), nv.MaxPool2D(2),
                           nv.Flatten(), nv.Dense(432, 10, rng=rng)],
                          input_shape=(1, 28, 28))
    return layer_rows(model)


def cells(table):
    """[[cell text, ...] per table row], tags removed."""
    return [[re.sub("<[^>]+>", "", cell) for cell in re.findall(
        r"<t[hd][^>]*>(.*?)</t[hd]>", row)] for row in re.findall(
        r"<tr>(.*?)</tr>", table)]


def test_layer_table_has_a_line_per_layer_and_the_total(rows):
    table = cells(layer_table(rows))
    assert table[0] == ["layer", "output shape", "W", "parameters"]
    assert table[3] == ["maxpool2d_1", "N × 3 × 12 × 12", "—", "0 (no parameters)"]
    assert table[5] == ["dense_1", "N × 10", "432 × 10", "432·10 + 10 = 4,330"]
    assert table[-1] == ["total", "", "", "4,408"] and len(table) == 1 + 5 + 1


def test_columns_are_chosen_by_name(rows):
    table = cells(layer_table(rows, ("layer", "what", "input", "b", "count")))
    assert table[0] == ["layer", "what it does", "input", "b", "parameters"]
    assert table[1] == ["conv2d_1", "conv5×5 1→3", "N × 1 × 28 × 28", "3", "78"]
    with pytest.raises(ValueError, match="Choose from: layer, what"):
        layer_table(rows, ("layer", "weights"))


def test_every_cell_is_padded_and_escaped():
    table = html_table(["a", "b"], [["<x>", 1]], ["total", 1], right={1})
    assert table.count("padding") == 6 and "&lt;x&gt;" in table
    assert "text-align: right'>1<" in table and "<b>total</b>" in table


def test_shape_text():
    assert shape_text(("N", 3, 12, 12)) == "N × 3 × 12 × 12"
    assert shape_text((10,)) == "10" and shape_text(None) == "—"

"""layer_rows: every shape and count is read off the layers themselves."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.nn.summary import layer_rows, output_shapes, what_it_does


@pytest.fixture
def q15(rng):
    """Q15's net: conv 3 filters 5x5, pool 2: 3 x 12 x 12 = 432 numbers -> 10."""
    return nv.Sequential([nv.Conv2D(1, 3, 5, rng=rng), nv.ReLU(), nv.MaxPool2D(2),
                          nv.Flatten(), nv.Dense(432, 10, rng=rng)],
                         input_shape=(1, 28, 28))


def test_rows_of_q15(q15):
    rows = layer_rows(q15)
    assert [row.name for row in rows] == [layer.name for layer in q15.layers]
    assert rows[3].output_shape == ("N", 432) and rows[4].input_shape == ("N", 432)
    assert rows[4].param_shapes == {"W": (432, 10), "b": (10,)}
    assert (rows[4].n_params, rows[4].formula) == (4330, "432·10 + 10")
    assert (rows[0].n_params, rows[0].formula) == (78, "3·1·5·5 + 3")
    assert (rows[1].n_params, rows[1].formula) == (0, "0 (no parameters)")


def test_rows_agree_with_a_forward_pass(q15, rng):
    x = rng.random((2, 1, 28, 28))
    outputs = q15.trace(x)[1:]
    rows = layer_rows(q15, (2, 1, 28, 28))  # a real batch size instead of N
    assert [row.output_shape for row in rows] == [y.shape for y in outputs]
    assert sum(row.n_params for row in rows) == q15.n_params


@pytest.mark.parametrize("make", [
    lambda rng: nv.Sequential([nv.LSTM(3, 5, rng=rng)]),
    lambda rng: nv.Sequential([nv.ResidualBlock(2, 4, stride=2, shortcut="projection",
                                                rng=rng)], input_shape=(2, 8, 8)),
])
def test_each_term_of_the_formula_is_one_parameter_array(make, rng):
    model = make(rng)
    (row,) = layer_rows(model)
    layer = model.layers[0]
    terms = row.formula.split(" + ")
    assert len(terms) == len(layer.params)
    sizes = [int(np.prod([int(d) for d in term.split("·")])) for term in terms]
    assert sizes == [p.size for p in layer.params.values()]
    assert sum(sizes) == row.n_params == layer.n_params > 0


def test_free_batch_and_time_axes_are_written_n_and_t():
    (row,) = layer_rows(nv.Sequential([nv.LSTM(1, 8, return_sequences=True)]))
    assert row.input_shape == ("N", "T", 1) and row.output_shape == ("N", "T", 8)
    assert row.param_shapes == {"Wx": (1, 32), "Wh": (8, 32), "b": (32,)}


def test_a_list_of_layers_needs_its_input_shape(rng):
    layers = [nv.Conv2D(1, 3, 5, rng=rng), nv.MaxPool2D(2), nv.Flatten(),
              nv.Dense(400, 10, rng=rng)]
    with pytest.raises(nv.ShapeError, match=r"Dense\(432, 10\)"):
        layer_rows(layers, (None, 1, 28, 28))  # the Dense head is the wrong size
    with pytest.raises(nv.ShapeError, match=r"input_shape=\(1, 28, 28\)"):
        layer_rows(layers)                     # no shape at all: the conv says why
    assert len(output_shapes(layers[:3], (None, 1, 28, 28))) == 3


@pytest.mark.parametrize("layer, words", [
    (nv.Dense(64, 10), "dense 64→10"),
    (nv.Conv2D(16, 32, 3, stride=2, padding=1), "conv3×3 16→32 /2"),
    (nv.MaxPool2D(2), "max pool 2×2"),
    (nv.GlobalAvgPool2D(), "global average pool"),
    (nv.LSTM(3, 5), "LSTM 3→5"),
    (nv.ReLU(), "ReLU"),
    (nv.ResidualBlock(16, 32, 2, shortcut="projection"),
     "conv3×3 16→32 /2, conv3×3 32→32, projection shortcut"),
])
def test_what_it_does_names_the_layer_and_its_sizes(layer, words):
    assert what_it_does(layer) == words

"""mlp, the one builder of Dense stacks, and Sequential's shapes and summary."""

import numpy as np
import pytest

import nnviz as nv


def kinds(model):
    return [type(layer).__name__ for layer in model.layers]


def test_mlp_puts_activations_between_dense_layers():
    model = nv.mlp([2, 8, 8, 1], "tanh")
    assert kinds(model) == ["Dense", "Tanh", "Dense", "Tanh", "Dense"]
    names = [layer.name for layer in model.layers[:3]]
    assert names == ["dense_1", "tanh_1", "dense_2"]


def test_mlp_takes_one_activation_per_hidden_layer_and_an_output():
    model = nv.mlp([2, 4, 4, 3], ["relu", "tanh"], output="softmax")
    assert kinds(model) == ["Dense", "ReLU", "Dense", "Tanh", "Dense", "Softmax"]
    with pytest.raises(ValueError, match="2 hidden layer\\(s\\) need 2 activation"):
        nv.mlp([2, 4, 4, 3], ["relu"])
    with pytest.raises(ValueError, match="at least an input and an output"):
        nv.mlp([2])


def test_init_scale_multiplies_the_drawn_weights_and_not_the_biases():
    plain = nv.mlp([3, 5, 2], init="he_normal", rng=np.random.default_rng(4))
    scaled = nv.mlp([3, 5, 2], init="he_normal", init_scale=0.1,
                    rng=np.random.default_rng(4))
    for a, b in zip(plain.layers[::2], scaled.layers[::2], strict=True):
        np.testing.assert_array_equal(b.params["W"], 0.1 * a.params["W"])
        np.testing.assert_array_equal(b.params["b"], 0.0)


def test_init_accepts_a_function_of_shape_and_rng():
    model = nv.mlp([3, 2, 1], init=lambda shape, rng: np.full(shape, 0.5))
    assert all((layer.params["W"] == 0.5).all() for layer in model.layers[::2])


def test_dropout_follows_every_hidden_activation_only():
    model = nv.mlp([2, 8, 8, 1], "relu", dropout=0.25, rng=np.random.default_rng(0))
    assert kinds(model) == ["Dense", "ReLU", "Dropout", "Dense", "ReLU", "Dropout",
                            "Dense"]
    assert model.layers[2].rate == pytest.approx(0.25)
    assert "Dropout" not in kinds(nv.mlp([2, 8, 1], "relu"))


def test_dropout_does_not_change_the_weights_drawn():
    """Dropout draws its masks later, so the same rng gives the same Dense weights."""
    plain = nv.mlp([2, 8, 8, 1], "relu", rng=np.random.default_rng(3))
    dropped = nv.mlp([2, 8, 8, 1], "relu", dropout=0.5, rng=np.random.default_rng(3))
    dense = [layer for layer in dropped.layers if isinstance(layer, nv.Dense)]
    for a, b in zip(plain.layers[::2], dense, strict=True):
        np.testing.assert_array_equal(a.params["W"], b.params["W"])


def test_dropout_acts_in_training_only(rng):
    model = nv.mlp([4, 50, 1], "relu", dropout=0.5, rng=rng)
    x = rng.normal(size=(3, 4))
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    assert not np.allclose(model.forward(x, training=True), model.predict(x))


def test_shapes_and_summary_read_every_layer(rng):
    model = nv.Sequential([nv.Conv2D(1, 3, 5, rng=rng), nv.ReLU(), nv.MaxPool2D(2),
                           nv.Flatten(), nv.Dense(432, 10, rng=rng)],
                          input_shape=(1, 28, 28))
    assert [shape for _, shape in model.shapes()] == [
        (None, 3, 24, 24), (None, 3, 24, 24), (None, 3, 12, 12), (None, 432),
        (None, 10)]
    text = model.summary()
    assert "('N', 432)" in text and "4,330" in text
    assert text.splitlines()[-1].split()[-1] == f"{model.n_params:,}" == "4,408"

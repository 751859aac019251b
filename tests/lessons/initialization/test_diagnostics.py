"""Per-layer statistics, init schemes, fan-in readouts and the symmetry gap."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.initialization import diagnostics as d


@pytest.fixture
def X(rng):  # noqa: N802 (the inputs, as in the maths)
    return rng.normal(size=(300, 64))


def test_deep_net_has_depth_blocks(rng):
    net = d.deep_net(4, 16, "relu", "he", rng=rng)
    assert [type(layer).__name__ for layer in net.layers] == ["Dense", "ReLU"] * 4
    assert net.layers[0].params["W"].shape == (16, 16)


def test_scale_multiplies_initial_weights():
    a = d.deep_net(2, 8, init="he", rng=np.random.default_rng(3))
    b = d.deep_net(2, 8, init="he", scale=2.5, rng=np.random.default_rng(3))
    np.testing.assert_allclose(b.layers[0].params["W"], 2.5 * a.layers[0].params["W"])


def test_scale_applies_to_any_initializer_too():
    a = d.deep_net(2, 8, init="he_normal", rng=np.random.default_rng(3))
    b = d.deep_net(2, 8, init="he_normal", scale=0.5, rng=np.random.default_rng(3))
    np.testing.assert_allclose(b.layers[2].params["W"], 0.5 * a.layers[2].params["W"])


def test_deep_net_is_an_mlp_ending_in_its_activation():
    net = d.deep_net(3, 8, "tanh", "glorot", n_in=2, rng=np.random.default_rng(1))
    same = nv.mlp([2, 8, 8, 8], "tanh", output="tanh", init=d.scheme("glorot"),
                  rng=np.random.default_rng(1))
    assert [layer.name for layer in net.layers] == [layer.name for layer in same.layers]
    for a, b in zip(net.layers[::2], same.layers[::2], strict=True):
        np.testing.assert_array_equal(a.params["W"], b.params["W"])


def test_unknown_scheme_lists_choices():
    with pytest.raises(ValueError, match="glorot"):
        d.scheme("xavier2")


def test_statistics_have_one_entry_per_layer(X, rng):
    stats = d.layer_statistics(d.deep_net(5, 64, "tanh", rng=rng), X, rng=rng)
    assert len(stats) == 5 and stats.act_std.shape == stats.grad_std.shape == (5,)
    assert stats.activations[0].shape == (300 * 64,)
    np.testing.assert_allclose(stats.act_std[2], stats.activations[2].std())
    assert "std(h)" in stats.table()


def test_gradients_are_those_of_the_backward_pass(rng):
    net = d.deep_net(2, 3, "tanh", rng=rng)
    X = rng.normal(size=(4, 3))
    stats = d.layer_statistics(net, X, rng=np.random.default_rng(7))
    dy = np.random.default_rng(7).normal(size=(4, 3))
    np.testing.assert_allclose(stats.gradients[1], dy.ravel())
    # Layer 0's output gradient = dy through tanh_2 and dense_2.
    expected = net.layers[2].backward(net.layers[3].backward(dy))
    np.testing.assert_allclose(stats.gradients[0], expected.ravel())


def test_statistics_with_a_loss(rng):
    net = nv.Sequential([nv.Dense(2, 4, rng=rng), nv.Tanh(), nv.Dense(4, 1, rng=rng)])
    stats = d.layer_statistics(
        net, rng.normal(size=(10, 2)), np.ones(10), loss="binary_cross_entropy_logits"
    )
    assert stats.names == ["tanh_1"]
    assert stats.grad_std[0] > 0


@pytest.mark.parametrize(
    "activation, good, bad",
    [
        ("relu", "he", "too_small"),
        ("tanh", "glorot", "too_small"),
    ],
)
def test_right_scheme_keeps_signals_while_wrong_one_vanishes(X, activation, good, bad):
    def first_and_last(init):
        net = d.deep_net(10, 64, activation, init, rng=np.random.default_rng(0))
        s = d.layer_statistics(net, X, rng=np.random.default_rng(1))
        return s.act_std[-1] / s.act_std[0], s.grad_std[0] / s.grad_std[-1]

    act_ratio, grad_ratio = first_and_last(good)
    assert 0.25 < act_ratio < 4 and 0.25 < grad_ratio < 4
    act_ratio, grad_ratio = first_and_last(bad)
    assert act_ratio < 1e-3 and grad_ratio < 1e-3


def test_too_large_explodes_relu(X):
    net = d.deep_net(10, 64, "relu", "too_large", rng=np.random.default_rng(0))
    stats = d.layer_statistics(net, X, rng=np.random.default_rng(1))
    assert stats.act_std[-1] > 1e5 * stats.act_std[0]


def test_fan_in_readout_dense(rng):
    r = d.fan_in_readout(nv.Dense(30, 20, init="he_normal", rng=rng))
    assert (r.fan_in, r.fan_out) == (30, 20)
    assert r.he_std == pytest.approx(np.sqrt(2 / 30))
    assert r.glorot_std == pytest.approx(np.sqrt(2 / 50))
    assert r.weight_std == pytest.approx(np.sqrt(2 / 30), rel=0.2)
    assert "fan_in = n_in = 30" in str(r)


def test_fan_in_readout_conv_shape():
    class FakeConv(nv.Layer):  # only the weight shape matters
        def __init__(self):
            super().__init__("conv")
            self.params = {"W": np.zeros((64, 32, 5, 5)), "b": np.zeros(64)}

    r = d.fan_in_readout(FakeConv())
    assert (r.fan_in, r.fan_out) == (5 * 5 * 32, 5 * 5 * 64)
    assert "5*5*32 = 800" in r.formula
    assert d.fan_in_readout((64, 32, 5, 5)).fan_in == 800


def test_fan_in_readout_real_conv_if_present(rng):
    conv = pytest.importorskip("nnviz.nn.conv")
    layer = conv.Conv2D(3, 8, kernel_size=3, rng=rng)
    assert d.fan_in_readout(layer).fan_in == 3 * 3 * 3


def test_fan_in_readout_refuses_layers_without_weights():
    with pytest.raises(ValueError, match="no weights"):
        d.fan_in_readout(nv.ReLU())


def test_fan_table_lists_every_weighted_layer(rng):
    table = d.fan_table(nv.mlp([2, 5, 1], rng=rng))
    assert table.count("fan_in") == 2 and "n_in = 5" in table


def test_symmetry_gap(rng):
    assert d.symmetry_gap(np.tile(rng.normal(size=(3, 1)), (1, 4))) == 0.0
    assert d.symmetry_gap(rng.normal(size=(3, 4))) > 0.1


def test_zero_init_never_breaks_symmetry(rng):
    data = nv.data.circles(n=100, rng=rng)
    model = nv.mlp([2, 6, 1], "sigmoid", init="zeros", rng=rng)
    nv.fit(
        model,
        "binary_cross_entropy_logits",
        nv.SGD(1.0),
        data.X_train,
        data.y_train,
        steps=50,
        rng=rng,
    )
    assert np.abs(model.layers[2].params["W"]).max() > 0  # it did learn something
    # Identical up to rounding in the matrix products (~1e-18), not a real difference.
    assert d.symmetry_gap(model.layers[0].params["W"]) < 1e-12
    assert d.symmetry_gap(model.layers[2].params["W"].T) < 1e-12

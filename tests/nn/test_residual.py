"""Lesson 10 core: ResidualBlock (finite differences, shapes, errors, optimizers),
the CIFAR ResNet's shapes and parameter counts, deep-stack gradients, GAP vs flatten."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.nn.residual import ResidualBlock

BLOCKS = [  # (C_in, C_out, stride, shortcut)
    (3, 3, 1, "identity"),
    (2, 4, 2, "projection"),
    (3, 3, 1, "projection"),
    (2, 4, 2, "pad"),
    (2, 3, 1, "pad"),
    (3, 3, 2, "pad"),
    (2, 3, 2, "none"),
]


def away_from_kinks(block, x):
    """Redraw x until no ReLU input (h or z) is within 1e-3 of 0: finite
    differences (steps of 1e-5 move h and z by far less than 1e-3) straddling
    a ReLU kink would disagree with any derivative."""
    rng = np.random.default_rng(3)
    for _ in range(200):
        block.forward(x)
        if min(np.abs(block.cache["h"]).min(), np.abs(block.cache["z"]).min()) > 1e-3:
            return x
        x = rng.normal(size=x.shape)
    pytest.skip("no input away from the ReLU kinks found")


@pytest.mark.parametrize("c_in, c_out, stride, shortcut", BLOCKS)
def test_backward_matches_finite_differences(c_in, c_out, stride, shortcut, rng):
    block = ResidualBlock(c_in, c_out, stride, shortcut=shortcut, rng=rng)
    x = away_from_kinks(block, rng.normal(size=(2, c_in, 5, 6)))
    errors = nv.check_layer(block, x, rng, h=1e-5)
    expected = {"x", "conv1.W", "conv1.b", "conv2.W", "conv2.b"}
    if shortcut == "projection":
        expected |= {"shortcut.W", "shortcut.b"}
    assert set(errors) == expected
    assert max(errors.values()) < 1e-6, errors


def test_identity_shortcut_adds_the_input():
    block = ResidualBlock(2, 2, rng=np.random.default_rng(0))
    x = np.abs(np.random.default_rng(1).normal(size=(1, 2, 4, 4)))
    for key in block.params:  # a body that outputs zeros: y = ReLU(0 + x) = x
        block.params[key][...] = 0
    np.testing.assert_allclose(block.forward(x), x)


def test_gradient_of_the_sum_goes_down_both_paths():
    """With the body's last conv at zero, dx = dz exactly (the shortcut path) plus
    nothing from the body: the shortcut passes dz on untouched."""
    block = ResidualBlock(2, 2, rng=np.random.default_rng(0))
    block.params["conv2.W"][...] = 0
    x = np.abs(np.random.default_rng(1).normal(size=(1, 2, 4, 4))) + 0.1
    block.forward(x)
    dy = np.random.default_rng(2).normal(size=x.shape)
    np.testing.assert_allclose(block.backward(dy), dy)
    plain = ResidualBlock(2, 2, shortcut="none", rng=np.random.default_rng(0))
    plain.params["conv2.W"][...] = 0
    plain.forward(x)
    np.testing.assert_allclose(plain.backward(dy), 0)


def test_pad_shortcut_keeps_every_second_pixel_and_appends_zero_channels():
    block = ResidualBlock(2, 4, 2, shortcut="pad")
    x = np.arange(2 * 2 * 5 * 5, dtype=float).reshape(2, 2, 5, 5)
    skip = block._skip(x)
    assert skip.shape == (2, 4, 3, 3) == block.output_shape((2, 2, 5, 5))
    np.testing.assert_array_equal(skip[:, :2], x[:, :, ::2, ::2])
    np.testing.assert_array_equal(skip[:, 2:], 0)
    assert block.n_params == 2 * 4 * 9 + 4 + 4 * 4 * 9 + 4  # no shortcut parameters


@pytest.mark.parametrize("size, stride, out", [(32, 1, 32), (32, 2, 16), (16, 2, 8),
                                               (7, 2, 4)])
def test_output_size_is_the_conv_formula(size, stride, out):
    block = ResidualBlock(4, 8, stride, shortcut="projection")
    assert block.output_shape((None, 4, size, size)) == (None, 8, out, out)
    assert out == nv.conv_output_size(size, 3, 1, stride)
    y = block.forward(np.zeros((1, 4, size, size)))
    assert y.shape == (1, 8, out, out)


def test_clear_errors():
    with pytest.raises(nv.ShapeError, match="identity shortcut.*16 to 32"):
        ResidualBlock(16, 32, 2, shortcut="identity")
    with pytest.raises(nv.ShapeError, match="only add channels"):
        ResidualBlock(8, 4, shortcut="pad")
    with pytest.raises(ValueError, match="stride must be a whole number >= 1, got 0"):
        ResidualBlock(4, 4, 0)
    with pytest.raises(ValueError, match="unknown shortcut 'skip'.*'projection'"):
        ResidualBlock(4, 4, shortcut="skip")
    block = ResidualBlock(4, 4)
    with pytest.raises(nv.ShapeError, match='ResidualBlock "resblock".*4 input'):
        block.forward(np.zeros((1, 3, 8, 8)))
    with pytest.raises(RuntimeError, match="before forward"):
        ResidualBlock(4, 4).backward(np.zeros((1, 4, 8, 8)))


def test_optimizer_and_astype_reach_the_inner_convolutions(rng):
    model = nv.Sequential([ResidualBlock(2, 2, rng=rng), nv.GlobalAvgPool2D(),
                           nv.Dense(2, 3, rng=rng)], input_shape=(2, 6, 6))
    x, y = rng.normal(size=(4, 2, 6, 6)), np.array([0, 1, 2, 0])
    before = model.layers[0].inner["conv1"].params["W"].copy()
    nv.fit(model, "softmax_cross_entropy", nv.Adam(0.01), x, y, steps=2)
    block = model.layers[0]
    assert not np.allclose(block.inner["conv1"].params["W"], before)
    model.astype(np.float32)
    assert model.forward(x.astype(np.float32)).dtype == np.float32
    assert block.inner["conv2"].params["W"].dtype == np.float32
    assert model.n_params == 2 * (2 * 2 * 9 + 2) + 2 * 3 + 3


def test_adam_keeps_state_per_block_and_parameter(rng):
    model = nv.Sequential([ResidualBlock(1, 2, 2, shortcut="projection", rng=rng),
                           nv.GlobalAvgPool2D(), nv.Dense(2, 2, rng=rng)],
                          input_shape=(1, 4, 4))
    opt = nv.Adam(0.01)
    nv.fit(model, "softmax_cross_entropy", opt, rng.normal(size=(3, 1, 4, 4)),
           np.array([0, 1, 0]), steps=1)
    assert {key for key in opt.state if key[0] == "resblock_1"} == {
        ("resblock_1", k) for k in ("conv1.W", "conv1.b", "conv2.W", "conv2.b",
                                    "shortcut.W", "shortcut.b")}


# --- the CIFAR ResNet -------------------------------------------------------

def test_resnet20_shapes_32_16_8():
    model = nv.cifar_resnet(3)
    shapes = [shape for _, shape in model.shapes()]
    assert shapes[0] == (None, 16, 32, 32)
    blocks = [s for layer, s in model.shapes() if isinstance(layer, ResidualBlock)]
    assert [b[1:] for b in blocks] == [(16, 32, 32)] * 3 + [(32, 16, 16)] * 3 + [
        (64, 8, 8)] * 3
    assert shapes[-2:] == [(None, 64), (None, 10)]
    assert sum(isinstance(layer, ResidualBlock) for layer in model.layers) == 9
    assert model.forward(np.zeros((1, 3, 32, 32))).shape == (1, 10)


@pytest.mark.parametrize("n, paper", [(3, 0.27e6), (5, 0.46e6), (9, 0.85e6),
                                      (18, 1.7e6)])
def test_parameter_counts_match_the_paper(n, paper):
    """He et al. table 6: ResNet-20/32/56/110 have 0.27/0.46/0.85/1.7 M parameters."""
    count = nv.resnet_param_count(n, norm="batchnorm")
    assert round(count / 1e6, 2 if n < 18 else 1) == round(paper / 1e6, 2)


def test_resnet20_counts_exactly():
    assert nv.resnet_param_count(3, norm="batchnorm") == 269_722
    assert nv.resnet_param_count(3) == 269_034 == nv.cifar_resnet(3).n_params
    assert nv.resnet_param_count(3, shortcut="projection") == 271_690
    assert nv.cifar_resnet(3, shortcut="projection").n_params == 271_690
    assert nv.cifar_resnet(1).n_params == nv.resnet_param_count(1)


def test_resnet_shapes_rows():
    rows = nv.layer_rows(nv.cifar_resnet(1, shortcut="projection"))
    assert [r.output_shape for r in rows][-2:] == [("N", 64), ("N", 10)]
    assert rows[3].what == "conv3×3 16→32 /2, conv3×3 32→32, projection shortcut"
    assert rows[3].n_params == 16 * 32 * 9 + 32 + 32 * 32 * 9 + 32 + 16 * 32 + 32
    total = nv.resnet_param_count(1, shortcut="projection")
    assert sum(r.n_params for r in rows) == total


def test_bad_n_is_explained():
    with pytest.raises(ValueError, match="n >= 1"):
        nv.cifar_resnet(0)
    with pytest.raises(ValueError, match="'bias' or 'batchnorm'"):
        nv.resnet_param_count(3, norm="layernorm")


# --- gradients through deep stacks ---------------------------------------------

def test_residual_stack_shares_weights_across_shortcuts():
    plain = nv.residual_stack(3, shortcut="none")
    residual = nv.residual_stack(3, shortcut="identity")
    for a, b in zip(plain, residual, strict=True):
        for key in a.params:
            np.testing.assert_array_equal(a.params[key], b.params[key])


def test_gradient_norms_match_a_hand_backward():
    norms = nv.gradient_norms(3, seed=1)
    assert norms["plain"].shape == norms["residual"].shape == (3,)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(16, 8, 8, 8))
    dy = rng.normal(size=x.shape) / 16
    blocks = nv.residual_stack(3, shortcut="identity", seed=2)
    for block in blocks:
        x = block.forward(x)
    for block in reversed(blocks):
        dy = block.backward(dy)
    assert np.isclose(norms["residual"][0], np.linalg.norm(blocks[0].grads["conv1.W"]))


def test_the_lesson_numbers_for_gradients():
    """The lesson: at depth 50 the plain stack's block 1 gets about 1,000 times less
    than at depth 2; with shortcuts (branch scale 0.25) it stays within 3x, and is
    hundreds of times the plain one. Branch scale 1 (no normalization) explodes."""
    short, deep = nv.gradient_norms(2, branch_scale=0.25), nv.gradient_norms(
        50, branch_scale=0.25)
    assert deep["plain"][0] < short["plain"][0] / 500
    assert 1 / 3 < deep["residual"][0] / short["residual"][0] < 3
    assert deep["residual"][0] / deep["plain"][0] > 100
    assert nv.gradient_norms(50, branch_scale=1.0)["residual"][0] > 1e6
    assert 500 < short["plain"][0] / deep["plain"][0] < 5000      # "about a thousand"
    curve = nv.first_block_gradients([2, 50], branch_scale=0.25)
    np.testing.assert_allclose(curve["plain"], [short["plain"][0], deep["plain"][0]])


@pytest.mark.parametrize("options", [{"channels": 16}, {"size": 16}])
def test_wider_or_larger_maps_shrink_less_but_still_shrink(options):
    """The lesson: about 80x instead of 1,000x over 50 blocks."""
    loss = (nv.gradient_norms(2, **options)["plain"][0]
            / nv.gradient_norms(50, **options)["plain"][0])
    assert 30 < loss < 200


# --- global average pooling ------------------------------------------------------

def test_head_parameter_counts():
    flat, gap = nv.flatten_head_cnn(), nv.gap_head_cnn()
    assert nv.head_params(flat) == 32 * 7 * 7 * 10 + 10 == 15_690
    assert nv.head_params(gap) == 32 * 10 + 10 == 330
    assert flat.n_params - nv.head_params(flat) == gap.n_params - nv.head_params(gap)
    assert flat.shapes()[7][1] == gap.shapes()[7][1] == (None, 32, 7, 7)


def test_gap_of_1x1_conv_equals_dense_after_gap(rng):
    conv, maps = nv.Conv2D(32, 10, 1, rng=rng), rng.normal(size=(3, 32, 7, 7))
    dense = nv.Dense(32, 10)
    dense.params["W"][...] = conv.params["W"][:, :, 0, 0].T
    dense.params["b"][...] = conv.params["b"]
    np.testing.assert_allclose(conv.forward(maps).mean(axis=(2, 3)),
                               dense.forward(maps.mean(axis=(2, 3))))


def test_class_maps_average_to_the_logits(rng):
    model = nv.gap_head_cnn(rng=rng)
    x = rng.random(size=(2, 1, 28, 28))
    maps = nv.class_maps(model, x)
    assert maps.shape == (2, 10, 7, 7)
    np.testing.assert_allclose(maps.mean(axis=(2, 3)), model.predict(x))


def test_shift_images_fills_with_zeros():
    x = np.arange(1, 17, dtype=float).reshape(1, 1, 4, 4)
    right = nv.shift_images(x, dx=1)
    np.testing.assert_array_equal(right[0, 0, :, 1:], x[0, 0, :, :3])
    np.testing.assert_array_equal(right[0, 0, :, 0], 0)
    up = nv.shift_images(x, dy=-2)
    np.testing.assert_array_equal(up[0, 0, :2], x[0, 0, 2:])
    np.testing.assert_array_equal(up[0, 0, 2:], 0)
    assert not nv.shift_images(x, dx=5).any()
    with pytest.raises(nv.ShapeError, match="X\\[None, None\\]"):
        nv.shift_images(x[0, 0], 1)


def test_trained_heads_gap_is_robust_to_shifts():
    """The lesson's measured claims, on 300 test digits (training takes ~5 s)."""
    data = nv.data.digits(28, rng=np.random.default_rng(0))
    models = nv.train_heads(data.X_train, data.y_train)
    X, y = data.X_test[:300], data.y_test[:300]
    acc = {k: nv.shift_accuracy(m, X, y, [(0, 0), (6, 0), (-6, 0), (8, 0), (3, 0),
                                          (4, 0)])
           for k, m in models.items()}
    # Levels with room that hold over seeds (tests/lessons/residuals/test_claims.py).
    assert acc["flatten"][0] > 0.93 and acc["gap"][0] > 0.85
    assert acc["flatten"][0] > acc["gap"][0]                  # unshifted: flatten wins
    assert acc["gap"][1:3].min() > 0.6
    assert acc["gap"][1:3].min() > acc["flatten"][1:3].max() + 0.3
    assert acc["gap"][3] < acc["gap"][0] - 0.05               # not perfectly invariant
    assert abs(acc["gap"][5] - acc["gap"][4]) < 0.05          # 4 px is not special

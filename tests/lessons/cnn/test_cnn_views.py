"""CNN lesson views: built once, update changes artist data in place; cnn helpers."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.cnn.experiments import (
    KERNELS,
    class_responses,
    conv_arithmetic,
)
from nnviz.lessons.cnn.views import (
    ClassResponseView,
    ConvArithmeticView,
    FeatureMapView,
    FilterGridView,
    KernelView,
    normalized,
    tile,
)


def test_tile_puts_images_side_by_side_with_gaps():
    out = tile(np.ones((5, 2, 3)), ncols=3)
    assert out.shape == (2 * 3 - 1, 3 * 4 - 1)
    assert np.isnan(out[2]).all() and np.isnan(out[:, 3]).all()
    assert np.nansum(out) == 5 * 6


def test_normalized_divides_each_image_by_its_largest_value():
    images = np.array([[[2.0, -4.0]], [[0.0, 0.0]]])
    np.testing.assert_array_equal(normalized(images), [[[0.5, -1.0]], [[0.0, 0.0]]])


def test_filter_grid_updates_in_place(rng):
    W = rng.normal(size=(8, 1, 3, 3))
    view = FilterGridView(W)
    fig, image, before = view.fig, view.image, view.image.get_array().copy()
    view.update(-W)
    assert view.fig is fig and view.image is image
    np.testing.assert_allclose(view.image.get_array(), -before)


def test_feature_map_view_updates_in_place(rng):
    view = FeatureMapView(rng.random((8, 8)), rng.random((4, 6, 6)))
    maps = view.maps
    view.update(np.zeros((8, 8)), rng.random((4, 6, 6)))
    assert view.maps is maps
    assert np.all(view.input.get_array() == 0)


def test_class_response_view_marks_the_preferred_digit(rng):
    maps = np.zeros((20, 3, 4, 4))
    y = np.arange(20) % 10
    maps[y == 7, 1] = 1.0  # filter 1 fires only on sevens
    view = ClassResponseView(3)
    offsets = view.best
    view.update(maps, y)
    assert view.best is offsets
    assert view.best.get_offsets()[1].tolist() == [1, 7]
    assert view.image.get_array()[7, 1] == 1.0


def test_class_responses_are_means_per_class():
    maps = np.arange(4.0)[:, None, None, None] * np.ones((4, 1, 2, 2))
    np.testing.assert_array_equal(
        class_responses(maps, [0, 0, 1, 1], 3), [[0.5], [2.5], [0]]
    )


def test_conv_arithmetic_view_draws_the_output_grid():
    view = ConvArithmeticView()
    cells = view.cells[1]
    view.update(7, 3, 1, 2)
    assert view.cells[1] is cells
    assert view.result.output == 4 and "= 4" in view.result.message
    assert np.ma.count(cells.get_array()) == 16
    view.update(5, 7, 0, 1)
    assert "does not fit" in view.result.message
    assert np.ma.count(cells.get_array()) == 0


@pytest.mark.parametrize(
    "n, f, p, s, out, exact",
    [
        (28, 5, 0, 1, 24, True),
        (7, 3, 1, 2, 4, True),
        (8, 3, 0, 2, 3, False),
        (4, 5, 0, 1, 0, False),
        (4, 5, 1, 1, 2, True),
    ],
)
def test_conv_arithmetic_formula(n, f, p, s, out, exact):
    result = conv_arithmetic(n, f, p, s)
    assert (result.output, result.exact) == (out, exact)
    assert result.output == max(0, nv.conv_output_size(n, f, p, s))


def test_kernel_view_shows_the_filtered_digit(rng):
    image = np.zeros((8, 8))
    image[:, 4:] = 1.0  # a vertical edge
    view = KernelView(image, KERNELS["identity"])
    np.testing.assert_allclose(view.filtered, image)
    view.update(KERNELS["vertical edge"])
    assert np.abs(view.filtered[:, 3:5]).min() > 0  # responds at the edge
    assert np.all(view.filtered[:, 6] == 0)  # not on the flat part
    assert view.peak == np.abs(view.filtered).max() > 0
    shown = view.output.get_array()  # the filtered image, divided by its peak
    np.testing.assert_allclose(shown, view.filtered / view.peak)


@pytest.mark.parametrize("size, flat", [(28, 400), (8, 64)])
def test_small_cnn_shapes(size, flat, rng):
    model = nv.small_cnn(size, rng=rng)
    assert model.shapes()[-2][1] == (None, flat)
    assert model.forward(rng.random((2, 1, size, size))).shape == (2, 10)


def test_kernel_similarity_finds_the_edge_detector():
    W = np.stack([nv.KERNELS["vertical edge"] * 3, -nv.KERNELS["horizontal edge"]])[
        :, None
    ]
    names, similarity = nv.kernel_similarity(W)
    assert names == ["vertical edge", "horizontal edge", "diagonal edge"]
    np.testing.assert_allclose(similarity[0, 0], 1.0)
    np.testing.assert_allclose(similarity[1, 1], -1.0)
    np.testing.assert_allclose(similarity[0, 1], 0.0, atol=1e-12)


def test_compare_filters_draws_both_grids(rng):
    from nnviz.lessons.cnn.views import compare_filters

    fig, views = compare_filters(rng.normal(size=(8, 1, 3, 3)), KERNELS)
    assert len(views) == 2 and all(view.fig is fig for view in views)
    assert views[1].image.get_array().shape == (7, 11)  # 6 kernels in 2 rows of 3

"""im2col / col2im against the loop reference, and the output-size formula."""

import numpy as np
import pytest
import reference

from nnviz.nn.im2col import col2im, conv_output_size, im2col, pair, windows


@pytest.mark.parametrize(
    "kernel, stride, padding", [(3, 1, 0), (2, 2, 1), (3, 2, 1), (1, 1, 0)]
)
def test_im2col_matches_loop(kernel, stride, padding, rng):
    x = rng.normal(size=(2, 3, 7, 6))
    cols = im2col(x, kernel, stride, padding)  # (CKK, OH*OW*N): columns (oh, ow, n)
    rows = reference.im2col(x, kernel, kernel, stride, padding)  # (N*OH*OW, CKK)
    h_out, w_out = (conv_output_size(n, kernel, padding, stride) for n in (7, 6))
    ordered = cols.reshape(-1, h_out, w_out, 2).transpose(
        3, 1, 2, 0
    )  # rows (n, oh, ow)
    np.testing.assert_array_equal(ordered.reshape(rows.shape), rows)


@pytest.mark.parametrize(
    "kernel, stride, padding", [(3, 1, 0), (3, 2, 1), ((2, 3), (1, 2), (1, 0))]
)
def test_col2im_is_the_adjoint_of_im2col(kernel, stride, padding, rng):
    # <im2col(x), c> == <x, col2im(c)> for all x, c: col2im sums overlapping windows.
    x = rng.normal(size=(2, 2, 6, 7))
    cols = im2col(x, kernel, stride, padding)
    c = rng.normal(size=cols.shape)
    back = col2im(c, x.shape, kernel, stride, padding)
    assert back.shape == x.shape
    np.testing.assert_allclose(np.sum(cols * c), np.sum(x * back))


def test_col2im_counts_how_many_windows_see_each_pixel():
    x = np.zeros((1, 1, 4, 4))
    counts = col2im(np.ones_like(im2col(x, 3)), x.shape, 3)[0, 0]
    np.testing.assert_array_equal(
        counts, [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]
    )


@pytest.mark.parametrize(
    "n, f, p, s, expected",
    [
        (28, 5, 0, 1, 24),
        (24, 2, 0, 2, 12),
        (32, 3, 1, 1, 32),
        (7, 3, 0, 2, 3),
        (5, 7, 0, 1, -1),
        (227, 11, 0, 4, 55),
    ],
)
def test_conv_output_size_is_the_formula(n, f, p, s, expected):
    assert conv_output_size(n, f, p, s) == expected


def test_windows_shape_and_no_copy(rng):
    x = rng.normal(size=(3, 8, 8, 2)).transpose(3, 0, 1, 2)  # (N, C, H, W), N innermost
    view = windows(x, 3, 2)
    assert view.shape == (2, 3, 3, 3, 3, 3)
    assert np.shares_memory(view, x)
    np.testing.assert_array_equal(view[1, 2, 1, 0], x[1, 2, 2:5, 0:3])
    copied = windows(np.ascontiguousarray(x), 3, 2)  # NCHW order: read once, reordered
    np.testing.assert_array_equal(copied, view)


@pytest.mark.parametrize("bad", [1.5, (2, 2, 2), "3"])
def test_pair_rejects_bad_sizes(bad):
    with pytest.raises(ValueError, match="whole number"):
        pair(bad, "kernel_size")

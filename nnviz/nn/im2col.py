"""im2col and col2im: a convolution turned into one matrix product.

A convolution slides a KH x KW window over the input. Copy every window into
one column of a matrix ("image to columns") and the whole convolution, for the
whole batch, is a single matrix product with the flattened kernels:

    x     (N, C, H, W)            a batch of images (NCHW)
    cols  (C*KH*KW, OH*OW*N)      one *column* per output position (oh, ow, n):
                                  the C*KH*KW numbers its window sees, in (c, i, j)
                                  order
    W     (C_out, C, KH, KW)      reshaped to (C_out, C*KH*KW): the same (c, i, j) order
    y     = W @ cols              (C_out, OH*OW*N), i.e. (C_out, OH, OW, N): the
                                  output y (N, C_out, OH, OW) with its axes reordered

where OH = floor((H + 2p - KH) / s) + 1 and likewise OW.

Two choices here are for speed only; the maths is the same in any order:
- One product for the whole batch, not one per image: a BLAS call has a fixed
  cost, and an 8 x 8 digit has only a few dozen windows.
- The columns run over positions first and images last (n changes fastest).
  The output is then a (N, C_out, OH, OW) *view* whose memory holds the batch
  innermost. Every later numpy step (ReLU, pooling, col2im's adds) then works
  on rows of N numbers instead of rows of OW, which on 4 x 4 or 13 x 13 maps
  is what decides the speed. Callers never see the difference.

`col2im` goes back: it adds each column of a (C*KH*KW, OH*OW*N) array into the
window it came from. Windows overlap when the stride is smaller than the
kernel, so a pixel seen by several windows receives the sum of their values:
this is how the gradient reaches an input pixel from every output it fed.

`windows` reads every window as a strided view of x (no copy, like
`np.lib.stride_tricks.sliding_window_view`); the one copy is the reshape
into columns.
"""

from __future__ import annotations

import numpy as np


def pair(value, what="value") -> tuple[int, int]:
    """(a, a) for a whole number a, or the pair itself: kernel 3 means 3 x 3."""
    if type(value) is tuple and len(value) == 2 and {type(v) for v in value} == {int}:
        return value  # already a pair (the layers keep theirs as pairs)
    whole = (int, np.integer)
    if isinstance(value, whole):
        return int(value), int(value)
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, whole) for v in value)
    ):
        return int(value[0]), int(value[1])
    raise ValueError(f"{what} must be a whole number or a pair of them, got {value!r}.")


def conv_output_size(n, f, p=0, s=1) -> int:
    """Output length of a convolution or pooling: floor((n + 2p - f) / s) + 1.

    n input size, f kernel (filter) size, p zero padding on each side, s stride.
    Returns 0 or less when the kernel does not fit in the padded input.
    """
    return (n + 2 * p - f) // s + 1


def windows(x, kernel, stride=1, padding=0):
    """Every KH x KW window of x as a strided view: (N, C, OH, OW, KH, KW).

    x (N, C, H, W) is zero-padded by `padding` on each side first. The view
    shares x's memory when x needs no padding and already holds the batch
    innermost (a conv's or pool's output); otherwise x is copied once, which
    is cheaper than the column copy reading it in the wrong order.
    """
    (kh, kw), (sh, sw), (ph, pw) = pair(kernel), pair(stride), pair(padding)
    n, c, height, width = x.shape
    if ph or pw or x.strides[0] > x.itemsize:
        # Zero-pad (as np.pad would), into an array that holds the batch
        # innermost in memory, the order im2col's columns want (see above).
        padded = np.zeros((c, height + 2 * ph, width + 2 * pw, n), dtype=x.dtype)
        padded = padded.transpose(3, 0, 1, 2)
        padded[:, :, ph : ph + height, pw : pw + width] = x
        x = padded
    n, c, height, width = x.shape
    h_out, w_out = (height - kh) // sh + 1, (width - kw) // sw + 1
    # What np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))
    # [:, :, ::sh, ::sw] gives, made directly: stepping an output pixel moves
    # `stride` pixels in x, stepping inside the window moves one pixel.
    s_n, s_c, s_h, s_w = x.strides
    return np.lib.stride_tricks.as_strided(
        x,
        (n, c, h_out, w_out, kh, kw),
        (s_n, s_c, s_h * sh, s_w * sw, s_h, s_w),
        writeable=False,
    )


def im2col(x, kernel, stride=1, padding=0):
    """Columns of windows: x (N, C, H, W) -> cols (C*KH*KW, OH*OW*N).

    cols[:, (oh*OW + ow)*N + n] is the window under output pixel (oh, ow) of
    image n, flattened in (c, i, j) order to match W.reshape(C_out, -1).
    """
    view = windows(x, kernel, stride, padding)  # (N, C, OH, OW, KH, KW)
    n, c, oh, ow, kh, kw = view.shape
    # The one copy: every window, its numbers down a column in (c, i, j) order.
    cols = view.transpose(1, 4, 5, 2, 3, 0).reshape(c * kh * kw, oh * ow * n)
    return cols


def col2im(cols, x_shape, kernel, stride=1, padding=0):
    """Add columns of windows back into images: (C*KH*KW, OH*OW*N) -> (N, C, H, W).

    The inverse bookkeeping of `im2col`: every entry of `cols` is added to the
    pixel it was read from, so overlapping windows sum. The padding border is
    dropped at the end (its pixels were constants, not inputs). The result is
    built as (C, H, W, N), like the columns, and returned as a (N, C, H, W) view.
    """
    (kh, kw), (sh, sw), (ph, pw) = pair(kernel), pair(stride), pair(padding)
    n, c, height, width = x_shape
    oh = conv_output_size(height, kh, ph, sh)
    ow = conv_output_size(width, kw, pw, sw)
    cols = cols.reshape(c, kh, kw, oh, ow, n)
    out = np.zeros((c, height + 2 * ph, width + 2 * pw, n), dtype=cols.dtype)
    # One strided add per kernel offset (i, j): KH*KW vectorized steps, no loop
    # over pixels. Within one offset the target pixels are distinct.
    for i in range(kh):
        for j in range(kw):
            out[:, i : i + sh * oh : sh, j : j + sw * ow : sw] += cols[:, i, j]
    return out[:, ph : ph + height, pw : pw + width].transpose(3, 0, 1, 2)

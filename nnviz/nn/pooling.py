"""Pooling: shrink feature maps by summarising each window (max or mean).

Pooling has no parameters. A window of size KH x KW moves by `stride` over
every channel separately:

    x (N, C, height, width)  ->  y (N, C, h_out, w_out)
    h_out = floor((height - KH) / stride) + 1        (no padding)

Both layers below loop over the KH*KW offsets *inside* a window, each step a
vectorized operation on the whole batch, rather than copying every window:
a 2 x 2 pool is four strided slices. Windows may overlap (stride < size).

Backward:
    max:  the gradient goes only to the input that was the maximum (the first
          one on a tie, as in PyTorch); every other input of the window gets 0.
    mean: every input of the window gets dy / (KH*KW).
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.im2col import conv_output_size, pair
from nnviz.nn.layer import Layer, ShapeError, check_shape, describe


def window_offsets(size, stride, h_out, w_out):
    """((rows, cols), ...): for each offset (i, j) inside a window, in reading
    order, the strided slices that pick that offset out of every window.

    x[:, :, rows, cols] is then (N, C, h_out, w_out): entry (oh, ow) is the
    pixel at offset (i, j) of window (oh, ow).
    """
    (kh, kw), (sh, sw) = size, stride
    return [
        (slice(i, i + sh * (h_out - 1) + 1, sh), slice(j, j + sw * (w_out - 1) + 1, sw))
        for i in range(kh)
        for j in range(kw)
    ]


class _Pool2D(Layer):
    """Shared bookkeeping: window size and stride, shapes, and the strided slices."""

    def __init__(self, size=2, stride=None, *, name=None):
        super().__init__(name)
        self.size = pair(size, "size")
        self.stride = pair(stride if stride is not None else size, "stride")
        if min(self.size) < 1 or min(self.stride) < 1:
            raise ValueError(
                f"{type(self).__name__}: size and stride must be at "
                f"least 1, got size={size}, stride={stride}."
            )

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 4:
            raise ShapeError(
                f"{describe(self)} takes 4-D inputs (N, C, height, width) "
                f"but gets shape {shape}."
            )
        sizes = [
            conv_output_size(n, f, 0, s)
            for n, f, s in zip(shape[2:], self.size, self.stride, strict=True)
        ]
        if min(sizes) < 1:
            raise ShapeError(
                f"{describe(self)}: its {self.size[0]}x{self.size[1]} "
                f"window does not fit a {shape[2]}x{shape[3]} map. "
                "Use a smaller window or fewer layers that shrink the map."
            )
        return (*shape[:2], *sizes)

    def _offsets(self, h_out, w_out):
        """(slice rows, slice cols) for each offset (i, j) inside the window."""
        return window_offsets(self.size, self.stride, h_out, w_out)

    def _start(self, x):
        x = check_shape(x, (None, None, None, None), layer=self)
        return x, self.output_shape(x.shape)[2:]


class MaxPool2D(_Pool2D):
    """Max pooling: y = max of each size x size window.

    Shapes: x (N, C, height, width) -> y (N, C, h_out, w_out); stride defaults to size.
    cache: "x" and "y" (backward finds each window's maximum by comparing them).
    """

    def __init__(self, size=2, stride=None, *, name=None):
        super().__init__(size, stride, name=name or "maxpool2d")

    def forward(self, x, *, training=False):
        x, (h_out, w_out) = self._start(x)
        y = None
        for rows, cols in self._offsets(h_out, w_out):
            pixels = x[:, :, rows, cols]  # the same offset (i, j) of every window
            y = pixels if y is None else np.maximum(y, pixels)
        self.cache = {"x": x, "y": y}
        return self._remember_output(y)

    def backward(self, dy):
        """dx: each window's dy goes to its first input equal to the maximum y.

        The offsets are visited in reading order, and `unclaimed` marks the windows
        whose maximum is not found yet: on a tie the first maximum takes all of dy,
        as in PyTorch. (ones_like keeps y's memory order: 3x faster than np.ones.)
        """
        dy = self._check_backward(dy)
        x, y = self.cache["x"], self.cache["y"]
        dx = np.zeros_like(x, dtype=dy.dtype)
        unclaimed = np.ones_like(y, dtype=bool)
        for rows, cols in self._offsets(*y.shape[2:]):  # offsets in reading order
            first = unclaimed & (x[:, :, rows, cols] == y)
            dx[:, :, rows, cols] += dy * first  # += : overlapping windows share pixels
            unclaimed &= ~first
        return dx


class AvgPool2D(_Pool2D):
    """Average pooling: y = mean of each size x size window.

    Shapes: x (N, C, height, width) -> y (N, C, h_out, w_out); stride defaults to size.
    """

    def __init__(self, size=2, stride=None, *, name=None):
        super().__init__(size, stride, name=name or "avgpool2d")

    def forward(self, x, *, training=False):
        x, (h_out, w_out) = self._start(x)
        y = np.zeros((*x.shape[:2], h_out, w_out), dtype=np.result_type(x, 1.0))
        for rows, cols in self._offsets(h_out, w_out):
            y += x[:, :, rows, cols]
        self.cache = {"x_shape": x.shape}
        return self._remember_output(y / (self.size[0] * self.size[1]))

    def backward(self, dy):
        dy = self._check_backward(dy) / (self.size[0] * self.size[1])
        dx = np.zeros(self.cache["x_shape"], dtype=dy.dtype)
        for rows, cols in self._offsets(*dy.shape[2:]):
            dx[:, :, rows, cols] += dy
        return dx


class GlobalAvgPool2D(Layer):
    """Global average pooling: y[n, c] = mean of channel c over all pixels.

    Shapes: x (N, C, height, width) -> y (N, C). No parameters: each channel
    becomes one number, wherever in the image its feature appeared.
    """

    def __init__(self, *, name=None):
        super().__init__(name or "globalavgpool2d")

    def forward(self, x, *, training=False):
        x = check_shape(x, (None, None, None, None), layer=self)
        self.cache = {"x_shape": x.shape}
        return self._remember_output(x.mean(axis=(2, 3)))

    def backward(self, dy):
        dy = self._check_backward(dy)
        n, c, height, width = self.cache["x_shape"]
        return np.broadcast_to(
            dy[:, :, None, None] / (height * width), (n, c, height, width)
        ).copy()

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 4:
            raise ShapeError(
                f"{describe(self)} takes 4-D inputs (N, C, height, width) "
                f"but gets shape {shape}."
            )
        return shape[:2]

"""Flatten: the bridge from feature maps to a dense head (lesson Q15).

A dense layer takes one vector per example, so the C maps of h x w pixels are
laid end to end: 3 maps of 12 x 12 become 3 * 12 * 12 = 432 numbers, and the
next layer is Dense(432, 10): a 432 x 10 matrix plus 10 biases. Nothing is
learned here; backward only puts the gradient back into the maps' shape.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.layer import Layer, ShapeError, describe


class Flatten(Layer):
    """y = x.reshape(N, -1): every axis after the batch axis laid end to end.

    Shapes: x (N, C, height, width) -> y (N, C*height*width). Order is C, then
    rows, then columns (numpy's C order), the order `Dense` rows follow.
    """

    def __init__(self, *, name=None):
        super().__init__(name or "flatten")

    def forward(self, x, *, training=False):
        x = np.asarray(x)
        if x.ndim < 2:
            raise ShapeError(
                f"{describe(self)} needs a batch (N, ...) with at least "
                f"2 axes but got shape {x.shape}."
            )
        self.cache = {"x": x}
        return self._remember_output(x.reshape(len(x), -1))

    def backward(self, dy):
        dy = self._check_backward(dy)
        x = self.cache["x"]
        if x.flags.c_contiguous:
            return dy.reshape(x.shape)
        # x came from a conv in its own memory order (see im2col.py): give dx
        # the same order, so the layers below work on matching arrays.
        dx = np.empty_like(x, dtype=dy.dtype)
        dx[...] = dy.reshape(x.shape)
        return dx

    def output_shape(self, input_shape):
        n, *rest = tuple(input_shape)
        if not rest:
            raise ShapeError(
                f"{describe(self)} needs an input with axes after the "
                f"batch axis, got shape {tuple(input_shape)}."
            )
        return (n, int(np.prod(rest)))

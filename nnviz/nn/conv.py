"""Conv2D: one small kernel slid over the image, as one matrix product (im2col).

Every output pixel uses the *same* kernel, so the kernel's gradient is a sum
over all positions (and all images) of "input window x incoming gradient":
that sum is the matrix product in `backward` (lesson Q14). Written as pictures
(lesson Q29, stride 1):

    dW[o, c] = sum over n of  correlate(x[n, c], dy[n, o])           (valid)
    dx[n, c] = sum over o of  correlate(pad(dy[n, o], K-1), rot180(W[o, c]))
             = the "full" convolution of dy with the kernel.

The default initializer is He normal (std = sqrt(2 / (C_in*KH*KW))), because
convolutions in the lessons are followed by ReLU.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn import initializers
from nnviz.nn.im2col import col2im, conv_output_size, im2col, pair
from nnviz.nn.layer import Layer, ShapeError, check_shape, describe


class Conv2D(Layer):
    """2-D convolution (cross-correlation, as in every framework): y = x * W + b.

    Shapes:
        x  (N, C_in, height, width)  ->  y  (N, C_out, h_out, w_out)
        W  (C_out, C_in, KH, KW),        b  (C_out,)
        h_out = floor((height + 2*padding - KH) / stride) + 1, likewise w_out.

    kernel_size, stride and padding take a number or a (rows, columns) pair.
    cache: "x_shape", "cols" (C_in*KH*KW, h_out*w_out*N), the im2col columns.
    """

    def __init__(
        self,
        C_in,
        C_out,
        kernel_size,
        stride=1,
        padding=0,
        *,
        init="he_normal",
        rng=None,
        name=None,
        dtype=np.float64,
    ):
        super().__init__(name or "conv2d")
        for arg, value in (("C_in", C_in), ("C_out", C_out)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(
                    f"Conv2D: {arg} must be a positive whole number, got {value!r}."
                )
        self.kernel = pair(kernel_size, "kernel_size")
        self.stride = pair(stride, "stride")
        self.padding = pair(padding, "padding")
        if min(self.kernel) < 1 or min(self.stride) < 1 or min(self.padding) < 0:
            raise ValueError(
                "Conv2D: kernel_size and stride must be at least 1 and "
                f"padding at least 0; got {kernel_size}, {stride}, {padding}."
            )
        shape = (C_out, C_in, *self.kernel)
        self.params = {
            "W": initializers.get(init)(shape, rng).astype(dtype),
            "b": np.zeros(C_out, dtype=dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    @property
    def C_in(self):  # noqa: N802 (the maths' name)
        return self.params["W"].shape[1]

    @property
    def C_out(self):  # noqa: N802
        return self.params["W"].shape[0]

    def forward(self, x, *, training=False):
        x = check_shape(x, (None, self.C_in, None, None), layer=self, hint=self._hint)
        n = x.shape[0]
        h_out, w_out = self.output_shape(x.shape)[2:]
        cols = im2col(x, self.kernel, self.stride, self.padding)  # (CKK, M)
        self.cache = {"x_shape": x.shape, "cols": cols}
        W = self.params["W"].reshape(self.C_out, -1)  # (C_out, CKK)
        y = W @ cols  # (C_out, CKK) @ (CKK, M): every filter on every window
        y += self.params["b"][:, None]  # + (C_out, 1): each filter's bias, everywhere
        # (C_out, h, w, N) -> (N, C_out, h, w): a view, no copy (see im2col.py)
        y = y.reshape(self.C_out, h_out, w_out, n).transpose(3, 0, 1, 2)
        return self._remember_output(y)

    def backward(self, dy, *, input_grad=True):
        """Set grads["W"], grads["b"] (sums over every position); return dx.

        input_grad=False skips dx (a first layer's dx goes nowhere) and returns None.
        """
        dy = self._check_backward(dy)
        cols = self.cache["cols"]  # (CKK, M): every window as a column
        dy = dy.transpose(1, 2, 3, 0).reshape(self.C_out, -1)  # (C_out, M), as y
        W = self.params["W"]
        # One kernel at every position: its gradient sums "window x dy" over all
        # positions of all images, and the matrix product does that sum.
        self.grads["W"] = (dy @ cols.T).reshape(W.shape)  # (C_out, M) @ (M, CKK)
        self.grads["b"] = dy.sum(axis=1)  # one bias per filter, used at every position
        if not input_grad:
            return None
        dcols = W.reshape(self.C_out, -1).T @ dy  # (CKK, C_out) @ (C_out, M)
        return col2im(
            dcols, self.cache["x_shape"], self.kernel, self.stride, self.padding
        )

    def output_shape(self, input_shape):
        n, c, height, width = _nchw(input_shape, self)
        if c is not None and c != self.C_in:
            raise ShapeError(
                f"{describe(self)} expects {self.C_in} input channel(s) "
                f"but gets {c}. Set C_in={c} or change the previous layer."
            )
        sizes = [
            conv_output_size(size, f, p, s)
            for size, f, p, s in zip(
                (height, width), self.kernel, self.padding, self.stride, strict=True
            )
        ]
        if min(sizes) < 1:
            (kh, kw), (ph, pw) = self.kernel, self.padding
            raise ShapeError(
                f"{describe(self)}: its {kh}x{kw} kernel does not fit the "
                f"{height}x{width} input padded to {height + 2 * ph}x{width + 2 * pw}. "
                "Use a smaller kernel, more padding, or fewer pooling layers before it."
            )
        return (n, self.C_out, *sizes)

    def _hint(self, x):
        if x.ndim == 4:
            return f"Its C_in is {self.C_in} but the input has {x.shape[1]} channels."
        if x.ndim == 3:
            return "Images need a channel axis: use x[:, None] for (N, 1, H, W)."
        return "Conv2D takes NCHW batches (N, channels, height, width)."


def _nchw(shape, layer):
    shape = tuple(shape)
    if not shape:  # a Sequential built without input_shape
        raise ShapeError(
            f"{describe(layer)}: the input size is not known. Build the model with "
            "Sequential(layers, input_shape=(channels, height, width)), e.g. "
            "input_shape=(1, 28, 28) for the digits, or pass it to summary()."
        )
    if len(shape) != 4:
        raise ShapeError(
            f"{describe(layer)} takes 4-D inputs (N, C, height, width) "
            f"but gets shape {shape}. Flatten only after the last conv."
        )
    return shape


def correlate2d(image, kernel, padding=0):
    """One 2-D cross-correlation, stride 1: out[i, j] = sum(window(i, j) * kernel).

    image (H, W), kernel (KH, KW) -> (H + 2p - KH + 1, W + 2p - KW + 1).
    What Conv2D does for one channel of one image; lessons use it to show
    kernels (edge, blur) and the two backward formulas of Q29.
    """
    image = np.pad(np.asarray(image, dtype=float), padding)
    view = np.lib.stride_tricks.sliding_window_view(image, np.shape(kernel))
    return np.einsum("hwij,ij->hw", view, kernel)

"""The residual block (lesson 11, Q26): y = ReLU(body(x) + shortcut(x)).

    x ──► conv3×3 (stride s) ─► ReLU ─► conv3×3 ──► (+) ─► ReLU ─► y
    │                                               ▲
    └──────────────── shortcut(x) ──────────────────┘

The block *adds its input to its output*. The sum needs both terms in the
same shape; when the body changes it (stride 2 halves the map, more filters
add channels), the shortcut must change x to match:

    "identity"    skip = x                          (same shape: nothing to do)
    "projection"  skip = 1×1 convolution, stride s  (C_in·C_out + C_out parameters)
    "pad"         skip = every s-th pixel of x, with C_out − C_in channels of
                  zeros appended                    (no parameters: ResNet "option A")
    "none"        no shortcut at all: a plain block, y = ReLU(body(x)), for
                  comparing the same weights with and without the shortcut

A block contains layers (three Conv2D at most). `Sequential` and the
optimizers see only the block, and loop over `block.params`: so the block's
own `params` dict holds every array of its convolutions under names such as
"conv1.W" and "shortcut.b". That dict is the one true copy: `forward` hands
its arrays to the inner layers (a reference, no copy), so an optimizer step
or `Sequential.astype` that replaces an entry is seen by the next forward, and
`backward` collects the inner layers' gradients into `block.grads`.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.activations import relu
from nnviz.nn.conv import Conv2D
from nnviz.nn.layer import Layer, ShapeError, check_shape, describe

SHORTCUTS = ("auto", "identity", "projection", "pad", "none")


class ResidualBlock(Layer):
    """y = ReLU(conv2(ReLU(conv1(x))) + shortcut(x)).

    Shapes:
        x (N, C_in, height, width)  ->  y (N, C_out, h_out, w_out)
        h_out = floor((height - 1) / stride) + 1   (3×3 kernels, padding 1):
        32 -> 32 with stride 1, 32 -> 16 with stride 2.
        conv1.W (C_out, C_in, 3, 3), conv2.W (C_out, C_out, 3, 3),
        shortcut.W (C_out, C_in, 1, 1) for a "projection" shortcut.

    shortcut: "auto" (identity when the shapes match, else "pad"), or one of
    "identity", "projection", "pad", "none" (see the module docstring).
    cache: "h" conv1's output (before its ReLU), "z" = body + shortcut.
    """

    input_axes = "NCHW"

    def __init__(self, C_in, C_out, stride=1, *, shortcut="auto", rng=None,
                 name=None, dtype=np.float64):
        super().__init__(name or "resblock")
        for arg, value in (("C_in", C_in), ("C_out", C_out)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(
                    f"ResidualBlock: {arg} must be a positive whole number (a count "
                    f"of channels), got {value!r}.")
        shortcut = shortcut_kind(C_in, C_out, stride, shortcut)
        self.shortcut, self.stride = shortcut, int(stride)
        kw = dict(rng=rng, dtype=dtype)
        self.inner = {"conv1": Conv2D(C_in, C_out, 3, stride, 1, **kw),
                      "conv2": Conv2D(C_out, C_out, 3, 1, 1, **kw)}
        if shortcut == "projection":
            self.inner["shortcut"] = Conv2D(C_in, C_out, 1, stride, 0, **kw)
        self.params = {f"{part}.{key}": value for part, conv in self.inner.items()
                       for key, value in conv.params.items()}
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self.C_in, self.C_out = C_in, C_out

    def forward(self, x, *, training=False):
        x = check_shape(x, (None, self.C_in, None, None), layer=self,
                        hint=self._hint)
        for part, conv in self.inner.items():  # the block's params are the truth
            for key in conv.params:
                conv.params[key] = self.params[f"{part}.{key}"]
        h = self.inner["conv1"].forward(x)               # (N, C_out, h_out, w_out)
        body = self.inner["conv2"].forward(relu(h))      # same shape
        z = body + self._skip(x) if self.shortcut != "none" else body
        self.cache = {"h": h, "z": z, "x_shape": x.shape}
        return self._remember_output(relu(z))

    def backward(self, dy):
        dy = self._check_backward(dy)
        dz = dy * (self.cache["z"] > 0)                  # through the output ReLU
        # z = body + skip: d(z)/d(body) = d(z)/d(skip) = 1, so the SAME dz
        # goes down both paths, untouched on the shortcut.
        da = self.inner["conv2"].backward(dz)
        dx = self.inner["conv1"].backward(da * (self.cache["h"] > 0))
        if self.shortcut != "none":
            dx = dx + self._skip_backward(dz)            # x fed both paths: add
        for part, conv in self.inner.items():
            for key in conv.grads:
                self.grads[f"{part}.{key}"] = conv.grads[key]
        return dx

    def _hint(self, x):
        if x.ndim != 4:
            return ""  # check_shape says how to add the missing axes
        return (f"The block was built for {self.C_in} input channels but the input "
                f"has {x.shape[1]} (axis 1): set C_in={x.shape[1]}, or change the "
                "layer before the block.")

    def _skip(self, x):
        """The shortcut's value, shaped like the body's output."""
        if self.shortcut == "projection":
            return self.inner["shortcut"].forward(x)
        s = self.stride
        if self.shortcut == "pad":  # every s-th pixel, zero channels appended
            x = x[:, :, ::s, ::s]
            zeros = np.zeros((len(x), self.C_out - self.C_in, *x.shape[2:]), x.dtype)
            return np.concatenate([x, zeros], axis=1)
        return x                                         # identity

    def _skip_backward(self, dz):
        if self.shortcut == "projection":
            return self.inner["shortcut"].backward(dz)
        if self.shortcut == "pad":  # kept pixels get dz; the others get 0
            dx = np.zeros(self.cache["x_shape"], dtype=dz.dtype)
            dx[:, :, ::self.stride, ::self.stride] = dz[:, :self.C_in]
            return dx
        return dz

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 4:
            raise ShapeError(f"{describe(self)} takes 4-D inputs (N, C, height, "
                             f"width) but gets shape {shape}.")
        return self.inner["conv2"].output_shape(
            self.inner["conv1"].output_shape(shape))

    def describe_parts(self) -> str:
        """'conv3×3 16→32 /2, conv3×3 32→32, pad shortcut': the block in words."""
        stride = f" /{self.stride}" if self.stride > 1 else ""
        return (f"conv3×3 {self.C_in}→{self.C_out}{stride}, conv3×3 "
                f"{self.C_out}→{self.C_out}, {self.shortcut} shortcut")


def shortcut_kind(C_in, C_out, stride, shortcut="auto") -> str:  # noqa: N803
    """The shortcut a block from C_in to C_out channels with `stride` will use,
    or a ValueError / ShapeError saying why the requested one cannot work."""
    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"ResidualBlock: stride must be a whole number >= 1, "
                         f"got {stride!r}.")
    if shortcut not in SHORTCUTS:
        raise ValueError(
            f"ResidualBlock: unknown shortcut {shortcut!r}. Choose one of "
            f"{', '.join(map(repr, SHORTCUTS))}.")
    same = C_in == C_out and stride == 1
    if shortcut == "auto":
        return "identity" if same else "pad"
    if shortcut == "identity" and not same:
        raise ShapeError(
            f"ResidualBlock: an identity shortcut needs the output shaped like "
            f"the input, but this block goes from {C_in} to {C_out} channels "
            f"with stride {stride}. Use shortcut='projection' or 'pad'.")
    if shortcut == "pad" and C_out < C_in:
        raise ShapeError(
            f"ResidualBlock: a 'pad' shortcut can only add channels, not go from "
            f"{C_in} down to {C_out}. Use shortcut='projection'.")
    return shortcut

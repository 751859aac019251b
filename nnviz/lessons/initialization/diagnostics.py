"""Diagnostics for initialization: how big are the signals in each layer, and why.

Each Dense layer multiplies the scale of the signal by about

    sqrt(fan_in * Var(W)) * (gain of the activation)

on the way forward, and by sqrt(fan_out * Var(W)) * (gain) on the way back.
Over 10 layers that factor is raised to the 10th power: a bit above 1 explodes,
a bit below vanishes. The schemes set Var(W) from the fan-in (and fan-out) so
the factor is about 1:

    glorot   Var(W) = 2 / (fan_in + fan_out)     tanh, sigmoid
    he       Var(W) = 2 / fan_in                 ReLU (it zeroes half the units)
    lecun    Var(W) = 1 / fan_in                 linear, SELU

`deep_net` builds the test subject, `layer_statistics` measures activations and
back-propagated gradients per layer, `fan_in_readout` explains the numbers
for any Dense or Conv2D layer (W of shape (n_in, n_out) or (C_out, C_in, KH, KW)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn import activations, initializers, losses
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.model import Sequential, mlp

#: Init schemes of the lessons: name -> initializer (shape, rng) -> array.
SCHEMES = {
    "zeros": initializers.zeros,
    "too_small": initializers.normal(0.01),
    "too_large": initializers.normal(1.0),
    "glorot": initializers.glorot_normal,
    "he": initializers.he_normal,
    "lecun": initializers.lecun_normal,
}


def scheme(name):
    """The initializer for a scheme name in SCHEMES, or any name, number or function
    nnviz.nn.initializers.get accepts (e.g. "he_normal", 0.01)."""
    if name in SCHEMES:
        return SCHEMES[name]
    try:
        return initializers.get(name)
    except ValueError:
        raise ValueError(
            f"Unknown init scheme {name!r}. Choose one of: {', '.join(SCHEMES)} "
            f"(or an initializer: {', '.join(initializers.INITIALIZERS)})."
        ) from None


def deep_net(
    depth=10,
    width=100,
    activation="tanh",
    init="glorot",
    scale=1.0,
    *,
    n_in=None,
    rng=None,
) -> Sequential:
    """`depth` blocks of Dense(width, width) then `activation`: the Q25 test subject.

    `init` is a name in SCHEMES (or any initializer `nnviz.nn.initializers.get`
    accepts); `scale` multiplies the initial weights. Biases start at 0.
    Input size `n_in` defaults to `width`. One call to nv.mlp.
    """
    if depth < 1 or width < 1:
        raise ValueError(
            f"deep_net needs depth >= 1 and width >= 1, got {depth}, {width}."
        )
    sizes = [n_in or width] + [width] * int(depth)
    return mlp(sizes, activation, output=activation, init=scheme(init),
               init_scale=scale, rng=rng)


@dataclass
class LayerStatistics:
    """Per-layer values of one forward and one backward pass.

    names[l]        the layer measured (each activation layer, in order)
    activations[l]  its outputs h_l, flattened (N * units,)
    gradients[l]    dL/dh_l arriving at those outputs in the backward pass
    act_std, grad_std  (L,) their standard deviations
    """

    names: list
    activations: list
    gradients: list
    act_std: np.ndarray
    grad_std: np.ndarray

    def __len__(self):
        return len(self.names)

    def table(self) -> str:
        """One row per layer: name, std of activations, std of gradients."""
        rows = [f"{'layer':<12}{'std(h)':>11}{'std(dL/dh)':>13}"]
        rows += [
            f"{n:<12}{a:>11.3g}{g:>13.3g}"
            for n, a, g in zip(self.names, self.act_std, self.grad_std, strict=True)
        ]
        return "\n".join(rows)


def layer_statistics(model, X, y=None, *, loss=None, rng=None) -> LayerStatistics:
    """Forward X through `model`, send a gradient back, and record every layer.

    Without `loss`, the gradient that arrives at the output is standard normal
    noise dL/dy ~ N(0, 1) (drawn with `rng`): then std(dL/dh_l) says directly
    how much the backward pass shrinks or grows a unit-sized gradient.
    With `loss` (a name or Loss) and targets `y`, it is that loss's gradient.

    Records at every activation layer (or every Dense layer when there is none).
    """
    watched = [
        i
        for i, layer in enumerate(model.layers)
        if isinstance(layer, activations.Activation)
    ]
    if not watched:
        watched = [
            i for i, layer in enumerate(model.layers) if isinstance(layer, Dense)
        ]
    outputs = model.trace(np.asarray(X, dtype=float))
    if loss is None:
        rng = rng if rng is not None else np.random.default_rng()
        dy = rng.normal(size=np.shape(outputs[-1]))
    else:
        loss = losses.get(loss)
        loss.forward(outputs[-1], y)
        dy = loss.backward()
    grads = {}
    for i in reversed(range(len(model.layers))):
        if i in watched:
            grads[i] = dy  # dL/d(output of layer i)
        dy = model.layers[i].backward(dy)
    acts = [np.ravel(outputs[i + 1]) for i in watched]
    grad_list = [np.ravel(grads[i]) for i in watched]
    return LayerStatistics(
        [model.layers[i].name for i in watched],
        acts,
        grad_list,
        np.array([a.std() for a in acts]),
        np.array([g.std() for g in grad_list]),
    )


@dataclass
class FanReadout:
    """Fan-in and fan-out of one weight tensor, and the std each scheme gives it."""

    name: str
    shape: tuple
    fan_in: int
    fan_out: int
    formula: str
    weight_std: float

    @property
    def glorot_std(self):
        return float(np.sqrt(2.0 / (self.fan_in + self.fan_out)))

    @property
    def he_std(self):
        return float(np.sqrt(2.0 / self.fan_in))

    @property
    def lecun_std(self):
        return float(np.sqrt(1.0 / self.fan_in))

    def __str__(self):
        return (
            f"{self.name}: W {self.shape}\n  {self.formula}\n"
            f"  std now {self.weight_std:.4g} | Glorot {self.glorot_std:.4g}"
            f" | He {self.he_std:.4g} | LeCun {self.lecun_std:.4g}"
        )

    __repr__ = __str__


def fan_in_readout(layer) -> FanReadout:
    """Fan-in/fan-out of a Dense or Conv2D layer (or a weight array or shape).

    Dense   W (n_in, n_out):          fan_in = n_in,          fan_out = n_out
    Conv2D  W (C_out, C_in, KH, KW):  fan_in = KH * KW * C_in, fan_out = KH * KW * C_out
    """
    if hasattr(layer, "params"):
        key = "W" if "W" in layer.params else "Wx" if "Wx" in layer.params else None
        if key is None:
            raise ValueError(
                f"{type(layer).__name__} {layer.name!r} has no weights (params "
                f"{list(layer.params)}); fan-in is defined for Dense and Conv2D layers."
            )
        W, name = layer.params[key], f"{type(layer).__name__} {layer.name!r}"
        shape, std = W.shape, float(np.std(W))
    elif np.ndim(layer) == 1:  # a shape
        shape, std, name = tuple(int(s) for s in layer), float("nan"), "weights"
    else:
        shape, std, name = np.shape(layer), float(np.std(layer)), "weights"
    fan_in, fan_out = initializers.fan_in_fan_out(shape)
    if len(shape) == 4:
        c_out, c_in, kh, kw = shape
        formula = (
            f"fan_in = KH*KW*C_in = {kh}*{kw}*{c_in} = {fan_in}, "
            f"fan_out = KH*KW*C_out = {kh}*{kw}*{c_out} = {fan_out}"
        )
    else:
        formula = f"fan_in = n_in = {fan_in}, fan_out = n_out = {fan_out}"
    return FanReadout(name, tuple(shape), fan_in, fan_out, formula, std)


def fan_table(model) -> str:
    """fan_in_readout of every layer of `model` that has weights, one block each."""
    return "\n".join(
        str(fan_in_readout(layer))
        for layer in model.layers
        if "W" in layer.params or "Wx" in layer.params
    )


def symmetry_gap(W) -> float:
    """How different a layer's units are: max over inputs of (max - min) across units.

    W (n_in, n_out): column j holds unit j's incoming weights. 0 means every
    unit has the same weights, so every unit computes the same thing. Units
    that start equal get equal gradients, so they stay equal while training:
    lesson 4 measures a gap of 0.0 after training from zeros (a rounding
    difference near 1e-17 is possible with another BLAS).
    """
    W = np.asarray(W, dtype=float)
    return float(np.ptp(W.reshape(len(W), -1), axis=1).max())


def conv_connections(stride, *, kernel_size=3, C_in=2, size=9) -> dict:  # noqa: N803
    """Count a Conv2D's connections by back-propagating through it.

    One Conv2D(C_in, 1, kernel_size, stride) on one (1, C_in, size, size) input.
    - fan_in: send dy = 1 at one output only; the input entries that get a
      gradient are the ones that output adds up. Expected KH·KW·C_in, any stride.
    - outputs_per_input: set every weight to 1 and send dy = 1 everywhere; dx at
      an input then counts how many outputs that input feeds (its backward
      fan-out). Returned as the max and mean over the inputs.
    Returns a dict of ints/floats: fan_in, outputs_per_input_max,
    outputs_per_input_mean, n_outputs.
    """
    layer = Conv2D(C_in, 1, kernel_size, stride=stride, rng=np.random.default_rng(0))
    x = np.random.default_rng(1).normal(size=(1, C_in, size, size))
    y = layer.forward(x)  # (1, 1, h_out, w_out)
    dy = np.zeros_like(y)
    dy[0, 0, y.shape[2] // 2, y.shape[3] // 2] = 1.0  # one output in the middle
    fan_in = int(np.count_nonzero(layer.backward(dy)))
    layer.params["W"][...] = 1.0
    layer.forward(x)
    counts = layer.backward(np.ones_like(y))  # (1, C_in, size, size)
    return {"fan_in": fan_in, "outputs_per_input_max": int(round(counts.max())),
            "outputs_per_input_mean": float(counts.mean()),
            "n_outputs": int(y.size)}

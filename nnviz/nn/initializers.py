"""Weight initializers: functions `init(shape, rng) -> array`.

One interface for all of them: an initializer takes the weight `shape` and a
`numpy.random.Generator`, and returns a new float64 array of that shape.
Get one by name with `get("he_normal")`, or pass a name to a layer
(`Dense(3, 4, init="he_normal")`).

The variances follow one rule: keep the scale of the signal steady.

    Glorot / Xavier   Var(W) = 2 / (fan_in + fan_out)    for tanh and sigmoid nets
    He / Kaiming      Var(W) = 2 / fan_in                for ReLU nets
    LeCun             Var(W) = 1 / fan_in                for SELU / linear nets

A uniform distribution on [-limit, limit] has variance limit**2 / 3, which is
where the `sqrt(3 * var)` limits below come from.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.checks import check_number, check_rng


def fan_in_fan_out(shape) -> tuple[int, int]:
    """Number of inputs and outputs each weight connects, for a weight `shape`.

    Dense     W (n_in, n_out)          -> fan_in = n_in,  fan_out = n_out
    Conv2D    W (C_out, C_in, KH, KW)  -> fan_in = KH*KW*C_in, fan_out = KH*KW*C_out
    LSTM      Wx (F, 4H)               -> treated as dense: fan_in = F, fan_out = 4H
    """
    shape = tuple(int(s) for s in shape)
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) == 4:
        c_out, c_in, kh, kw = shape
        return kh * kw * c_in, kh * kw * c_out
    raise ValueError(
        f"fan_in_fan_out expected a weight shape with 1, 2 or 4 axes "
        f"(dense (n_in, n_out) or conv (C_out, C_in, KH, KW)) but got {shape}."
    )


def _rng(rng):
    return check_rng(rng, "Making the initial weights")


def zeros(shape, rng=None):
    """All weights 0 (every unit then computes the same thing: symmetry never
    breaks)."""
    return np.zeros(shape)


def constant(value):
    """Return an initializer that fills every weight with `value`."""

    def init(shape, rng=None):
        return np.full(shape, float(value))

    init.__name__ = f"constant({value})"
    return init


def normal(std):
    """Return an initializer drawing from N(0, std**2)."""
    std = check_number(std, "std", where="normal initializer", low=0, hint=(
        "It is the spread of the weights: a small positive number such as 0.1; "
        "for all-zero weights use init='zeros'."))

    def init(shape, rng=None):
        return _rng(rng).normal(0.0, std, size=shape)

    init.__name__ = f"normal({std})"
    return init


def uniform(limit):
    """Return an initializer drawing from U(-limit, limit)."""
    limit = check_number(limit, "limit", where="uniform initializer", low=0)

    def init(shape, rng=None):
        return _rng(rng).uniform(-limit, limit, size=shape)

    init.__name__ = f"uniform({limit})"
    return init


def glorot_uniform(shape, rng=None):
    """U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_fan_out(shape)
    return uniform(np.sqrt(6.0 / (fan_in + fan_out)))(shape, rng)


def glorot_normal(shape, rng=None):
    """N(0, 2 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_fan_out(shape)
    return normal(np.sqrt(2.0 / (fan_in + fan_out)))(shape, rng)


def he_uniform(shape, rng=None):
    """U(-limit, limit) with limit = sqrt(6 / fan_in)."""
    fan_in, _ = fan_in_fan_out(shape)
    return uniform(np.sqrt(6.0 / fan_in))(shape, rng)


def he_normal(shape, rng=None):
    """N(0, 2 / fan_in)."""
    fan_in, _ = fan_in_fan_out(shape)
    return normal(np.sqrt(2.0 / fan_in))(shape, rng)


def lecun_normal(shape, rng=None):
    """N(0, 1 / fan_in)."""
    fan_in, _ = fan_in_fan_out(shape)
    return normal(np.sqrt(1.0 / fan_in))(shape, rng)


def _orthogonal(shape, rng=None):
    """An orthogonal matrix (W @ W.T = I), or several side by side: "orthogonal".

    W (rows, cols) with cols a multiple of rows, such as an LSTM's Wh (H, 4H):
    one (rows, rows) orthogonal block per gate. Other shapes: the rows (or the
    columns, whichever are fewer) orthonormal. Repeated products with W then
    neither grow nor shrink a vector, which is why recurrent weights start so.
    """
    rng, shape = _rng(rng), tuple(int(s) for s in shape)
    if len(shape) != 2:
        raise ValueError(f"The orthogonal initializer takes a matrix shape "
                         f"(rows, cols), got {shape}.")
    rows, cols = shape
    if cols % rows == 0:
        blocks = [np.linalg.qr(rng.normal(size=(rows, rows)))[0]
                  for _ in range(cols // rows)]
        return np.concatenate(blocks, axis=1)
    q = np.linalg.qr(rng.normal(size=(max(shape), min(shape))))[0]
    return q if rows > cols else q.T


INITIALIZERS = {
    "zeros": zeros,
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "xavier_uniform": glorot_uniform,
    "xavier_normal": glorot_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    "kaiming_uniform": he_uniform,
    "kaiming_normal": he_normal,
    "lecun_normal": lecun_normal,
    "orthogonal": _orthogonal,  # the LSTM's recurrent default (lstm.orthogonal)
}


def get(init):
    """An initializer from a name in INITIALIZERS, or a callable passed through.

    A number is taken as the std of a normal initializer: `get(0.01)`.
    """
    if callable(init):
        return init
    if isinstance(init, (int, float, np.number)) and not isinstance(init, bool):
        return normal(check_number(init, "init", where="Initializer", low=0, hint=(
            "A number is the std of a normal distribution: a small positive "
            "number such as 0.1 (init='zeros' for all-zero weights).")))
    if isinstance(init, str) and init in INITIALIZERS:
        return INITIALIZERS[init]
    raise ValueError(
        f"Unknown initializer {init!r}. Choose one of: "
        + ", ".join(sorted(INITIALIZERS))
        + ", a number (the std of a normal distribution), or a function (shape, rng)."
    )

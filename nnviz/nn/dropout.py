"""Inverted dropout: drop units at random in training, do nothing in evaluation.

Two conventions for the one number, and learners meet both:

    rate  = probability a unit is DROPPED   (PyTorch `nn.Dropout(p)`, Keras `rate`)
    keep  = probability a unit is KEPT      (the classic course notes' keep_prob)
    keep  = 1 - rate

`Dropout(0.2)` and `Dropout(rate=0.2)` drop 20 % of the units; `Dropout(keep=0.8)`
is the same layer. Give exactly one of the two.

Why divide by keep ("inverted" dropout): a unit with value a, kept with
probability p, has expected value p * a. Dividing the kept units by p during
training brings the expectation back to a, so at test time the layer is the
identity and the network needs no change. (The original paper instead kept a
during training and multiplied by p at test time: the same expectation.)
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.checks import check_number, check_rng
from nnviz.nn.layer import Layer


def keep_probability(rate=None, keep=None) -> float:
    """The keep probability from exactly one of `rate` (drop) or `keep`."""
    if (rate is None) == (keep is None):
        raise ValueError(
            "Dropout needs exactly one of rate= (the probability to DROP a unit, as in "
            "PyTorch and Keras) or keep= (the probability to KEEP it, "
            "keep = 1 - rate); "
            f"got rate={rate!r}, keep={keep!r}."
        )
    meaning = ("rate is the probability to DROP a unit: a number in [0, 1), e.g. "
               "0.5" if keep is None else "keep is the probability to KEEP a unit: "
               "a number in (0, 1], e.g. 0.8") + "."
    if keep is None:
        p = 1.0 - check_number(rate, "rate", where="Dropout", hint=meaning)
    else:
        p = check_number(keep, "keep", where="Dropout", hint=meaning)
    if not 0.0 < p <= 1.0:
        given = f"rate={rate!r}" if keep is None else f"keep={keep!r}"
        raise ValueError(
            f"Dropout: {given} leaves a keep probability of {p:g}, outside (0, 1]. "
            "rate must be in [0, 1) and keep in (0, 1]: keep=0 would drop every unit."
        )
    return p


class Dropout(Layer):
    """Inverted dropout: y = x * mask / keep in training, y = x in evaluation.

    mask[i] = 1 with probability keep, else 0, drawn anew at every training
    forward. E[y] = keep * x / keep = x, so evaluation needs no rescaling.

    Shapes: x (N, ...) -> y, same shape. No parameters.
    Cache: "mask" (same shape as x, 0/1 floats; all ones in evaluation) and
    "scale" (1/keep in training, 1 in evaluation): plots read them.

    Backward: dx = dy * mask / keep (the dropped units pass no gradient).

    Parameters
    ----------
    rate : probability of DROPPING a unit (PyTorch/Keras convention), or
    keep : probability of KEEPING it (keyword only; keep = 1 - rate).
    rng : numpy Generator that draws the masks.

    Set `layer.fixed_mask` to a 0/1 array (shape of x, or of one example to
    share it across the batch) to reuse the same mask at every training
    forward: gradient checks and "one thinned network" plots need that.
    """

    def __init__(self, rate=None, *, keep=None, rng=None, name=None):
        super().__init__(name or "dropout")
        self.keep = keep_probability(rate, keep)
        self.rng = check_rng(rng, "Dropout")
        self.fixed_mask = None

    @property
    def rate(self) -> float:
        """Probability of dropping a unit: 1 - keep."""
        return 1.0 - self.keep

    def forward(self, x, *, training=False):
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(float)  # float32 stays float32
        if not training:
            self.cache = {"mask": np.ones_like(x), "scale": 1.0}
            return self._remember_output(x)
        if self.fixed_mask is not None:
            mask = np.broadcast_to(np.asarray(self.fixed_mask, dtype=x.dtype), x.shape)
        else:
            mask = (self.rng.random(x.shape) < self.keep).astype(x.dtype)
        scale = x.dtype.type(1.0 / self.keep)
        self.cache = {"mask": mask, "scale": scale}
        return self._remember_output(x * mask * scale)

    def backward(self, dy):
        dy = self._check_backward(dy)
        return dy * self.cache["mask"] * self.cache["scale"]

    def __repr__(self):
        return (
            f"Dropout(keep={self.keep:g}, name={self.name!r})  # drops {self.rate:.0%}"
        )

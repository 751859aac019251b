"""Scaling data before training (Q2, Q5): three affine maps and their inverses.

Every scaler here is one affine map z = (x - center) / scale, with two numbers
(or one pair per feature) fitted on the data:

    minmax    center = min(x),          scale = max(x) - min(x)     -> [0, 1]
    robust    center = percentile 5,    scale = p95 - p5            -> mostly [0, 1]
    zscore    center = mean(x),         scale = std(x)              -> mean 0, std 1

The inverse x = z * scale + center brings predictions back to the data's units.
min and max are set by the two most extreme values, so one outlier squeezes all
the other data into a sliver of [0, 1]; percentiles ignore the extreme 5 % on
each side; mean and std move with outliers too, only less than min and max.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn.layer import check_finite

SCALINGS = ("minmax", "robust", "zscore")


@dataclass(frozen=True)
class Scaler:
    """An affine map fitted on data: transform(x) = (x - center) / scale.

    center, scale: floats (axis=None: one pair for the whole array) or arrays
    of shape (F,) (axis=0: one pair per feature). kind: one of SCALINGS.
    """

    kind: str
    center: float | np.ndarray
    scale: float | np.ndarray

    def transform(self, x):
        """(x - center) / scale; x any shape that broadcasts with center."""
        return (np.asarray(x, dtype=float) - self.center) / self.scale

    def inverse(self, z):
        """z * scale + center: back to the units of the data the scaler saw."""
        return np.asarray(z, dtype=float) * self.scale + self.center


def fit_scaler(x, kind="zscore", *, axis=None, percentiles=(5, 95)) -> Scaler:
    """Fit a Scaler of `kind` ("minmax", "robust" or "zscore") on x.

    x: array of any shape (N, F) for features. axis None pools every entry
    (one center and scale, the usual choice for pixels); axis 0 fits one pair
    per column of a 2-D x. percentiles: (low, high) for "robust".
    Raises ValueError for an unknown kind, bad percentiles, an empty x, NaN or
    inf in x, or data with no spread (a constant array or column).
    """
    if kind not in SCALINGS:
        raise ValueError(
            f"Unknown scaling {kind!r}. Choose one of: {', '.join(SCALINGS)}."
        )
    x = check_finite(x, "The data to scale")
    if x.size == 0:
        raise ValueError("fit_scaler got an empty array: there is nothing to fit.")
    if axis not in (None, 0) or (axis == 0 and x.ndim != 2):
        raise ValueError(
            f"fit_scaler: axis must be None (one scale for all) or 0 (one per "
            f"column of a 2-D array); got axis={axis!r} for shape {x.shape}."
        )
    low, high = percentiles
    if not 0 <= low < high <= 100:
        raise ValueError(
            f"percentiles must be (low, high) with 0 <= low < high <= 100, "
            f"got {percentiles}."
        )
    if kind == "minmax":
        center, top = x.min(axis=axis), x.max(axis=axis)
        scale = top - center
    elif kind == "robust":
        center, top = np.percentile(x, [low, high], axis=axis)
        scale = top - center
    else:
        center, scale = x.mean(axis=axis), x.std(axis=axis)
    _check_spread(scale, kind)
    if axis is None:
        return Scaler(kind, float(center), float(scale))
    return Scaler(kind, center, scale)


def _check_spread(scale, kind):
    """A zero scale would divide by zero: say which data have no spread."""
    flat = np.atleast_1d(scale)
    flat_columns = np.flatnonzero(flat <= 1e-12 * max(1.0, float(np.abs(flat).max())))
    if flat_columns.size:
        where = (
            "the data are constant"
            if flat.size == 1
            else f"column(s) {flat_columns[:5].tolist()} are constant"
        )
        raise ValueError(
            f"Cannot fit a {kind} scaler: {where}, so the scale is 0 and scaling "
            "would divide by zero. Drop constant columns, or use axis=None to "
            "pool all entries."
        )

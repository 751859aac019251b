"""Gradient descent on a loss surface you can draw: a 2-parameter quadratic bowl.

    L(w) = ½ wᵀ A w          gradient  A w          w (2,),  A (2, 2) symmetric

Plain gradient descent, w ← w − lr · A w, multiplies the part of w along each
eigenvector of A by (1 − lr · λ) per step. So it

    converges        iff |1 − lr λ| < 1 for every λ, that is lr < 2 / λ_max;
    zig-zags         across the valley when lr > 1 / λ_max (1 − lr λ_max < 0);
    is slow          along the flat direction: factor 1 − lr λ_min per step, so
                     with lr = 1/λ_max the steps to a tolerance grow like the
                     condition number κ = λ_max / λ_min.

The paths are driven by the package's own optimizers (`nv.SGD`, `nv.Adam`):
the two numbers w are the one parameter of a one-"layer" model, so the same
`opt.step(model)` that trains networks moves the point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn import optimizers

__all__: list[str] = [
    "Bowl", "bowl", "descent_path", "steps_to_tolerance", "gd_closed_form",
    "zigzag_count",
]


@dataclass(frozen=True)
class Bowl:
    """The quadratic L(w) = ½ wᵀ A w; A (2, 2) symmetric positive definite."""

    A: np.ndarray

    def loss(self, w):
        """L for w (2,) or for many points w (..., 2): shape w.shape[:-1]."""
        w = np.asarray(w, dtype=float)
        return 0.5 * np.einsum("...i,ij,...j->...", w, self.A, w)

    def gradient(self, w):
        """dL/dw = A w, shape (2,)."""
        return self.A @ np.asarray(w, dtype=float)

    @property
    def eigenvalues(self) -> np.ndarray:
        """(λ_min, λ_max): the curvatures along the valley's two axes."""
        return np.linalg.eigvalsh(self.A)

    @property
    def steep_direction(self) -> np.ndarray:
        """Unit eigenvector (2,) of λ_max: across the valley."""
        return np.linalg.eigh(self.A)[1][:, -1]

    @property
    def lr_limit(self) -> float:
        """2 / λ_max: plain gradient descent converges for lr below it."""
        return 2.0 / self.eigenvalues[-1]

    @property
    def condition(self) -> float:
        """κ = λ_max / λ_min: how elongated the bowl is."""
        low, high = self.eigenvalues
        return high / low


def bowl(lam_max=10.0, lam_min=1.0, angle=30.0) -> Bowl:
    """A bowl with curvatures lam_max and lam_min, its valley turned by `angle`°.

    A = R diag(lam_min, lam_max) Rᵀ, R the rotation by `angle` degrees.
    """
    if not lam_max >= lam_min > 0:
        raise ValueError(
            "A bowl needs curvatures lam_max >= lam_min > 0 (it must curve up in "
            f"both directions), got lam_max={lam_max}, lam_min={lam_min}."
        )
    t = np.deg2rad(angle)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return Bowl(R @ np.diag([float(lam_min), float(lam_max)]) @ R.T)


class _Point:
    """The point w as the one parameter of a one-layer model, for `opt.step`."""

    def __init__(self, w):
        self.name, self.params = "point", {"w": np.array(w, dtype=float)}
        self.grads = {"w": np.zeros(2)}
        self.layers = [self]


def descent_path(surface, start, optimizer, steps=100) -> np.ndarray:
    """Points visited by `optimizer` (a name or nv.SGD/nv.Adam) from `start`.

    surface: any object with gradient(w) -> (2,), such as a Bowl.
    Returns (steps + 1, 2): row 0 is `start`. A path that runs away is cut
    when |w| passes 1e6: the rows after that step are NaN.
    """
    optimizer = optimizers.get(optimizer)
    point = _Point(start)
    path = np.full((int(steps) + 1, 2), np.nan)
    path[0] = point.params["w"]
    for t in range(1, int(steps) + 1):
        point.grads["w"] = surface.gradient(point.params["w"])
        optimizer.step(point)
        path[t] = point.params["w"]
        if not np.all(np.abs(path[t]) < 1e6):
            break
    return path


def gd_closed_form(A, start, lr, t) -> np.ndarray:
    """w after t plain gradient-descent steps on ½ wᵀAw: (I − lr A)^t start, (2,)."""
    step = np.eye(len(A)) - lr * np.asarray(A)
    return np.linalg.matrix_power(step, int(t)) @ np.asarray(start, dtype=float)


def steps_to_tolerance(surface, path, tol=1e-3) -> int | None:
    """First step whose loss is below `tol` and stays below it; None if never."""
    losses = surface.loss(path)
    above = np.flatnonzero(~(losses < tol))  # NaN (ran away) counts as above
    if len(above) == 0:
        return 0
    last = int(above[-1])
    return None if last == len(losses) - 1 else last + 1


def zigzag_count(surface, path) -> int:
    """How often the path crosses the valley floor: sign changes of its
    coordinate along the steep direction."""
    across = np.asarray(path) @ surface.steep_direction
    across = across[np.isfinite(across) & (np.abs(across) > 1e-12)]
    return int(np.sum(np.diff(np.sign(across)) != 0))

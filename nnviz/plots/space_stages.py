"""The numbers behind the space-distortion view (numpy only): the stages a network
takes its input through, grid lines of the input plane, the output layer's line,
and axis limits that stay put. See nnviz/plots/space.py for the picture.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.dense import Dense

SAMPLES = 60  # points along each grid line
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def stage_values(model, Z):
    """[(name, layer number, values (M, d))] for every stage up to the output layer.

    Stage 0 is the input Z itself; then for every Dense but the last: × W, + b
    and its activation (Dropout is skipped: evaluation mode). The last Dense is
    the output layer: its line is drawn in the last stage's space.
    """
    layers = [layer for layer in model.layers if type(layer).__name__ != "Dropout"]
    dense = [i for i, layer in enumerate(layers) if isinstance(layer, Dense)]
    if not dense:
        raise ValueError("The space view needs a model with at least one Dense layer.")
    stages, h, k = [("input", 0, np.asarray(Z, dtype=float))], np.asarray(Z, float), 0
    for layer in layers[: dense[-1]]:
        if isinstance(layer, Dense):
            k += 1
            h = h @ layer.params["W"]
            stages.append((f"× W{k}".translate(SUB), k, h))
            h = h + layer.params["b"]
            stages.append((f"+ b{k}".translate(SUB), k, h))
        else:
            h = layer.forward(h)
            stages.append((layer.name.rsplit("_", 1)[0], k, h))
    return stages, layers[dense[-1]]


def output_line(output):
    """(w, c): the output layer decides class 1 where w · h + c > 0.

    One output: its weights and bias (a logit). Two outputs: class 1 minus class 0.
    """
    W, b = output.params["W"], output.params["b"]
    return (W[:, 0], b[0]) if W.shape[1] == 1 else (W[:, 1] - W[:, 0], b[1] - b[0])


def boundary_line(w, c, centre, basis, limits):
    """Points of w · h + c = 0 where it meets the shown plane h = centre + basis @ p."""
    a, bb = w @ basis
    c0 = w @ centre + c
    x0, x1, y0, y1 = limits
    span = 10 * max(x1 - x0, y1 - y0)
    if abs(bb) >= abs(a) and bb != 0:
        xs = np.array([x0 - span, x1 + span])
        return xs, -(a * xs + c0) / bb
    if a == 0:
        return [], []
    ys = np.array([y0 - span, y1 + span])
    return -(bb * ys + c0) / a, ys


def grid_polylines(extent, n_lines):
    """Grid lines of the plane as one (L, 2) array, lines separated by NaN rows.

    Returns (points, n_first): lines of constant x2 first, then of constant x1.
    """
    (x0, x1), (y0, y1) = extent
    t = np.linspace(0, 1, SAMPLES)
    gap = np.full((1, 2), np.nan)
    rows = [
        np.r_[np.c_[x0 + t * (x1 - x0), np.full(SAMPLES, y)], gap]
        for y in np.linspace(y0, y1, n_lines)
    ]
    cols = [
        np.r_[np.c_[np.full(SAMPLES, x), y0 + t * (y1 - y0)], gap]
        for x in np.linspace(x0, x1, n_lines)
    ]
    first = np.concatenate(rows)
    return np.concatenate([first, *cols]), len(first)


def steady(old, new, room=1.15):
    """Keep a stage's old limits while its data still fill them (> 60 % of the span);
    limits that must change get `room` to spare. Small weight changes and a few
    training steps then leave the axes, and their rendered ticks, alone."""
    if old is None or old.shape != new.shape:
        return new
    centre = (new[:, [0, 0, 2, 2]] + new[:, [1, 1, 3, 3]]) / 2
    roomy = centre + room * (new - centre)
    inside = (new[:, [0, 2]] >= old[:, [0, 2]]).all(1) & (
        new[:, [1, 3]] <= old[:, [1, 3]]
    ).all(1)
    full = (new[:, 1] - new[:, 0]) > 0.6 * (old[:, 1] - old[:, 0])
    return np.where((inside & full)[:, None], old, roomy)


def square_limits(points):
    """(x0, x1, y0, y1): the points' box made square and padded by 8%.

    Points that are not finite are left out; with none left, the box is
    (-1, 1, -1, 1).
    """
    finite = points[np.isfinite(points).all(axis=1)]
    if not len(finite):
        return np.array([-1.0, 1.0, -1.0, 1.0])
    low, high = finite.min(axis=0), finite.max(axis=0)
    centre, half = (low + high) / 2, max((high - low).max() / 2, 1e-6) * 1.08
    return np.array(
        [centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half]
    )

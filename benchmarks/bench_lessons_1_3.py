"""Speed of the lesson 1-3 panels: one control change = compute + Agg render.

Prints milliseconds per change; no assertions (see benchmarks/README.md).
    python benchmarks/bench_lessons_1_3.py
"""

import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import nnviz as nv  # noqa: E402

# Panels are taken as nv.<name> (nnviz/__init__.py knows where each lives), so
# moving a panel between modules does not break this script.


def per_change(panel, name, values, repeat=2):
    """Best time (ms) of setting controls[name] to each value in turn, plus a render."""
    fig = panel.views[0].fig if hasattr(panel.views[0], "fig") else None
    best = float("inf")
    for _ in range(repeat):
        for value in values:
            start = time.perf_counter()
            panel.controls[name].value = value
            if fig is not None:
                fig.canvas.draw()
            best = min(best, time.perf_counter() - start)
    return 1000 * best


def main():
    rng = np.random.default_rng(0)
    digits8 = nv.data.digits(8, rng=rng, flat=True)
    digits28 = nv.standardize(nv.data.digits(28, rng=rng, flat=True))
    picture = nv.data.picture_dataset()
    cases = [
        (
            "logit scale (Q11)",
            nv.logit_scale_explorer((4.8, -5.3), check_backend=False),
            "scale",
            [0.1, 2.0, 1.0],
        ),
        ("shapes table (Q21)", nv.shapes_calculator(), "classes", [20, 10]),
        ("training-step stage (Q17)", nv.bookkeeping_stepper(), "stage", [3, 7, 0]),
        (
            "AND neuron, 1000 epochs x 3 (Q23)",
            nv.and_neuron_explorer(check_backend=False),
            "lr",
            [1.0, 0.5],
        ),
        (
            "weight growth, 300 steps (Q1)",
            nv.weight_growth_explorer(
                digits8.X_train, digits8.y_train, [64, 16, 10], check_backend=False
            ),
            "l2",
            [0.001, 0.01],
        ),
        (
            "tanh vs ReLU, 4 epochs x 2 (Q4)",
            nv.explosion_explorer(digits28, check_backend=False),
            "lr",
            [0.05, 1.0],
        ),
        (
            "parity, 1500 steps (Q12)",
            nv.parity_explorer(check_backend=False),
            "target",
            ["small", "odd"],
        ),
        (
            "extrapolation, 1500 steps (Q12)",
            nv.extrapolation_explorer(check_backend=False),
            "model",
            ["relu", "tanh"],
        ),
    ]
    picture_panel = nv.picture_explorer(picture, check_backend=False)
    for name, panel, control, values in cases:
        print(f"{name:40s} {per_change(panel, control, values):8.1f} ms per change")
    frames = [f for f in range(1, 11)]
    print(
        f"{'picture, 2-100-2, one Play frame (Q6)':40s} "
        f"{per_change(picture_panel, 'frame', frames, repeat=1):8.1f} ms per frame "
        "(10 training steps + draw)"
    )


if __name__ == "__main__":
    main()

"""Speed of the lesson 4-5 panels: compute and Agg render per control change.

Prints milliseconds; no assertions (see benchmarks/README.md).
    python benchmarks/bench_init_dropout.py
"""

import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import nnviz as nv  # noqa: E402
from nnviz.lessons.initialization.panels import init_explorer  # noqa: E402
from nnviz.lessons.initialization.pitfalls_panels import stops_learning_explorer  # noqa: E402
from nnviz.lessons.regularization.dropout_panels import (  # noqa: E402
    dropout_vs_overfitting,
)
from nnviz.lessons.regularization.panels import (  # noqa: E402
    keep_prob_explorer,
    train_eval_explorer,
)


def ms(fn, repeat=5):
    fn()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return 1000 * (time.perf_counter() - start) / repeat


def main():
    rng = np.random.default_rng(0)
    for depth, width in ((10, 100), (20, 400)):
        net = nv.deep_net(depth, width, "relu", "he", rng=rng)
        X = rng.normal(size=(256, width))
        print(
            f"layer_statistics depth {depth} width {width}: "
            f"{ms(lambda n=net, x=X: nv.layer_statistics(n, x, rng=rng)):.1f} ms"
        )
    panel = init_explorer(check_backend=False)
    fig = panel.views[0].fig
    values = iter(["he", "glorot"] * 20)

    def move_init():
        panel.controls["init"].value = next(values)
        fig.canvas.draw()

    print(f"init_explorer: change scheme + Agg draw: {ms(move_init):.0f} ms")
    keep = keep_prob_explorer(check_backend=False)
    keeps = iter(np.tile([0.3, 0.7], 20))

    def move_keep():
        keep.controls["keep"].value = float(next(keeps))
        keep.views[0].fig.canvas.draw()

    print(f"keep_prob_explorer: move keep + Agg draw: {ms(move_keep):.0f} ms")
    model = nv.dropout_mlp([2, 128, 128, 1], rate=0.5, rng=rng)
    te = train_eval_explorer(model, rng.normal(size=(20, 2)), check_backend=False)
    points = iter(np.tile([1, 2], 20))

    def move_point():
        te.controls["point"].value = int(next(points))
        te.views[0].fig.canvas.draw()

    print(f"train_eval_explorer: new point (500 masks) + draw: {ms(move_point):.0f} ms")

    q9 = stops_learning_explorer(check_backend=False)
    toggles = iter(["shifted", "centred"] * 20)

    def retrain():
        q9.controls["inputs"].value = next(toggles)
        q9.views[0].fig.canvas.draw()

    print(f"stops_learning_explorer: retrain 300 steps + draw: {ms(retrain):.0f} ms")

    live = dropout_vs_overfitting(check_backend=False)
    live_fig = live.views[0].fig
    live_fig.canvas.draw_idle = lambda: None  # one explicit draw per frame, as ipympl
    frames = iter(range(1, 1000))

    def frame():
        live.controls["frame"].value = next(frames)
        live_fig.canvas.draw()

    print(
        f"dropout_vs_overfitting: one frame (2 x 20 steps) + draw: {ms(frame):.0f} ms"
    )


if __name__ == "__main__":
    main()

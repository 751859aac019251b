"""Milliseconds per update + Agg render for each issue-3 view (in-process, no asserts).

    python benchmarks/bench_views.py [--repeats 20]

Each view is built once at the size the playground uses, then timed over
`repeats` calls of: update (artist data only) followed by a full Agg render of
its figure. The next block times a weight-slider move over the playground-sized
set of views (a 2-4-2-1 tanh net, 350 training points): write one weight, then
update and render the boundary at 100x100, the network diagram with node maps,
the space distortion and the loss curve. The budget for that is 50 ms. Then
a boundary's forward pass over a 200x200 grid in float64 and in float32
(nnviz.plots.float32), and the PNG encoding ipympl does after every render:
Pillow at its default level and at nnviz's (nnviz.plots.style.PNG_COMPRESS_LEVEL),
and nnviz's own encoder (nnviz.plots.style.png_bytes).

Times are CPU time of this process (other programs sharing the cores do not
count); wall time is printed next to them.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import nnviz as nv  # noqa: E402
from nnviz.data import toy  # noqa: E402
from nnviz.lessons.activations.approx_views import BumpsView  # noqa: E402
from nnviz.playground import views as playground  # noqa: E402
from nnviz.playground.network_view import NetworkDiagramView  # noqa: E402
from nnviz.plots import float32 as drawing  # noqa: E402
from nnviz.plots import style  # noqa: E402
from nnviz.plots.background import BackgroundCache  # noqa: E402
from nnviz.plots.boundary import DecisionBoundaryView, model_predictor  # noqa: E402
from nnviz.plots.curves import ActivationCurvesView, LossCurveView  # noqa: E402
from nnviz.plots.space import SpaceDistortionView  # noqa: E402

BUDGET_MS = 50.0
EXTENT = ((-3.0, 3.0), (-3.0, 3.0))
SIZES = playground.SIZES  # the playground's own figure sizes


def timed(fn, repeats):
    """(median CPU ms, median wall ms) of fn()."""
    cpu, wall = [], []
    for i in range(repeats + 2):
        start, start_wall = time.process_time(), time.perf_counter()
        fn(i)
        if i >= 2:  # the first two calls warm caches (fonts, glyphs, text layout)
            cpu.append((time.process_time() - start) * 1e3)
            wall.append((time.perf_counter() - start_wall) * 1e3)
    return statistics.median(cpu), statistics.median(wall)


def with_render(view, update):
    def run(i):
        update(i)
        view.fig.canvas.draw()

    return run


def setup(rng):
    data = toy.circles(n=500, noise=0.1, rng=rng)
    model = nv.mlp([2, 4, 2, 1], "tanh", rng=rng)
    ax = {name: style.new_axes(size=size) for name, size in SIZES.items()}
    views = {
        "boundary": DecisionBoundaryView(
            data.X_train,
            data.y_train,
            data.X_test,
            data.y_test,
            ax=ax["boundary"],
            extent=EXTENT,
        ),
        "network": NetworkDiagramView(model, ax=ax["network"], extent=EXTENT),
        "loss": LossCurveView(ax=ax["loss"]),
        "space": SpaceDistortionView(model, data.X_train, data.y_train, ax=ax["space"]),
    }
    for view in views.values():  # lay out once, as the playground does
        view.fig.draw_without_rendering()
        view.fig.set_layout_engine("none")
    return data, model, views


def defer_draw_idle():
    """Agg's draw_idle renders at once (ipympl's only asks for a render): make it
    a no-op here, so each timed call renders exactly once, in fig.canvas.draw()."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg.draw_idle = lambda self, *args, **kwargs: None


def main(repeats):
    defer_draw_idle()
    rng = np.random.default_rng(0)
    data, model, views = setup(rng)
    predict = model_predictor(model)
    W = model.layers[0].params["W"]
    activation, bumps = ActivationCurvesView(), BumpsView()
    z = rng.normal(size=200)
    rows = {
        "DecisionBoundaryView 100x100": with_render(
            views["boundary"], lambda i: views["boundary"].update(predict)
        ),
        "DecisionBoundaryView 50x50": None,
        "NetworkDiagramView (24x24 maps)": with_render(
            views["network"], lambda i: views["network"].update(model)
        ),
        "SpaceDistortionView weight edit": with_render(
            views["space"],
            lambda i: (
                W.__setitem__((0, 0), 0.5 + 0.01 * (i % 9)),
                views["space"].set_model(model),
            ),
        ),
        "SpaceDistortionView scrub (update)": with_render(
            views["space"], lambda i: views["space"].update(i % 60 / 10)
        ),
        "LossCurveView append": with_render(
            views["loss"], lambda i: views["loss"].append(i, 1 / (i + 1), 1.1 / (i + 1))
        ),
        "ActivationCurvesView (scale slider)": with_render(
            activation, lambda i: activation.update("tanh", z * (1 + i % 5))
        ),
        "BumpsView": with_render(
            bumps, lambda i: bumps.update(weight=10 + i % 20, n_bumps=5 + i % 10)
        ),
    }
    figures = {id(v.fig): v for v in [*views.values(), activation, bumps]}
    caches = [
        BackgroundCache(v.fig, v.changing_artists, getattr(v, "overlay_artists", None))
        for v in figures.values()
    ]
    print(f"Update + Agg render per view, median of {repeats} calls, CPU ms (wall ms).")
    print("  'cached': unchanging parts rendered once (BackgroundCache + the view's")
    print("  changing_artists(), and its overlay_artists() kept as a picture until")
    print("  they change, as the playground does); 'full': every artist each time.")
    print(f"  {'':38s} {'full':>15s} {'cached':>17s}")
    for name, fn in rows.items():
        if fn is None:
            views["boundary"].set_resolution(50)
            fn = rows["DecisionBoundaryView 100x100"]
        results = []
        for enabled in (False, True):
            for cache in caches:
                cache.enabled = enabled
                cache.invalidate()
            results.append(timed(fn, repeats))
        (full, full_wall), (cached, cached_wall) = results
        times = f"{full:6.2f} ({full_wall:6.2f})  {cached:6.2f} ({cached_wall:6.2f})"
        print(f"  {name:38s} {times}")
        if name.endswith("50x50"):
            views["boundary"].set_resolution(100)

    def untimed_update(i):
        W[0, 0] = 0.5 + 0.01 * (i % 50)
        views["boundary"].update(predict)
        views["network"].update(model)
        views["space"].set_model(model)

    def render_all(i):
        for view in views.values():
            view.fig.canvas.draw()

    update_cpu, _ = timed(untimed_update, repeats)
    print("\nWeight slider move over the playground set (write one weight; update and")
    print(f"render boundary 100x100, network, space, loss); budget {BUDGET_MS:.0f} ms:")
    for enabled in (False, True):
        for cache in caches:
            cache.enabled = enabled
            cache.invalidate()
        move, wall = timed(lambda i: (untimed_update(i), render_all(i)), repeats)
        print(
            f"  {'cached' if enabled else 'full  '}: {move:5.1f} ms CPU (wall "
            f"{wall:5.1f}); updates {update_cpu:.1f} ms, Agg rendering "
            f"{move - update_cpu:.1f} ms ({100 * (1 - update_cpu / move):.0f} %)"
        )

    drawing_passes(rng, repeats)
    png_frames(views, repeats)


def drawing_passes(rng, repeats):
    """A boundary picture's forward pass over a 200 x 200 grid: float64 against
    float32 (nnviz.plots.float32), for the playground's net and wider ones."""
    grid = style.grid_points(*EXTENT, 200)
    print("\nForward pass over a 200x200 grid (a boundary picture), CPU ms (wall ms):")
    for sizes in ([2, 4, 2, 1], [2, 8, 8, 1], [2, 64, 64, 1]):
        model = nv.mlp(sizes, "tanh", rng=rng)
        exact = timed(lambda i, m=model: m.predict(grid), repeats)
        fast = timed(lambda i, m=model: drawing.forward(m, grid), repeats)
        net = "-".join(map(str, sizes))
        print(
            f"  {net:14s} float64 {exact[0]:6.2f} ({exact[1]:6.2f})   "
            f"float32 {fast[0]:6.2f} ({fast[1]:6.2f})"
        )


def png_bytes(pixels, level):
    """The figure's pixels as a PNG, at zlib `level`."""
    with io.BytesIO() as png:
        Image.fromarray(pixels).save(png, format="png", compress_level=level)
        return png.getvalue()


def png_frames(views, repeats):
    """What ipympl does after each render: encode the figure as a PNG to send.
    Pillow at its default level and at nnviz's (style.PNG_COMPRESS_LEVEL),
    against nnviz's own encoder (style.png_bytes: rows unfiltered)."""
    print("\nPNG frame of each playground figure (whole figure), CPU ms (kB):")
    encoders = {"Pillow level 6": lambda p: png_bytes(p, 6),
                f"Pillow level {style.PNG_COMPRESS_LEVEL}":
                    lambda p: png_bytes(p, style.PNG_COMPRESS_LEVEL),
                "nnviz": style.png_bytes}
    for name, view in views.items():
        view.fig.canvas.draw()
        pixels = np.asarray(view.fig.canvas.buffer_rgba())
        cells = []
        for label, encode in encoders.items():
            cpu, _ = timed(lambda i, p=pixels, e=encode: e(p), repeats)
            size = len(encode(pixels)) / 1e3
            cells.append(f"{label}: {cpu:5.2f} ms ({size:5.1f} kB)")
        print(f"  {name:9s}" + "   ".join(cells))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    main(parser.parse_args().repeats)

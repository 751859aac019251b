"""Kernel time of one playground frame and of one weight-slider move (Agg, in-process).

    python benchmarks/bench_playground.py [--repeats 30]

A frame of the default playground (2-4-2-1 tanh net, 500 points: 350 train,
150 test) is: 5 optimizer steps, the train and test losses, then every view
repainted (boundary at 100x100, node maps, loss curve, space distortion) and
every figure rendered with Agg. A weight-slider move is: write the weight, then
repaint and render every view. The budget for both is 50 ms (20 frames/s).

Prints the median of each part, which part dominates, and the playing
configuration (boundary at 50x50, space view every 5th frame) for comparison.
No assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from nnviz.playground.app import STEPS_PER_FRAME, playground  # noqa: E402

BUDGET_MS = 50.0


def ms(fn, repeats):
    """Median time of fn() in milliseconds: CPU time of this process (the kernel's
    own work; other programs sharing the cores do not count), and wall time is
    kept in WALL for the summary."""
    cpu, wall = [], []
    for _ in range(repeats):
        start, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - start) * 1e3)
        wall.append((time.perf_counter() - start_wall) * 1e3)
    WALL.append(statistics.median(wall))
    return statistics.median(cpu)


WALL = []


def render(pg, names=None):
    for name, fig in zip(pg.show.names, pg.show.figures, strict=True):
        if names is None or name in names:
            fig.canvas.draw()


def defer_draw_idle():
    """Make draw_idle() only ask for a render, as ipympl's does; render() then draws.

    Agg's draw_idle draws at once, so without this every view update would be
    timed with a full render inside it, and a frame would render figures twice.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg.draw_idle = lambda self, *args, **kwargs: None


def main(repeats):
    defer_draw_idle()
    pg = playground(check_backend=False)
    session, show = pg.session, pg.show
    pg.frame(50)  # past the first, untypical steps
    render(pg)

    def train():
        session.advance(STEPS_PER_FRAME)
        session.losses()

    parts = {
        "train (5 steps + losses)": ms(train, repeats),
        "boundary update 100x100": ms(
            lambda: show.boundary.update(session.predict), repeats
        ),
        "network update (node maps)": ms(
            lambda: show.network.update(session.model), repeats
        ),
        "loss curve append": ms(
            lambda: show.loss.append(session.epoch, 0.5, 0.5), repeats
        ),
        "space update": ms(
            lambda: (
                show.space.set_model(session.model),
                show.space.update(show.n_stages),
            ),
            repeats,
        ),
    }
    for name, fig in zip(show.names, show.figures, strict=True):
        parts[f"Agg render: {name}"] = ms(fig.canvas.draw, repeats)
    before = [cache.full_draws for cache in show.caches]
    total = ms(lambda: (pg.frame(), render(pg)), repeats)
    backgrounds = {
        name: cache.full_draws - n
        for name, cache, n in zip(show.names, show.caches, before, strict=True)
    }

    print(
        f"One training frame, paused-quality (boundary 100x100, every view): "
        f"median CPU ms of this process over {repeats} runs"
    )
    for name, value in parts.items():
        print(f"  {name:<32}{value:7.2f} ms")
    print(f"  {'sum of parts':<32}{sum(parts.values()):7.2f} ms")
    print(
        f"  {'measured whole frame':<32}{total:7.2f} ms   (wall {WALL[-1]:.1f} ms; "
        f"budget {BUDGET_MS:.0f} ms)"
    )
    print(
        f"  backgrounds re-rendered in {repeats} frames: {backgrounds} (the space "
        "view's limits follow its data, so its background is redrawn each frame)"
    )
    render_ms = sum(v for k, v in parts.items() if k.startswith("Agg"))
    compute_ms = sum(parts.values()) - render_ms
    top = max(parts, key=parts.get)
    print(
        f"  rendering {render_ms:.1f} ms vs compute + artist updates "
        f"{compute_ms:.1f} ms; "
        f"largest part: {top} ({parts[top]:.1f} ms, "
        f"{100 * parts[top] / sum(parts.values()):.0f} %)"
    )

    pg.play.playing = True

    def playing_frame():
        pg.frame()  # boundary at PLAY_RESOLUTION, space only every SPACE_EVERY frames
        render(
            pg,
            None
            if pg.frames % show.SPACE_EVERY == 0
            else ("boundary", "network", "loss"),
        )

    playing = ms(playing_frame, max(repeats, 2 * show.SPACE_EVERY))
    pg.play.playing = False
    print(
        f"While playing (boundary {show.PLAY_RESOLUTION}x{show.PLAY_RESOLUTION}, "
        f"space every {show.SPACE_EVERY} frames): {playing:.2f} ms per frame "
        f"(wall {WALL[-1]:.1f} ms)"
    )

    slider, values = pg.controls["weight"], iter(range(10**9))

    def move_weight():
        slider.value = 0.5 + (next(values) % 7) * 0.25
        render(pg)

    moved = ms(move_weight, repeats)
    print(
        f"Weight slider move (write + repaint + render every view): {moved:.2f} ms "
        f"(wall {WALL[-1]:.1f} ms; budget {BUDGET_MS:.0f} ms)"
    )
    if pg.state["error"]:
        print("error during the benchmark:", pg.state["error"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    main(parser.parse_args().repeats)

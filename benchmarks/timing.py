"""Timing shared by the benchmark scripts: best-of-N rates, taken in turns.

Each figure is the best of several timed runs, as timeit does: the run least
disturbed by other processes. When two implementations are compared (nnviz
and PyTorch), their runs take turns, so a burst of load from another process
on a shared machine slows both sides instead of only one.
"""

from __future__ import annotations

import time


def best_rates(runs, count, repeats):
    """{name: calls per second}: the best of `repeats` timings of each run(count).

    runs: {name: run}, run(k) does k calls. Each run is warmed up first
    (caches, allocator, lazy imports), then the runs take turns.
    """
    for run in runs.values():
        run(max(1, count // 10))
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run(count)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: count / seconds for name, seconds in best.items()}


def best_rate(run, count, repeats):
    """Calls per second of run(count), the best of `repeats` timings."""
    return best_rates({"run": run}, count, repeats)["run"]

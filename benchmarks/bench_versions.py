"""Two versions of nnviz in one process: a git revision beside the working tree.

    python benchmarks/bench_versions.py                       # HEAD vs now, ~8 min
    python benchmarks/bench_versions.py --rev HEAD~2 --only lstm cnn

Why: on a shared machine the same benchmark run a few minutes later can be 30 %
faster or slower, which hides a change of 10 %. Here both versions are timed in
turns inside one process (with PyTorch when installed), so a busy spell slows
all of them. The revision is exported with `git archive` into a temporary
folder and renamed `nnviz_rev` (its own imports are rewritten to match), so it
cannot import from the working tree. Only nnviz/ is taken from the revision;
the workloads are those of bench_training.py, bench_cnn.py and bench_lstm.py
as they are now, plus one training step of the LSTM lesson's memory task
(LSTM(1, 4) + Dense(4, 1), 26 steps, batches of 64, Adam: what each of
`memory_trainer`'s Play ticks repeats up to 10 times).

Prints steps per second of both versions, the change, and each one's ratio to
PyTorch. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib
import io
import itertools
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

import bench_cnn
import bench_lstm
import bench_training
import numpy as np
from timing import best_rates

import nnviz

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKLOADS = ("mlp", "grid", "cnn", "lstm", "memory")


def export(rev, folder):
    """nnviz/ as it was at `rev`, importable as the package `nnviz_rev`."""
    archive = subprocess.run(["git", "archive", rev, "nnviz"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = pathlib.Path(folder) / "nnviz_rev"
    (pathlib.Path(folder) / "nnviz").rename(package)
    for path in package.rglob("*.py"):  # nnviz.nn -> nnviz_rev.nn, f"nnviz.{name}" ...
        text = re.sub(r"(?<![\w/-])nnviz(?=\.[A-Za-z_{])", "nnviz_rev",
                      path.read_text())
        path.write_text(re.sub(r"\bfrom nnviz import\b", "from nnviz_rev import", text))
    sys.path.insert(0, str(folder))
    return importlib.import_module("nnviz_rev")


def built(module, versions, make, *args):
    """{version: make(*args)}, with `module.nv` pointing at each version in turn
    (the bench modules build their runs from their global `nv`)."""
    runs = {}
    for name, package in versions.items():
        module.nv = package
        runs[name] = make(*args)
    module.nv = nnviz
    return runs


def memory_run(nv):
    rng = np.random.default_rng(0)
    model = nv.Sequential([nv.LSTM(1, 4, rng=rng), nv.Dense(4, 1, rng=rng)])
    X = rng.normal(size=(512, 26, 1))
    y = rng.integers(0, 2, size=(512, 1)).astype(float)
    steps = nv.train_steps(model, "binary_cross_entropy_logits", nv.Adam(0.02), X, y,
                           batch_size=64, rng=rng)
    return lambda k: list(itertools.islice(steps, k))


def workloads(versions, only, torch):
    """(label, {name: run}, count) for every timing, run(k) doing k steps."""
    for dtype in (np.float64, np.float32):
        d = np.dtype(dtype).name
        specs = bench_training.workloads(np.random.default_rng(0))
        counts = {"2-8-8-1": 3000, "2-64-64-64-3": 300, "784-128-10": 500}
        for name, spec in specs.items() if "mlp" in only else ():
            made = built(bench_training, versions, bench_training.nnviz_run, spec,
                         dtype, np.random.default_rng(0))
            runs = {k: run for k, (_, run) in made.items()}
            if torch:
                runs["torch"] = bench_training.torch_run(spec, dtype, 0)[1]
            yield f"{name} {d}", runs, counts[name]
        if "grid" in only:
            spec = specs["2-8-8-1"]
            made = built(bench_training, versions, bench_training.nnviz_run, spec,
                         dtype, np.random.default_rng(0))
            points = bench_training.grid(dtype)
            runs = {k: _repeat(lambda m=model, p=points: m.predict(p))
                    for k, (model, _) in made.items()}
            if torch:
                model = bench_training.torch_run(spec, dtype, 0)[0]
                tensor = torch.as_tensor(points)

                def forward(m=model, t=tensor):
                    with torch.no_grad():
                        return m(t).numpy()
                runs["torch"] = _repeat(forward)
            yield f"grid 200x200 {d} (passes)", runs, 20
        for size, count in ((28, 150), (8, 750)) if "cnn" in only else ():
            runs = built(bench_cnn, versions, bench_cnn.nnviz_run, size, dtype)
            if torch:
                runs["torch"] = bench_cnn.torch_run(size, dtype)
            yield f"cnn {size}x{size} {d}", runs, count
        if "lstm" in only:
            runs = built(bench_lstm, versions, bench_lstm.nnviz_run, dtype)
            if torch:
                runs["torch"] = bench_lstm.torch_run(dtype)
            yield f"lstm fwd+bwd {d}", runs, 60
    if "memory" in only:
        yield "memory task step float64", {k: memory_run(v) for k, v in
                                            versions.items()}, 50


def _repeat(call):
    def run(k):
        for _ in range(k):
            call()
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="HEAD", help="git revision (default HEAD)")
    parser.add_argument("--only", nargs="+", choices=WORKLOADS, default=WORKLOADS)
    parser.add_argument("--repeats", type=int, default=9, help="timed runs of each")
    args = parser.parse_args(argv)
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        torch = None
    with tempfile.TemporaryDirectory() as folder:
        versions = {args.rev: export(args.rev, folder), "now": nnviz}
        print(f"{'workload':<28}{args.rev[:10]:>10}{'now':>10}{'change':>8}"
              + (f"{'PyTorch':>10}{'ratios':>16}" if torch else ""))
        for label, runs, count in workloads(versions, args.only, torch):
            rates = best_rates(runs, count, args.repeats)
            before, after = rates[args.rev], rates["now"]
            line = f"{label:<28}{before:10.1f}{after:10.1f}{after / before - 1:+8.1%}"
            if "torch" in rates:
                theirs = rates["torch"]
                line += (f"{theirs:10.1f}{before / theirs:8.2f}x"
                         f"{after / theirs:7.2f}x")
            print(line, flush=True)


if __name__ == "__main__":
    main()

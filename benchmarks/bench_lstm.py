"""How fast is the nnviz LSTM? Forward+backward steps per second, beside PyTorch CPU.

    python benchmarks/bench_lstm.py            # about 20 s
    python benchmarks/bench_lstm.py --quick    # about 5 s, noisier

Workload (issue 8): an LSTM with 1 input feature, 32 units, 50 time steps and a
batch of 32. One "step" is a forward pass over the whole sequence and a backward
pass through time (dL/dx and every parameter gradient) for a fixed upstream
gradient on the last hidden state. PyTorch does the same with `nn.LSTM`
(batch_first, same dtype) and `y.backward(dy)`, gradients zeroed each time.
Both sides use one thread (nnviz limits BLAS to one thread when imported;
torch.set_num_threads(1)). Each figure is the best of several timed runs,
nnviz and PyTorch taking turns (benchmarks/timing.py).

Also printed: a full training step of the lesson's memory task model
(LSTM + Dense head, MSE, Adam) through `nv.train_steps`, for reference.
No timing is asserted: the script only prints. Target: nnviz >= 0.6x PyTorch.
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np
from timing import best_rate, best_rates

import nnviz as nv

N, T, F, H = 32, 50, 1, 32


def nnviz_run(dtype):
    """run(k): k forward+backward passes of the nnviz LSTM."""
    rng = np.random.default_rng(0)
    layer = nv.LSTM(F, H, rng=rng, dtype=dtype)
    x = rng.normal(size=(N, T, F)).astype(dtype)
    dy = rng.normal(size=(N, H)).astype(dtype)

    def run(k):
        for _ in range(k):
            layer.forward(x)
            layer.backward(dy)

    return run


def torch_run(dtype):
    """run(k): the same with torch.nn.LSTM, or None when PyTorch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    tdtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(F, H, batch_first=True).to(tdtype)
    x = torch.randn(N, T, F, dtype=tdtype, requires_grad=True)
    dy = torch.randn(N, H, dtype=tdtype)

    def run(k):
        for _ in range(k):
            lstm.zero_grad(set_to_none=True)
            x.grad = None
            out, _ = lstm(x)
            out[:, -1].backward(dy)

    return run


def training_rate(count, repeats):
    rng = np.random.default_rng(0)
    model = nv.Sequential([nv.LSTM(F, H, rng=rng), nv.Dense(H, 1, rng=rng)],
                          input_shape=(T, F))
    X, y = rng.normal(size=(N, T, F)), rng.normal(size=(N, 1))
    steps = nv.train_steps(model, "mse", nv.Adam(0.01), X, y, rng=rng)
    return best_rate(lambda k: list(itertools.islice(steps, k)), count, repeats)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs")
    args = parser.parse_args(argv)
    count, repeats = (20, 3) if args.quick else (60, 5)
    print(f"LSTM forward+backward: batch {N}, {T} steps, {F} feature, {H} units, "
          "one thread")
    print(f"{'dtype':<10}{'nnviz steps/s':>15}{'PyTorch steps/s':>18}{'ratio':>8}")
    for dtype in (np.float64, np.float32):
        runs = {"nnviz": nnviz_run(dtype), "torch": torch_run(dtype)}
        rates = best_rates({k: run for k, run in runs.items() if run}, count, repeats)
        ours, theirs = rates["nnviz"], rates.get("torch")
        other = "not installed" if theirs is None else f"{theirs:.0f}"
        ratio = "" if theirs is None else f"{ours / theirs:.2f}x"
        print(f"{np.dtype(dtype).name:<10}{ours:>15.0f}{other:>18}{ratio:>8}")
    print(f"training step (LSTM + Dense, MSE, Adam) via nv.train_steps: "
          f"{training_rate(count, repeats):.0f} steps/s (float64)")


if __name__ == "__main__":
    main()

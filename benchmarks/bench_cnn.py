"""How well and how fast does a small nnviz CNN train? Accuracy, time, steps per second.

    python benchmarks/bench_cnn.py            # about 60 s
    python benchmarks/bench_cnn.py --quick    # about 25 s, noisier speed figures

1. Accuracy (issue 7): `nv.small_cnn(28)` (conv 8 3x3 - ReLU - pool 2 - conv 16
   3x3 - ReLU - pool 2 - Dense(400, 10)) trained with Adam (lr 0.003, batches
   of 64) on the 4,000 training digits of `nv.data.digits(28)` for 12 epochs;
   held-out accuracy on the 1,000 test digits and the wall time are printed
   (targets: >= 96 % in < 60 s). The same for the 8 x 8 digits (`small_cnn(8)`,
   padding 1; target >= 97 %).
2. Speed: forward + backward + SGD update of a batch of 64, as `nv.train_steps`
   runs it for the Play button (batch indexing, loss value and accuracy
   included), for both nets in float64 and float32. With PyTorch installed, the
   same net and loop in PyTorch CPU beside it (same dtype, one thread for both:
   nnviz limits BLAS to one thread when imported, and torch.set_num_threads(1)).
   Targets: nnviz / PyTorch >= 0.9 on the 28 x 28 net, >= 1.5 on the 8 x 8 net.
   Each figure is the best of several runs (as timeit), the one least disturbed
   by other processes; nnviz and PyTorch runs take turns, so both sides see the
   same machine. Nothing is asserted: it only prints.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
from timing import best_rates

import nnviz as nv

TARGETS = {28: 0.9, 8: 1.5}


def train_to_accuracy(size, epochs, seed=0):
    """(held-out accuracy, seconds, steps) of small_cnn(size) after `epochs` epochs."""
    rng = np.random.default_rng(seed)
    data = nv.data.digits(size, rng=rng)
    model = nv.small_cnn(size, rng=rng)
    steps = epochs * len(data.X_train) // 64
    start = time.perf_counter()
    nv.fit(
        model,
        "softmax_cross_entropy",
        nv.Adam(0.003),
        data.X_train,
        data.y_train,
        steps=steps,
        batch_size=64,
        rng=rng,
    )
    seconds = time.perf_counter() - start
    _, acc = nv.evaluate(model, "softmax_cross_entropy", data.X_test, data.y_test)
    return acc, seconds, steps


def nnviz_run(size, dtype):
    """run(n): n training steps of small_cnn(size), as the Play button runs them."""
    rng = np.random.default_rng(0)
    data = nv.data.digits(size, rng=rng)
    model = nv.small_cnn(size, rng=rng, dtype=dtype)
    steps = nv.train_steps(
        model,
        "softmax_cross_entropy",
        nv.SGD(0.01),
        data.X_train,
        data.y_train,
        batch_size=64,
        rng=rng,
    )

    def run(n):
        for _ in itertools.islice(steps, n):
            pass

    return run


def torch_run(size, dtype):
    """run(n): n training steps of the same net and loop in PyTorch CPU."""
    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(0)
    tdtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    padding, flat = (1, 16 * 2 * 2) if size < 16 else (0, 16 * 5 * 5)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(flat, 10),
    ).to(tdtype)
    data = nv.data.digits(size, rng=np.random.default_rng(0))
    X = torch.tensor(data.X_train, dtype=tdtype)
    y = torch.tensor(data.y_train)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    batches = nv.nn.training.batches(len(X), 64, np.random.default_rng(0))

    def run(n):
        for index in itertools.islice(batches, n):
            index = torch.from_numpy(index)
            xb, yb = X[index], y[index]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item(), (logits.argmax(1) == yb).float().mean().item()

    return run


def have_torch():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs")
    args = parser.parse_args()
    repeats, count = (3, 60) if args.quick else (7, 150)

    print("Accuracy: small_cnn trained with Adam(0.003), batches of 64, one thread")
    for size, epochs, target in ((28, 12, 0.96), (8, 40, 0.97)):
        acc, seconds, steps = train_to_accuracy(size, epochs)
        ok = "ok" if acc >= target and seconds < 60 else "below target"
        print(
            f"  digits {size:>2}x{size:<2} {steps:5d} steps ({epochs} epochs) "
            f"in {seconds:5.1f} s: held-out accuracy {acc:.1%} "
            f"(target >= {target:.0%} in < 60 s: {ok})"
        )

    torch_ok = have_torch()
    print(
        "\nSpeed: one training step on a batch of 64 (steps per second, best of "
        f"{repeats})" + ("" if torch_ok else "; PyTorch not installed")
    )
    print(
        f"  {'net':<10}{'dtype':<9}{'nnviz':>8}"
        + (f"{'PyTorch':>10}{'ratio':>8}{'target':>8}" if torch_ok else "")
    )
    for size in (28, 8):
        n = count if size == 28 else count * 5
        for dtype in (np.float64, np.float32):
            runs = {"nnviz": nnviz_run(size, dtype)}
            if torch_ok:
                runs["torch"] = torch_run(size, dtype)
            rates = best_rates(runs, n, repeats)
            ours = rates["nnviz"]
            line = f"  {f'{size}x{size}':<10}{dtype.__name__:<9}{ours:8.0f}"
            if torch_ok:
                theirs = rates["torch"]
                line += f"{theirs:10.0f}{ours / theirs:8.2f}{TARGETS[size]:8.1f}"
            print(line)


if __name__ == "__main__":
    main()

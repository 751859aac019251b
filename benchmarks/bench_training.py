"""How fast does the nnviz core train? Steps per second, beside PyTorch CPU if present.

    python benchmarks/bench_training.py            # about 50 s
    python benchmarks/bench_training.py --quick    # about 12 s, noisier

Workloads (the ones issue 2 sets targets for):
    2-8-8-1 tanh      full batch of 500 points, binary cross-entropy on logits
    2-64-64-64-3 relu mini-batches of 1000 (of 3000 points), softmax cross-entropy
    784-128-10 relu   mini-batches of 128 MNIST digits, softmax cross-entropy
    grid 200x200      one forward pass of the 2-8-8-1 net over 40,000 points (ms)

A training step is what a lesson's Play button runs: nnviz pulls one record
from `nv.train_steps` (batch, forward, loss, backward, SGD update, loss value and
accuracy); the PyTorch loop does the same work by hand (index the batch,
forward, loss, zero_grad, backward, optimizer step, `.item()` of the loss and
accuracy). Both sides use one thread (nnviz limits BLAS to one thread when
imported; torch.set_num_threads(1)) and the same dtype. Each figure is the best
of several timed runs, as timeit does: the least disturbed by other processes;
nnviz and PyTorch runs take turns (benchmarks/timing.py).

The script also measures this machine's single-thread matrix-multiply rate and
reports the 784-128-10 float32 step as a fraction of it (useful flops only:
forward, weight gradients, and the input gradient of every layer but the first,
which is what PyTorch computes). No timing is asserted: it only prints.
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np
from timing import best_rate, best_rates

import nnviz as nv

TARGETS = {"2-8-8-1": 2.5, "2-64-64-64-3": 1.0, "784-128-10": 1.2, "grid 200x200": 1.0}


# ---- the workloads -------------------------------------------------------------


def workloads(rng):
    """name -> (layer sizes, activation, loss kind, X, y, batch size)."""
    xor = nv.data.xor(n=500, test_fraction=0.0, rng=rng)
    blobs = nv.data.blobs(n=3000, centers=3, test_fraction=0.0, rng=rng)
    digits = nv.data.digits(28, flat=True, rng=rng)
    return {
        "2-8-8-1": ([2, 8, 8, 1], "tanh", "binary", xor.X_train, xor.y_train, None),
        "2-64-64-64-3": ([2, 64, 64, 64, 3], "relu", "softmax", blobs.X_train,
                         blobs.y_train.astype(int), 1000),
        "784-128-10": ([784, 128, 10], "relu", "softmax", digits.X_train,
                       digits.y_train, 128),
    }


def grid(dtype):
    g = np.linspace(-3, 3, 200)
    gx, gy = np.meshgrid(g, g)
    return np.c_[gx.ravel(), gy.ravel()].astype(dtype)


def nnviz_run(spec, dtype, rng):
    """(model, run): run(count) pulls `count` training steps from nv.train_steps."""
    sizes, activation, kind, X, y, batch = spec
    model = nv.mlp(sizes, activation, rng=rng).astype(dtype)
    loss = {"binary": "binary_cross_entropy_logits", "softmax": "softmax_cross_entropy"}
    stream = nv.train_steps(model, loss[kind], nv.SGD(0.01), X.astype(dtype), y,
                            batch_size=batch, rng=rng)

    def run(count):  # pull `count` steps
        next(itertools.islice(stream, count - 1, None))

    return model, run


def torch_run(spec, dtype, seed):
    """(model, run): the same network and training loop written in PyTorch."""
    import torch

    sizes, activation, kind, X, y, batch = spec
    torch_dtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    torch.manual_seed(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(torch.nn.Linear(n_in, n_out, dtype=torch_dtype))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh() if activation == "tanh" else torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    X = torch.as_tensor(X, dtype=torch_dtype)
    if kind == "binary":
        y = torch.as_tensor(y, dtype=torch_dtype)[:, None]
        loss_fn = torch.nn.BCEWithLogitsLoss()
    else:
        y = torch.as_tensor(y, dtype=torch.long)
        loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    n = len(X)
    gen = torch.Generator().manual_seed(seed)
    full = batch is None or batch >= n
    batch = n if full else batch
    order, position = torch.arange(n), n

    def run(count):
        nonlocal order, position
        for _ in range(count):
            if position + batch > n:  # a new epoch: reshuffle (never for full batch)
                order = torch.arange(n) if full else torch.randperm(n, generator=gen)
                position = 0
            index = order[position:position + batch]
            position += batch
            x_batch, y_batch = X[index], y[index]
            out = model(x_batch)
            value = loss_fn(out, y_batch)
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
            with torch.no_grad():
                if kind == "binary":
                    accuracy = ((out > 0) == (y_batch > 0.5)).to(torch_dtype).mean()
                else:
                    accuracy = (out.argmax(dim=1) == y_batch).to(torch_dtype).mean()
            value.item(), accuracy.item()

    return model, run


def grid_ms(forwards, repeats):
    """{name: milliseconds for one pass}: forwards is {name: forward()}, each one
    forward pass over the grid; they take turns (see timing.py)."""
    def repeated(forward):
        def run(count):
            for _ in range(count):
                forward()
        return run

    rates = best_rates({name: repeated(f) for name, f in forwards.items()}, 20, repeats)
    return {name: 1000.0 / rate for name, rate in rates.items()}


def matmul_gflops(dtype, n=1024, repeats=5):
    """Single-thread rate of one large square matrix product: 2 n^3 flops."""
    a = np.random.default_rng(0).standard_normal((n, n)).astype(dtype)
    b = a.T.copy()
    return 2 * n**3 * best_rate(lambda k: [a @ b for _ in range(k)], 3, repeats) / 1e9


def useful_flops(sizes, batch):
    """2 x multiply-adds of a step: forward, dW, and dx of all but the first layer."""
    pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
    forward = sum(2 * batch * a * b for a, b in pairs)
    return forward + forward + (forward - 2 * batch * sizes[0] * sizes[1])


# ---- the table -------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 7
    scale = 0.3 if args.quick else 1.0

    try:
        import torch

        torch.set_num_threads(1)
        torch_version = torch.__version__
    except ImportError:
        torch = None
        torch_version = "not installed"
    from threadpoolctl import threadpool_info

    blas = {info["internal_api"]: info["num_threads"] for info in threadpool_info()
            if info["user_api"] == "blas"}
    print(f"nnviz {nv.__version__}, numpy {np.__version__}, BLAS threads {blas}, "
          f"PyTorch {torch_version}"
          + (f" (threads {torch.get_num_threads()})" if torch else ""))
    steps = {"2-8-8-1": 3000, "2-64-64-64-3": 300, "784-128-10": 500}
    rng = np.random.default_rng(0)
    specs = workloads(rng)
    gflops = {dtype: matmul_gflops(dtype) for dtype in (np.float64, np.float32)}

    header = (f"{'workload':<16}{'dtype':<9}{'nnviz':>12}{'PyTorch':>12}{'ratio':>8}"
              f"{'target':>8}  unit")
    print("\n" + header + "\n" + "-" * len(header))
    rows = {}
    for dtype in (np.float64, np.float32):
        dname = np.dtype(dtype).name
        grid_model = None
        for name, spec in specs.items():
            count = max(20, int(steps[name] * scale))
            model, run = nnviz_run(spec, dtype, rng)
            runs = {"nnviz": run}
            if torch:
                runs["torch"] = torch_run(spec, dtype, 0)[1]
            rates = best_rates(runs, count, repeats)
            rows[name, dname] = rates["nnviz"]
            print_row(name, dname, rates["nnviz"], rates.get("torch"), TARGETS[name],
                      "steps/s")
            if name == "2-8-8-1":
                grid_model = model
                if torch:
                    torch_grid_model = torch_run(spec, dtype, 0)[0]
        points = grid(dtype)
        forwards = {"nnviz": lambda m=grid_model, p=points: m.predict(p)}
        if torch:
            tensor = torch.as_tensor(points)

            def forward(m=torch_grid_model, p=tensor):
                with torch.no_grad():
                    return m(p).numpy()

            forwards["torch"] = forward
        times = grid_ms(forwards, repeats)
        ours, theirs = times["nnviz"], times.get("torch")
        # For a time, faster is smaller: the ratio is PyTorch's time / nnviz's time.
        print_row("grid 200x200", dname, ours, theirs, TARGETS["grid 200x200"],
                  "ms (target < 4)", invert=True)

    print("\nSingle-thread matmul (1024 x 1024 @ 1024 x 1024): "
          + ", ".join(f"{np.dtype(d).name} {g:.1f} GFLOP/s" for d, g in gflops.items()))
    flops = useful_flops([784, 128, 10], 128)
    achieved = rows["784-128-10", "float32"] * flops / 1e9
    print(f"784-128-10 float32 step: {flops / 1e6:.1f} MFLOP x "
          f"{rows['784-128-10', 'float32']:.0f} steps/s = {achieved:.1f} GFLOP/s, "
          f"{achieved / gflops[np.float32]:.0%} of the matmul rate (target >= 60 %)")


def print_row(name, dtype, ours, theirs, target, unit, invert=False):
    if theirs is None:
        ratio = "-"
    else:
        ratio = f"{(theirs / ours if invert else ours / theirs):.2f}x"
    theirs_text = "-" if theirs is None else f"{theirs:,.1f}"
    print(f"{name:<16}{dtype:<9}{ours:>12,.1f}{theirs_text:>12}{ratio:>8}"
          f"{'>= ' + format(target, '.1f'):>8}  {unit}")


if __name__ == "__main__":
    main()

"""Tanh works, ReLU blows up (lesson Q4): a 784-30-10 net on digits, epoch by epoch.

    h = f(x @ W1 + b1)        tanh keeps every |h| <= 1; ReLU lets h grow unbounded
    logits = h @ W2 + b2

The gradient for W2 is h.T @ dlogits, and the one for W1 goes through W2. With
ReLU a large h makes a large step on W2, a large W2 makes a large step on W1,
which makes h larger still: with a learning rate that tanh survives this loop
can run away (activations 10^6, 10^30, ... then inf). Tanh cuts the loop at
|h| = 1, but that does not make the rate right for tanh: lr 1.0 is too large for
both, and at lr 0.05 the two activations tie. A smaller learning rate breaks the
loop; the initialization and an L2 penalty change where it starts and how hard
it is pulled back, which `digits_run` measures.

Inputs are standardized (each pixel to mean 0, std about 1), the usual
preprocessing, and the one where ReLU's missing upper bound shows quickly.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from nnviz.nn.model import mlp
from nnviz.nn.optimizers import SGD
from nnviz.nn.training import TrainingDiverged, train_steps

#: Initializers offered by the lesson: name -> what mlp(init=...) takes.
INITS = {
    "glorot_uniform": "glorot_uniform",
    "he_normal": "he_normal",
    "normal(1)": 1.0,
    "normal(0.01)": 0.01,
}


@dataclass
class DigitsRun:
    """One training run, measured after every epoch.

    accuracy (E,) test accuracy; act_scale (E,) mean |h| of the hidden layer on
    the test set; weight_norm (E,) |W1| + |W2|. diverged_at: the step at which
    the loss became inf/NaN (then the lists stop there), else None.
    """

    settings: dict
    accuracy: list = field(default_factory=list)
    act_scale: list = field(default_factory=list)
    weight_norm: list = field(default_factory=list)
    diverged_at: int | None = None
    message: str = ""

    @property
    def final_accuracy(self) -> float:
        return self.accuracy[-1] if self.accuracy else float("nan")


def standardize(data):
    """A copy of a flat digits Dataset with every pixel z-scored (train statistics).

    std + 0.1 in the denominator keeps always-blank border pixels finite.
    """
    mean, std = data.X_train.mean(axis=0), data.X_train.std(axis=0) + 0.1
    return type(data)(
        (data.X_train - mean) / std,
        data.y_train,
        (data.X_test - mean) / std,
        data.y_test,
        data.name + " (standardized)",
    )


def digits_stream(data, activation="tanh", *, lr=0.5, init="glorot_uniform", l2=0.0,
                  epochs=4, batch_size=10, hidden=30, seed=1):
    """The run `digits_run` trains, a step at a time: yields the same DigitsRun
    after every step, grown in place.

    Train mlp([n_in, hidden, 10]) with softmax cross-entropy and SGD(lr), in
    batches of `batch_size`; after the last step of each epoch, the test
    accuracy, mean |h| and |W1| + |W2| are in too. epochs * (N // batch_size)
    steps at most: a divergence is recorded (diverged_at, message), yielded
    once, and ends the stream (TrainingDiverged is never raised).
    data: flat Dataset (X (N, n_in), y (N,) labels 0..9).
    """
    if init not in INITS:
        raise ValueError(f"Unknown init {init!r}; choose one of: {', '.join(INITS)}.")
    if epochs < 1:
        raise ValueError(f"Need at least one epoch; got epochs={epochs}.")
    rng = np.random.default_rng(seed)
    model = mlp([data.X_train.shape[1], hidden, 10], activation, init=INITS[init],
                rng=rng)
    run = DigitsRun(dict(activation=activation, lr=lr, init=init, l2=l2, epochs=epochs))
    steps = train_steps(model, "softmax_cross_entropy", SGD(lr), data.X_train,
                        data.y_train, batch_size=batch_size, rng=rng, penalty="l2",
                        penalty_rate=l2)
    per_epoch, done = len(data.X_train) // batch_size, 0
    for _ in range(epochs):
        for i in range(per_epoch):
            try:
                done = next(steps).step
            except TrainingDiverged as error:
                run.diverged_at, run.message = done + 1, str(error)
                yield run
                return
            if i < per_epoch - 1:
                yield run
        _measure(run, model, data)
        yield run


def _measure(run, model, data):
    """Append test accuracy, mean |h| and |W1| + |W2| to `run` (after an epoch)."""
    with np.errstate(over="ignore", invalid="ignore"):
        trace = model.trace(data.X_test)
        run.act_scale.append(float(np.mean(np.abs(trace[2]))))
        run.accuracy.append(float(np.mean(trace[-1].argmax(axis=1) == data.y_test)))
        run.weight_norm.append(float(sum(np.linalg.norm(layer.params["W"])
                                         for layer in model.layers[::2])))


def digits_runs_stream(data, activations, **settings):
    """One step of every net in turn: yields {activation: DigitsRun} each round.

    settings go to `digits_stream`. A net that diverged stops (its run stays
    in the dict); the stream ends when every net has ended.
    """
    streams = {name: digits_stream(data, name, **settings) for name in activations}
    runs = {}
    while streams:
        for name, stream in list(streams.items()):
            try:
                runs[name] = next(stream)
            except StopIteration:
                del streams[name]
        if streams:
            yield runs


def digits_run(data, activation="tanh", **settings) -> DigitsRun:
    """The whole run of `digits_stream` (settings: lr, init, l2, epochs,
    batch_size, hidden, seed), measured every epoch.

    data: flat Dataset (X (N, n_in), y (N,) labels 0..9). TrainingDiverged is
    caught and recorded (diverged_at, message), never raised.
    """
    return deque(digits_stream(data, activation, **settings), maxlen=1)[0]

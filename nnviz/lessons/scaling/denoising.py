"""A denoising autoencoder under three scalings and two output layers (Q2).

The task: from a noisy 8 x 8 digit (64 pixels), rebuild the clean one. The
noise is Gaussian, plus a few "hot pixels" (stuck sensor cells) that add
`hot_strength` to a pixel: outliers far above the usual [0, 1] range.

One scaler is fitted on the noisy inputs (the only images we would have when
using the model) and applied to inputs and clean targets alike; the network
64 -> 32 (tanh) -> 64 ends in a sigmoid or in nothing (identity). The loss is
reported in pixel units (the clean images' [0, 1] scale), so all six runs are
compared on the same ruler:

    MSE_pixels = mean((inverse(y_pred) - clean)**2) = MSE_scaled * scale**2

(one scale for all pixels, so the conversion is exact).
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, replace

import numpy as np

from nnviz.data.scaling import SCALINGS, Scaler, fit_scaler
from nnviz.nn.checks import check_number
from nnviz.nn.model import Sequential, mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import train_steps

DENOISER_OUTPUTS = ("sigmoid", "identity")


def noisy_digits(clean, *, noise=0.1, hot_fraction=0.01, hot_strength=5.0, rng=None):
    """Noisy copies of clean images: clean + N(0, noise**2), plus hot pixels.

    clean: (N, F) pixels in [0, 1]. Each pixel is hot with probability
    `hot_fraction`; a hot pixel gets `hot_strength` added. Returns (N, F).
    """
    if noise < 0 or hot_strength < 0 or not 0 <= hot_fraction <= 1:
        raise ValueError(
            f"noisy_digits needs noise >= 0, hot_strength >= 0 and hot_fraction in "
            f"[0, 1]; got {noise}, {hot_strength}, {hot_fraction}."
        )
    rng = rng if rng is not None else np.random.default_rng()
    clean = np.asarray(clean, dtype=float)
    hot = rng.random(clean.shape) < hot_fraction
    return clean + noise * rng.normal(size=clean.shape) + hot_strength * hot


def sigmoid_floor(targets, scaler: Scaler) -> float:
    """The lowest pixel-unit MSE any output in [0, 1] can reach on `targets`.

    targets: clean images (N, F) in pixel units. In scaled units a sigmoid
    output lies in (0, 1); a target t outside is missed by at least its
    distance to [0, 1]. Returns mean(distance**2) * scale**2.
    """
    t = scaler.transform(targets)
    distance = np.clip(t, 0.0, 1.0) - t
    return float(np.mean(distance**2) * np.mean(scaler.scale) ** 2)


@dataclass
class DenoisingRun:
    """One trained denoiser. losses: (steps,) training MSE in pixel units."""

    scaling: str
    output: str
    scaler: Scaler
    model: Sequential
    losses: np.ndarray
    floor: float  # sigmoid_floor of the targets: the bound a sigmoid cannot beat

    def denoise(self, noisy):
        """Denoised images (N, F) in pixel units for noisy images (N, F)."""
        scaled = self.model.predict(self.scaler.transform(noisy))
        return self.scaler.inverse(scaled)


def denoiser_stream(noisy, clean, scaling="zscore", output="identity", *, hidden=32,
                    lr=0.01, seed=0):
    """The denoiser `train_denoiser` trains, a step at a time (endless: take
    what you need). Yields, after every step, a function that makes the
    DenoisingRun as far as trained when it is called (losses (steps so far,)
    in pixel units): a caller builds only the last one it keeps.

    noisy, clean: (N, F). The net 64 -> hidden (tanh) -> 64 (`output`), weights
    from `seed`, full-batch Adam(lr) on scaled (noisy, clean) pairs; the scaler
    of `scaling` is fitted on `noisy` (axis=None). Checks its arguments at once.
    """
    if output not in DENOISER_OUTPUTS:
        raise ValueError(
            f"Unknown output {output!r}. Choose one of: {DENOISER_OUTPUTS}."
        )
    noisy, clean = np.asarray(noisy, dtype=float), np.asarray(clean, dtype=float)
    if noisy.shape != clean.shape or noisy.ndim != 2:
        raise ValueError(
            f"noisy and clean must be matching (N, F) arrays; got {noisy.shape} "
            f"and {clean.shape}."
        )
    scaler = fit_scaler(noisy, scaling)
    features = noisy.shape[1]
    model = mlp([features, hidden, features], "tanh",
                output=None if output == "identity" else output,
                rng=np.random.default_rng(seed))
    steps = train_steps(model, "mse", Adam(lr), scaler.transform(noisy),
                        scaler.transform(clean))
    return _grow(DenoisingRun(scaling, output, scaler, model, np.empty(0),
                              sigmoid_floor(clean, scaler)), steps)


def _grow(start: DenoisingRun, steps):
    """denoiser_stream's steps: `start` (no step yet) made longer step by step."""
    losses = []

    def run():
        return replace(start, losses=np.array(losses) * start.scaler.scale**2)

    for record in steps:
        losses.append(record.loss)
        yield run


def denoisers_stream(noisy, clean, *, scalings=SCALINGS, outputs=DENOISER_OUTPUTS,
                     **kwargs):
    """Every combination at once, a step of each denoiser in turn (endless).

    Yields, after each round, a function that makes {(scaling, output):
    DenoisingRun} as far as trained. kwargs (hidden, lr, seed) go to
    `denoiser_stream`, so `steps` rounds end where
    train_denoisers(noisy, clean, steps=steps) ends.
    """
    streams = {(s, o): denoiser_stream(noisy, clean, s, o, **kwargs)
               for s in scalings for o in outputs}
    while True:
        made = {key: next(stream) for key, stream in streams.items()}
        yield lambda made=made: {key: run() for key, run in made.items()}


def train_denoiser(noisy, clean, scaling="zscore", output="identity", *, steps=300,
                   **kwargs) -> DenoisingRun:
    """Train 64 -> hidden (tanh) -> 64 (`output`) on scaled (noisy, clean) pairs:
    the first `steps` steps (at least 1) of `denoiser_stream` (kwargs: hidden,
    lr, seed). noisy, clean: (N, F).
    """
    stream = denoiser_stream(noisy, clean, scaling, output, **kwargs)
    steps = check_number(steps, "steps", where="train_denoiser", low=1, whole=True,
                         hint="It is how many optimizer steps to take, e.g. 300.")
    return deque(itertools.islice(stream, steps), maxlen=1)[0]()


def train_denoisers(noisy, clean, *, scalings=SCALINGS, outputs=DENOISER_OUTPUTS,
                    steps=300, progress=None, **kwargs) -> dict:
    """Every combination: {(scaling, output): DenoisingRun}, `steps` steps each
    (the same runs as train_denoiser gives one by one). kwargs: hidden, lr, seed.

    progress: None, or a function that shows a bar while the steps run, called
    as progress(rounds, steps, what): pass `nv.progress_steps`.
    """
    steps = check_number(steps, "steps", where="train_denoisers", low=1, whole=True,
                         hint="It is how many optimizer steps to take, e.g. 300.")
    rounds = itertools.islice(denoisers_stream(noisy, clean, scalings=scalings,
                                               outputs=outputs, **kwargs), steps)
    if progress is not None:
        count = len(scalings) * len(outputs)
        rounds = progress(rounds, steps, f"training {count} denoisers")
    return deque(rounds, maxlen=1)[0]()  # run to the end: the bar says "done"

"""Fitting a picture (lesson Q6): how much capacity a map full of islands needs.

Inputs are pixel coordinates (row, col) in [-1, 1], the target is the pixel's
colour (0/1), the loss softmax cross-entropy on two classes. A 2-100-2 ReLU net
stalls near 70 % correct: each hidden unit draws one straight line, and the
picture has dozens of small islands. What helps:

* depth (100-100-100): lines combine into polygons, many more regions per unit;
* features: give the net waves sin(pi k x), cos(pi k x) of each coordinate
  ("Fourier features", k = 1..K) and every unit starts from stripes of many
  widths, so small islands are within reach of one layer;
* many more steps: islands are found one by one, long after the big shapes.

    Z = fourier_features(X, 8)      # X (N, 2) -> Z (N, 2 + 4 * 8)

The nets compute in float32: a step costs much less than in float64 (a panel
trains while the learner watches; benchmarks/bench_controls.py times it), and a
picture of 0/1 pixels needs no more digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.nn.activations import sigmoid
from nnviz.nn.model import mlp
from nnviz.nn.optimizers import Adam
from nnviz.nn.training import train_steps


def fourier_features(X, n_freq) -> np.ndarray:
    """[x, sin(pi k x), cos(pi k x) for k = 1..n_freq, for each column of x].

    Shapes: X (N, D) -> (N, D + 2 * D * n_freq). n_freq 0 returns X unchanged.
    """
    X = np.asarray(X, dtype=float)
    if n_freq == 0:
        return X
    phase = X[:, :, None] * (np.pi * np.arange(1, n_freq + 1))  # (N, D, K)
    return np.concatenate(
        [X, np.sin(phase).reshape(len(X), -1), np.cos(phase).reshape(len(X), -1)],
        axis=1,
    )


@dataclass
class PictureFit:
    """A net learning the picture: `train(steps)`, then read `image()`, `accuracy`.

    data: a picture dataset (X_train (H*W, 2) pixel coordinates, y_train (H*W,)).
    depth, width: hidden ReLU layers and units per layer; n_freq: Fourier
    frequencies per coordinate (0: the coordinates only); lr: Adam's step.
    dtype: the numbers the net computes with (float32 by default, see above).
    """

    data: object
    depth: int = 1
    width: int = 100
    n_freq: int = 0
    lr: float = 0.01
    seed: int = 0
    dtype: type = np.float32

    def __post_init__(self):
        if self.depth < 1 or self.width < 1 or self.n_freq < 0:
            raise ValueError(
                f"Need depth >= 1, width >= 1 and n_freq >= 0; got depth="
                f"{self.depth}, width={self.width}, n_freq={self.n_freq}."
            )
        rng = np.random.default_rng(self.seed)
        X = self.data.X_train
        self.shape = (len(np.unique(X[:, 0])), len(np.unique(X[:, 1])))  # (H, W)
        self.Z = fourier_features(X, self.n_freq).astype(self.dtype)
        sizes = [self.Z.shape[1], *[self.width] * self.depth, 2]
        # He-scaled starting weights suit ReLU (lesson 7 explains why)
        self.model = mlp(sizes, "relu", init="he_normal", rng=rng, dtype=self.dtype)
        self.labels = self.data.y_train.astype(int)
        self.steps_done = 0
        self._p, self._p_step = None, None  # P(white) and the step it was made at
        self._steps = train_steps(
            self.model,
            "softmax_cross_entropy",
            Adam(self.lr),
            self.Z,
            self.labels,
            rng=rng,
        )

    def train(self, steps) -> float:
        """Take `steps` full-batch Adam steps; return the accuracy after them."""
        for _ in range(int(steps)):
            next(self._steps)
        self.steps_done += int(steps)
        return self.accuracy

    def probabilities(self) -> np.ndarray:
        """P(white) for every pixel, (N,): one forward pass per training step
        (image() and accuracy after the same step share it)."""
        if self._p_step != self.steps_done:
            logits = self.model.predict(self.Z)
            self._p = sigmoid(logits[:, 1] - logits[:, 0])  # = softmax(logits)[:, 1]
            self._p_step = self.steps_done
        return self._p

    def image(self) -> np.ndarray:
        """The learned picture, (H, W), P(white) per pixel."""
        return self.probabilities().reshape(self.shape)

    @property
    def accuracy(self) -> float:
        return float(np.mean((self.probabilities() > 0.5) == self.labels))

    @property
    def n_params(self) -> int:
        return self.model.n_params

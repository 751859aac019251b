"""Global average pooling against flatten + dense (lesson 11, Q27).

Two small CNNs for 28 × 28 digits share the same convolutional trunk:

    conv3×3 (1→8) ReLU maxpool2 -> conv3×3 (8→16) ReLU maxpool2
                                -> conv3×3 (16→32) ReLU
    x (N, 1, 28, 28)  ->  maps (N, 32, 7, 7)      (padding 1 everywhere: 28 -> 14 -> 7)

and differ only in the head that turns the 32 maps of 7 × 7 into 10 logits:

    flatten head:  Flatten -> Dense(32·7·7 = 1568, 10)   1568·10 + 10 = 15,690 params
    GAP head:      Conv2D 1×1 (32→10) -> GlobalAvgPool2D   32·10 + 10 =    330 params

The GAP head first mixes the 32 maps into 10 *class maps* (one per digit:
"where does this look like a 3?"), then averages each map to one logit. The
average does not care where in the map the evidence sits. (Averaging then a
Dense(32, 10) is the same function, by linearity: the order of a mean and a
matrix product does not matter.)

`head_trainer` gives both models and the generator that trains them (a cell
shows its progress); `train_heads` runs it. `shift_images` moves digits by whole
pixels with zeros coming in (no wrap around); `shift_accuracy` measures how each
model copes.
"""

from __future__ import annotations

import itertools

import numpy as np

from nnviz.nn.activations import ReLU
from nnviz.nn.conv import Conv2D
from nnviz.nn.dense import Dense
from nnviz.nn.layer import ShapeError
from nnviz.nn.model import Sequential
from nnviz.nn.optimizers import Adam
from nnviz.nn.pooling import GlobalAvgPool2D, MaxPool2D
from nnviz.nn.reshape import Flatten
from nnviz.nn.training import accuracy, train_steps

TRUNK_LAYERS = 8  # conv ReLU pool conv ReLU pool conv ReLU


def _trunk(rng, dtype):
    return [Conv2D(1, 8, 3, padding=1, rng=rng, dtype=dtype), ReLU(), MaxPool2D(2),
            Conv2D(8, 16, 3, padding=1, rng=rng, dtype=dtype), ReLU(), MaxPool2D(2),
            Conv2D(16, 32, 3, padding=1, rng=rng, dtype=dtype), ReLU()]


def flatten_head_cnn(*, rng=None, dtype=np.float64) -> Sequential:
    """The trunk, then Flatten -> Dense(1568, 10): one weight per input and class."""
    layers = _trunk(rng, dtype) + [Flatten(), Dense(32 * 7 * 7, 10, rng=rng,
                                                    dtype=dtype)]
    return Sequential(layers, input_shape=(1, 28, 28))


def gap_head_cnn(*, rng=None, dtype=np.float64) -> Sequential:
    """The trunk, then a 1×1 Conv2D to 10 class maps -> GlobalAvgPool2D: 10 logits."""
    layers = _trunk(rng, dtype) + [Conv2D(32, 10, 1, rng=rng, dtype=dtype),
                                   GlobalAvgPool2D(name="gap")]
    return Sequential(layers, input_shape=(1, 28, 28))


def head_params(model) -> int:
    """Parameters after the shared trunk (its first 8 layers): the head's share."""
    return sum(layer.n_params for layer in model.layers[TRUNK_LAYERS:])


def head_trainer(X, y, *, steps=300, batch_size=64, lr=0.005, seed=0):
    """Both CNNs (float32, from the same trunk weights), and the run that trains them.

    X (N, 1, 28, 28), y (N,) labels. Returns (models, run): models is
    {"flatten": model, "gap": model}, untrained until `run` is consumed; run is
    a generator of TrainingStep records, `steps` for the flatten model, then
    `steps` for the GAP model (2 * steps in all), each on the same batches.
    """
    models = {"flatten": flatten_head_cnn(rng=np.random.default_rng(seed)),
              "gap": gap_head_cnn(rng=np.random.default_rng(seed))}
    for model in models.values():
        model.astype(np.float32)

    def run():
        for model in models.values():
            yield from itertools.islice(train_steps(
                model, "softmax_cross_entropy", Adam(lr), X, y,
                batch_size=batch_size, rng=np.random.default_rng(seed + 1)), steps)

    return models, run()


def train_heads(X, y, *, steps=300, batch_size=64, lr=0.005, seed=0) -> dict:
    """Train both CNNs (`head_trainer`) at once: {"flatten": model, "gap": model}.

    300 steps take a few seconds per model on one core.
    """
    models, run = head_trainer(X, y, steps=steps, batch_size=batch_size, lr=lr,
                               seed=seed)
    for _ in run:
        pass
    return models


def shift_images(X, dx=0, dy=0) -> np.ndarray:
    """Images moved dx pixels right and dy pixels down; zeros fill the gap.

    X (N, C, height, width) -> same shape. Negative dx moves left, negative dy
    up. Pixels pushed past the edge are lost (no wrap-around).
    """
    X = np.asarray(X)
    if X.ndim != 4:
        raise ShapeError(f"shift_images takes a batch (N, C, height, width), "
                         f"but got shape {X.shape}. For one image use X[None, None].")
    height, width = X.shape[2:]
    dx, dy = int(dx), int(dy)
    out = np.zeros_like(X)
    if abs(dx) >= width or abs(dy) >= height:
        return out
    rows_to, rows_from = _span(dy, height)
    cols_to, cols_from = _span(dx, width)
    out[:, :, rows_to, cols_to] = X[:, :, rows_from, cols_from]
    return out


def _span(shift, n):
    """(destination slice, source slice) along one axis of n pixels."""
    if shift >= 0:
        return slice(shift, n), slice(0, n - shift)
    return slice(0, n + shift), slice(-shift, n)


def shift_accuracy(model, X, y, shifts) -> np.ndarray:
    """Accuracy on X moved by each (dx, dy) in `shifts`: array (len(shifts),)."""
    return np.array([accuracy(model.predict(shift_images(X, dx, dy)), y)
                     for dx, dy in shifts])


def class_maps(model, x) -> np.ndarray:
    """The GAP model's 10 class maps for images x (N, 1, 28, 28): (N, 10, 7, 7).

    The output of its 1×1 convolution, just before the average: map k says
    where the image looks like digit k. Their means are the model's logits.
    """
    return model.trace(x)[TRUNK_LAYERS + 1]

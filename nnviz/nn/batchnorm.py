"""Batch normalization: standardize each channel over the batch, then scale and shift.

During training a layer's input distribution keeps moving as the layers below
it learn. Batch normalization rescales every feature (every channel, for
images) to mean 0 and variance 1 over the current batch, then lets the
network choose the scale and offset it wants with two learned vectors,
gamma and beta. At evaluation there may be a single example, so the layer
uses running averages of the batch statistics, collected during training.

`momentum` here is the weight of the NEW batch (PyTorch's convention, 0.1).
Keras calls 1 - m its momentum (0.99). It has nothing to do with SGD's momentum.
"""

from __future__ import annotations

import numpy as np

from nnviz.nn.layer import Layer, ShapeError, check_shape, describe


class BatchNorm(Layer):
    """Batch normalization: y = gamma * (x - mean) / sqrt(var + eps) + beta.

    One mean and one variance per feature (dense input) or per channel (images,
    over the batch AND every pixel). x_hat = (x - mean) / sqrt(var + eps).

    Shapes:
        x (N, F)                 -> y (N, F)                  after a Dense
        x (N, C, height, width)  -> y (N, C, height, width)   after a Conv2D
        gamma, beta (F,) or (C,): params.  running_mean, running_var (F,) or (C,):
        plain attributes, updated in place, never touched by the optimizer.

    forward(x, training=True): mean and var (the biased variance) of this batch,
    then, with M values per channel (N, or N * height * width):
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var  = (1 - momentum) * running_var  + momentum * var * M / (M - 1)
    (the unbiased variance for running_var, as PyTorch does).
    forward(x, training=False): mean = running_mean, var = running_var. The layer
    is then a fixed affine map per channel: each example's y ignores the others.

    Backward (sums and means over the batch, and height, width for images):
        dgamma = sum(dy * x_hat),   dbeta = sum(dy)
        dx = (gamma / sqrt(var + eps)) * (dy - mean(dy) - x_hat * mean(dy * x_hat))
    in training: every x moves the batch's mean and var (the two subtracted terms);
        dx = (gamma / sqrt(var + eps)) * dy
    in evaluation, where mean and var are constants.

    Training needs at least 2 values per channel to compute a variance: a batch
    of 2 dense examples, or one image of 2 pixels or more (as in PyTorch).
    Cache: "x_hat" (shape of x), "inv_std" = 1 / sqrt(var + eps) (F,) or (C,),
    "training".
    """

    def __init__(self, n_features, *, momentum=0.1, eps=1e-5, name=None,
                 dtype=np.float64):
        super().__init__(name or "batchnorm")
        if not isinstance(n_features, (int, np.integer)) or n_features < 1:
            raise ValueError(
                "BatchNorm: n_features must be a positive whole number (the "
                f"features or channels of its input), got {n_features!r}.")
        if not 0.0 <= momentum <= 1.0 or not eps > 0:
            raise ValueError(
                "BatchNorm: momentum must be in [0, 1] (the weight of the new batch, "
                f"0.1 as in PyTorch) and eps > 0; got momentum={momentum!r}, "
                f"eps={eps!r}.")
        self.momentum, self.eps = float(momentum), float(eps)
        self.params = {"gamma": np.ones(n_features, dtype=dtype),
                       "beta": np.zeros(n_features, dtype=dtype)}
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self.running_mean = np.zeros(n_features, dtype=dtype)
        self.running_var = np.ones(n_features, dtype=dtype)

    @property
    def n_features(self):
        return self.params["gamma"].shape[0]

    def forward(self, x, *, training=False):
        x = self._check_input(x, training)
        axes, shape = _axes(x.ndim)
        if training:
            mean, var = x.mean(axis=axes), x.var(axis=axes)  # (F,) or (C,)
            m = x.size // self.n_features  # values per channel
            self.running_mean *= 1 - self.momentum
            self.running_mean += self.momentum * mean
            self.running_var *= 1 - self.momentum
            self.running_var += self.momentum * var * (m / (m - 1))
        else:
            mean, var = self.running_mean, self.running_var
        dtype = np.result_type(x, self.params["gamma"])  # float32 stays float32
        inv_std = (1.0 / np.sqrt(var + self.eps)).astype(dtype)
        x_hat = (x - mean.astype(dtype).reshape(shape)) * inv_std.reshape(shape)
        self.cache = {"x_hat": x_hat, "inv_std": inv_std, "training": training}
        gamma, beta = (self.params[k].reshape(shape) for k in ("gamma", "beta"))
        y = gamma * x_hat + beta
        return self._remember_output(y)

    def backward(self, dy):
        dy = self._check_backward(dy)
        x_hat, training = self.cache["x_hat"], self.cache["training"]
        axes, shape = _axes(dy.ndim)
        self.grads["gamma"] = (dy * x_hat).sum(axis=axes)
        self.grads["beta"] = dy.sum(axis=axes)
        # scale = gamma / sqrt(var + eps), one number per channel
        scale = (self.params["gamma"] * self.cache["inv_std"]).reshape(shape)
        if not training:  # y = scale * x + constant, per channel
            return scale * dy
        # mean(dy) and mean(dy * x_hat): the two sums above, over M values each.
        m = dy.size // self.n_features
        mean_dy = self.grads["beta"].reshape(shape) / m
        mean_dy_x_hat = self.grads["gamma"].reshape(shape) / m
        return scale * (dy - mean_dy - x_hat * mean_dy_x_hat)

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) not in (2, 4) or shape[1] not in (None, self.n_features):
            raise ShapeError(
                f"{describe(self)} takes (N, {self.n_features}) or "
                f"(N, {self.n_features}, height, width) but gets {shape}. "
                + _hint(len(shape), shape[1] if len(shape) > 1 else None))
        return shape

    def _check_input(self, x, training):
        """x as a float array of shape (N, F) or (N, C, height, width), checked."""
        ndim = np.ndim(x)
        expected = (None, self.n_features) + ((None, None) if ndim == 4 else ())
        x = check_shape(x, expected, layer=self, hint=_input_hint)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(float)
        if training and x.size // self.n_features < 2:
            raise ShapeError(
                f"{describe(self)} in training mode got a batch of {len(x)} "
                f"(shape {x.shape}): the variance over one value per channel is 0, "
                "so every output would be beta and no gradient would flow. "
                "Use a batch of at least 2, or training=False (evaluation uses the "
                "running averages).")
        return x


def _axes(ndim):
    """The axes the statistics average over, and the shape that broadcasts them:
    (0,), (1, F) for dense inputs; (0, 2, 3), (1, C, 1, 1) for images."""
    if ndim == 2:
        return (0,), (1, -1)
    return (0, 2, 3), (1, -1, 1, 1)


def _input_hint(x):
    return _hint(x.ndim, x.shape[1] if x.ndim > 1 else None)


def _hint(ndim, got):
    if ndim in (2, 4):
        what = "features (a Dense layer's n_out)" if ndim == 2 else (
            "channels (the previous Conv2D's C_out)")
        return (f"It normalizes axis 1, which holds {got} {what}: set "
                f"n_features={got}, or change the previous layer.")
    return ("BatchNorm takes (N, features) after a Dense layer or "
            "(N, channels, height, width) after a Conv2D, with the batch first.")

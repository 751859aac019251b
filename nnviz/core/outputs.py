"""Lesson 8: outputs, losses and input scaling (Q2, Q5, Q19, Q20).

The ideas live in one module each; this module gathers their public names:

    scaling      Scaler, fit_scaler: min-max, robust percentiles, z-score (Q2, Q5)
    denoising    a denoising autoencoder under each scaling and output (Q2)
    steering     a steering-angle regression: raw vs scaled, tanh vs linear (Q5)
    likelihood   the softmax Jacobian and an L1 penalty (Q19); losses as
                 negative log-likelihoods (Q20)
"""

from .denoising import (
    DENOISER_OUTPUTS,
    DenoisingRun,
    noisy_digits,
    sigmoid_floor,
    train_denoiser,
    train_denoisers,
)
from .likelihood import (
    bernoulli_cross_entropy,
    bernoulli_nll,
    categorical_cross_entropy,
    categorical_nll,
    gaussian_nll,
    l1_softmax_gradient,
    l1_softmax_numeric,
    l2_softmax_gradient,
    mean_squared_error,
    softmax_jacobian,
)
from .scaling import SCALINGS, Scaler, fit_scaler
from .steering import (
    STEERING_LOCK,
    STEERING_SETUPS,
    SteeringRun,
    angle_errors,
    steering_data,
    train_steering,
)

__all__: list[str] = [
    "SCALINGS", "Scaler", "fit_scaler",
    "DENOISER_OUTPUTS", "DenoisingRun", "noisy_digits", "sigmoid_floor",
    "train_denoiser", "train_denoisers",
    "STEERING_LOCK", "STEERING_SETUPS", "SteeringRun", "angle_errors",
    "steering_data", "train_steering",
    "softmax_jacobian", "l1_softmax_gradient", "l1_softmax_numeric",
    "l2_softmax_gradient", "mean_squared_error", "bernoulli_cross_entropy",
    "categorical_cross_entropy", "gaussian_nll", "bernoulli_nll", "categorical_nll",
]

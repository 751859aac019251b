"""The numpy network core: layers, losses, initializers, optimizers, training.

Imports numpy only (never matplotlib or ipywidgets), so it runs anywhere.
"""

from . import activations, initializers, losses, optimizers, regularizers
from .activations import (
    ELU, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Softplus, Step, Tanh, softmax,
)
from .dense import Dense
from .gradcheck import check_layer, check_loss, numerical_gradient, rel_error
from .initializers import fan_in_fan_out
from .layer import Layer, ShapeError, check_shape
from .losses import (
    BinaryCrossEntropy, BinaryCrossEntropyWithLogits, MeanSquaredError,
    SoftmaxCrossEntropy,
)
from .model import Sequential, mlp
from .optimizers import SGD, Adam
from .regularizers import ActivityPenalty
from .threads import set_threads
from .training import Step as TrainingStep
from .training import TrainingDiverged, accuracy, evaluate, fit, train_steps
from .dropout import Dropout, dropout_means, keep_probability
from .diagnostics import deep_net, fan_in_readout, fan_table, layer_statistics
from .diagnostics import symmetry_gap
from .experiments import classifier, loss_history, train_under_schemes
from .dropout import dropout_mlp, sample_outputs
from .linear_collapse import collapse, collapsed_layer, linear_part
from .neuron import NeuronRun, train_neuron
from .shapes import ShapeRow, dense_shapes, total_params
from .bookkeeping import Stage, training_cycle
from .weight_growth import column_sums, norm_history, weight_norm
from .lstm import LSTM, lstm_param_count, lstm_shapes, memory_cell, sequence_trace  # noqa: F401,E501
from .lstm import set_forget_bias, shift_forget_bias  # noqa: F401
from .explosion import DigitsRun, digits_run, standardize
from .extrapolation import parity_data, fit_classifier_1d, fit_regression_1d, max_error
from .capacity import PictureFit, fourier_features
from .conv import Conv2D, correlate2d  # noqa: F401
from .im2col import col2im, conv_output_size, im2col  # noqa: F401
from .pooling import AvgPool2D, GlobalAvgPool2D, MaxPool2D  # noqa: F401
from .reshape import Flatten  # noqa: F401
from .features import FEATURES, feature_fn, make_features  # noqa: F401
from .cnn import KERNELS, class_responses, cnn_shapes, conv_arithmetic, small_cnn  # noqa: F401
from .cnn import kernel_similarity  # noqa: F401
from .outputs import *  # noqa: E402,F401,F403 (lesson 8)
from .residual import *  # noqa: E402,F401,F403 (lesson 10)
from .dynamics import *  # noqa: E402,F401,F403 (lesson 9)

"""The network: layers, losses, initializers, optimizers, a model and its training loop.

numpy only, and nothing lesson-specific: a learner can read this folder whole.

    layer.py          Layer, check_shape, ShapeError: what every layer shares
    checks.py         check_number, check_rng: arguments checked in words
    dense.py          Dense: y = x @ W + b
    activations.py    ReLU, Tanh, Sigmoid, ... each a value and a derivative
    conv.py, im2col.py, pooling.py, reshape.py    Conv2D, MaxPool2D, Flatten, ...
    dropout.py        Dropout (inverted)
    lstm.py           LSTM: one cell reused at every time step
    residual.py       ResidualBlock: y = ReLU(body(x) + shortcut(x))
    batchnorm.py      BatchNorm: standardize each channel over the batch; gamma, beta
    losses.py         MeanSquaredError, SoftmaxCrossEntropy, ...
    initializers.py   glorot, he, ... and fan_in_fan_out
    optimizers.py     SGD (with momentum), Adam
    regularizers.py   L2 weight decay, activity penalties
    model.py          Sequential and mlp
    summary.py        layer_rows: each layer's shapes and parameter count
    training.py       train_steps (a generator), fit, evaluate, TrainingDiverged
    gradcheck.py      finite differences: numerical_gradient, check_layer
    threads.py        one BLAS thread by default
"""

from nnviz.nn import activations, initializers, losses, optimizers, regularizers
from nnviz.nn.activations import (
    ELU,
    Identity,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softmax,
    Softplus,
    Step,
    Tanh,
    softmax,
)
from nnviz.nn.batchnorm import BatchNorm
from nnviz.nn.conv import Conv2D, correlate2d
from nnviz.nn.dense import Dense
from nnviz.nn.dropout import Dropout, keep_probability
from nnviz.nn.gradcheck import check_layer, check_loss, numerical_gradient, rel_error
from nnviz.nn.im2col import col2im, conv_output_size, im2col
from nnviz.nn.initializers import fan_in_fan_out
from nnviz.nn.layer import Layer, ShapeError, check_shape
from nnviz.nn.losses import (
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    MeanSquaredError,
    SoftmaxCrossEntropy,
)
from nnviz.nn.lstm import LSTM
from nnviz.nn.model import Sequential, mlp
from nnviz.nn.optimizers import SGD, Adam
from nnviz.nn.pooling import AvgPool2D, GlobalAvgPool2D, MaxPool2D
from nnviz.nn.regularizers import ActivityPenalty
from nnviz.nn.reshape import Flatten
from nnviz.nn.residual import SHORTCUTS, ResidualBlock
from nnviz.nn.summary import LayerRow, layer_rows
from nnviz.nn.threads import set_threads
from nnviz.nn.training import TrainingStep
from nnviz.nn.training import TrainingDiverged, accuracy, evaluate, fit, train_steps

# What `from nnviz.nn import *` (as nnviz/__init__.py does) takes: every class and
# function imported above, and the five modules imported by name on the first line.
__all__ = [name for name, value in globals().items()
           if not name.startswith("_") and not isinstance(value, type(initializers))]
__all__ += ["activations", "initializers", "losses", "optimizers", "regularizers"]

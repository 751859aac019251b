"""Widgets: ipywidgets controls wired to nnviz views. Needs `%matplotlib widget`."""

from .controls import Panel, play_control, require_widget_backend, slider  # noqa: F401
from .init import init_explorer  # noqa: F401
from .dropout import keep_prob_explorer, train_eval_explorer  # noqa: F401
from .weights import (  # noqa: F401
    batch_size_explorer, bookkeeping_stepper, logit_scale_explorer, shapes_calculator,
)
from .growth import and_neuron_explorer, weight_growth_explorer  # noqa: F401
from .dropout import dropout_vs_overfitting  # noqa: F401
from .activations import collapse_explorer, explosion_explorer  # noqa: F401
from .boundaries import (  # noqa: F401
    extrapolation_explorer, parity_explorer, picture_explorer,
)
from .lstm import (  # noqa: F401
    gate_timeline_explorer, lstm_shapes_explorer, memory_explorer, memory_trainer,
)
from .replay import training_replay  # noqa: F401
from .cnn import cnn_training_panel, conv_arithmetic_explorer, kernel_editor  # noqa: F401
from .cnn_shapes import cnn_builder, shapes_html  # noqa: F401
from .space import space_explorer  # noqa: F401
from .approx import bumps_explorer  # noqa: F401
from .curves import activation_explorer  # noqa: F401
from .playground import Playground, playground  # noqa: F401
from .presets import PlaygroundConfig  # noqa: F401
from .pitfalls import stops_learning_explorer  # noqa: F401
from .fans import fan_in_explorer  # noqa: F401
from .outputs import *  # noqa: E402,F401,F403 (lesson 8)
from .residual import *  # noqa: E402,F401,F403 (lesson 10)
from .dynamics import *  # noqa: E402,F401,F403 (lesson 9)

"""nnviz: see how neural networks work, one slider at a time.

    import nnviz as nv
    model = nv.mlp([2, 4, 1], "tanh", rng=rng)

Where things live (every name below is also reachable as `nv.<name>`):

    nnviz.nn                 the numpy network: layers, losses, optimizers, training
    nnviz.data               datasets, input features, scalers
    nnviz.plots, .widgets    views and controls that several lessons share
    nnviz.lessons.<topic>    one package per lesson: experiments, views, panels
    nnviz.playground         the playground
    nnviz.exercises          the exercise checks

Every name is listed: the network's in nnviz/nn/__init__.py, the rest below with
the module that defines it (`_LAZY`, loaded on first use, so `import nnviz.nn`
alone never imports matplotlib).
"""

import importlib

from nnviz import data, exercises, nn
from nnviz.nn import *  # noqa: F403  the network's names: see nnviz/nn/__init__.py
from nnviz.nn.threads import default_threads as _default_threads

__version__ = "0.1.0"

nn.set_threads(_default_threads())  # one BLAS thread unless NNVIZ_THREADS says so

from nnviz.data.features import make_features
from nnviz.data.scaling import SCALINGS, Scaler, fit_scaler
from nnviz.exercises.expect import expect

# Views, panels and lesson experiments need matplotlib and ipywidgets, so they are
# loaded on first use: `nv.boundary_explorer` imports its module the first time it
# is asked for. Every such name is listed here with the module that defines it.
_LAZY = {
    "nnviz.plots.style": [
        "presentation",
    ],
    "nnviz.plots.space": [
        "SpaceDistortionView",
    ],
    "nnviz.widgets.progress": [
        "Progress", "progress_steps",
    ],
    "nnviz.playground.app": [
        "Playground", "playground",
    ],
    "nnviz.playground.config": [
        "PlaygroundConfig",
    ],
    "nnviz.lessons.activations.approx": [
        "approximate", "bump", "bumps_network",
    ],
    "nnviz.lessons.activations.approx_panels": [
        "bumps_explorer",
    ],
    "nnviz.lessons.activations.collapse": [
        "collapse", "collapsed_layer", "linear_part",
    ],
    "nnviz.lessons.activations.forum": [
        "bumps_outside", "dead_relu_units", "depth_race", "sigmoid_slope_errors",
    ],
    "nnviz.lessons.activations.curves_panels": [
        "activation_explorer", "preactivations",
    ],
    "nnviz.lessons.initialization.explosion": [
        "digits_run", "standardize",
    ],
    "nnviz.lessons.initialization.explosion_panels": [
        "explosion_explorer",
    ],
    "nnviz.lessons.activations.collapse_panels": [
        "collapse_explorer", "single_model",
    ],
    "nnviz.lessons.activations.space_panels": [
        "space_explorer", "weight_choices",
    ],
    "nnviz.lessons.boundaries.capacity": [
        "PictureFit",
    ],
    "nnviz.lessons.boundaries.extrapolation": [
        "fit_classifier_1d", "fit_regression_1d", "max_error", "parity_data",
        "REGRESSION_MODELS", "classifier_run", "regression_run", "with_cosine",
    ],
    "nnviz.lessons.boundaries.panels": [
        "extrapolation_explorer", "parity_explorer", "parity_titles",
        "picture_explorer",
    ],
    "nnviz.lessons.boundaries.views": [
        "PictureView",
    ],
    "nnviz.lessons.cnn.experiments": [
        "KERNELS", "kernel_similarity", "small_cnn",
    ],
    "nnviz.lessons.cnn.forum": [
        "channel_spread", "gradient_scaling",
    ],
    "nnviz.lessons.cnn.panels": [
        "cnn_training_panel", "conv_arithmetic_explorer", "kernel_editor",
    ],
    "nnviz.lessons.cnn.shapes_panels": [
        "cnn_builder",
    ],
    "nnviz.lessons.cnn.views": [
        "ClassResponseView", "compare_filters",
    ],
    "nnviz.lessons.regularization.experiments": [
        "dropout_means", "dropout_mlp", "dropout_sums", "sample_outputs",
    ],
    "nnviz.lessons.regularization.panels": [
        "keep_prob_explorer", "large_layer", "train_eval_explorer",
    ],
    "nnviz.lessons.regularization.dropout_panels": [
        "dropout_vs_overfitting", "overfitting_data",
    ],
    "nnviz.lessons.regularization.overfitting_panels": [
        "overfitting_explorer",
    ],
    "nnviz.lessons.initialization.diagnostics": [
        "deep_net", "fan_in_readout", "fan_table", "layer_statistics", "symmetry_gap",
        "conv_connections",
    ],
    "nnviz.lessons.initialization.experiments": [
        "classifier", "loss_history", "train_under_schemes", "update_signs",
    ],
    "nnviz.lessons.initialization.fan_panels": [
        "fan_in_explorer",
    ],
    "nnviz.lessons.initialization.histogram_views": [
        "PerLayerHistogramView",
    ],
    "nnviz.lessons.initialization.panels": [
        "init_explorer",
    ],
    "nnviz.lessons.initialization.pitfalls_panels": [
        "stops_learning_explorer",
    ],
    "nnviz.lessons.initialization.scheme_views": [
        "PitfallsView", "SchemeCurvesView",
    ],
    "nnviz.lessons.scaling.denoising": [
        "DENOISER_OUTPUTS", "noisy_digits", "sigmoid_floor", "train_denoiser",
        "train_denoisers",
    ],
    "nnviz.lessons.losses.likelihood": [
        "bernoulli_cross_entropy", "bernoulli_nll", "categorical_cross_entropy",
        "categorical_nll", "gaussian_nll", "l1_softmax_gradient", "l1_softmax_numeric",
        "l2_softmax_gradient", "mean_squared_error", "softmax_jacobian",
    ],
    "nnviz.lessons.losses.panels": [
        "batch_losses", "loss_comparer", "softmax_l1_explorer",
    ],
    "nnviz.lessons.scaling.inference": [
        "INFERENCE_INPUTS", "inference_mismatch", "tanh_angle_error", "tanh_end_angle",
    ],
    "nnviz.lessons.scaling.panels": [
        "outlier_explorer", "scaling_explorer", "steering_explorer",
    ],
    "nnviz.lessons.scaling.steering": [
        "angle_errors", "steering_data", "train_steering",
    ],
    "nnviz.lessons.lstm.experiments": [
        "lstm_param_count", "lstm_shapes", "memory_cell", "sequence_trace",
        "set_forget_bias", "shift_forget_bias",
        "accuracy_by_step", "as_layout", "layout_model", "one_step_formula",
        "recurrence_check", "symbol_anywhere", "unmoved_params",
    ],
    "nnviz.lessons.lstm.panels": [
        "gate_timeline_explorer", "lstm_shapes_explorer", "memory_explorer",
        "parse_sequence", "shapes_table", "layouts_table", "window_layout_explorer",
    ],
    "nnviz.lessons.lstm.trainer_panels": [
        "memory_model", "memory_trainer",
    ],
    "nnviz.lessons.residuals.batchnorm_stack": [
        "activation_scales", "batchnorm_classifier", "both_modes", "deep_stack",
        "layer_scales", "train_eval_gap",
    ],
    "nnviz.lessons.residuals.batchnorm_views": [
        "ActivationScaleView",
    ],
    "nnviz.lessons.residuals.batchnorm_panels": [
        "batchnorm_explorer",
    ],
    "nnviz.lessons.residuals.strided": [
        "path_sensitivity", "shortcut_reads", "windows_per_pixel",
    ],
    "nnviz.lessons.residuals.gap": [
        "class_maps", "flatten_head_cnn", "gap_head_cnn", "head_params",
        "head_trainer",
        "shift_accuracy", "shift_images", "train_heads",
    ],
    "nnviz.lessons.residuals.panels": [
        "resnet_table", "shift_explorer", "shortcut_gradient_explorer",
    ],
    "nnviz.lessons.residuals.resnet": [
        "cifar_resnet", "first_block_gradients", "gradient_norms", "residual_stack",
        "resnet_param_count",
    ],
    "nnviz.lessons.residuals.views": [
        "ResNetStagesView",
        "StridedShortcutView",
    ],
    "nnviz.lessons.tour.panels": [
        "decades", "load_snapshot", "record_training", "training_replay",
    ],
    "nnviz.lessons.initialization.debugging": [
        "dead_relu_fraction", "gradient_norm_history", "model_gradient_check",
    ],
    "nnviz.lessons.descent.descent": [
        "Bowl", "bowl", "descent_path", "gd_closed_form", "steps_to_tolerance",
        "zigzag_count",
    ],
    "nnviz.lessons.descent.experiments": [
        "batch_size_runs", "learning_rate_runs", "step_noise",
        "loss_after_updates",
    ],
    "nnviz.lessons.regularization.overfitting": [
        "overfitting_run",
    ],
    "nnviz.lessons.descent.panels": [
        "batch_noise_explorer", "descent_explorer",
        "learning_rate_explorer", "optimizer_explorer",
    ],
    "nnviz.lessons.descent.views": [
        "BatchNoiseView",
    ],
    "nnviz.lessons.initialization.debugging_views": [
        "GradientHistoryView",
    ],
    "nnviz.lessons.weights.growth": [
        "column_sums", "norm_history",
    ],
    "nnviz.lessons.weights.growth_panels": [
        "weight_growth_explorer",
    ],
    "nnviz.lessons.backprop.panels": [
        "and_neuron_explorer", "bookkeeping_stepper",
    ],
    "nnviz.lessons.backprop.graph": [
        "ComputationGraph", "GraphNode",
    ],
    "nnviz.lessons.backprop.circuits": [
        "GATE_PATTERNS", "neuron_graph", "pattern_graph",
    ],
    "nnviz.lessons.backprop.derivations": [
        "largest_disagreement", "package_gradients", "sigmoid_bce_gradients",
        "softmax_ce_gradients",
    ],
    "nnviz.lessons.backprop.graph_views": [
        "GatePatternsView", "GraphView",
    ],
    "nnviz.lessons.backprop.graph_panels": [
        "backprop_stepper", "gate_patterns_explorer",
    ],
    "nnviz.lessons.backprop.neuron": [
        "identity_vs_least_squares", "train_neuron",
    ],
    "nnviz.lessons.weights.panels": [
        "logit_scale_explorer", "parse_sizes", "shapes_calculator",
    ],
    "nnviz.lessons.weights.batch": [
        "loop_vs_matrix", "per_example_pass",
    ],
    "nnviz.lessons.losses.outputs": [
        "tanh_outputs",
    ],
}
_WHERE = {name: module for module, names in _LAZY.items() for name in names}
_SUBPACKAGES = ("lessons", "plots", "widgets")

# `nv.playground` is the function that opens the playground, not the package of the
# same name. Python binds a package to its parent's attribute when the package is
# first imported, so import it now (its __init__ is only a docstring) and unbind it:
# later imports of nnviz.playground.<module> leave nv.playground alone.
importlib.import_module("nnviz.playground")
del globals()["playground"]


def __getattr__(name):
    """`nv.<name>` for a name of _LAZY, or one of the subpackages; nothing else."""
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"nnviz.{name}")
    else:
        raise AttributeError(f"module 'nnviz' has no attribute {name!r}")
    globals()[name] = value  # found once; later look-ups do not come here
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE) | set(_SUBPACKAGES))

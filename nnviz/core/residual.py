"""Lesson 10, pooling and residual blocks (Q26, Q27, Q28): the names it exports.

    resblock.py   ResidualBlock: y = ReLU(body(x) + shortcut(x)), forward and backward
    resnet.py     the CIFAR ResNet (6n + 2 layers): shapes, parameter counts; the
                  gradient reaching each block of a deep stack, with and without
                  shortcuts
    gap.py        global average pooling against flatten + dense: parameters, shifts
"""

from .gap import (
    class_maps,
    flatten_head_cnn,
    gap_head_cnn,
    head_params,
    shift_accuracy,
    shift_images,
    train_heads,
)
from .resblock import SHORTCUTS, ResidualBlock
from .resnet import (
    STAGE_FILTERS,
    ResNetRow,
    cifar_resnet,
    first_block_gradients,
    gradient_norms,
    residual_stack,
    resnet_param_count,
    resnet_shapes,
)

__all__ = [
    "SHORTCUTS", "STAGE_FILTERS", "ResidualBlock", "ResNetRow", "cifar_resnet",
    "class_maps",
    "first_block_gradients", "flatten_head_cnn", "gap_head_cnn", "gradient_norms",
    "head_params", "residual_stack", "resnet_param_count", "resnet_shapes",
    "shift_accuracy", "shift_images", "train_heads",
]

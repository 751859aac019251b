"""Exercises of the initialization lesson (lesson 7; see nnviz.exercises.registry).

initialization.glorot_relu_factor is a "predict": the factor comes from the rule
Var(h) = fan_in · Var(W) · E[x²]; tests/lessons/initialization/test_exercises.py
checks that the explorer's own measurement (nv.layer_statistics) agrees.
"""

import numpy as np

from nnviz.exercises.registry import choice, number

LESSON = 7

EXERCISES = [
    number(
        "initialization.conv_fan_in", LESSON, "compute",
        "A convolution reads 3 input channels (an RGB image) with 16 filters of "
        "size 3 × 3. What is its fan-in?",
        3 * 3 * 3,
        ("The fan-in is how many numbers one output value adds up. Which window "
         "does one output of a convolution read?",
         "One output reads a kernel-sized window of every input channel. The number "
         "of filters sets how many outputs there are, not what one output reads."),
        rtol=0, atol=0.5),
    number(
        "initialization.he_std", LESSON, "compute",
        "The conv layer above has fan_in = 800. Which standard deviation does He "
        "initialization give its weights?",
        float(np.sqrt(2 / 800)),
        ("He initialization sets the variance: Var(W) = 2 / fan_in.",
         "The question asks for the standard deviation, not the variance: take the "
         "square root of Var(W)."),
        rtol=0.02),
    number(
        "initialization.glorot_relu_factor", LESSON, "predict",
        "A ReLU net with square layers of width 100 starts with Glorot "
        "initialization. Before you choose ReLU + Glorot in the explorer: by what "
        "factor does the std of the activations change from one layer to the next?",
        float(np.sqrt(0.5)),
        ("Work out fan_in · Var(W) for a square layer under Glorot, "
         "Var(W) = 2 / (fan_in + fan_out). Then remember what a ReLU does to the "
         "mean square of its input.",
         "fan_in · Var(W) times the ReLU's halving is the factor of the variance "
         "(the mean square). The std is the square root of the variance."),
        rtol=0.08),
    choice(
        "initialization.too_small_stuck", LESSON, "explain",
        "In the plot of the same network under each scheme, the \"too small\" run "
        "(weights of std 0.01) stays flat at log 2 while He learns, with the same "
        "batches and the same learning rate. Why does it not learn?",
        {"a": "Gradient descent cannot make a weight bigger than it started, so "
              "small weights stay small.",
         "b": "Its units are copies of each other, as with zero initialization.",
         "c": "The signal shrinks at every layer, forward and backward, so almost "
              "no gradient reaches the first layers: their steps are tiny.",
         "d": "The learning rate is too small for this network."},
        "c",
        ("Look back at the per-layer histograms of the \"too small\" net: what "
         "happens to the std from layer to layer, forward and backward?",
         "A step of gradient descent is the learning rate times the gradient. Which "
         "of the two is tiny in the first layers of this net?"),
        misconceptions={
            "a": "Nothing stops a weight from growing: a step adds −lr · gradient, "
                 "whatever the weight's size. The question is how big that gradient "
                 "is.",
            "b": "Random weights, small or not, differ from unit to unit, so the "
                 "symmetry is broken. Only equal weights (zeros) make copies.",
            "d": "He init learns with the very same learning rate and batches: the "
                 "learning rate is not what differs."}),
]

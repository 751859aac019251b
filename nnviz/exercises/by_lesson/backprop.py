"""Exercises of the backprop lesson, notebook 04 (see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number

LESSON = 4


def _grad_w1_at_zero_input():
    """dL/dw₁ of the stepper's neuron (its default sliders) with x₁ set to 0."""
    from nnviz.lessons.backprop.circuits import neuron_graph
    return neuron_graph(0.0, -2.0, 0.5, 0.75, 0.1, 1.0).grads["w1"]


def _bias_for_line():
    """The bias b with w₁ = w₂ = 4 and b / w = −1.5."""
    return -1.5 * 4


EXERCISES = [
    number(
        "backprop.zero_input", LESSON, "predict",
        "Before you move the stepper's x₁ slider to 0 (the other sliders as they "
        "start), write down dL/dw₁. Then step through the backward pass and compare.",
        _grad_w1_at_zero_input,
        ("Which local derivative sits on the arrow from w₁ to m₁ = w₁ · x₁?",
         "dL/dw₁ is the gradient arriving at m₁ times that local derivative. What is "
         "the product when one factor is the input you just set?"),
        rtol=0, atol=1e-6),
    choice(
        "backprop.weights_grow", LESSON, "explain",
        "The sigmoid neuron on AND gets all four rows right, yet |w| keeps growing "
        "epoch after epoch, while the step neuron stops. Why?",
        options={
            "a": "the learning rate of 0.5 is too large: with a small enough rate "
                 "the weights would settle",
            "b": "a sigmoid never outputs exactly 0 or 1, so the error t − y is "
                 "never 0 and every update still pushes the weights outwards",
            "c": "AND cannot be separated by one straight line, so the neuron keeps "
                 "searching",
            "d": "rounding errors pile up over thousands of updates",
        },
        right="b",
        hints=("Look at the update rule w += lr · (t − y) · x: when does it stop "
               "moving w?",
               "Print the sigmoid's outputs on the four rows: are any of them "
               "exactly the targets?"),
        misconceptions={
            "a": "The explorer shows the opposite: a smaller rate only slows the "
                 "growth, and b / w still settles. The rate sets the speed, not "
                 "whether it stops.",
            "c": "AND is separable: the step neuron finds a line and stops, and the "
                 "sigmoid's line settles too. It is the size of w that grows.",
            "d": "The growth is steady and the same on every run and CPU; rounding "
                 "would be far smaller and random. Look at what the update rule "
                 "multiplies by.",
        }),
    number(
        "backprop.bias_for_line", LESSON, "compute",
        "A sigmoid neuron has learned w₁ = w₂ = 4. Which bias b puts its decision "
        "line w₁x₁ + w₂x₂ + b = 0 where the trained neuron's line ends up "
        "(b / w = −1.5)?",
        _bias_for_line,
        ("Solve b / w = −1.5 for b.",
         "The sign matters: the line sits at x₁ + x₂ = 1.5, above the origin."),
        rtol=0, atol=0.01),
]

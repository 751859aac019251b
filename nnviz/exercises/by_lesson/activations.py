"""Exercises of the activations lesson, notebook 05 (see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number

LESSON = 5


def _collapsed_params():
    """Parameters of the one layer Dense(4, 16) → Dense(16, 16) → Dense(16, 3)
    (no activations) collapses to, measured."""
    from nnviz.lessons.activations.collapse import collapsed_layer
    from nnviz.nn.model import mlp
    return collapsed_layer(mlp([4, 16, 16, 3], "identity")).n_params


def _sigmoid_slope():
    """σ′(2) = y (1 − y) with y = σ(2)."""
    from nnviz.nn import activations
    return activations.sigmoid_derivative(activations.sigmoid(2.0))


EXERCISES = [
    number(
        "activations.collapsed_params", LESSON, "compute",
        "A net Dense(4, 16) → Dense(16, 16) → Dense(16, 3) with no activations: how "
        "many parameters does the single layer it collapses to have?",
        _collapsed_params,
        ("Multiplying the weight matrices out leaves one Dense layer. From how many "
         "inputs to how many outputs?",
         "The hidden sizes cancel in W1 @ W2 @ W3. Count its weights, then add one "
         "bias per output."),
        rtol=0, atol=0.5, unit="parameters"),
    number(
        "activations.sigmoid_slope", LESSON, "compute",
        "What is the slope of the sigmoid at x = 2? (Use σ′ = y (1 − y) with "
        "y = σ(2).)",
        _sigmoid_slope,
        ("Work out y = σ(2) = 1 / (1 + e^(−2)) first.",
         "y is close to 1, so 1 − y is small: multiply the two."),
        rtol=0.02),
    choice(
        "activations.sigmoid_race", LESSON, "explain",
        "In the race, the deep sigmoid net stays near chance while tanh and ReLU "
        "learn the moons. Why?",
        options={
            "a": "the sigmoid squashes its outputs into (0, 1), so the signal is "
                 "bounded too tightly to carry the information",
            "b": "each sigmoid layer multiplies the gradient going back by its slope, "
                 "at most a quarter, so almost nothing reaches the first layers",
            "c": "the sigmoid is almost linear, so the six layers collapse into one",
            "d": "tanh and ReLU normalise the signals and the sigmoid does not",
        },
        right="b",
        hints=("Think about the backward pass: what happens to a gradient each time "
               "it goes back through a layer?",
               "Compare the largest slope of each activation, printed above the "
               "forum answer."),
        misconceptions={
            "a": "tanh is bounded too, in (−1, 1), and it trains; ReLU is not bounded "
                 "at all and trains as well. Bounding is not the difference.",
            "c": "A collapsed stack is one straight split, and even that gets far "
                 "more than chance on the moons. The sigmoid net does worse than a "
                 "line: it barely moves.",
            "d": "That is the forum answer the cell tested: ReLU's output on x = 100 "
                 "is 100, nothing is normalised, and it still trains.",
        }),
]

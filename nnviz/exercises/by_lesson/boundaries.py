"""Exercises of the boundaries lesson, notebook 06 (see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number

LESSON = 6


def _deep_params():
    """Parameters of the 2-100-100-100-2 network, measured."""
    from nnviz.nn.model import mlp
    return mlp([2, 100, 100, 100, 2]).n_params


EXERCISES = [
    number(
        "boundaries.xor_units", LESSON, "predict",
        "One layer fails on XOR. Before you read on: what is the smallest number of "
        "hidden units, in one hidden layer, that can solve the four-point XOR?",
        2,
        ("One tanh unit draws one straight line. Draw the four corners and try to "
         "cut them into their classes with lines.",
         "The 1-corners sit on a diagonal between the two 0-corners: how many lines "
         "does it take to fence off a band?"),
        rtol=0, atol=0.1, unit="units"),
    number(
        "boundaries.deep_params", LESSON, "compute",
        "How many parameters does the deeper 2-100-100-100-2 network have?",
        _deep_params,
        ("Add n_in · n_out + n_out for each of the four Dense layers.",
         "Did you count the biases of every layer, including the last one?"),
        rtol=0, atol=0.5, unit="parameters"),
    choice(
        "boundaries.parity_coin", LESSON, "explain",
        "The net gets most training integers right but fewer than half of the "
        "held-out ones: worse than tossing a coin. Why?",
        options={
            "a": "it is too small or trained too briefly: a larger net trained "
                 "longer would learn odd and even",
            "b": "a held-out integer sits between training integers of the other "
                 "parity, and the net fills the gap with their label",
            "c": "bad luck: 12 test integers are too few to measure anything",
            "d": "no network can compute whether a number is odd",
        },
        right="b",
        hints=("Look at the explorer's curve between two training integers: what "
               "label does the net give the points in the gap?",
               "Which parity are the two neighbours of an odd integer?"),
        misconceptions={
            "a": "More units and steps let it memorise the training integers better, "
                 "not the rule: try more hidden units in the explorer.",
            "c": "Worse than a coin again and again, for other seeds and splits, is "
                 "not luck: something makes the guesses wrong on purpose.",
            "d": "The next cell gives the same net cos(πn) as an input and it gets "
                 "every held-out integer right. The rule is not out of reach, only "
                 "out of this input.",
        }),
]

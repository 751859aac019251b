"""Exercises of the lstm lesson, notebook 12 (see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number, within

LESSON = 12


def _param_count():
    from nnviz.nn.lstm import LSTM
    return LSTM(10, 64).n_params


def _output_shape():
    from nnviz.lessons.lstm.experiments import lstm_shapes
    return list(lstm_shapes(3, 16, timesteps=50, batch=32,
                            return_sequences=True)["output"])


def _kept(forget_bias, steps=25):
    """c_25 / c_0 of the hand-set memory cell shown +1 and then `steps` zeros."""
    import numpy as np

    from nnviz.lessons.lstm.experiments import memory_cell
    cell = memory_cell(forget_bias=forget_bias)
    cell.forward(np.r_[1.0, np.zeros(steps)].reshape(1, steps + 1, 1))
    c = cell.layers[0].cache["c"][0, :, 0]
    return c[-1] / c[0]


def _half_memory_bias():
    """The accepted range for the smallest b_f that keeps half of c over 25 steps:
    from just below the exact value (found by bisection on the memory cell) to
    the first slider position (steps of 0.5) above it."""
    import math
    low, high = 0.0, 8.0
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if _kept(mid) < 0.5 else (low, mid)
    return (high - 0.04, math.ceil(high * 2) / 2 + 0.05)


EXERCISES = [
    choice(
        "lstm.one_step_errors", LESSON, "explain",
        "In the explorer's right plot, where does the one-step layout (1, look_back) "
        "answer new windows wrong most often?",
        options={
            "a": "late: the cell had fewer steps left to store the symbol",
            "b": "early: much noise follows it, read by weights that each learned "
                 "from few windows",
            "c": "nowhere in particular: a layer that reads the whole window at once "
                 "has no order",
            "d": "early: the memory of the symbol fades over the steps after it",
        },
        right="b",
        hints=("Read the bars of the one-step layout from the left (early arrivals) "
               "to the right (late ones).",
               "The one-step layout has a separate weight for every position. What "
               "follows an early symbol, and how many training windows taught the "
               "weights that read it?"),
        misconceptions={
            "a": "The one-step layout runs the cell once, on the whole window: there "
                 "are no steps in which to store anything. Compare the bars at the "
                 "left and the right.",
            "c": "It has no order of steps, but it has a separate weight for every "
                 "position, each learned from the windows that put something there. "
                 "Are the bars level?",
            "d": "Right place, wrong reason: the one-step layout runs the cell once "
                 "and has no memory that could fade (its Wh and forget gate never "
                 "moved).",
        }),
    within(
        "lstm.half_memory", LESSON, "find",
        "In the memory explorer (+1, then 25 zeros), find the smallest forget-gate "
        "bias b_f at which the cell still keeps at least half of its memory after "
        "the 25 steps.",
        _half_memory_bias,
        ("Watch the readout under the slider: it prints what a memory keeps after "
         "the last step.",
         "The memory keeps f to the power of the number of steps; raise b_f until "
         "that is at least one half."),
        unit="b_f"),
    number(
        "lstm.param_count", LESSON, "compute",
        "How many parameters does LSTM(n_in=10, units=64) have?",
        _param_count,
        ("Four gates, each a dense layer on [x, h]: (features + units) inputs and "
         "units outputs, plus units biases.",
         "Count one gate, then multiply by the number of gates."),
        rtol=0, atol=0.5, unit="parameters"),
    number(
        "lstm.sequence_shape", LESSON, "compute",
        "A batch of 32 sequences, 50 steps each, 3 features per step, goes into "
        "LSTM(3, 16, return_sequences=True). What is the output shape? Answer as a "
        "tuple.",
        _output_shape,
        ("With return_sequences=True the layer returns h at every step.",
         "One h of size units per example and per step: (batch, timesteps, ?)."),
        rtol=0, atol=0.5),
    number(
        "lstm.forget_fraction", LESSON, "compute",
        "The input gate is closed and the forget gate stays at f = 0.9. What "
        "fraction of the cell state is left after 20 steps?",
        0.9 ** 20,
        ("Each step multiplies c by f.",
         "Twenty steps: twenty factors of f."),
        rtol=0.02),
]

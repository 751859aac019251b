"""Exercises of the cnn lesson, notebook 10 (see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number

LESSON = 10


def _output_channels():
    """Output channels of 16 kernels of 3 x 3 on an 8-channel input, measured."""
    import numpy as np

    from nnviz.nn.conv import Conv2D
    layer = Conv2D(8, 16, 3, rng=np.random.default_rng(0))
    return layer.forward(np.zeros((1, 8, 6, 6))).shape[1]


def _dense_params():
    """Parameters of the dense layer after Conv2D(1, 8, 3), MaxPool2D(2), Flatten."""
    from nnviz.nn.conv import Conv2D
    from nnviz.nn.dense import Dense
    from nnviz.nn.pooling import MaxPool2D
    shape = MaxPool2D(2).output_shape(Conv2D(1, 8, 3).output_shape((None, 1, 28, 28)))
    return Dense(shape[1] * shape[2] * shape[3], 10).n_params


EXERCISES = [
    choice(
        "cnn.weight_gradient", LESSON, "explain",
        "The cell above doubled the input once and the weights once, and gave large "
        "weights an all-zero input. What sets the size of a kernel entry's gradient "
        "dL/dw?",
        options={
            "a": "its own value: a larger weight gets a larger gradient",
            "b": "the input under it times the gradient arriving at the output, "
                 "summed over the positions",
            "c": "the error at the output alone: every entry of a kernel gets the "
                 "same gradient",
            "d": "nothing: only the last layer's weights get a gradient, the loss "
                 "is computed there",
        },
        right="b",
        hints=("Look at which doubling changed dL/dW in the printout, and which did "
               "not.",
               "dL/dw adds one product per position where w is used: what are the "
               "two factors of each product?"),
        misconceptions={
            "a": "That is the forum answer the cell measured: doubling the weights "
                 "left dL/dW as it was, and the large weights on the zero channel "
                 "got no gradient at all.",
            "c": "If only the output error counted, the weights reading the all-zero "
                 "channel would get a gradient too. They got none: the input under "
                 "a weight is a factor.",
            "d": "Backpropagation carries the gradient back through every layer: "
                 "the first convolution's 72 entries got one each, checked against "
                 "finite differences.",
        }),
    number(
        "cnn.output_channels", LESSON, "predict",
        "Before you run the cell: 16 kernels of 3 × 3 on an input of 8 channels. How "
        "many output channels does the layer give?",
        _output_channels,
        ("Does a filter look at one input channel, or at all of them at once?",
         "Each filter sums what it finds in every input channel into one map."),
        rtol=0, atol=0.5, unit="channels"),
    number(
        "cnn.same_padding", LESSON, "find",
        "In the explorer, set the kernel to f = 5 and the stride to 1. Find the "
        "padding p for which the output is exactly as large as the input.",
        2,
        ("Move the p slider and compare the length of the output row with the "
         "input's.",
         "Padding adds p positions on each side; a kernel of f pixels uses up "
         "f − 1 of them."),
        rtol=0, atol=0.1, unit="pixels"),
    number(
        "cnn.dense_params", LESSON, "compute",
        "A network starts with Conv2D(1, 8, 3) (no padding) on 28 × 28 digits, then "
        "MaxPool2D(2) and Flatten. How many parameters does the dense layer to 10 "
        "classes have?",
        _dense_params,
        ("Follow the shape: the convolution without padding, then the pooling, then "
         "flatten.",
         "A 3 × 3 kernel without padding takes f − 1 pixels off each side length; "
         "the pool halves it; a dense layer has one weight per input and class, plus "
         "one bias per class."),
        rtol=0, atol=0.5, unit="parameters"),
]

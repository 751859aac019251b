"""Exercises of the residuals lesson, notebook 11 (see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number

LESSON = 11


def _shortcut_reads():
    """Pixels of an 8 x 8 map that a 1 x 1 convolution with stride 2 reads."""
    from nnviz.lessons.residuals.strided import shortcut_reads
    return int(shortcut_reads(8, stride=2).sum())


def _block_params():
    from nnviz.nn.residual import ResidualBlock
    return ResidualBlock(32, 64, 2, shortcut="projection").n_params


def _batchnorm_params():
    from nnviz.nn.batchnorm import BatchNorm
    return BatchNorm(64).n_params


EXERCISES = [
    choice(
        "residuals.early_eval_gap", LESSON, "explain",
        "After 5 training steps the table shows the network far better in training "
        "mode than in evaluation mode. Why?",
        options={
            "a": "the network has not learned anything yet after 5 steps",
            "b": "the running averages still hold much of their starting values",
            "c": "evaluation mode switches batch norm off",
            "d": "the test batch is too small to compute its own statistics",
        },
        right="b",
        hints=("Training mode and evaluation mode differ in one thing only: which "
               "mean and variance they standardize with.",
               "Each step keeps a share of 0.9 of the old running values. How much "
               "of the start is left after 5 steps, and after 50?"),
        misconceptions={
            "a": "Look at the training-mode column: after 5 steps the same weights "
                 "already separate the rings. The weights are shared by both modes.",
            "c": "Evaluation mode still standardizes every feature, only with other "
                 "numbers than the batch's own. Which numbers, and where do they "
                 "come from?",
            "d": "The whole test set goes through as one batch, well over a hundred "
                 "examples; and evaluation mode does not use the batch's statistics "
                 "at all.",
        }),
    number(
        "residuals.shortcut_reads", LESSON, "predict",
        "Before you run the cell: an 8 × 8 input goes into a 1 × 1 shortcut with "
        "stride 2. How many of its 64 pixels does the shortcut read?",
        _shortcut_reads,
        ("A 1 × 1 window reads one pixel; the stride says how far it jumps, along the "
         "rows and along the columns.",
         "Stride 2 keeps every second row and every second column."),
        rtol=0, atol=0.5, unit="pixels"),
    number(
        "residuals.block_params", LESSON, "compute",
        "A residual block goes from 32 to 64 channels with stride 2 and a 1 × 1 "
        "projection shortcut. How many parameters does it have in all (both 3 × 3 "
        "convolutions and the projection, with biases)?",
        _block_params,
        ("Count three convolutions: each has C_out × C_in × K × K weights and one "
         "bias per output channel.",
         "The first 3 × 3 convolution reads the block's input channels, the second "
         "reads the first one's output channels, and the projection is a 1 × 1 "
         "convolution from the input channels."),
        rtol=0, atol=0.5, unit="parameters"),
    number(
        "residuals.batchnorm_params", LESSON, "compute",
        "A batch norm follows a convolution with 64 output channels. How many "
        "learned parameters does it have? (The running averages are not learned.)",
        _batchnorm_params,
        ("Which numbers of a batch norm does the optimizer change?",
         "γ and β: how many of each, for images with one mean and variance per "
         "channel?"),
        rtol=0, atol=0.5, unit="parameters"),
]

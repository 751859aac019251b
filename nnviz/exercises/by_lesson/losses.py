"""Exercises of the losses lesson (lesson 2; see nnviz.exercises.registry)."""

from nnviz.exercises.registry import choice, number

LESSON = 2

EXERCISES = [
    number(
        "losses.mse_second_row_right", LESSON, "compute",
        "Targets `yt = [[1, 0, 0], [0, 0, 1]]`. The first row still predicts "
        "`[0.9, 0.2, 0.2]`, the second now predicts `[0.0, 0.0, 1.0]`. What is the "
        "mean squared error?",
        ((0.9 - 1) ** 2 + 0.2 ** 2 + 0.2 ** 2) / 6,
        ("The mean runs over all six entries, not over the rows.",
         "Square the six differences and average them; a row predicted exactly adds "
         "nothing to the sum, but still counts in the number of entries."),
        rtol=0.02),
    choice(
        "losses.confident_mistake", LESSON, "explain",
        "In the loss panel, move p (the probability example 2 gives its true class) "
        "towards 0. The cross-entropy bars shoot up; the MSE bar barely moves. Why?",
        {"a": "The MSE averages over more entries, so one bad entry is diluted.",
         "b": "The squared error of one entry can never exceed 1, while −log p grows "
               "without bound as p goes to 0.",
         "c": "Cross-entropy is always the larger number, whatever p is.",
         "d": "The MSE is wrong here, because the rows of the prediction do not sum "
              "to 1."},
        "b",
        ("Look at one entry only: how large can (1 − p)² get, and how large can "
         "−log p get?",
         "Move p up towards 1 as well: do the bars keep the same order? Then think "
         "about what happens to each formula near p = 0."),
        misconceptions={
            "a": "The binary cross-entropy averages over the same six entries, and it "
                 "still shoots up: the averaging is not what differs.",
            "c": "The two losses are on different scales; near p = 1 all the bars "
                 "are small. What differs is how fast each grows near p = 0.",
            "d": "Squared error needs no probabilities at all: it is defined for any "
                 "numbers. The difference is in how each loss grows."}),
    choice(
        "losses.l1_gradient", LESSON, "predict",
        "Before you run the next cells: z are four logits and p = softmax(z). What "
        "is the gradient of the penalty Σ|p_k| with respect to z?",
        {"a": "Not zero: moving a logit changes every probability, so the penalty "
              "changes too.",
         "b": "Zero, up to rounding.",
         "c": "A vector that pushes the probabilities towards equal values.",
         "d": "It has none: the absolute value has no derivative."},
        "b",
        ("Compute Σ|p_k| for two different z. Does it change?",
         "Every p_k is positive, so |p_k| = p_k. What do the probabilities of a "
         "softmax add up to?"),
        misconceptions={
            "a": "Each p_k changes, but a penalty depends only on their sum. Does the "
                 "sum change?",
            "c": "That is what a penalty such as Σ p² or minus the entropy does. Look "
                 "at Σ|p_k| itself: what is its value?",
            "d": "|x| has no derivative only at x = 0. A softmax probability is never "
                 "0."}),
]

"""Exercises of the weights lesson (lesson 1; see nnviz.exercises.registry)."""

import math

from nnviz.exercises.registry import choice, number

LESSON = 1

EXERCISES = [
    number(
        "weights.count_parameters", LESSON, "compute",
        "How many parameters does the classic 784-30-10 network have "
        "(`Dense(784, 30)`, then `Dense(30, 10)`)?",
        (784 * 30 + 30) + (30 * 10 + 10),
        ("Each Dense layer holds one weight per (input, unit) pair, and one more "
         "number per unit.",
         "Count each layer on its own, weights and biases, then add the two layers. "
         "Did you forget the biases?"),
        rtol=0, atol=0.5, unit="parameters"),
    number(
        "weights.scaled_logits", LESSON, "predict",
        "The logit-scale panel shows `softmax(s · z)` for the logits z = [4.8, −5.3]. "
        "Before you move s to 0.1, write down the probability the bar of the logit "
        "4.8 will show. Then move the slider and look.",
        1 / (1 + math.exp(-0.1 * (4.8 - -5.3))),
        ("Multiply both logits by s first. With two classes only the difference of "
         "the two scaled logits matters.",
         "For two classes, softmax gives the first one 1 / (1 + e^(−d)), where d is "
         "the first scaled logit minus the second."),
        rtol=0.02),
    choice(
        "weights.logit_scale", LESSON, "explain",
        "In the logit-scale panel, s grows from 0.02 to 5. What happens to the "
        "probability bars?",
        {"a": "At a large s the other class becomes the most likely one.",
         "b": "The bars stay where they are: softmax only looks at the differences "
              "between logits.",
         "c": "The same class stays the most likely; its probability grows towards 1 "
              "and the other falls towards 0.",
         "d": "Both probabilities grow, since both scaled logits get larger in size."},
        "c",
        ("Watch which bar is the tallest at every s, and what the two bars add up to.",
         "Multiplying the logits by s multiplies their difference by s. Softmax keeps "
         "the order of the logits."),
        misconceptions={
            "a": "Multiplying by a positive s keeps the order of the logits, and "
                 "softmax keeps that order: the winner never changes.",
            "b": "Adding the same number to every logit changes nothing; multiplying "
                 "them by s multiplies their difference, and that moves the bars.",
            "d": "Probabilities always add up to 1: when one grows, the other must "
                 "shrink."}),
]

"""Exercises of the regularization lesson (lesson 8; see nnviz.exercises.registry).

regularization.quarter_means is a "predict": the keep-probability explorer shows
the answer once p is moved (tests/lessons/regularization/test_exercises.py checks
that its measured means agree within a few percent).
"""

from nnviz.exercises.registry import choice, number

LESSON = 8

EXERCISES = [
    number(
        "regularization.keep_from_pytorch", LESSON, "compute",
        "A PyTorch model uses `nn.Dropout(p=0.3)`. Which keep probability does it "
        "use?",
        0.7,
        ("Is PyTorch's p the probability to keep a unit, or to drop it? The table "
         "above says.",
         "Every unit is either kept or dropped: the two probabilities add up to 1."),
        rtol=0.01),
    number(
        "regularization.kept_unit_value", LESSON, "compute",
        "Course notes use `keep_prob = 0.8` with inverted dropout. During training, "
        "what does a *kept* unit of value 2.0 become?",
        2.0 / 0.8,
        ("Inverted dropout does something to the kept units during training, so "
         "that nothing needs to change at test time. What?",
         "The kept units are divided by keep_prob, not multiplied: a kept unit "
         "grows."),
        rtol=0.01),
    number(
        "regularization.quarter_means", LESSON, "predict",
        "Before you move p to 0.25 in the explorer, write down the layer's mean "
        "output without ÷p and with ÷p, each as a fraction of mean(a): "
        "`answer = [unscaled, scaled]`. Then move p and read the right panel.",
        [0.25, 1.0],
        ("A unit is kept with probability p and zeroed otherwise. What is its "
         "expected value, E[mask · a]? And after the division by p?",
         "Give two numbers, each divided by mean(a). The unscaled mean follows the "
         "keep probability; the division by p was made to cancel exactly that."),
        rtol=0.02),
    choice(
        "regularization.why_divide", LESSON, "explain",
        "Why does inverted dropout divide the kept units by p during training?",
        {"a": "So that the layer's summed output is the same for every mask.",
         "b": "Because the activations are not exactly normally distributed, so "
              "without it their mean shrinks.",
         "c": "So that the expected input of the next layer is the same in "
              "training as at test time, when nothing is dropped.",
         "d": "To make training noisier, which is what regularizes the network."},
        "c",
        ("Look at the two forum answers measured above: what did the average of "
         "the sums do, and what did a single sum do?",
         "At test time the layer does nothing. Compare that with what a kept-or-"
         "zeroed unit gives on average during training."),
        misconceptions={
            "a": "Measured above: one sum per mask spreads widely, and few masks "
                 "land within 1 % of the no-dropout sum. Only the average of the "
                 "sums matches.",
            "b": "Measured above: without ÷p the mean shrinks by the same factor p "
                 "for uniform, exponential, bimodal and even constant inputs. It "
                 "has nothing to do with the shape of the distribution.",
            "d": "The noise comes from the random mask, with or without ÷p. The "
                 "division changes only the scale of the kept units."}),
]

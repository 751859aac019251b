"""Exercises of the gradient descent lesson (lesson 3; see nnviz.exercises.registry).

descent.largest_rate is a "find": its accepted range is measured by the lesson's
own experiment (smooth_rate_limit, on the learning-rate panel's data and grid).
"""

from nnviz.exercises.registry import choice, number, within

LESSON = 3


def _smooth_range():
    """(low, high) learning rates accepted as "the largest at which tanh still
    goes down smoothly": from a little below the largest smooth rate of the
    panel's slider grid to most of the way to the next (rough) one."""
    import numpy as np

    from nnviz.data import plane
    from nnviz.lessons.descent.experiments import smooth_rate_limit

    data = plane(300, noise=0.1, rng=np.random.default_rng(0))  # the lesson's
    grid = 10 ** np.arange(-1.0, -0.29, 0.05)        # the slider's values 0.1 .. 0.5
    smooth, rough = smooth_rate_limit(data, grid, activation="tanh")
    return 0.85 * smooth, smooth + 0.7 * (rough - smooth)


EXERCISES = [
    number(
        "descent.bowl_limit", LESSON, "compute",
        "A bowl has curvatures λ = 4 and λ = 1 (A = diag(4, 1)). Plain gradient "
        "descent converges for every learning rate below a limit. What is that "
        "limit?",
        2 / 4,
        ("Along each axis a step multiplies w by (1 − lr·λ). When does that shrink "
         "w?",
         "Which λ breaks first as lr grows? Solve 1 − lr·λ = −1 for that λ."),
        rtol=0.01),
    within(
        "descent.largest_rate", LESSON, "find",
        "In the learning-rate panel (tanh), move *your lr*: find the largest "
        "learning rate at which the loss still goes down smoothly, never up, over "
        "the 300 steps.",
        _smooth_range,
        ("Start at 0.1 (smooth) and move up one slider step at a time. Look at the "
         "end of the black curve: a single spike upwards means too large.",
         "Your answer is too far from the limit. Go back to the last lr whose black "
         "curve had no spike at all, and check the one just above it."),
        unit="lr"),
    number(
        "descent.updates_per_epoch", LESSON, "predict",
        "The moons set has N = 210 training examples. Before you set *your batch "
        "size* to 32 in the batch panel, write down how many updates (steps) one "
        "epoch will make. Then set it and read the readout.",
        210 // 32,
        ("An epoch is one pass over the training data; each step uses one batch.",
         "Only full batches are used: count how many whole batches of that size fit "
         "in the training set."),
        rtol=0, atol=0.5, unit="steps"),
    choice(
        "descent.ragged_curve", LESSON, "explain",
        "On the real network, the lr 0.3 curve goes up and down from step to step, "
        "yet it ends low. What makes it go up?",
        {"a": "The training has broken down: the loss is about to run away.",
         "b": "Each step sees different examples, so the loss is noisy.",
         "c": "The steps are too long: they overshoot across a valley of the loss, "
              "as on the bowl above 1/λ_max, while still making progress along it.",
         "d": "The learning rate is too small to get over the bumps of the loss."},
        "c",
        ("Compare with the bowl: what did the path do for lr between 1/λ_max and "
         "2/λ_max?",
         "Which of these runs use every training example at every step? Then the "
         "ups cannot come from which examples a step saw."),
        misconceptions={
            "a": "A run that runs away ends as a ✕ with a message; this one ends low. "
                 "Ups and downs alone do not mean divergence.",
            "b": "These runs are full-batch: every step uses all the training data, "
                 "so there is no sampling noise here (that is part 4).",
            "d": "A smaller learning rate (0.1) gives the smooth curve; a too small "
                 "one is slow, not bumpy."}),
]

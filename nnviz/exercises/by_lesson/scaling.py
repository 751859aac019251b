"""Exercises of the scaling lesson (lesson 9; see nnviz.exercises.registry).

scaling.minmax_span is a "predict": the next cell of the notebook prints the
span nv.fit_scaler really gives (tests/lessons/scaling/test_exercises.py checks
that it agrees).
"""

from nnviz.exercises.registry import choice, number

LESSON = 9

EXERCISES = [
    number(
        "scaling.minmax_span", LESSON, "predict",
        "99 ordinary values spread from 0 to 1, and one outlier at 50. Before you "
        "run the cell: after min–max scaling of all 100 values, how wide is the "
        "span of the 99 ordinary ones?",
        1 / 50,
        ("Min–max maps the smallest value to 0 and the largest to 1. Which values "
         "are the smallest and the largest here?",
         "The scale is max − min, set by the outlier. The ordinary values span 1 "
         "before scaling: divide that span by the scale."),
        rtol=0.05),
    number(
        "scaling.angle_back", LESSON, "compute",
        "The \"scaled, linear\" network predicts 1.03 for one road. Which steering "
        "angle, in degrees, do you report?",
        420.0,
        ("The targets were divided by the lock angle before training: undo that "
         "first.",
         "A steering wheel cannot turn past its lock. After multiplying back, clip "
         "the angle to the physical range."),
        rtol=0.005),
    choice(
        "scaling.one_class", LESSON, "explain",
        "Images loaded as 0–1 floats but z-scored with the 0–255 training mean and "
        "std: the network answers the same class for every image. Why?",
        {"a": "0–1 floats lose the detail of the images: nearby grey levels can no "
              "longer be told apart.",
         "b": "The inputs are far too large, so the softmax saturates.",
         "c": "After the 0–255 scaler, every 0–1 image becomes almost the same "
              "vector, about −mean / std in every pixel.",
         "d": "The network only works on the images it was trained on."},
        "c",
        ("Follow one pixel: a value between 0 and 1 goes through (x − mean) / std, "
         "with the mean and std of pixels that went up to 255. What comes out?",
         "How much do two different 0–1 images still differ after that map, "
         "compared with the shift it gives both?"),
        misconceptions={
            "a": "A float between 0 and 1 keeps every grey level: dividing by 255 "
                 "loses nothing, and multiplying back undoes it.",
            "b": "That is the other mistake, 0–255 with no z-score. Here the printed "
                 "mean max probability is low: the network is unsure, not saturated.",
            "d": "With the right scaling the same network classifies the test images, "
                 "which it never saw, correctly."}),
    choice(
        "scaling.zscore_sigmoid", LESSON, "explain",
        "The cells below train {min–max, robust, z-score} × {sigmoid, identity}. "
        "Z-score + sigmoid will end far above z-score + identity. Why?",
        {"a": "Z-scoring loses information about the images.",
         "b": "The hot pixels make the z-score useless.",
         "c": "It needs more steps: it is still going down.",
         "d": "Most z-scored targets are negative, and a sigmoid only outputs "
              "values between 0 and 1."},
        "d",
        ("The same scaling works well with an identity output. So look at what "
         "differs: the output layer. Which values can it produce?",
         "Read the printed range of the z-scored targets, and how many of them are "
         "below 0."),
        misconceptions={
            "a": "A scaling is a straight-line map, and `inverse` undoes it "
                 "exactly. The identity output with the very same z-scores is the "
                 "best of the six.",
            "b": "The outliers spoil min–max, whose range they set. The z-score "
                 "with an identity output is the best run, hot pixels and all.",
            "c": "It keeps creeping down, but towards a floor it can never pass: "
                 "the loss it must make on the targets it cannot reach."}),
]

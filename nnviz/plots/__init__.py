"""Views shared by several lessons: matplotlib figures built once, updated in place.

    style.py          palette (Okabe-Ito), figure sizes, number formats
    background.py     BackgroundCache: redraw only the artists that change, texts
                      on top kept as a picture until they change
    boundary.py       DecisionBoundaryView: a classifier's map over the plane
    curves.py         LossCurveView, ActivationCurvesView
    space.py          SpaceDistortionView: how each layer bends the plane
    images.py         tile: many small images as one array
    float32.py        forward and trace in float32, for drawing only (sooner)
    export.py         animations saved as GIF or HTML

A lesson's own views live in `nnviz/lessons/<topic>/`. Only matplotlib and
nnviz.nn here; no ipywidgets.
"""

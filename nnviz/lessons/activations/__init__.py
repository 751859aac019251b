"""The activations lesson (notebooks/05_activations.ipynb): why every layer needs a
nonlinearity; how layers bend space (Q10 Q18 Q24).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

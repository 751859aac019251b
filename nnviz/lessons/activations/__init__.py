"""The activations lesson (notebooks/02_activations.ipynb): why every layer needs a
nonlinearity; how layers bend space (Q4 Q10 Q18 Q24).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

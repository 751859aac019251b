"""The initialization lesson (notebooks/04_initialization.ipynb): why activations
explode or vanish, and the init that prevents it (Q9 Q13 Q25).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

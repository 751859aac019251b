"""The initialization lesson (notebooks/07_initialization.ipynb): why activations
explode or vanish, the init that prevents it, and debugging a net that stops
learning (Q4 Q9 Q13 Q25).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

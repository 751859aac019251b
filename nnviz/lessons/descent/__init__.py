"""The gradient-descent lesson (notebooks/03_gradient_descent.ipynb): the learning
rate and its limit, momentum and Adam, batch size and noise (Q8, Q9 training side).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

"""The regularization lesson (notebooks/08_regularization.ipynb): inverted dropout and
why it scales by 1/keep, over-fitting, L2 and early stopping (Q22).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

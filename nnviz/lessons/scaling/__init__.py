"""The scaling lesson (notebooks/09_scaling_and_regression.ipynb): scaling inputs and
targets, and output layers for regression (Q2 Q5).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

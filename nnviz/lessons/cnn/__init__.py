"""The cnn lesson (notebooks/06_cnn_filters.ipynb): how a CNN learns its filters; conv
shapes and gradients (Q3 Q7 Q14 Q15 Q28 Q29).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

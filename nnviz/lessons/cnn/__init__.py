"""The cnn lesson (notebooks/10_cnn_filters.ipynb): how a CNN learns its filters; conv
shapes and gradients (Q3 Q7 Q14 Q15 Q28 Q29), and two forum answers measured (forum.py).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

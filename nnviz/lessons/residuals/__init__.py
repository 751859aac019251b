"""The residuals lesson (notebooks/10_pooling_and_residuals.ipynb): residual blocks,
ResNet shapes, global average pooling (Q26 Q27 Q28).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

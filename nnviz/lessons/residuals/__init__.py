"""The residuals lesson (notebooks/11_pooling_batchnorm_residuals.ipynb): batch
normalization, residual blocks, ResNet shapes, global average pooling (Q26 Q27 Q28
Q32).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

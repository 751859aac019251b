"""The boundaries lesson (notebooks/03_decision_boundaries.ipynb): what a classifier
can and cannot learn; why depth helps (Q6 Q12 Q16).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

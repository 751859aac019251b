"""The boundaries lesson (notebooks/06_decision_boundaries.ipynb): what a classifier
can and cannot learn; why depth helps (Q16 Q6 Q12).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

"""The dropout lesson (notebooks/05_dropout.ipynb): why inverted dropout scales by
1/keep (Q22).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

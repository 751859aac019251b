"""The tour lesson (notebooks/00_start_here.ipynb): a tiny network trained on XOR,
replayed step by step.

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

"""The backpropagation lesson (notebooks/04_backpropagation.ipynb): the chain rule on a
small graph, gate patterns, the framework's bookkeeping (Q17 Q31 Q23).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

"""The weights lesson (notebooks/01_weights.ipynb): the dense layer as one matrix
product, shapes and parameter counts, logits and softmax (Q1 Q8 Q11 Q21).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

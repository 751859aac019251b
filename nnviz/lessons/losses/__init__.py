"""The losses lesson (notebooks/02_losses.ipynb): what a loss measures, squared error
and cross-entropy as likelihoods, a penalty on a softmax output (Q19 Q20).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

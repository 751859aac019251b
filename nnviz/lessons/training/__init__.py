"""The training lesson (notebooks/09_training_dynamics.ipynb): learning rate, batch
size and optimizer; reading loss curves; debugging (Q4 Q9).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

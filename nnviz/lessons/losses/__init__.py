"""The losses lesson (notebooks/08_outputs_and_losses.ipynb): scaling inputs and
targets, output layers, and which loss goes with which output (Q2 Q5 Q19 Q20).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

"""The lstm lesson (notebooks/07_lstm_units.ipynb): what `units` means in an LSTM;
gates at work (Q14 Q30).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

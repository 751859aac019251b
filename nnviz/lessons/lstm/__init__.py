"""The lstm lesson (notebooks/12_lstm_units.ipynb): what `units` means in an LSTM,
gates at work, and `(timesteps, features)`: (look_back, 1) vs (1, look_back) (Q30 Q14).

Modules named `*views.py` draw (matplotlib), `*panels.py` wire controls (ipywidgets);
the others are the lesson's experiments (numpy and nnviz.nn only).
"""

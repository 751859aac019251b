"""Shared controls: Panel, sliders, the error output. Needs `%matplotlib widget`.

A lesson's own panels live in `nnviz/lessons/<topic>/panels.py`.
"""

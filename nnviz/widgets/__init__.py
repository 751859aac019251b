"""Shared controls: Panel, sliders, the error output, live training. Needs
`%matplotlib widget`.

controls.py  the backend check, `Panel`, `simple_panel`, sliders, Play
live.py      `LiveTraining`: the one loop every panel that trains uses
             (Play -> a few steps -> update the views -> divergence in words)
tables.py    HTML tables for the shape calculators
progress.py  `Progress`, `progress_steps`: the bar for work longer than ~2 s
             ("done: …, 400 steps in 3.2 s"; `LiveTraining(progress=…)` drives one)

A lesson's own panels live in `nnviz/lessons/<topic>/panels.py`.
"""

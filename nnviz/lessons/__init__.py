"""One package per lesson, named by topic, never by number: the course can be reordered.

Inside each package, imports go one way:

    experiments (numpy, nnviz.nn, nnviz.data)  <-  views (matplotlib, nnviz.plots)
        <-  panels (ipywidgets, nnviz.widgets)  <-  notebooks

A module is a view if its name ends in `views`, a panel if it ends in `panels`;
every other module is an experiment. No lesson imports another: what two lessons
share lives in nnviz.nn, nnviz.plots or nnviz.widgets (tests/test_layout.py).
"""

"""The playground: build, train and watch a small network on 2-D data.

    config.py         PlaygroundConfig: the whole setting as a short text preset
    session.py        the data and model a configuration describes
    controls.py       the sliders and menus
    weights.py        reading and editing single weights
    views.py          the figure: data, boundary, loss, hidden space, diagram
    network_view.py   NetworkDiagramView
    later.py          Later: the slower views, once, after the last move of a drag
    app.py            Playground and playground(): the panel that ties them together
"""

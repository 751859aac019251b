"""The throw-away JupyterLab server stops and cleans up; the no-redraw marker."""

from __future__ import annotations

import socket

import ipywidgets as widgets
import pytest
from checker import NO_REDRAW_CLASS
from lab import LabServer

from nnviz.widgets.controls import mark_no_redraw


def test_mark_no_redraw_adds_the_class_the_checker_skips():
    slider = widgets.FloatSlider()
    assert mark_no_redraw(slider) is slider
    assert NO_REDRAW_CLASS in slider._dom_classes


@pytest.mark.browser
def test_server_answers_then_leaves_nothing_behind():
    lab = LabServer()
    try:
        lab.start()
        assert lab.url.startswith("http://127.0.0.1:")
        assert "started" in lab.api("GET", "/api/status")
        assert lab.api("GET", "/api/kernels") == []
        assert not any((lab.root_dir / ".ipynb_checkpoints").glob("*"))
    finally:
        lab.stop()
    assert lab.process.poll() is not None
    assert not lab.tmp.exists()
    with pytest.raises(ConnectionRefusedError):  # nothing listens on the port any more
        socket.create_connection(("127.0.0.1", lab.port), timeout=2).close()

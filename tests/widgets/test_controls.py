"""simple_panel: the layout, and when it calls refresh (no browser, no figure)."""

import contextlib
import io

import ipywidgets as widgets

from nnviz.widgets import controls as controls_module
from nnviz.widgets.controls import Panel, simple_panel


def build(refresh=None, **kwargs):
    """A panel with two sliders in a row, a readout and a Button; refresh is logged."""
    controls = {
        "a": widgets.IntSlider(value=1),
        "b": widgets.IntSlider(value=2),
        "go": widgets.Button(description="go"),
    }
    readout = widgets.HTML()
    rows = [widgets.HBox([controls["a"], controls["b"]]), readout, controls["go"]]
    calls = []

    def log(panel):
        calls.append((controls["a"].value, controls["b"].value))
        readout.value = f"a + b = {controls['a'].value + controls['b'].value}"
        panel.state["sum"] = controls["a"].value + controls["b"].value

    panel = simple_panel(rows, controls, [readout], refresh or log, **kwargs)
    return panel, rows, calls


def test_rows_come_first_then_the_error_output():
    panel, rows, _ = build()
    assert isinstance(panel, Panel)
    assert panel.widget.children == (*rows, panel.output)
    assert isinstance(panel.output, widgets.Output)
    assert list(panel.controls) == ["a", "b", "go"]
    assert panel.views == [rows[1]]


def test_refresh_runs_once_at_build_and_may_set_state():
    panel, rows, calls = build()
    assert calls == [(1, 2)]
    assert panel.state == {"sum": 3}
    assert rows[1].value == "a + b = 3"


def test_moving_a_control_refreshes():
    panel, _, calls = build()
    panel.controls["b"].value = 5
    assert calls == [(1, 2), (1, 5)]
    assert panel.state["sum"] == 6


def test_clicking_a_button_refreshes():
    panel, _, calls = build()
    panel.controls["go"].click()
    assert calls == [(1, 2), (1, 2)]


def test_only_watched_controls_refresh():
    controls = {"a": widgets.IntSlider(value=1), "b": widgets.IntSlider(value=2)}
    calls = []
    panel = simple_panel(
        list(controls.values()), controls, [], lambda panel: calls.append(1),
        watch=[controls["a"]],
    )
    panel.controls["b"].value = 7  # read by refresh later, but calls nothing
    assert len(calls) == 1
    panel.controls["a"].value = 7
    assert len(calls) == 2


def test_starting_state_is_the_dict_given():
    start = {"cache": "kept"}
    panel, _, _ = build(state=start)
    assert panel.state is start
    assert panel.state == {"cache": "kept", "sum": 3}


class RecordingOutput(widgets.Output):
    """An Output that keeps what is printed inside `with output:` with no kernel.

    The real Output captures only inside Jupyter; here it would print to stdout.
    """

    def __enter__(self):
        self._buffer = io.StringIO()
        self._redirect = contextlib.redirect_stdout(self._buffer)
        self._redirect.__enter__()

    def __exit__(self, *exc_info):
        self._redirect.__exit__(*exc_info)
        if self._buffer.getvalue():
            self.append_stdout(self._buffer.getvalue())

    def clear_output(self, *args, **kwargs):
        self.outputs = ()


def test_an_error_in_refresh_is_shown_in_the_output_not_raised(monkeypatch):
    monkeypatch.setattr(controls_module, "error_output", RecordingOutput)

    def broken(panel):
        if panel.controls["a"].value > 3:
            raise ValueError("a is too large for this panel")

    panel, _, _ = build(broken)
    assert isinstance(panel.output, RecordingOutput)
    assert not panel.output.outputs
    panel.controls["a"].value = 4  # does not raise
    (shown,) = panel.output.outputs
    assert shown["text"] == "⚠ ValueError: a is too large for this panel\n"
    panel.controls["a"].value = 2  # a good call clears the message
    assert not panel.output.outputs


def test_buttons_that_write_files_are_marked_for_the_browser_suite():
    from nnviz.playground.config import PlaygroundConfig
    from nnviz.playground.controls import make_controls
    from nnviz.widgets.controls import WRITES_FILES_CLASS, mark_writes_files

    button = mark_writes_files(widgets.Button(description="save"))
    assert WRITES_FILES_CLASS in button._dom_classes
    controls = make_controls(PlaygroundConfig())
    exports = {name for name, c in controls.items()
               if WRITES_FILES_CLASS in getattr(c, "_dom_classes", ())}
    assert exports == {"save_gif", "save_html"}

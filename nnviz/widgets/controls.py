"""Shared widget plumbing: the backend check, the Panel object, sliders and Play.

Every builder in nnviz.widgets returns a `Panel`: the widget to display, its
named controls, its views and an `Output` that shows errors raised inside
callbacks (JupyterLab otherwise hides them in its log console). Typing the
panel's name in a cell displays it.

Controls talk to views only through `observe(handler, names="value")`: the
handler computes, calls `view.update(...)`, and the view calls `draw_idle()`.
Most panels are rows of controls, a figure and one handler that redraws
everything: `simple_panel` builds those.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import ipywidgets as widgets
import matplotlib
import numpy as np

WIDGET_BACKENDS = ("ipympl", "widget", "module://ipympl.backend_nbagg")


class BackendError(RuntimeError):
    """The interactive matplotlib backend (ipympl) is not active."""


def require_widget_backend():
    """Raise a clear error unless `%matplotlib widget` (ipympl) is on.

    Under the inline backend, figures are static pictures and in-place updates
    never show, so a slider would seem to do nothing.
    """
    backend = matplotlib.get_backend().lower()
    if "ipympl" in backend or backend == "widget":
        return
    raise BackendError(
        f"nnviz widgets need the interactive backend, but matplotlib is using "
        f"{matplotlib.get_backend()!r}. Run `%matplotlib widget` in the first cell "
        "of the notebook (and restart the kernel if you had run `%matplotlib inline`)."
    )


@dataclass
class Panel:
    """A displayed lesson panel: `.widget` to show, `.controls` by name, `.views`.

    `.live` is the panel's `nnviz.widgets.live.LiveTraining` when Play trains
    (None otherwise): `panel.live.tick()` does what one Play tick does.
    """

    widget: widgets.Widget
    controls: dict = field(default_factory=dict)
    views: list = field(default_factory=list)
    output: widgets.Output = field(default_factory=widgets.Output)
    state: dict = field(default_factory=dict)
    live: object = None

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def error_output() -> widgets.Output:
    """An Output widget for messages and errors raised in callbacks."""
    return widgets.Output(layout=widgets.Layout(min_height="1.5em"))


def reports_errors(output: widgets.Output):
    """Decorate a callback so that any exception is shown in `output`, in plain words.

    The message replaces the previous one; a successful call clears it. The
    exception is not re-raised: the learner reads it in the panel, and tests
    read `output.outputs`.
    """

    def decorate(callback):
        @functools.wraps(callback)
        def wrapper(*args, **kwargs):
            try:
                result = callback(*args, **kwargs)
            except Exception as error:  # shown to the learner, not swallowed
                output.clear_output()
                with output:
                    print(f"⚠ {type(error).__name__}: {error}")
                return None
            if output.outputs:
                output.clear_output()
            return result

        return wrapper

    return decorate


def simple_panel(rows, controls, views, refresh, *, watch=None, state=None,
                 live=None) -> Panel:
    """The common panel: rows of widgets above an error Output, one `refresh`.

    rows: the widgets to stack, top to bottom (HBoxes of controls, figure
    widgets, HTML readouts); the panel's error Output goes below them.
    controls, views: as in `Panel`. state: the panel's starting state (default
    an empty dict).
    refresh(panel): recomputes and redraws; it may read and set `panel.state`.
    It runs once now, and again whenever a control in `watch` (default: every
    control) changes its "value", or is clicked if it is a Button. Controls
    left out of `watch` are read by refresh but do not call it. An exception
    inside refresh is shown in the panel's Output, not raised.

    live: a LiveTraining among the rows (Play trains as well): it becomes
    `panel.live` and reports its errors in the panel's Output.

    Panels with more than one handler (a menu that fills other controls) build
    their Panel and wire their callbacks by hand.
    """
    output = error_output()
    panel = Panel(widgets.VBox([*rows, output]), controls, views, output,
                  {} if state is None else state, live)
    if live is not None:
        live.output = output

    @reports_errors(output)
    def on_change(_=None):
        refresh(panel)

    for control in controls.values() if watch is None else watch:
        if isinstance(control, widgets.Button):  # a Button has no value: a click
            control.on_click(on_change)
        else:
            control.observe(on_change, names="value")
    on_change()
    return panel


def slider(description, value, low, high, step=None, *, continuous=True, fmt=None,
           width="22em"):
    """A FloatSlider (or IntSlider for whole numbers) with a readable label."""
    whole = all(isinstance(v, int) for v in (value, low, high)) and (
        step is None or isinstance(step, int))
    cls = widgets.IntSlider if whole else widgets.FloatSlider
    kwargs = dict(value=value, min=low, max=high, description=description,
                  continuous_update=continuous,
                  style={"description_width": "initial"},
                  layout=widgets.Layout(width=width))
    if step is not None:
        kwargs["step"] = step
    if fmt and not whole:
        kwargs["readout_format"] = fmt
    return cls(**kwargs)


def play_control(max_frames=10_000, interval=100, description="step"):
    """A Play button linked in the browser to an IntSlider frame counter.

    Returns (play, counter). Observe `counter` ("value") to advance one frame.
    The link is made with jslink, so the counter moves with no kernel round trip.
    This is for animations whose counter is a position (a time step, a stage);
    a panel that trains uses `nnviz.widgets.live.LiveTraining`, built on it.
    """
    play = widgets.Play(value=0, min=0, max=max_frames, step=1, interval=interval,
                        description="Play")
    counter = widgets.IntSlider(value=0, min=0, max=max_frames, description=description,
                                continuous_update=True,
                                layout=widgets.Layout(width="18em"))
    widgets.jslink((play, "value"), (counter, "value"))
    return play, counter


NO_REDRAW_CLASS = "nnviz-no-redraw"


def mark_no_redraw(widget):
    """Mark a control that rightly changes no figure by itself; returns the widget.

    The browser test suite (tests/browser/checker.py) moves every visible slider
    and presses every Play button, and fails unless some figure repaints. A
    learning-rate slider read only when training runs, or a slider that only
    sets a text next to a figure, is marked with the CSS class `nnviz-no-redraw`
    and skipped (marking a container skips every control inside it). A slider
    in a cell with no figure at all must change the text its cell shows.
    """
    widget.add_class(NO_REDRAW_CLASS)
    return widget


WRITES_FILES_CLASS = "nnviz-writes-files"


def mark_writes_files(widget):
    """Mark a button that writes a file (an export); returns the widget.

    The browser test suite clicks every other button once, to check that its
    handler raises no error; it leaves these alone so that a test run never
    writes into the lesson folder.
    """
    widget.add_class(WRITES_FILES_CLASS)
    return widget


def figure_widget(fig):
    """The ipympl canvas of `fig` as a widget (it is one under %matplotlib widget)."""
    canvas = fig.canvas
    if isinstance(canvas, widgets.DOMWidget):
        return canvas
    return widgets.Output()


def log_slider(description, value, low, high, *, continuous=True):
    """A slider over [low, high] on a log scale (learning rates, scales)."""
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=np.log10(low),
        max=np.log10(high),
        step=0.05,
        description=description,
        continuous_update=continuous,
        readout_format=".3g",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="24em"),
    )

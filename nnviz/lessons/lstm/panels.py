"""LSTM panels (Q30): shapes and count, gates at work, memory that holds or fades.

lstm_shapes_explorer   sliders on units, features, timesteps, batch and
                       return_sequences: every shape, the count and its formula
gate_timeline_explorer a trained net on one sequence, animated step by step (Play)
memory_explorer        type a sequence, move the forget-gate bias: memory holds or fades
memory_trainer         the memory task trained live (Play), gates of one test sequence
                       (in trainer_panels.py, with memory_model; re-exported here)
window_layout_explorer the same windows as (look_back, 1) and (1, look_back): what
                       each LSTM sees and keeps, and how each does by arrival step
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnviz.lessons.lstm.experiments import (
    LAYOUTS,
    accuracy_by_step,
    as_layout,
    lstm_shapes,
    memory_cell,
    sequence_trace,
    set_forget_bias,
)
from nnviz.lessons.lstm.trainer_panels import (
    _title_line,
    memory_model,  # noqa: F401 (nnviz/__init__.py takes it from here)
    memory_trainer,  # noqa: F401 (likewise)
)
from nnviz.lessons.lstm.views import (
    GateTimelineView,
    LayoutView,
    symmetric_range,
    trace_title,
)
from nnviz.nn.lstm import LSTM
from nnviz.nn.model import Sequential
from nnviz.widgets.controls import (
    Panel,
    error_output,
    figure_widget,
    play_control,
    reports_errors,
    require_widget_backend,
    simple_panel,
    slider,
)
from nnviz.widgets.tables import html_table, shape_text


def shapes_table(features, units, timesteps, batch, return_sequences) -> str:
    """HTML: the shapes of one LSTM choice, its parameter count and the formula."""
    s = lstm_shapes(features, units, timesteps=timesteps, batch=batch,
                    return_sequences=return_sequences)
    F, H = features, units
    rows = [("input x", s["input"], "(batch, timesteps, features)"),
            ("Wx", s["Wx"], "(features, 4·units): i, f, g, o side by side"),
            ("Wh", s["Wh"], "(units, 4·units): the same at every step"),
            ("b", s["b"], "(4·units,)"),
            ("h and c", s["h"], "(batch, units): carried from step to step"),
            ("output", s["output"], "every h" if return_sequences else "the last h")]
    body = [(name, shape_text(shape), words) for name, shape, words in rows]
    table = html_table(("array", "shape", "what it holds"), body)
    torch = 4 * (H * (F + H) + 2 * H)
    return (f"{table}<p><b>parameters</b> = 4·(units·(features + units) "
            f"+ units) = 4·({H}·({F} + {H}) + {H}) = <b>{s['n_params']:,}</b><br>"
            f"PyTorch's nn.LSTM keeps two bias vectors: 4·({H}·({F} + {H}) + 2·{H}) "
            f"= {torch:,}</p>")


def lstm_shapes_explorer(units=8, features=1, timesteps=20, batch=32,
                         return_sequences=False, *, check_backend=True) -> Panel:
    """Panel: sliders on the five choices -> shapes, count, formula.

    The output shape and the count are measured on a real LSTM (a forward pass
    on zeros), next to the formula. controls: "units", "features", "timesteps",
    "batch", "return_sequences". state: "output_shape", "n_params", "shapes".
    """
    if check_backend:
        require_widget_backend()
    controls = {"units": slider("units (size of h and c)", units, 1, 128),
                "features": slider("features per step", features, 1, 32),
                "timesteps": slider("timesteps", timesteps, 1, 100),
                "batch": slider("batch", batch, 1, 128),
                "return_sequences": widgets.Checkbox(value=return_sequences,
                                                     description="return_sequences")}
    readout = widgets.HTML()

    def refresh(panel):
        v = {name: control.value for name, control in controls.items()}
        layer = LSTM(v["features"], v["units"], return_sequences=v["return_sequences"],
                     rng=np.random.default_rng(0))
        y = layer.forward(np.zeros((v["batch"], v["timesteps"], v["features"])))
        readout.value = shapes_table(v["features"], v["units"], v["timesteps"],
                                     v["batch"], v["return_sequences"])
        shapes = lstm_shapes(v["features"], v["units"], timesteps=v["timesteps"],
                             batch=v["batch"], return_sequences=v["return_sequences"])
        panel.state.update(output_shape=y.shape, n_params=layer.n_params, shapes=shapes)

    return simple_panel([*controls.values(), readout], controls, [], refresh)


def _c_range(model, X):
    """Fixed limits for the cell state: a little above its largest size on X."""
    lstm = model.layers[0]
    lstm.forward(np.asarray(X)[:64])
    top = max(1.0, float(np.ceil(np.abs(lstm.cache["c"]).max() * 1.1)))
    return (-top, top)


def gate_timeline_explorer(model, X, *, example=0, interval=200,
                           check_backend=True) -> Panel:
    """Panel: one sequence of X (N, T, F) through a trained LSTM net, step by step.

    controls: "play", "step" (time step shown), "example" (index into X).
    state: "trace" (see nnviz.nn.lstm.sequence_trace).
    """
    if check_backend:
        require_widget_backend()
    X = np.asarray(X)
    steps = X.shape[1]
    view = GateTimelineView(steps, model.layers[0].units, features=X.shape[2],
                            x_range=symmetric_range(X), c_range=_c_range(model, X))
    play, counter = play_control(max_frames=steps - 1, interval=interval,
                                 description="time step")
    controls = {"play": play, "step": counter,
                "example": slider("sequence #", example, 0, len(X) - 1, 1)}
    output, title = error_output(), _title_line()
    panel = Panel(widgets.VBox([widgets.HBox([play, counter, controls["example"]]),
                                title, figure_widget(view.fig), output]), controls,
                  [view], output)

    @reports_errors(output)
    def choose(_=None):
        trace = sequence_trace(model, X[controls["example"].value])
        view.update(trace["x"], trace["gates"], trace["c"], trace["h"], trace["y"],
                    title=trace_title(trace))
        title.value = html.escape(view.headline)
        panel.state["trace"] = trace

    @reports_errors(output)
    def step(change):
        view.set_step(change["new"])

    controls["example"].observe(choose, names="value")
    counter.observe(step, names="value")
    choose()
    view.set_step(counter.value)
    return panel


def parse_sequence(text) -> np.ndarray:
    """'1, 0 0,-0.5' -> array([1, 0, 0, -0.5]) as (T, 1): numbers, commas or spaces."""
    parts = text.replace(",", " ").split()
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"Type numbers separated by commas or spaces, e.g. "
                         f"'1, 0, 0, 0'; could not read {text!r}.") from None
    if not values:
        raise ValueError("Type at least one number, e.g. '1, 0, 0, 0'.")
    return np.array(values)[:, None]


def memory_explorer(model=None, sequence="1" + ", 0" * 25, *, forget_bias=None,
                    max_steps=40, check_backend=True) -> Panel:
    """Panel: a sequence typed by the learner, and the forget-gate bias b_f.

    model: a Sequential whose first layer is an LSTM; None builds
    `nnviz.nn.lstm.memory_cell()`, one unit whose forget gate acts alone.
    The slider sets every forget-gate bias of a copy of the LSTM (the model is
    untouched; in a trained net this replaces the learned b_f).
    controls: "sequence" (Text), "forget_bias". state: "trace", "prediction"
    (the output after the last step), "f" (mean forget gate).
    """
    if check_backend:
        require_widget_backend()
    model = model if model is not None else memory_cell()
    lstm = model.layers[0]
    start = float(np.mean(lstm.params["b"][lstm.units:2 * lstm.units]))
    view = GateTimelineView(max_steps, lstm.units, x_range=(-3, 3), c_range=(-3, 3))
    controls = {"sequence": widgets.Text(value=sequence, description="sequence",
                                         continuous_update=False,
                                         layout=widgets.Layout(width="40em")),
                "forget_bias": slider("forget-gate bias b_f",
                                      start if forget_bias is None else forget_bias,
                                      -4.0, 8.0, 0.5, fmt=".1f")}
    readout, title = widgets.HTML(), _title_line()
    rows = [controls["sequence"], controls["forget_bias"], readout, title,
            figure_widget(view.fig)]

    def refresh(panel):
        x = parse_sequence(controls["sequence"].value)
        b_f = controls["forget_bias"].value
        trace = sequence_trace(Sequential([set_forget_bias(lstm, b_f),
                                           *model.layers[1:]]), x)
        view.update(trace["x"], trace["gates"], trace["c"], trace["h"], trace["y"],
                    title=trace_title(trace, f"b_f = {b_f:+.1f}: "))
        title.value = html.escape(view.headline)
        view.set_step(len(x) - 1)
        f, later = float(trace["gates"][:, 1].mean()), len(x) - 1
        readout.value = (f"forget gate f ≈ {f:.3f} → after {later} more steps a "
                         f"memory keeps f<sup>{later}</sup> = {f ** later:.2g} of "
                         f"itself. Output after the last step: "
                         f"<b>{trace['y'][-1]:.2f}</b>")
        panel.state.update(trace=trace, prediction=float(trace["y"][-1]), f=f)

    return simple_panel(rows, controls, [view], refresh)


def layouts_table(models, look_back) -> str:
    """HTML: for each layout, the input shape, Wx, Wh, the count and the cell steps."""
    body = []
    for layout, model in models.items():
        lstm = model.layers[0]
        steps = look_back if lstm.n_in == 1 else 1
        body.append((layout, shape_text(("N", steps, lstm.n_in)),
                     shape_text(lstm.params["Wx"].shape),
                     shape_text(lstm.params["Wh"].shape), f"{lstm.n_params:,}", steps))
    return html_table(("layout", "input (batch, timesteps, features)", "Wx", "Wh",
                       "LSTM parameters", "cell steps per window"), body,
                      right=(4, 5))


def window_layout_explorer(models, X, y, where, *, window=None,
                           check_backend=True) -> Panel:
    """Panel: the same windows read as (look_back, 1) and as (1, look_back).

    models: {layout: Sequential} for the two layouts of
    `nnviz.lessons.lstm.experiments.LAYOUTS`, trained on the same windows.
    X (N, look_back, 1), y (N, 1), where (N,): test windows from
    `symbol_anywhere`. window: the one shown first (default: the first whose
    symbol arrived in the first quarter, so the memory has work to do). The
    accuracy by arrival step is measured once, when the panel opens; the
    slider only runs one window through each net.
    controls: "window" (index into X). state: "accuracy" {layout: (look_back,)},
    "states" {layout: c (steps, H)}, "answers" {layout: p(+1)}.
    """
    if check_backend:
        require_widget_backend()
    X, y, where = np.asarray(X), np.asarray(y), np.asarray(where)
    unknown = set(models) - set(LAYOUTS)
    if unknown:
        raise ValueError(f"models must be keyed by the layouts {LAYOUTS}; got "
                         f"{sorted(unknown)}.")
    look_back = X.shape[1]
    units = next(iter(models.values())).layers[0].units
    accuracy = {layout: accuracy_by_step(model, as_layout(X, layout), y, where)
                for layout, model in models.items()}
    c_top = max(np.percentile(np.abs(_cell_and_logits(
        model, as_layout(X[:64], layout))[0]), 99) for layout, model in models.items())
    view = LayoutView(look_back, units, layouts=tuple(models),  # colours: symbol ±1
                      x_max=1.0, c_max=max(0.5, round(float(c_top), 1)))
    view.set_accuracy(accuracy)
    if window is None:  # first shown: a window whose symbol came early
        window = int(np.argmax(where <= look_back // 4))
    controls = {"window": slider("window #", window, 0, len(X) - 1, 1)}
    headline = _title_line()
    rows = [controls["window"], widgets.HTML(layouts_table(models, look_back)),
            headline, figure_widget(view.fig)]

    def refresh(panel):
        k = controls["window"].value
        states, answers = {}, {}
        for layout, model in models.items():
            c, logit = _cell_and_logits(model, as_layout(X[k:k + 1], layout))
            states[layout] = c[0]
            answers[layout] = float(1 / (1 + np.exp(-logit[0, 0])))
        view.update(X[k, :, 0], states, answers, int(where[k]), 2 * y[k, 0] - 1)
        headline.value = html.escape(view.headline)
        panel.state.update(states=states, answers=answers)

    return simple_panel(rows, controls, [view], refresh,
                        state={"accuracy": accuracy})


def _cell_and_logits(model, x):
    """(c (N, steps, H) after every step of the first layer, logits (N, 1)) for x."""
    logits = model.forward(x)
    return model.layers[0].cache["c"], logits

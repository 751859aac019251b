"""The playground's controls: build them, lay them out, read a config off them.

`make_controls(config, own)` returns a dict name -> widget; the names are the
ones a test sets (`pg.controls["lr"].value = 0.1`) and, grouped by GROUPS,
the ones a preset's `hide=` lists. `read_config` and `write_config` convert
between the controls and a PlaygroundConfig; nothing here trains or draws.
"""

from __future__ import annotations

import ipywidgets as widgets

from nnviz.data.features import LABELS
from nnviz.playground import config as presets
from nnviz.widgets.controls import mark_no_redraw, mark_writes_files, slider

#: Controls that hold one PlaygroundConfig field each, under the field's name.
SIMPLE = (
    "data",
    "noise",
    "train",
    "features",
    "init",
    "dropout",
    "loss",
    "optimizer",
    "lr",
    "batch",
    "penalty",
    "rate",
    "discretize",
)
LAYER_ROWS = range(1, presets.MAX_LAYERS + 1)

#: The controls hidden by each name a preset's hide= may list (else the control itself).
GROUPS = {
    "units": [f"units_{i}" for i in LAYER_ROWS],
    "activation": [f"act_{i}" for i in LAYER_ROWS],
    "weights": ["w_layer", "w_to", "w_from", "weight"],
    "preset": ["preset", "load"],
    "export": ["export_name", "save_gif", "save_html"],
}


def _dropdown(description, options, value=None, width="14em"):
    kwargs = {} if value is None else {"value": value}
    return widgets.Dropdown(
        options=options,
        description=description,
        layout=widgets.Layout(width=width),
        **kwargs,
    )


def _button(description):
    return widgets.Button(description=description, layout=widgets.Layout(width="auto"))


#: The learning rates offered (a preset may add its own between them).
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def learning_rates(lr):
    """LEARNING_RATES, with `lr` added in order if it is not one of them.

    A slider of choices, not a continuous one: a browser slider snaps its
    value to its step and would silently change a preset's learning rate.
    """
    return sorted({*LEARNING_RATES, float(lr)})


def make_controls(config, own=None) -> dict:
    """Every control of the playground, set to `config`."""
    data = [d for d in presets.DATASETS if d != "own" or own is not None]
    c = {
        "data": _dropdown("data", data, config.data),
        "noise": slider("noise", config.noise, 0.0, 1.0, 0.01, width="24em"),
        "train": slider("train fraction", config.train, 0.1, 1.0, 0.01, width="24em"),
        "regenerate": _button("regenerate"),
        "features": widgets.SelectMultiple(
            options=[(LABELS[n], n) for n in LABELS],
            value=config.features,
            rows=7,
            description="features",
            layout=widgets.Layout(width="12em"),
        ),
        "layers": slider(
            "hidden layers", len(config.hidden), 0, presets.MAX_LAYERS, 1, width="24em"
        ),
        # wide enough for "glorot_normal" and "squared error" (14em cut them)
        "init": _dropdown("init", presets.INITS, config.init, "17em"),
        # Dropout acts only while training (the weights and every picture stay
        # the same when it moves): a no-redraw control, like the learning rate.
        "dropout": mark_no_redraw(
            slider("dropout", config.dropout, 0.0, 0.9, 0.01, width="24em")),
        "loss": _dropdown(
            "loss",
            [("cross-entropy", "cross_entropy"), ("squared error", "squared")],
            config.loss,
            "17em",
        ),
        "optimizer": _dropdown("optimizer", presets.OPTIMIZERS, config.optimizer),
        # Only matters when training runs: no figure changes when it moves.
        "lr": mark_no_redraw(widgets.SelectionSlider(
            options=learning_rates(config.lr),
            value=config.lr,
            description="learning rate",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="24em"),
        )),
        "batch": widgets.BoundedIntText(
            value=config.batch,
            min=1,
            max=5000,
            description="batch size",
            layout=widgets.Layout(width="12em"),
        ),
        "penalty": _dropdown("penalty", presets.PENALTIES, config.penalty, "12em"),
        "rate": widgets.BoundedFloatText(
            value=config.rate,
            min=0,
            max=1,
            step=0.001,
            description="rate",
            layout=widgets.Layout(width="10em"),
        ),
        "discretize": widgets.Checkbox(
            value=config.discretize, description="discretize"
        ),
        "step": _button("one step"),
        "reset": _button("reset"),
        "space": slider("stage", 0.0, 0.0, 1.0, 0.01, width="18em"),
        "w_layer": _dropdown("weights of", [], width="18em"),
        "w_to": _dropdown("into", [], width="12em"),
        "w_from": _dropdown("from", [], width="12em"),
        "weight": slider("value", 0.0, -6.0, 6.0, 0.01, fmt=".2f", width="18em"),
        "preset": widgets.Text(
            description="preset", layout=widgets.Layout(width="30em")
        ),
        "load": _button("load preset"),
        "export_name": widgets.Text(
            value="playground",
            description="save as",
            layout=widgets.Layout(width="14em"),
        ),
        "save_gif": mark_writes_files(_button("GIF")),
        "save_html": mark_writes_files(_button("HTML")),
    }
    for i in LAYER_ROWS:
        given = i <= len(config.hidden)
        c[f"units_{i}"] = slider(
            f"layer {i} units",
            config.hidden[i - 1] if given else 4,
            1,
            presets.MAX_UNITS,
            1,
            width="17em",
        )
        c[f"act_{i}"] = _dropdown(
            "",
            presets.ACTIVATIONS,
            config.activation[i - 1] if given else "tanh",
            "8em",
        )
    return c


def read_config(controls, config):
    """`config` with every setting the controls hold (seed, points, hide kept)."""
    n = controls["layers"].value
    return config.replace(
        **{name: controls[name].value for name in SIMPLE},
        hidden=tuple(controls[f"units_{i}"].value for i in range(1, n + 1)),
        activation=tuple(controls[f"act_{i}"].value for i in range(1, n + 1)),
    )


def write_config(controls, config):
    """Set the controls to `config` (the caller mutes their callbacks)."""
    if config.lr not in controls["lr"].options:
        controls["lr"].options = learning_rates(config.lr)
    for name in SIMPLE:
        controls[name].value = getattr(config, name)
    controls["layers"].value = len(config.hidden)
    for i, (units, act) in enumerate(
        zip(config.hidden, config.activation, strict=True)
    ):
        controls[f"units_{i + 1}"].value, controls[f"act_{i + 1}"].value = units, act


#: The left column's sections and the controls under each title.
SECTIONS = {
    "Data": ["data", "noise", "train", "regenerate"],
    "Inputs": ["features"],
    "Network": ["layers", *GROUPS["units"], *GROUPS["activation"], "init", "dropout"],
    "Training": ["loss", "optimizer", "lr", "batch", "penalty", "rate"],
}


def section_titles():
    """A bold title widget per section."""
    return {name: widgets.HTML(f"<b>{name}</b>") for name in SECTIONS}


def set_visibility(controls, config, figure_widgets, titles=None):
    """Hide what config.hide lists, unit rows beyond the layer count, and the
    title of a section whose controls are all hidden."""
    hidden = set()
    for name in config.hide:
        hidden.update(GROUPS.get(name, [name]))
    for name, control in controls.items():
        prefix, _, number = name.partition("_")
        beyond = prefix in ("units", "act") and int(number) > len(config.hidden)
        control.layout.display = "none" if name in hidden or beyond else None
    figure_widgets[3].layout.display = "none" if "space" in hidden else None
    for name, title in (titles or {}).items():
        shown = any(controls[c].layout.display is None for c in SECTIONS[name])
        title.layout.display = None if shown else "none"


def layout(c, top, figure_widgets, output, titles, *, export_progress=None):
    """The panel: controls on the left; Play row, figures and tools on the right.

    export_progress: a widget (a Progress's `.widget`) placed at the end of the
    export row, where an export says how far it is and how long it took.
    """
    h, v = widgets.HBox, widgets.VBox
    left = v(
        [
            titles["Data"],
            c["data"],
            c["noise"],
            c["train"],
            c["regenerate"],
            titles["Inputs"],
            c["features"],
            titles["Network"],
            c["layers"],
            *[h([c[f"units_{i}"], c[f"act_{i}"]]) for i in LAYER_ROWS],
            c["init"],
            c["dropout"],
            titles["Training"],
            c["loss"],
            c["optimizer"],
            c["lr"],
            c["batch"],
            h([c["penalty"], c["rate"]]),
        ],
        layout=widgets.Layout(width="25em", min_width="25em", flex="0 0 auto"),
    )
    boundary, network, loss, space = figure_widgets
    *buttons, status = top
    status.layout = widgets.Layout(width="100%", max_width="52em", min_height="1.6em")
    right = v(
        [
            h(buttons),
            status,
            h(
                [
                    v([boundary, c["discretize"]]),
                    v(
                        [
                            network,
                            h([c["w_layer"], c["w_to"]]),
                            h([c["w_from"], c["weight"]]),
                        ]
                    ),
                ],
                layout=_wrapping(),
            ),
            h([loss, v([space, c["space"]])], layout=_wrapping()),
            h([c["preset"], c["load"]]),
            h([c["export_name"], c["save_gif"], c["save_html"],
               *([] if export_progress is None else [export_progress])]),
        ],
        layout=widgets.Layout(flex="1 1 0%", min_width="0"),
    )
    return v([h([left, right]), output])


def _wrapping():
    """A row of figures that wraps. Two figures a row fit beside the controls in
    a 1280 px window (nnviz.playground.views.SIZES); in a narrower one the second
    moves under the first instead of being cut off at the notebook's right edge."""
    return widgets.Layout(flex_flow="row wrap")

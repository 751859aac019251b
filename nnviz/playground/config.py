"""The playground's whole configuration as a dataclass and as a short text preset.

A preset is `key=value` pairs joined by `;`, listing only what differs from
the defaults, so an instructor can paste an exact starting point into a cell:

    nv.playground("data=xor;hidden=4;activation=relu;lr=0.01;hide=features,optimizer")

Lists are comma-separated (`hidden=4,2`, `features=x1,x2,x1x2`); `hidden=none`
is a network with no hidden layer; one activation name applies to every
hidden layer. `hide=` names controls to leave out of the panel. The empty
preset "" is the default playground. Floats are written with repr, so
`PlaygroundConfig.from_preset(config.to_preset()) == config` exactly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields

from nnviz.data.features import canonical

DATASETS = ("circles", "xor", "blobs", "spirals", "moons", "picture", "plane", "own")
REGRESSION_DATASETS = ("plane",)
LOSSES = ("cross_entropy", "squared")
OPTIMIZERS = ("sgd", "momentum", "adam")
PENALTIES = ("none", "l1", "l2")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "elu", "softplus", "identity")
INITS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_normal")
MAX_LAYERS, MAX_UNITS = 6, 16
#: Names a preset may hide (each is one control or one group of controls).
HIDEABLE = (
    "data",
    "noise",
    "train",
    "regenerate",
    "features",
    "layers",
    "units",
    "activation",
    "init",
    "dropout",
    "loss",
    "optimizer",
    "lr",
    "batch",
    "penalty",
    "rate",
    "discretize",
    "weights",
    "space",
    "preset",
    "export",
)


@dataclass(frozen=True)
class PlaygroundConfig:
    """Everything that decides what the playground trains, and how.

    data: one of DATASETS ("own" = the points passed to playground(data=...)).
    noise: spread added to the toy data; train: fraction of points for training;
    points: how many points; seed: draws the data and the initial weights.
    features: input features (names from nnviz.data.features.FEATURES).
    hidden: units per hidden layer; activation: one name per hidden layer.
    loss: "cross_entropy" (classes) or "squared" (always, for regression data);
    penalty: "none", "l1" or "l2", at `rate`.
    """

    data: str = "circles"
    noise: float = 0.1
    train: float = 0.7
    points: int = 500
    seed: int = 0
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)
    activation: tuple = ("tanh", "tanh")
    init: str = "glorot_uniform"
    dropout: float = 0.0
    loss: str = "cross_entropy"
    optimizer: str = "sgd"
    lr: float = 0.03
    batch: int = 10
    penalty: str = "none"
    rate: float = 0.0
    discretize: bool = False
    hide: tuple = ()

    def __post_init__(self):
        fix = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        fix("hidden", tuple(int(n) for n in self.hidden))
        activation = (
            (self.activation,)
            if isinstance(self.activation, str)
            else tuple(self.activation)
        )
        if len(set(activation)) == 1 and len(activation) != len(self.hidden):
            activation = activation[:1] * len(self.hidden)  # one name for every layer
        fix("activation", activation)
        fix("features", canonical(self.features))
        fix("hide", tuple(self.hide))
        if self.data in REGRESSION_DATASETS:
            fix("loss", "squared")  # real-valued targets: cross-entropy has no meaning
        for name in ("noise", "train", "dropout", "lr", "rate"):
            fix(name, float(getattr(self, name)))
        for name in ("noise", "train", "dropout"):  # on the sliders' 0.01 grid, so a
            fix(name, round(getattr(self, name), 2))  # browser slider never moves them
        self.validate()

    def validate(self):
        """Raise ValueError naming the first setting that is out of range."""
        _choice("data", self.data, DATASETS)
        _choice("loss", self.loss, LOSSES)
        _choice("optimizer", self.optimizer, OPTIMIZERS)
        _choice("penalty", self.penalty, PENALTIES)
        _choice("init", self.init, INITS)
        for name in self.activation:
            _choice("activation", name, ACTIVATIONS)
        for name in self.hide:
            _choice("hide", name, HIDEABLE)
        _within("noise", self.noise, 0, 1)
        _within("train", self.train, 0.1, 1)
        _within("points", self.points, 20, 5000)
        _within("dropout", self.dropout, 0, 0.9)
        _within("rate", self.rate, 0, 1)
        _within("batch", self.batch, 1, 5000)
        if not 0 < self.lr <= 10:
            raise ValueError(f"lr={self.lr!r}: the learning rate must be in (0, 10].")
        if self.seed < 0:
            raise ValueError(f"seed={self.seed!r}: use a whole number 0 or above.")
        if len(self.hidden) > MAX_LAYERS or any(
            not 1 <= n <= MAX_UNITS for n in self.hidden
        ):
            raise ValueError(
                f"hidden={','.join(map(str, self.hidden))}: use up to {MAX_LAYERS} "
                f"hidden layers of 1 to {MAX_UNITS} units each."
            )
        if len(self.activation) != len(self.hidden):
            raise ValueError(
                f"{len(self.hidden)} hidden layer(s) need {len(self.hidden)} "
                f"activation(s) (or one for all), got {','.join(self.activation)}."
            )

    @property
    def regression(self) -> bool:
        return self.data in REGRESSION_DATASETS

    def replace(self, **changes) -> PlaygroundConfig:
        """A copy with some settings changed (validated)."""
        return dataclasses.replace(self, **changes)

    def to_preset(self) -> str:
        """The settings that differ from the defaults, as `key=value;key=value`."""
        default = PlaygroundConfig()
        return ";".join(
            f"{f.name}={_format(getattr(self, f.name))}"
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
            and not (f.name == "activation" and set(self.activation) <= {"tanh"})
        )

    @classmethod
    def from_preset(cls, text: str) -> PlaygroundConfig:
        """Parse a preset string; a ValueError says what is wrong, and how to fix it."""
        if not isinstance(text, str):
            raise ValueError(f"A preset is a text string, got {type(text).__name__}.")
        types = {f.name: f.type for f in fields(cls)}
        settings = {}
        for piece in filter(None, (p.strip() for p in text.split(";"))):
            key, sep, value = (s.strip() for s in piece.partition("="))
            if not sep:
                raise ValueError(
                    f"Preset piece {piece!r} has no '='. Write settings as key=value "
                    "separated by ';', e.g. 'data=xor;lr=0.01'."
                )
            if key not in types:
                raise ValueError(
                    f"Unknown preset key {key!r}. Keys: {', '.join(types)}."
                )
            if key in settings:
                raise ValueError(f"Preset key {key!r} is given twice.")
            settings[key] = _parse(key, value, types[key])
        return cls(**settings)


def _choice(name, value, options):
    if value not in options:
        raise ValueError(
            f"{name}={value!r} is not an option. Choose one of: {', '.join(options)}."
        )


def _within(name, value, low, high):
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r} is out of range: use {low} to {high}.")


def _format(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        if not value:
            return "none"
        if len(set(value)) == 1 and isinstance(value[0], str) and len(value) > 1:
            return str(value[0])  # one activation for every layer
        return ",".join(map(str, value))
    if isinstance(value, float):  # repr round-trips exactly; 10.0 is written 10
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _parse(key, value, kind):
    try:
        if kind == "tuple":
            items = (
                ()
                if value.lower() in ("", "none")
                else tuple(v.strip() for v in value.split(","))
            )
            return tuple(int(v) for v in items) if key == "hidden" else items
        if kind == "bool":
            if value.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(value)
            return value.lower() in ("1", "true", "yes")
        return {"int": int, "float": float}.get(kind, str)(value)
    except ValueError:
        expected = {
            "tuple": "a comma-separated list"
            + (" of whole numbers" if key == "hidden" else ""),
            "bool": "1 or 0",
            "int": "a whole number",
            "float": "a number",
        }.get(kind, "text")
        hint = ""
        if kind == "float" and "," in value:  # 0,01: a decimal comma
            hint = (f" Use a dot for decimals: {key}={value.replace(',', '.')} "
                    "(commas separate the items of a list).")
        if kind == "int" and "," in value:  # 1,000: a thousands separator
            hint = f" Write it without separators: {key}={value.replace(',', '')}."
        raise ValueError(
            f"Preset value {key}={value!r} should be {expected}.{hint}"
        ) from None

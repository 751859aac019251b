"""Every mistake a learner can make gets a clear error, raised before anything changes.

One row of CASES per mistake (issue 17): what the learner did, the exception
it must raise, and words its message must contain: what was expected, what
was got, the layer or argument, and the likely fix. A word starting with "!"
must NOT appear (the old, misleading wording). Error None means the call
returns a verdict instead of raising (an exercise's judge): it must be
falsy and its message must hold the words.

Every row runs in a fresh `World`: layers, models, optimizers and losses that
have already done a forward, a backward and an optimizer step, so their
params, grads, caches and optimizer state are all in use. Everything is copied
before the call, and must be unchanged after the error. Adding a case is one
line in CASES.
"""

from __future__ import annotations

import types

import numpy as np
import pytest

import nnviz as nv
from nnviz.exercises.judges import Feedback, compare_numbers
from nnviz.nn import activations, initializers, losses, optimizers, regularizers
from nnviz.nn.training import accuracy
from nnviz.playground.config import PlaygroundConfig


def make_world(rng, tmp_path):
    """Objects in use (forward, backward and a step done), and a few data files."""
    w = types.SimpleNamespace()
    w.X, w.y = rng.normal(size=(10, 2)), rng.normal(size=10)
    w.labels, w.binary_y = np.arange(10) % 3, (np.arange(10) % 2).astype(float)
    layers = {
        "dense": (nv.Dense(3, 4, rng=rng), (5, 3)),
        "conv": (nv.Conv2D(1, 2, 3, rng=rng), (2, 1, 6, 6)),
        "conv3": (nv.Conv2D(3, 2, 3, rng=rng), (2, 3, 6, 6)),
        "pool": (nv.MaxPool2D(2), (2, 2, 6, 6)),
        "avgpool": (nv.AvgPool2D(2), (2, 2, 6, 6)),
        "gap": (nv.GlobalAvgPool2D(), (2, 2, 6, 6)),
        "block": (nv.ResidualBlock(2, 2, rng=rng), (2, 2, 6, 6)),
        "relu": (nv.ReLU(), (4, 3)),
        "tanh": (nv.Tanh(), (4, 3)),
        "sigmoid": (nv.Sigmoid(), (4, 3)),
        "softplus": (nv.Softplus(), (4, 3)),
        "softmax": (nv.Softmax(), (4, 3)),
        "flatten": (nv.Flatten(), (2, 2, 3, 3)),
        "dropout": (nv.Dropout(0.5, rng=rng), (4, 3)),
        "activity": (nv.ActivityPenalty("l1", 0.01), (4, 3)),
        "lstm": (nv.LSTM(2, 3, rng=rng), (4, 5, 2)),
    }
    for name, (layer, shape) in layers.items():
        y = layer.forward(rng.normal(size=shape), training=True)
        layer.backward(np.ones_like(y))
        setattr(w, name, layer)
    w.model, w.opt = nv.mlp([2, 4, 1], "tanh", rng=rng), nv.Adam(0.01)
    nv.fit(w.model, "mse", w.opt, w.X, w.y, steps=2, rng=rng)
    w.classifier, w.opt3 = nv.mlp([2, 4, 3], "relu", rng=rng), nv.SGD(0.1, momentum=0.9)
    nv.fit(w.classifier, "softmax_cross_entropy", w.opt3, w.X, w.labels, steps=2)
    w.binary = nv.mlp([2, 4, 1], "tanh", output="sigmoid", rng=rng)
    w.optb = nv.Adam(0.01)
    nv.fit(w.binary, "binary_cross_entropy", w.optb, w.X, w.binary_y, steps=2)
    w.mse, w.bce, w.sce = nv.MeanSquaredError(), nv.BinaryCrossEntropy(), \
        nv.SoftmaxCrossEntropy()
    w.mse.forward(np.zeros((2, 1)), np.ones(2))
    w.bce.forward(np.full((2, 1), 0.5), np.ones(2))
    w.sce.forward(np.zeros((2, 3)), np.array([0, 2]))
    w.xlsx = tmp_path / "data.xlsx"  # what a spreadsheet file starts with (a zip)
    w.xlsx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x80")
    w.latin1 = tmp_path / "data.csv"  # saved by an old spreadsheet: not UTF-8
    w.latin1.write_bytes("x,label\n1,caf\xe9\n".encode("latin-1"))
    return w


def ones(shape):
    return np.ones(shape)


def fit(w, loss, y, model=None, opt=None, **kwargs):
    """One training step of w.model (or `model`) with w.opt (or `opt`)."""
    kwargs.setdefault("steps", 1)
    return nv.fit(model or w.model, loss, opt or w.opt, kwargs.pop("X", w.X), y,
                  **kwargs)


def with_bad_grads():
    """A model whose last weight gradient was replaced by an array of another shape."""
    model = nv.mlp([2, 4, 1], rng=np.random.default_rng(1))
    model.layers[2].grads["W"] = np.zeros(3)
    return model


def check(answer, expected):
    """An answer judged as nv.exercises.check judges a number exercise."""
    return Feedback(*compare_numbers(answer, expected))


def case(name, call, error, *words):
    return pytest.param(call, error, words, id=name)


CASES = [
    # ---- raw numpy/Python messages before issue 17 -------------------------
    # backward given a dy of the wrong shape, in every layer
    *[case(f"{name} backward wrong dy", lambda w, name=name: getattr(w, name).backward(
        ones((7, 7))), nv.ShapeError, "backward(dy) needs dy of shape", "(7, 7)",
        "loss.backward()") for name in ["dense", "conv", "pool", "avgpool", "gap",
                                         "block", "relu", "tanh", "sigmoid",
                                         "softplus", "softmax", "flatten", "dropout",
                                         "activity", "lstm"]],
    case("model backward wrong dy", lambda w: w.model.backward(ones((7, 7))),
         nv.ShapeError, 'Dense "dense_2"', "(10, 1)", "(7, 7)"),
    case("ragged rows", lambda w: w.dense.forward([[1, 2, 3], [1, 2]]),
         nv.ShapeError, 'Dense "dense"', "different lengths", "row 1 has 2"),
    case("ragged dy", lambda w: w.dense.backward([[1, 2, 3, 4], [1]]),
         nv.ShapeError, "dy given to Dense", "different lengths"),
    case("negative init", lambda w: nv.Dense(3, 4, init=-0.1), ValueError,
         "init=-0.1", "std", "0.1", "!scale < 0"),
    case("dropout rate as text", lambda w: nv.Dropout(rate="half"), ValueError,
         "Dropout", "rate='half'", "not a number", "DROP", "0.5"),
    case("lr as text", lambda w: nv.SGD(lr="0.1"), ValueError, "SGD", "lr='0.1'",
         "without quotes: lr=0.1"),
    case("negative steps", lambda w: fit(w, "mse", w.y, steps=-1), ValueError,
         "fit", "steps=-1", "at least 0", "!islice"),
    case("negative n", lambda w: nv.data.circles(n=-5), ValueError, "circles",
         "n=-5", "at least 1", "n=300"),
    case("lstm initial_state shape", lambda w: w.lstm.forward(
        np.ones((4, 5, 2)), initial_state=(np.zeros((4, 2)), np.zeros((4, 3)))),
        nv.ShapeError, "initial_state", "(4, 3)", "(4, 2)"),
    case("lstm initial_state one array", lambda w: w.lstm.forward(
        np.ones((4, 5, 2)), initial_state=np.zeros((4, 3))), ValueError,
        "initial_state", "(h0, c0)", "one array"),
    case("spreadsheet to load_csv", lambda w: nv.data.load_csv(w.xlsx), ValueError,
         "spreadsheet", "Save As", "CSV UTF-8"),
    # ---- accepted silently before issue 17 -------------------------------
    case("bce targets -1/+1", lambda w: fit(w, "binary_cross_entropy",
         2 * w.binary_y - 1, model=w.binary, opt=w.optb), ValueError,
         "BinaryCrossEntropy", "0 or 1", "-1 to 1", "(y + 1) / 2"),
    case("bce labels 0..2", lambda w: fit(w, "binary_cross_entropy", w.labels,
         model=w.binary, opt=w.optb), ValueError, "0 or 1", "0 to 2",
         "softmax_cross_entropy", "3 output units"),
    case("bce logits targets -1/+1", lambda w: fit(
        w, "binary_cross_entropy_logits", 2 * w.binary_y - 1), ValueError,
        "BinaryCrossEntropyWithLogits", "(y + 1) / 2"),
    case("bce given logits", lambda w: w.bce.forward(np.array([[-3.0], [2.0]]),
         [0, 1]), ValueError, "probabilities in [0, 1]", "-3 to 2",
         "binary_cross_entropy_logits", "Sigmoid"),
    case("infinite lr", lambda w: nv.Adam(lr=np.inf), ValueError, "Adam", "lr=inf",
         "finite"),
    case("momentum 1.5", lambda w: nv.SGD(momentum=1.5), ValueError, "SGD",
         "momentum=1.5", "[0, 1)", "0.9"),
    case("beta1 1.0", lambda w: nv.Adam(beta1=1.0), ValueError, "Adam", "beta1=1.0",
         "[0, 1)", "divides by 0", "0.9"),
    case("negative weight decay", lambda w: nv.SGD(0.1, weight_decay=-0.1),
         ValueError, "weight_decay=-0.1", "at least 0", "grow"),
    case("lstm 0 steps", lambda w: w.lstm.forward(np.ones((4, 0, 2))), nv.ShapeError,
         "LSTM", "(4, 0, 2)", "at least one time step"),
    case("complex input", lambda w: w.dense.forward(np.ones((5, 3)) * 1j), TypeError,
         'Dense "dense"', "complex", "x.real"),
    case("complex data", lambda w: fit(w, "mse", w.y, X=w.X + 1j), ValueError,
         "inputs X", "complex", "x.real"),
    case("complex dy", lambda w: w.dense.backward(np.ones((5, 4)) * 1j), TypeError,
         "dy given to Dense", "complex"),
    case("object input", lambda w: w.dense.forward(np.array([[1, None, 3]])),
         TypeError, 'Dense "dense"', "entry (0, 1) is None"),
    case("evaluate NaN", lambda w: nv.evaluate(w.model, "mse", np.where(
        np.arange(20).reshape(10, 2) == 3, np.nan, w.X), w.y), ValueError,
        "inputs X contains nan at index (1, 1)"),
    # ---- wrong axis letters before issue 17 --------------------------------
    case("conv channels", lambda w: w.conv.forward(ones((2, 3, 6, 6))),
         nv.ShapeError, "(N, 1, H, W)", "(2, 3, 6, 6)", "C_in", "!T, C)"),
    case("conv 3-D", lambda w: w.conv.forward(ones((2, 6, 6))), nv.ShapeError,
         "shape (N, 1, H, W)", "x[:, None]", "!T, C)"),
    case("conv NHWC", lambda w: w.conv3.forward(ones((2, 6, 6, 3))), nv.ShapeError,
         "(N, 3, H, W)", "NHWC", "x.transpose(0, 3, 1, 2)", "!6 channels"),
    case("conv NHWC grey", lambda w: w.conv.forward(ones((2, 6, 6, 1))),
         nv.ShapeError, "NHWC", "1 channel", "x.transpose(0, 3, 1, 2)"),
    case("maxpool 3-D", lambda w: w.pool.forward(ones((2, 6, 6))), nv.ShapeError,
         "MaxPool2D", "(N, C, H, W)", "x[:, None]"),
    case("avgpool 3-D", lambda w: w.avgpool.forward(ones((2, 6, 6))), nv.ShapeError,
         "AvgPool2D", "(N, C, H, W)"),
    case("global pool 2-D", lambda w: w.gap.forward(ones((2, 36))), nv.ShapeError,
         "GlobalAvgPool2D", "(N, C, H, W)", "reshape"),
    case("block channels", lambda w: w.block.forward(ones((2, 3, 6, 6))),
         nv.ShapeError, "ResidualBlock", "(N, 2, H, W)", "C_in=3"),
    case("block 3-D", lambda w: w.block.forward(ones((2, 6, 6))), nv.ShapeError,
         "(N, 2, H, W)", "x[:, None]"),
    case("lstm 2-D", lambda w: w.lstm.forward(ones((4, 5))), nv.ShapeError,
         "(N, T, 2)", "x[:, :, None]"),
    case("dense on sequences", lambda w: w.dense.forward(ones((2, 5, 4))),
         nv.ShapeError, "(N, T, 3)", "4 features per time step", "n_in=4"),
    # ---- misleading or incomplete before issue 17 --------------------------
    case("empty data", lambda w: fit(w, "mse", w.y[:0], X=w.X[:0]), ValueError,
         "no examples", "(0, 2)", "!batch_size"),
    case("softmax ce 1-D logits", lambda w: w.sce.forward(np.zeros(4), [0, 1, 1, 0]),
         ValueError, "(N, K)", "(4,)", "Dense(..., K)", "!but have"),
    case("softmax ce one output", lambda w: fit(w, "softmax_cross_entropy",
         w.binary_y), ValueError, "at least 2 output units", "(10, 1)",
         "Dense(..., 2)", "binary_cross_entropy_logits", "!from 0 to 0"),
    case("recurrent_init typo", lambda w: nv.LSTM(2, 3, recurrent_init="orthognal"),
         ValueError, "'orthognal'", "orthogonal,"),
    case("block without channels", lambda w: nv.ResidualBlock(0, 4), ValueError,
         "ResidualBlock", "C_in", "got 0", "!Conv2D"),
    case("block without outputs", lambda w: nv.ResidualBlock(4, 0), ValueError,
         "ResidualBlock", "C_out", "got 0", "!Conv2D"),
    case("check a NaN answer", lambda w: check(np.nan, 3.0), None, "nan",
         "not a number", "division by 0", "!too small"),
    case("check NaN entries", lambda w: check([1.0, np.nan], [1.0, 2.0]), None,
         "1 of 2 entries", "NaN"),
    case("a number for a batch", lambda w: w.dense.forward(3.0), nv.ShapeError,
         "(N, 3)", "a single number", "x[None]", "!got ()"),
    case("check a number for an array", lambda w: check(3.0, [1, 2]), None,
         "2 numbers (shape (2,))", "a single number", "!()"),
    case("decimal comma in a preset", lambda w: PlaygroundConfig.from_preset(
        "lr=0,01"), ValueError, "lr='0,01'", "dot for decimals", "lr=0.01"),
    case("thousands separator in a preset", lambda w: PlaygroundConfig.from_preset(
        "points=1,000"), ValueError, "points='1,000'", "points=1000"),
    case("labels beyond the outputs", lambda w: fit(w, "softmax_cross_entropy",
         np.arange(10) % 5, model=w.classifier, opt=w.opt3), ValueError,
         "from 0 to 2", "up to 4", "3 output units", "Dense(..., 5)"),
    case("targets with more columns", lambda w: fit(w, "mse", np.zeros((10, 2))),
         ValueError, "(10, 1)", "(10, 2)", "Dense(..., 2)"),
    case("one output, many numbers", lambda w: fit(w, "mse", w.y, model=w.classifier,
         opt=w.opt3), ValueError, "(10, 3)", "(10,)", "softmax_cross_entropy"),
    # ---- found by the campaign of issue 17 ---------------------------------
    case("same layer twice", lambda w: nv.Sequential([w.dense, w.relu, nv.Dense(
        4, 4), w.relu]), ValueError, "item 3", "same ReLU", "item 1", "new one"),
    case("a class for a layer", lambda w: nv.Sequential([nv.Dense, nv.ReLU]),
         TypeError, "item 0", "class Dense", "calling it"),
    case("one layer for a list", lambda w: nv.Sequential(w.dense), TypeError,
         "list of layers", "square brackets"),
    case("a list for a model", lambda w: fit(w, "mse", w.y, model=[w.dense]),
         TypeError, "train_steps", "nv.mlp", "list"),
    case("a class for an optimizer", lambda w: fit(w, "mse", w.y, opt=nv.Adam),
         TypeError, "class Adam", "nv.Adam(0.01)"),
    case("a class for a loss", lambda w: fit(w, nv.MeanSquaredError, w.y), TypeError,
         "class MeanSquaredError", "'mse'"),
    case("a seed for rng (layer)", lambda w: nv.Dense(2, 3, rng=0), TypeError,
         "rng", "got 0", "np.random.default_rng(0)"),
    case("a seed for rng (dropout)", lambda w: nv.Dropout(0.5, rng=1), TypeError,
         "Dropout", "np.random.default_rng(1)"),
    case("a seed for rng (training)", lambda w: fit(w, "mse", w.y, batch_size=2,
         rng=0), TypeError, "train_steps", "np.random.default_rng(0)"),
    case("a seed for rng (data)", lambda w: nv.data.circles(10, rng=0), TypeError,
         "np.random.default_rng(0)"),
    case("penalty rate without penalty", lambda w: fit(w, "mse", w.y,
         penalty_rate=0.1), ValueError, "penalty_rate=0.1", "penalty='l2'"),
    case("negative penalty rate", lambda w: fit(w, "mse", w.y, penalty="l2",
         penalty_rate=-0.1), ValueError, "penalty_rate=-0.1", "at least 0"),
    case("negative activity rate", lambda w: nv.ActivityPenalty("l2", -1),
         ValueError, "ActivityPenalty", "rate=-1", "at least 0"),
    case("fractional batch size", lambda w: fit(w, "mse", w.y, batch_size=2.5),
         ValueError, "batch_size=2.5", "whole number"),
    case("zero batch size", lambda w: fit(w, "mse", w.y, batch_size=0), ValueError,
         "batch_size=0", "at least 1"),
    case("fractional steps", lambda w: fit(w, "mse", w.y, steps=2.5), ValueError,
         "steps=2.5", "whole number"),
    case("zero eps", lambda w: nv.Adam(eps=0), ValueError, "eps=0", "1e-8"),
    case("negative lr decay", lambda w: nv.SGD(decay=-1), ValueError, "decay=-1",
         "at least 0"),
    case("one-hot rows that do not sum to 1", lambda w: w.sce.forward(
        np.zeros((2, 3)), np.array([[1, 1, 0], [0, 0, 0]])), ValueError,
        "sum to 1", "one-hot"),
    case("text targets", lambda w: fit(w, "mse", np.array(["a", "b"] * 5)),
         ValueError, "targets y", "text", "'a'"),
    case("a number for the data", lambda w: nv.fit(w.model, "mse", w.opt, 3.0, 1.0,
         steps=1), ValueError, "single number", "(N, features)"),
    case("not UTF-8 csv", lambda w: nv.data.load_csv(w.latin1), ValueError,
         "not UTF-8", "CSV UTF-8"),
    case("grads of the wrong shape", lambda w: w.opt.step(with_bad_grads()),
         nv.ShapeError, "Adam.step", 'Dense "dense_2"', "(4, 1)", "(3,)",
         "model.backward"),
    case("accuracy of different lengths", lambda w: accuracy(np.zeros((4, 3)),
         np.zeros(5)), ValueError, "(4, 3)", "(5,)", "!broadcast"),
    case("evaluate with fewer targets", lambda w: nv.evaluate(w.model, "mse", w.X,
         w.y[:5]), ValueError, "10 inputs but 5 targets"),
    case("integer point for finite differences", lambda w: nv.numerical_gradient(
        np.square, np.array([1, 2, 3]), ones(3)), TypeError, "floats", "int64",
        "dtype=float"),
    case("dy of the wrong shape for finite differences", lambda w:
         nv.numerical_gradient(np.square, np.ones(3), ones(2)), ValueError,
         "(3,)", "(2,)", "!broadcast"),
    case("read-only point for finite differences", lambda w: nv.numerical_gradient(
        np.square, np.broadcast_to(1.0, (3,)), ones(3)), ValueError, "read-only",
        "x.copy()"),
    case("rel_error of different shapes", lambda w: nv.rel_error(np.zeros((3, 1)),
         np.zeros(3)), ValueError, "(3, 1)", "(3,)"),
    case("split of different lengths", lambda w: nv.data.split(np.zeros((5, 2)),
         np.zeros(3), rng=np.random.default_rng(0)), ValueError, "(5, 2)", "(3,)",
         "!out of bounds"),
    case("zero blobs", lambda w: nv.data.blobs(10, centers=0), ValueError,
         "centers=0", "at least 1"),
    case("negative noise", lambda w: nv.data.moons(10, noise=-1), ValueError,
         "noise=-1", "at least 0"),
    case("zero turns", lambda w: nv.data.spirals(10, turns=0), ValueError,
         "turns=0", "greater than 0"),
    case("one number for a slope", lambda w: nv.data.plane(10, slope=1.0),
         ValueError, "slope", "two numbers"),
    case("truth table of no inputs", lambda w: nv.data.truth_table("and", 0),
         ValueError, "n_inputs=0", "[1, 16]"),
    case("remember_first without a delay", lambda w: nv.data.remember_first(
        10, delay=0), ValueError, "delay must be", "!steps"),
    case("NaN init", lambda w: nv.Dense(2, 3, init=float("nan")), ValueError,
         "init=nan", "finite"),
    # ---- clear before issue 17, kept here so they stay clear ---------------
    case("features mismatch", lambda w: w.model.forward(ones((32, 4))),
         nv.ShapeError, 'Dense "dense_1"', "(N, 2)", "(32, 4)", "n_in=4"),
    case("one example without its batch axis", lambda w: w.dense.forward(ones(3)),
         nv.ShapeError, "needs a 2-D array, not 1-D", "x[None]"),
    case("NaN in inputs", lambda w: fit(w, "mse", w.y, X=np.where(
        np.arange(20).reshape(10, 2) == 7, np.nan, w.X)), ValueError,
        "inputs X contains nan at index (3, 1)"),
    case("inf in targets", lambda w: fit(w, "mse", np.r_[w.y[:9], np.inf]),
         ValueError, "targets y contains inf at index (9,)"),
    case("backward before forward", lambda w: nv.Tanh().backward(ones((1, 1))),
         RuntimeError, "before forward"),
    case("loss backward before forward", lambda w: nv.MeanSquaredError().backward(),
         RuntimeError, "before forward"),
    *[case(f"layer size {bad}", lambda w, bad=bad: nv.Dense(bad, 2), ValueError,
           "n_in", "positive whole number") for bad in (0, -3, 2.5)],
    case("not a layer", lambda w: nv.Sequential([w.dense, 3]), TypeError,
         "item 1 is int"),
    case("zero lr", lambda w: nv.SGD(0), ValueError, "lr=0", "positive"),
    case("more inputs than targets", lambda w: fit(w, "mse", w.y[:3]), ValueError,
         "10 inputs but 3 targets"),
    case("text data", lambda w: fit(w, "mse", np.ones(1),
         X=np.array([["a", "b"]])), ValueError, "must hold numbers", "text"),
    case("labels not whole", lambda w: fit(w, "softmax_cross_entropy",
         w.labels + 0.5, model=w.classifier, opt=w.opt3), ValueError,
         "whole numbers from 0 to 2", "0.5"),
    case("unknown initializer", lambda w: initializers.get("glorot"), ValueError,
         "Choose one of", "glorot_uniform"),
    case("unknown activation", lambda w: activations.get("relu6"), ValueError,
         "Choose one of", "leaky_relu"),
    case("unknown loss", lambda w: losses.get("crossentropy"), ValueError,
         "Choose one of", "softmax_cross_entropy"),
    case("unknown optimizer", lambda w: optimizers.get("rmsprop"), ValueError,
         "Choose one of", "adam"),
    case("unknown dataset", lambda w: nv.data.make("swiss_roll"), ValueError,
         "Choose one of", "spirals"),
    case("unknown penalty", lambda w: regularizers.get("l3"), ValueError,
         "Choose one of", "'l2'"),
]

# Phrases of messages that come from deep inside numpy or Python, which no
# learner should have to decode.
RAW = ["could not convert", "inhomogeneous", "could not be broadcast", "broadcast",
       "not supported between instances", "scale < 0", "negative dimensions",
       "codec can't decode", "islice", "has no attribute", "unsupported operand",
       "out of bounds", "NoneType", "object is not iterable", "unsized object"]


def state(value):
    """A deep copy of everything a failed call must leave as it was."""
    if isinstance(value, nv.Sequential):
        return [state(layer) for layer in value.layers]
    if isinstance(value, nv.Layer):
        inner = getattr(value, "inner", {})
        return {"name": value.name, "params": state(value.params),
                "grads": state(value.grads), "cache": state(value.cache),
                "inner": {key: state(layer) for key, layer in inner.items()}}
    if isinstance(value, optimizers.Optimizer):
        return {"state": state(value.state), "t": value.t, "lr": value.lr}
    if isinstance(value, losses.Loss):
        return state(getattr(value, "cache", None))
    if isinstance(value, dict):
        return {key: state(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(state(item) for item in value)
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def assert_same(before, after, where="world"):
    assert type(before) is type(after), where
    if isinstance(before, dict):
        assert before.keys() == after.keys(), where
        for key in before:
            assert_same(before[key], after[key], f"{where}[{key!r}]")
    elif isinstance(before, (list, tuple)):
        assert len(before) == len(after), where
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            assert_same(b, a, f"{where}[{i}]")
    elif isinstance(before, np.ndarray):
        assert before.shape == after.shape and before.dtype == after.dtype, where
        assert np.array_equal(before, after, equal_nan=True), where
    else:
        assert before == after, where


@pytest.mark.parametrize("call, error, words", CASES)
def test_mistake_gets_a_clear_error_and_changes_nothing(call, error, words, tmp_path):
    world = make_world(np.random.default_rng(0), tmp_path)
    before = state(vars(world))
    if error is None:  # a verdict, not an exception
        verdict = call(world)
        assert not verdict
        message = str(verdict)
    else:
        with pytest.raises(error) as info:
            call(world)
        assert type(info.value) in (ValueError, TypeError, RuntimeError, nv.ShapeError)
        message = str(info.value)
    for word in words:
        if word.startswith("!"):
            assert word[1:] not in message, (word, message)
        else:
            assert word in message, (word, message)
    assert not [raw for raw in RAW if raw in message], message
    assert_same(before, state(vars(world)))


def test_the_table_covers_every_mistake_of_the_issue():
    # 52 cases in issue 17 (two of them, LSTM initial_state and 0 steps, are
    # fixed in lstm.py), plus those found since. One row each.
    assert len(CASES) >= 52 + 40

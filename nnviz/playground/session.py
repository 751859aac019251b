"""What a playground configuration means in numbers: data, network, training.

`Session(config, own=None)` builds everything from a `PlaygroundConfig`
(numpy only, no widgets, so it is cheap to test and to time):

    data     the toy set (or your own points), split into train and test, in the
             plane [-3, 3]^2 that every view shows
    Z        the chosen input features of the points (N, n_features)
    model    Dense layers of config.hidden, each followed by its activation (and
             Dropout when config.dropout > 0), then one output unit
    train    `advance(k)` pulls k steps from nnviz.train_steps

Output unit and loss: classes with cross-entropy use a raw output z (a logit)
and the loss softplus(z) - y z, so p(class 1) = sigmoid(z); classes with
squared error put a Sigmoid on the output and use (p - y)^2; regression uses a
raw output and squared error.

Every random draw comes from the config's seed: the data from one stream, the
initial weights from a second, dropout masks and batch order from a third, so
the same preset always gives the same starting point.
"""

from __future__ import annotations

import numpy as np

from nnviz.data import features, toy
from nnviz.nn import activations, optimizers, training
from nnviz.nn.dense import Dense
from nnviz.nn.model import Sequential
from nnviz.plots import float32 as drawing

#: Half-width of the square every view shows: points live in [-LIMIT, LIMIT]^2.
LIMIT = 3.0
EXTENT = ((-LIMIT, LIMIT), (-LIMIT, LIMIT))
FIT = 2.5  # pictures and your own points are scaled to fit [-2.5, 2.5]^2


def own_dataset(data):
    """(X, y) from `data`: an (X, y) pair of arrays or the path of a CSV file."""
    from nnviz.data import files

    if isinstance(data, (str, bytes)) or hasattr(data, "__fspath__"):
        X, y = files.load_csv(data)
    else:
        try:
            X, y = data
        except (TypeError, ValueError):
            raise ValueError(
                "data= takes your own points as a pair (X, y), X of shape (N, 2) and "
                "y of shape (N,), or the path of a CSV file with columns x1, x2, y."
            ) from None
    dataset = files.from_points(X, y, n_features=2)
    return dataset.X_train, dataset.y_train


def _fit_square(X):
    """Centre the points and scale them (one factor for both axes) into [-2.5, 2.5]²."""
    X = X - (X.max(axis=0) + X.min(axis=0)) / 2
    return X * (FIT / max(np.abs(X).max(), 1e-12))


def make_data(config, own=None) -> toy.Dataset:
    """The config's dataset, split train/test with the seed's data stream."""
    rng = np.random.default_rng([config.seed, 0])
    test = 1.0 - config.train
    if config.data == "own":
        if own is None:
            raise ValueError(
                "data=own needs your points: call nv.playground(data=(X, y)) or "
                "nv.playground(data='points.csv')."
            )
        X, y = own
        return toy.split(
            _fit_square(np.asarray(X, float)), np.asarray(y, float), test, rng, "own"
        )
    if config.data == "picture":
        from nnviz.data import files

        picture = files.picture_dataset()
        rows, cols = picture.X_train.T  # row -1 is the top: show it at the top
        return toy.split(
            FIT * np.c_[cols, -rows], picture.y_train, test, rng, "picture"
        )
    noise = 0.25 + 2.5 * config.noise if config.data == "blobs" else config.noise
    return toy.make(
        config.data, n=config.points, noise=noise, test_fraction=test, rng=rng
    )


def is_regression(config, y) -> bool:
    """Real-valued targets (the plane, or your own non-0/1 targets)."""
    return config.regression or not np.all((y == 0) | (y == 1))


def make_model(config, n_inputs, regression=False) -> tuple[Sequential, str]:
    """The network and the name of its loss (see the module docstring)."""
    init_rng, drop_rng = (
        np.random.default_rng([config.seed, 1]),
        np.random.default_rng([config.seed, 2]),
    )
    layers, n_in = [], n_inputs
    for units, activation in zip(config.hidden, config.activation, strict=True):
        layers += [
            Dense(n_in, units, init=config.init, rng=init_rng),
            activations.get(activation),
        ]
        if config.dropout > 0:
            from nnviz.nn.dropout import Dropout

            layers.append(Dropout(rate=config.dropout, rng=drop_rng))
        n_in = units
    layers.append(Dense(n_in, 1, init=config.init, rng=init_rng))
    if regression or config.loss == "squared":
        if not regression:
            layers.append(activations.get("sigmoid"))
        return Sequential(layers), "mse"
    return Sequential(layers), "binary_cross_entropy_logits"


class Session:
    """Data, features, model, optimizer and the step generator for one config."""

    def __init__(self, config, own=None, data=None):
        self.config, self.own = config, own
        self.data = data if data is not None else make_data(config, own)
        self.regression = is_regression(config, self.data.y)
        self.feature_fn = features.feature_fn(config.features)
        self.Z_train = self.feature_fn(self.data.X_train)
        self.Z_test = self.feature_fn(self.data.X_test)
        self.model, self.loss = make_model(
            config, len(config.features), self.regression
        )
        self.steps, self.epoch, self.diverged = 0, 0.0, None
        self.set_training(config)
        self.keep()

    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.model.layers if isinstance(layer, Dense)]

    def set_training(self, config):
        """New optimizer and batch order for lr, optimizer, batch, penalty.

        A run that diverged may go on from its kept weights with the new
        settings (a lower learning rate): `diverged` is cleared.
        """
        self.config, self.diverged = config, None
        lr = config.lr
        self.optimizer = optimizers.get(config.optimizer, lr=lr)
        self.generator = training.train_steps(
            self.model,
            self.loss,
            self.optimizer,
            self.Z_train,
            self.data.y_train[:, None],
            batch_size=config.batch,
            rng=np.random.default_rng([config.seed, 3, self.steps]),
            penalty=None if config.penalty == "none" else config.penalty,
            penalty_rate=0.0 if config.penalty == "none" else config.rate,
        )

    def advance(self, n_steps=1):
        """Take n optimizer steps (TrainingDiverged is kept in .diverged, re-raised)."""
        if self.diverged:
            raise training.TrainingDiverged(self.diverged)
        try:
            for _ in range(n_steps):
                record = next(self.generator)
                self.steps += 1
                self.epoch += (
                    record.epoch / record.step
                )  # one batch as a fraction of an epoch
        except training.TrainingDiverged as error:
            self.diverged = str(error)
            raise

    def losses(self) -> tuple[float, float | None]:
        """(train loss, test loss or None) of the whole sets, in evaluation mode.

        They may be inf or nan (no warning): check_finite says what then.
        """
        with np.errstate(all="ignore"):
            train = training.evaluate(
                self.model, self.loss, self.Z_train, self.data.y_train[:, None]
            )[0]
            if not len(self.Z_test):
                return float(train), None
            test = training.evaluate(
                self.model, self.loss, self.Z_test, self.data.y_test[:, None]
            )[0]
        return float(train), float(test)

    def keep(self):
        """Remember the weights as they are now: the last ones known to be good."""
        self._kept = (
            self.steps,
            [p.copy() for layer in self.model.layers for p in layer.params.values()],
        )

    def check_finite(self, train, test=None) -> str | None:
        """None if the losses of the whole sets are finite (the weights are then
        kept); else the weights kept last are put back, the run is marked
        diverged, and the sentence that says so is returned.

        train_steps stops on a batch loss that is not finite; this catches the
        rest: a network can overflow on points outside the batch (e.g. a large
        learning rate with ReLU) while every batch loss stayed finite.
        """
        if np.isfinite(train) and (test is None or np.isfinite(test)):
            self.keep()
            return None
        which, value = ("training", train) if not np.isfinite(train) else ("test", test)
        kept_step, saved = self._kept
        params = [p for layer in self.model.layers for p in layer.params.values()]
        for param, good in zip(params, saved, strict=True):
            param[...] = good  # in place: the views hold these arrays
        lr = self.optimizer.lr
        relu = any(type(layer).__name__ == "ReLU" for layer in self.model.layers)
        self.diverged = (
            f"Training diverged: the loss on the {which} set became {value} by "
            f"step {self.steps}. The learning rate {lr:g} is probably too high"
            + (" for ReLU (it is unbounded, so activations can run away)"
               if relu else "")
            + f"; try {lr / 10:g}. The weights were put back as they were at step "
            f"{kept_step}, the last frame whose loss was finite."
        )
        return self.diverged

    def predict(self, P):
        """Output at points P (M, 2): p(class 1) in [0, 1], or the regression value.

        For the views: computed in float32 (nnviz.plots.float32, the same picture
        sooner); training and the losses use the model's own float64 pass.

        A diverged network may give inf or nan here: no warning, the views cope.
        """
        with np.errstate(all="ignore"):
            out = drawing.forward(self.model, self.feature_fn(P))[:, 0]
            if self.loss == "binary_cross_entropy_logits":
                return activations.sigmoid(out)
        return out

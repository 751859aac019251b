"""Model, optimizers and the training generator."""

import itertools

import numpy as np
import pytest

import nnviz as nv


def test_tanh_net_learns_xor_and_a_linear_layer_cannot(rng):
    X, y = nv.data.truth_table("xor")
    net = nv.mlp([2, 2, 1], "tanh", rng=rng)
    nv.fit(net, "binary_cross_entropy_logits", nv.Adam(0.1), X, y, steps=500, rng=rng)
    assert nv.evaluate(net, "binary_cross_entropy_logits", X, y)[1] == 1.0

    linear = nv.mlp([2, 1], rng=rng)
    nv.fit(linear, "binary_cross_entropy_logits", nv.Adam(0.1), X, y, steps=500,
           rng=rng)
    # One line can classify at most 3 of the 4 XOR corners.
    assert nv.evaluate(linear, "binary_cross_entropy_logits", X, y)[1] <= 0.75


def test_train_steps_yields_one_record_per_step(rng):
    data = nv.data.blobs(100, centers=3, rng=rng)
    net = nv.mlp([2, 8, 3], "relu", rng=rng)
    steps = itertools.islice(nv.train_steps(net, "softmax_cross_entropy", "adam",
                                            data.X_train, data.y_train,
                                            batch_size=10, rng=rng), 5)
    records = list(steps)
    assert [r.step for r in records] == [1, 2, 3, 4, 5]
    assert records[-1].epoch == pytest.approx(5 * 10 / len(data.X_train))
    assert all(0 <= r.accuracy <= 1 for r in records)


@pytest.mark.parametrize("batch_size, updates_per_epoch", [(None, 1), (1, 8), (4, 2)])
def test_full_batch_online_and_mini_batch(batch_size, updates_per_epoch, rng):
    X, y = rng.normal(size=(8, 2)), rng.normal(size=8)
    records = nv.fit(nv.mlp([2, 1], rng=rng), "mse", "sgd", X, y,
                     steps=updates_per_epoch, batch_size=batch_size, rng=rng)
    assert records[-1].epoch == pytest.approx(1.0)
    assert records[-1].accuracy is None  # regression


def test_loss_goes_down_with_each_optimizer(rng):
    data = nv.data.circles(200, rng=rng)
    for opt in [nv.SGD(0.5), nv.SGD(0.2, momentum=0.9), nv.Adam(0.02),
                nv.SGD(0.5, decay=0.01, weight_decay=1e-3)]:
        net = nv.mlp([2, 8, 1], "tanh", rng=np.random.default_rng(1))
        records = nv.fit(net, "binary_cross_entropy_logits", opt, data.X_train,
                         data.y_train, steps=150, rng=rng)
        assert records[-1].loss < 0.6 * records[0].loss, type(opt).__name__


def test_optimizer_updates_parameters_in_place(rng):
    net = nv.mlp([2, 3, 1], rng=rng)
    W = net.layers[0].params["W"]
    before = W.copy()
    nv.fit(net, "mse", nv.SGD(0.1), rng.normal(size=(4, 2)), rng.normal(size=4),
           steps=1)
    assert net.layers[0].params["W"] is W and not np.allclose(W, before)


def test_l2_weight_penalty_keeps_weights_smaller(rng):
    X, y = nv.data.truth_table("and")
    norms = {}
    for rate in [0.0, 0.01]:
        net = nv.mlp([2, 1], rng=np.random.default_rng(0))
        nv.fit(net, "binary_cross_entropy_logits", nv.SGD(1.0), X, y, steps=2000,
               penalty="l2", penalty_rate=rate)
        norms[rate] = np.linalg.norm(net.layers[0].params["W"])
    assert norms[0.01] < 0.5 * norms[0.0]


def test_summary_lists_shapes_and_parameter_counts(rng):
    net = nv.mlp([1000, 10], output="softmax", rng=rng)
    assert net.n_params == 1000 * 10 + 10
    text = net.summary()
    assert "('N', 10)" in text and "10,010" in text
    assert [shape for _, shape in net.shapes()] == [(None, 10), (None, 10)]


def test_trace_returns_every_intermediate_value(rng):
    net = nv.mlp([2, 3, 1], "tanh", rng=rng)
    x = rng.normal(size=(5, 2))
    outputs = net.trace(x)
    assert [o.shape for o in outputs] == [(5, 2), (5, 3), (5, 3), (5, 1)]
    np.testing.assert_allclose(outputs[-1], net.predict(x))


def test_layer_names_are_unique_and_numbered(rng):
    net = nv.mlp([2, 3, 3, 1], "relu", rng=rng)
    assert [layer.name for layer in net.layers] == [
        "dense_1", "relu_1", "dense_2", "relu_2", "dense_3"]


def test_model_backward_matches_finite_differences(rng):
    net = nv.mlp([3, 4, 2], "tanh", rng=rng)
    x = rng.normal(size=(5, 3))
    dy = rng.normal(size=(5, 2))
    net.forward(x)
    dx = net.backward(dy)
    assert nv.rel_error(dx, nv.numerical_gradient(net.forward, x.copy(), dy)) < 1e-6


def test_float32_models_train_in_float32(rng):
    net = nv.mlp([2, 4, 1], "tanh", rng=rng).astype(np.float32)
    X, y = nv.data.truth_table("xor")
    nv.fit(net, "mse", nv.SGD(0.1), X, y, steps=3)
    assert net.layers[0].params["W"].dtype == np.float32
    assert net.predict(X.astype(np.float32)).dtype == np.float32


def test_initializer_variances_follow_their_formulas():
    rng = np.random.default_rng(0)
    shape = (400, 300)
    for name, var in [("glorot_uniform", 2 / 700), ("glorot_normal", 2 / 700),
                      ("he_uniform", 2 / 400), ("he_normal", 2 / 400),
                      ("lecun_normal", 1 / 400)]:
        W = nv.initializers.get(name)(shape, rng)
        assert W.var() == pytest.approx(var, rel=0.03), name
    assert np.all(nv.initializers.get("zeros")(shape) == 0)
    assert np.all(nv.initializers.constant(0.5)((2, 2)) == 0.5)
    assert nv.initializers.get(0.01)(shape, rng).std() == pytest.approx(0.01, rel=0.03)


@pytest.mark.parametrize("shape", [(3, 12), (5, 3), (3, 5)])
def test_orthogonal_initializer_gives_orthonormal_rows_or_blocks(shape):
    W = nv.initializers.get("orthogonal")(shape, np.random.default_rng(0))
    rows, cols = shape
    if cols % rows == 0:  # one orthogonal (rows, rows) block per gate, as LSTM's Wh
        for block in np.split(W, cols // rows, axis=1):
            np.testing.assert_allclose(block @ block.T, np.eye(rows), atol=1e-12)
    else:
        small = min(shape)
        gram = W.T @ W if rows > cols else W @ W.T
        np.testing.assert_allclose(gram, np.eye(small), atol=1e-12)


def test_orthogonal_initializer_is_the_lstm_recurrent_one():
    from nnviz.nn import lstm

    a = lstm.orthogonal((4, 16), np.random.default_rng(3))
    b = nv.initializers.get("orthogonal")((4, 16), np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("make", [lambda: nv.SGD(0.1, momentum=0.9),
                                  lambda: nv.Adam(0.01)])
def test_optimizers_replace_their_state_arrays_never_change_them(make, rng):
    # train_steps keeps a shallow copy of opt.state to step back after a
    # divergence: that works only if a step never writes into old state arrays.
    net, opt = nv.mlp([2, 3, 1], rng=rng), make()
    X, y = rng.normal(size=(8, 2)), rng.normal(size=8)
    nv.fit(net, "mse", opt, X, y, steps=2)
    def arrays(value):  # Adam keeps (m, v), SGD one velocity
        return list(value) if isinstance(value, tuple) else [value]

    old = dict(opt.state)
    copies = {key: [a.copy() for a in arrays(value)] for key, value in old.items()}
    nv.fit(net, "mse", opt, X, y, steps=2)
    for key, value in old.items():
        for copy, array in zip(copies[key], arrays(value), strict=True):
            np.testing.assert_array_equal(copy, array)  # untouched
        assert opt.state[key] is not value  # replaced


def test_conv_fan_in_counts_kernel_area_times_input_channels():
    assert nv.fan_in_fan_out((64, 32, 5, 5)) == (5 * 5 * 32, 5 * 5 * 64)
    assert nv.fan_in_fan_out((784, 30)) == (784, 30)


def test_backward_without_input_grad_gives_the_same_weight_gradients(rng):
    net = nv.mlp([3, 4, 2], "relu", rng=rng)
    x, dy = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    net.forward(x)
    net.backward(dy)
    full = [g.copy() for layer in net.layers for g in layer.grads.values()]
    assert net.backward(dy, input_grad=False) is None  # training skips dL/d(data)
    skipped = [g for layer in net.layers for g in layer.grads.values()]
    for before, after in zip(full, skipped, strict=True):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "step"])
@pytest.mark.parametrize("loss", ["softmax_cross_entropy", "mse"])
def test_float32_training_never_falls_back_to_float64(activation, loss, rng):
    """One float64 array would make every matrix product after it float64 (slow)."""
    net = nv.mlp([2, 4, 2], activation, rng=rng).astype(np.float32)
    X = rng.normal(size=(6, 2))
    classes = loss == "softmax_cross_entropy"
    y = np.arange(6) % 2 if classes else rng.normal(size=(6, 2))
    nv.fit(net, loss, nv.SGD(0.1), X, y, steps=1)
    dtypes = {g.dtype for layer in net.layers for g in layer.grads.values()}
    assert dtypes == {np.dtype(np.float32)}
    assert net.layers[1].backward(np.ones((6, 4), np.float32)).dtype == np.float32


def test_record_steps_fills_the_array_and_reports_a_divergence():
    from nnviz.nn.training import record_steps

    data = nv.data.xor(100, rng=np.random.default_rng(0))

    def stream(lr):
        model = nv.mlp([2, 8, 1], "relu", rng=np.random.default_rng(0))
        return nv.train_steps(model, "mse", nv.SGD(lr), data.X_train, data.y_train)

    losses = np.full(20, np.nan)
    assert record_steps(stream(0.05), losses) is None
    reference = [r.loss for r in itertools.islice(stream(0.05), 20)]
    np.testing.assert_array_equal(losses, reference)
    steps = np.full((20, 1), np.nan)
    assert record_steps(stream(0.05), steps, lambda r: [r.step]) is None
    np.testing.assert_array_equal(steps[:, 0], np.arange(1, 21))
    diverging = np.full(500, np.nan)
    message = record_steps(stream(1e4), diverging)
    assert message and message.startswith("Training diverged")
    stop = int(np.flatnonzero(np.isnan(diverging))[0])
    assert 0 < stop < 500 and np.all(np.isnan(diverging[stop:]))


def test_a_bad_label_anywhere_in_the_data_stops_the_first_step(rng):
    # Targets are checked once for the whole data set, not batch by batch:
    # the bad label at the end is reported before any weight changes.
    X, y = rng.normal(size=(40, 2)), np.r_[rng.integers(0, 3, 39), 3]
    net = nv.mlp([2, 3], rng=rng)
    before = net.layers[0].params["W"].copy()
    steps = nv.train_steps(net, "softmax_cross_entropy", "sgd", X, y,
                           batch_size=4, rng=rng)
    with pytest.raises(ValueError, match="whole numbers from 0 to 2"):
        next(steps)
    np.testing.assert_array_equal(net.layers[0].params["W"], before)


# ---- divergence: the words, and nothing lost ---------------------------------


def test_diverging_run_names_the_step_and_the_likely_cause(rng):
    X = rng.normal(size=(64, 2)) * 10
    y = rng.normal(size=64) * 100
    net = nv.mlp([2, 32, 32, 1], "relu", init=3.0, rng=rng)
    with pytest.raises(nv.TrainingDiverged) as info:
        nv.fit(net, "mse", nv.SGD(1.0), X, y, steps=100)
    message = str(info.value)
    assert f"at step {info.value.step}." in message and info.value.step > 1
    assert "learning rate 1 is probably too high" in message
    assert "ReLU" in message and "try 0.1" in message
    assert f"kept from the last good step: step {info.value.kept_step}," in message


def diverging_run(seed, lr=0.7):
    """A 2-16-16-1 tanh regression that diverges at lr 0.7 (lesson 9's run)."""
    rng = np.random.default_rng(seed)
    data = nv.data.plane(200, noise=0.1, rng=rng)
    model = nv.mlp([2, 16, 16, 1], "tanh", rng=rng)
    optimizer = nv.SGD(lr, momentum=0.9)
    stream = nv.train_steps(model, "mse", optimizer, data.X_train, data.y_train,
                            batch_size=20, rng=rng)
    return model, optimizer, stream, data


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_diverged_model_keeps_the_weights_of_its_lowest_loss(seed):
    model, optimizer, stream, _ = diverging_run(seed)
    weights, states, losses = {}, {}, {}  # by step: the weights that step used
    with pytest.raises(nv.TrainingDiverged) as info:
        for step in itertools.count(1):
            weights[step] = [p.copy() for layer in model.layers
                             for p in layer.params.values()]
            states[step] = (dict(optimizer.state), optimizer.t)
            losses[step] = next(stream).loss
    kept = info.value.kept_step
    assert kept == min(losses, key=losses.get)  # the lowest loss of the run
    now = [p for layer in model.layers for p in layer.params.values()]
    for before, after in zip(weights[kept], now, strict=True):
        np.testing.assert_array_equal(before, after)  # exactly those weights
    assert optimizer.t == states[kept][1] and optimizer.state.keys() == \
        states[kept][0].keys()
    assert f"({losses[kept]:.4g})" in str(info.value)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_after_divergence_a_lower_learning_rate_trains_on(seed):
    model, optimizer, stream, data = diverging_run(seed)
    with pytest.raises(nv.TrainingDiverged) as info:
        for _ in stream:
            pass
    kept_loss = nv.evaluate(model, "mse", data.X_train, data.y_train)[0]
    assert np.isfinite(kept_loss) and np.isfinite(model.predict(data.X_test)).all()
    optimizer.lr /= 10  # as the message says
    records = nv.fit(model, "mse", optimizer, data.X_train, data.y_train, steps=200,
                     batch_size=20, rng=np.random.default_rng(seed))
    assert info.value.step > 1
    assert nv.evaluate(model, "mse", data.X_train, data.y_train)[0] < 0.5 * kept_loss
    assert np.isfinite([r.loss for r in records]).all()


@pytest.mark.parametrize("what, scale, words", [
    ("inputs", 1e200, "scale the inputs"),
    ("weights", 1e200, "start from smaller weights"),
])
def test_a_loss_not_finite_at_step_1_blames_the_data_or_the_weights(what, scale,
                                                                    words, rng):
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    net = nv.mlp([2, 8, 1], "relu", rng=rng)
    if what == "inputs":
        X = X * scale
    else:
        net.layers[2].params["W"] *= scale
    before = [p.copy() for layer in net.layers for p in layer.params.values()]
    with pytest.raises(nv.TrainingDiverged) as info:
        nv.fit(net, "mse", nv.SGD(0.01), X, y, steps=5)
    message = str(info.value)
    assert "at step 1, before any weight changed" in message
    assert "the learning rate is not the cause" in message
    assert f"largest input is |X| = {np.abs(X).max():.3g}" in message
    assert words in message and info.value.kept_step is None
    now = [p for layer in net.layers for p in layer.params.values()]
    for b, a in zip(before, now, strict=True):
        np.testing.assert_array_equal(b, a)

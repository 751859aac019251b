"""Claims of the Q13 stride cell and the Q9 zig-zag and label-format cells.

The thresholds are the notebook cells' own; training claims run under 3 seeds.
"""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims


@pytest.mark.parametrize("kernel_size, C_in", [(3, 2), (5, 1)])  # noqa: N803
def test_fan_in_ignores_stride_but_fan_out_falls(kernel_size, C_in):  # noqa: N803
    counts = [nv.conv_connections(s, kernel_size=kernel_size, C_in=C_in, size=11)
              for s in (1, 2, 3)]
    assert all(c["fan_in"] == kernel_size * kernel_size * C_in for c in counts)
    assert counts[0]["outputs_per_input_max"] == kernel_size * kernel_size
    fan_out = [c["outputs_per_input_mean"] for c in counts]
    assert fan_out[0] > fan_out[1] > fan_out[2]


@pytest.mark.parametrize("seed", range(3))
def test_positive_inputs_move_all_weights_one_way(seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, size=(200, 2))
    y = (X.sum(axis=1) > 1).astype(float)
    positive = nv.update_signs(X, y, rng=seed)
    centred = nv.update_signs(X - 0.5, y, rng=seed)
    assert positive["same_sign"] == 1.0
    assert centred["same_sign"] < 0.8
    assert positive["path"].shape == (41, 2) and positive["signs"].shape == (40, 2)


@pytest.mark.parametrize("seed", range(3))
def test_label_formats(seed):
    data = nv.data.circles(n=300, rng=np.random.default_rng(seed))
    X, y = data.X_train, data.y_train

    def net(sizes):
        return nv.mlp(list(sizes), "tanh", rng=np.random.default_rng(seed + 2))

    with pytest.raises(ValueError, match="Dense"):
        nv.loss_history(net((2, 16, 1)), X, np.eye(2)[y.astype(int)])
    with pytest.raises(ValueError, match="softmax_cross_entropy"):
        nv.loss_history(net((2, 16, 2)), X, y)
    one_out, two_out = net((2, 16, 1)), net((2, 16, 2))
    nv.loss_history(one_out, X, y, seed=seed)
    nv.loss_history(two_out, X, y.astype(int), loss="softmax_cross_entropy", seed=seed)
    acc_one = np.mean((one_out.predict(data.X_test)[:, 0] > 0) == data.y_test)
    acc_two = np.mean(two_out.predict(data.X_test).argmax(axis=1) == data.y_test)
    assert acc_one > 0.9 and acc_two > 0.9

"""Lesson 3's batch-size claims (Q8: one update per batch vs many), several seeds."""


import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims


SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_online_gets_further_than_full_batch_in_ten_epochs(seed):
    # Try it (batch size): "Online (batch size 1): thousands of noisy steps, which get
    # much further in the same 10 passes over the data" than 10 full-batch steps.
    # Same net, data and optimizer as nv.batch_size_explorer.
    moons = nv.data.moons(n=300, rng=np.random.default_rng(seed))
    held_out = {}
    for batch_size, steps in ((None, 10), (1, 10 * len(moons.X_train))):
        rng = np.random.default_rng(seed)
        model = nv.mlp([2, 8, 1], "tanh", rng=rng)
        nv.fit(model, "binary_cross_entropy_logits", nv.SGD(0.1), moons.X_train,
               moons.y_train, steps=steps, batch_size=batch_size, rng=rng)
        held_out[batch_size] = nv.evaluate(model, "binary_cross_entropy_logits",
                                           moons.X_test, moons.y_test)[0]
    assert held_out[1] < 0.5 * held_out[None]

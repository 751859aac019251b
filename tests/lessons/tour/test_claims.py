"""Lesson 0's claims, re-run from several starts (seeds): they must hold for every one.

The tour trains a 2-8-1 tanh net on the four XOR points (Adam 0.1, 500 full-batch
steps) and says it learns XOR, with the loss below 0.01. It also says why it uses
eight hidden units: two can solve XOR, but training them often gets stuck.
"""

import numpy as np
import pytest

import nnviz as nv

pytestmark = pytest.mark.claims

SEEDS = range(10)


def train_xor(hidden, seed, steps=500):
    """The tour's cell: mlp([2, hidden, 1], tanh), Adam(0.1), full batch."""
    X, y = nv.data.truth_table("xor")
    rng = np.random.default_rng(seed)
    model = nv.mlp([2, hidden, 1], activation="tanh", rng=rng)
    return nv.fit(model, "binary_cross_entropy_logits", nv.Adam(0.1), X, y,
                  steps=steps, rng=rng)


@pytest.mark.parametrize("seed", SEEDS)
def test_eight_hidden_units_learn_xor_from_every_start(seed):
    records = train_xor(8, seed)
    assert records[-1].accuracy == 1.0
    assert records[-1].loss < 0.01 < records[0].loss


def test_two_hidden_units_get_stuck_from_some_starts():
    # "Two hidden units are enough ... but training them often gets stuck halfway."
    final = [train_xor(2, seed)[-1] for seed in SEEDS]
    solved = [r.accuracy == 1.0 for r in final]
    assert any(solved) and not all(solved)
    assert all(r.loss > 0.3 for r, ok in zip(final, solved, strict=True) if not ok)

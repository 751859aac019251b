"""Over-fitting runs (lesson 8)."""

import numpy as np

import nnviz as nv


def test_overfitting_run_small_vs_large():
    d = nv.data.moons(1000, noise=0.3, test_fraction=0.5, rng=np.random.default_rng(0))
    args = (d.X_train[:30], d.y_train[:30], d.X_test, d.y_test)
    small = nv.overfitting_run(*args, hidden=(4,))
    large = nv.overfitting_run(*args)
    regular = nv.overfitting_run(*args, l2=3e-3)
    more = nv.overfitting_run(d.X_train[:300], d.y_train[:300], d.X_test, d.y_test)
    assert large.train[-1] < 0.01 and large.gap > 0.3 and large.best_epoch < 100
    assert abs(small.gap) < 0.1 and small.validation.min() > 0.25
    assert large.validation.min() < small.validation.min()
    assert regular.validation[-1] < 0.5 * large.validation[-1]
    assert more.gap < 0.5 * large.gap
    assert large.validation[large.best_epoch] == large.validation.min()


def test_overfitting_stream_is_overfitting_run_epoch_by_epoch():
    from nnviz.lessons.regularization.overfitting import (
        overfitting_runs_stream,
        overfitting_stream,
    )

    d = nv.data.moons(200, noise=0.3, test_fraction=0.5, rng=np.random.default_rng(0))
    args = d.X_train[:20], d.y_train[:20], d.X_test, d.y_test
    seen = [(list(t), list(v)) for t, v in overfitting_stream(*args, hidden=(4,),
                                                               epochs=12)]
    assert len(seen) == 12 and len(seen[4][0]) == 6
    short = nv.overfitting_run(*args, hidden=(4,), epochs=5)
    np.testing.assert_array_equal(seen[4][0], short.train)
    np.testing.assert_array_equal(seen[4][1], short.validation)
    both = overfitting_runs_stream({
        h: overfitting_stream(*args, hidden=h, epochs=3) for h in ((4,), (8,))})
    last = [make for make in both][-1]()
    assert len(last[4,].train) == len(last[8,].validation) == 4

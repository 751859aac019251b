"""Scalers (Q2, Q5): fitted statistics, ranges, inverses and clear errors."""

import numpy as np
import pytest

import nnviz as nv


@pytest.fixture
def data(rng):
    return rng.normal(3.0, 2.0, size=(200, 4))


def test_minmax_maps_onto_zero_one(data):
    scaler = nv.fit_scaler(data, "minmax")
    z = scaler.transform(data)
    assert z.min() == pytest.approx(0) and z.max() == pytest.approx(1)
    assert scaler.center == pytest.approx(data.min())


def test_robust_uses_the_5_and_95_percentiles(data):
    scaler = nv.fit_scaler(data, "robust")
    z = scaler.transform(data)
    assert np.mean(z < 0) == pytest.approx(0.05, abs=0.01)
    assert np.mean(z > 1) == pytest.approx(0.05, abs=0.01)


def test_zscore_gives_mean_zero_std_one(data):
    z = nv.fit_scaler(data, "zscore").transform(data)
    assert z.mean() == pytest.approx(0, abs=1e-12) and z.std() == pytest.approx(1)


@pytest.mark.parametrize("kind", nv.SCALINGS)
@pytest.mark.parametrize("axis", [None, 0])
def test_inverse_undoes_transform(data, kind, axis):
    scaler = nv.fit_scaler(data, kind, axis=axis)
    np.testing.assert_allclose(scaler.inverse(scaler.transform(data)), data)


def test_per_feature_statistics(data):
    scaler = nv.fit_scaler(data, "zscore", axis=0)
    assert scaler.center.shape == (4,)
    np.testing.assert_allclose(scaler.transform(data).std(axis=0), 1.0)


def test_one_outlier_squeezes_minmax_but_not_robust(data):
    spoiled = data.copy()
    spoiled[0, 0] = 1000.0
    minmax = nv.fit_scaler(spoiled, "minmax").transform(data[1:])
    assert np.ptp(minmax) < 0.02          # everything else in 2 % of [0, 1]
    robust, before = nv.fit_scaler(spoiled, "robust"), nv.fit_scaler(data, "robust")
    assert robust.scale == pytest.approx(before.scale, rel=0.02)   # barely moves
    assert nv.fit_scaler(spoiled, "zscore").scale > 5 * nv.fit_scaler(data).scale


def test_unknown_kind_names_the_choices(data):
    with pytest.raises(ValueError, match="minmax, robust, zscore"):
        nv.fit_scaler(data, "standard")


def test_constant_data_is_an_error():
    with pytest.raises(ValueError, match="constant"):
        nv.fit_scaler(np.ones((5, 3)), "zscore")


def test_constant_column_is_named():
    x = np.c_[np.arange(5.0), np.ones(5)]
    with pytest.raises(ValueError, match=r"column\(s\) \[1\]"):
        nv.fit_scaler(x, "minmax", axis=0)


@pytest.mark.parametrize("kwargs", [{"percentiles": (95, 5)}, {"percentiles": (0, 101)},
                                    {"axis": 1}])
def test_bad_arguments(data, kwargs):
    with pytest.raises(ValueError):
        nv.fit_scaler(data, "robust", **kwargs)


def test_nan_and_empty_are_errors():
    with pytest.raises(ValueError):
        nv.fit_scaler(np.array([1.0, np.nan]), "zscore")
    with pytest.raises(ValueError, match="empty"):
        nv.fit_scaler(np.zeros((0, 3)), "zscore")

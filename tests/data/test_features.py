"""Input features: each column is its formula, in the order asked, with clear errors."""

import numpy as np
import pytest

from nnviz.data.features import FEATURES, LABELS, canonical, feature_fn, make_features

X = np.array([[1.0, 2.0], [-0.5, 3.0], [0.0, -1.5]])


@pytest.mark.parametrize(
    "name, expected",
    [
        ("x1", X[:, 0]),
        ("x2", X[:, 1]),
        ("x1^2", X[:, 0] ** 2),
        ("x2^2", X[:, 1] ** 2),
        ("x1x2", X[:, 0] * X[:, 1]),
        ("sinx1", np.sin(X[:, 0])),
        ("sinx2", np.sin(X[:, 1])),
    ],
)
def test_each_feature_is_its_formula(name, expected):
    np.testing.assert_allclose(make_features(X, [name])[:, 0], expected)


def test_columns_follow_the_order_asked():
    Z = make_features(X, ["x1x2", "x1"])
    assert Z.shape == (3, 2) and Z.dtype == np.float64
    np.testing.assert_allclose(Z, np.c_[X[:, 0] * X[:, 1], X[:, 0]])


def test_all_features_and_labels():
    assert make_features(X, list(FEATURES)).shape == (3, 7)
    assert set(LABELS) == set(FEATURES)


def test_canonical_order_and_feature_fn():
    assert canonical(["sinx2", "x1"]) == ("x1", "sinx2")
    fn = feature_fn(("x1", "x2^2"))
    assert fn.names == ("x1", "x2^2")
    np.testing.assert_allclose(fn(X), np.c_[X[:, 0], X[:, 1] ** 2])


@pytest.mark.parametrize(
    "names, match",
    [
        (["x3"], "Unknown input feature"),
        ([], "at least one"),
        (["x1", "x1"], "once"),
    ],
)
def test_bad_names_raise(names, match):
    with pytest.raises(ValueError, match=match):
        make_features(X, names)


def test_wrong_input_shape_says_what_is_expected():
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        make_features(np.ones((4, 3)), ["x1"])

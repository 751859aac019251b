"""Q6: fitting the picture; Fourier features."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.boundaries.capacity import PictureFit, fourier_features


def test_fourier_features_shape_and_values():
    X = np.array([[0.5, -1.0], [0.0, 0.25]])
    Z = fourier_features(X, 3)
    assert Z.shape == (2, 2 + 2 * 2 * 3)
    np.testing.assert_allclose(Z[:, :2], X)
    np.testing.assert_allclose(Z[0, 2:5], np.sin(np.pi * 0.5 * np.arange(1, 4)))
    assert fourier_features(X, 0) is not None and fourier_features(X, 0).shape == (2, 2)


@pytest.fixture(scope="module")
def picture():
    return nv.data.picture_dataset()


def test_picture_fit_image_shape_and_training(picture):
    fit = PictureFit(picture, width=20, n_freq=4)
    assert fit.image().shape == nv.data.picture().shape
    before = fit.accuracy
    after = fit.train(60)
    assert fit.steps_done == 60 and after > before + 0.2


def test_picture_fit_computes_in_float32_unless_asked(picture):
    fit = PictureFit(picture, width=8)
    assert fit.Z.dtype == np.float32
    assert fit.model.layers[0].params["W"].dtype == np.float32
    wide = PictureFit(picture, width=8, dtype=np.float64)
    assert wide.model.layers[0].params["W"].dtype == np.float64


def test_the_picture_is_recomputed_after_each_step_only(picture):
    fit = PictureFit(picture, width=8)
    first = fit.probabilities()
    assert fit.probabilities() is first  # image() and accuracy share one pass
    fit.train(5)
    assert not np.allclose(fit.probabilities(), first)


def test_features_beat_plain_coordinates(picture):
    plain = PictureFit(picture, width=32).train(100)
    waves = PictureFit(picture, width=32, n_freq=8).train(100)
    assert waves > plain + 0.1


def test_bad_sizes_are_errors(picture):
    with pytest.raises(ValueError, match="depth >= 1"):
        PictureFit(picture, depth=0)

"""Losses: values on known inputs, and gradients against finite differences."""

import numpy as np
import pytest

import nnviz as nv


@pytest.mark.parametrize("loss, make_target", [
    (nv.MeanSquaredError(), lambda rng, p: rng.normal(size=p.shape)),
    (nv.BinaryCrossEntropy(), lambda rng, p: (rng.random(p.shape) > 0.5) * 1.0),
    (nv.BinaryCrossEntropyWithLogits(),
     lambda rng, p: (rng.random(p.shape) > 0.5) * 1.0),
    (nv.SoftmaxCrossEntropy(), lambda rng, p: rng.integers(0, p.shape[1], len(p))),
    (nv.SoftmaxCrossEntropy(),
     lambda rng, p: np.eye(p.shape[1])[rng.integers(0, 3, len(p))]),
], ids=["mse", "bce", "bce_logits", "softmax_ce_labels", "softmax_ce_onehot"])
def test_loss_gradient_matches_finite_differences(loss, make_target, rng):
    y_pred = rng.normal(size=(5, 3))
    if isinstance(loss, nv.BinaryCrossEntropy):
        y_pred = nv.nn.activations.sigmoid(y_pred)  # probabilities in (0, 1)
    assert nv.check_loss(loss, y_pred, make_target(rng, y_pred)) < 1e-6


def test_mse_of_the_curriculum_example_is_0_21():
    y_true = np.array([[1, 0, 0], [0, 0, 1]])
    y_pred = np.array([[0.9, 0.2, 0.2], [0.2, 0.8, 0.3]])
    assert np.isclose(nv.MeanSquaredError().forward(y_pred, y_true), 0.21)


def test_logit_losses_match_their_probability_versions(rng):
    z = rng.normal(size=(6, 1))
    y = (rng.random((6, 1)) > 0.5) * 1.0
    p = nv.nn.activations.sigmoid(z)
    assert np.isclose(nv.BinaryCrossEntropyWithLogits().forward(z, y),
                      nv.BinaryCrossEntropy().forward(p, y))
    logits = rng.normal(size=(4, 3))
    labels = np.array([0, 2, 1, 1])
    expected = -np.mean(np.log(nv.softmax(logits)[np.arange(4), labels]))
    assert np.isclose(nv.SoftmaxCrossEntropy().forward(logits, labels), expected)


def test_logit_losses_stay_finite_for_huge_logits():
    z = np.array([[1000.0], [-1000.0]])
    y = np.array([0.0, 1.0])
    value = nv.BinaryCrossEntropyWithLogits().forward(z, y)
    assert np.isfinite(value) and np.isclose(value, 1000.0)


def test_mismatched_targets_say_both_shapes():
    with pytest.raises(ValueError, match=r"\(4, 2\).*\(4, 3\)"):
        nv.MeanSquaredError().forward(np.zeros((4, 2)), np.zeros((4, 3)))


def test_bad_class_labels_are_explained():
    with pytest.raises(ValueError, match="whole numbers from 0 to 2"):
        nv.SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([0, 3]))


@pytest.mark.parametrize("loss, make_target", [
    (nv.MeanSquaredError(), lambda rng: rng.normal(size=6)),
    (nv.BinaryCrossEntropyWithLogits(), lambda rng: (rng.random(6) > 0.5) * 1.0),
    (nv.SoftmaxCrossEntropy(), lambda rng: rng.integers(0, 3, 6)),
], ids=["mse", "bce_logits", "softmax_ce_labels"])
def test_targets_checked_once_give_the_same_loss_and_gradient(loss, make_target, rng):
    # train_steps checks the whole data set's targets once, then hands each
    # batch of them to forward_checked: same value, same gradient as forward.
    width = 3 if isinstance(loss, nv.SoftmaxCrossEntropy) else 1
    y_pred, y_true = rng.normal(size=(6, width)), make_target(rng)
    value = loss.forward(y_pred, y_true)
    gradient = loss.backward()
    checked = loss.check_targets(y_pred, y_true)
    assert checked.shape == y_pred.shape
    assert loss.forward_checked(y_pred, checked) == value
    np.testing.assert_array_equal(loss.backward(), gradient)

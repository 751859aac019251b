"""Lesson 9's exercises against what the lesson's own scalers give."""

import numpy as np

import nnviz as nv


def test_the_predicted_span_is_what_fit_scaler_gives():
    x = np.append(np.linspace(0, 1, 99), 50.0)          # the notebook's values
    span = np.ptp(nv.fit_scaler(x, "minmax").transform(x[:99]))
    assert nv.exercises.check("scaling.minmax_span", span), span
    robust = np.ptp(nv.fit_scaler(x, "robust").transform(x[:99]))
    assert not nv.exercises.check("scaling.minmax_span", robust)


def test_the_reported_angle_is_multiplied_back_and_clipped():
    assert nv.exercises.check("scaling.angle_back", np.clip(1.03 * 420, -420, 420))
    assert not nv.exercises.check("scaling.angle_back", 1.03 * 420)   # not clipped
    assert not nv.exercises.check("scaling.angle_back", 1.03)          # not scaled back

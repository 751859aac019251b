"""Lesson 3's core: descent on a bowl, learning rates, batch sizes. Closed forms
and second methods wherever there is one."""

import subprocess
import sys

import numpy as np
import pytest

import nnviz as nv

START = np.array([-4.0, 3.0])


@pytest.fixture(scope="module")
def surface():
    return nv.bowl(10, 0.5, 30)


@pytest.fixture(scope="module")
def plane():
    return nv.data.plane(300, noise=0.1, rng=np.random.default_rng(0))


def test_bowl_has_the_requested_curvatures(surface):
    np.testing.assert_allclose(surface.eigenvalues, [0.5, 10])
    assert surface.lr_limit == pytest.approx(0.2)
    assert surface.condition == pytest.approx(20)
    w = np.array([0.3, -1.2])
    np.testing.assert_allclose(surface.gradient(w),
                               nv.numerical_gradient(surface.loss, w.copy()), atol=1e-7)


def test_bowl_rejects_a_surface_that_is_not_a_bowl():
    with pytest.raises(ValueError, match="lam_max >= lam_min > 0"):
        nv.bowl(1.0, -1.0)


@pytest.mark.parametrize("lr", [0.05, 0.15, 0.21])
def test_sgd_path_matches_the_closed_form(surface, lr):
    path = nv.descent_path(surface, START, nv.SGD(lr), 30)
    for t in (1, 7, 30):
        np.testing.assert_allclose(path[t], nv.gd_closed_form(surface.A, START, lr, t),
                                   rtol=1e-10)


def test_convergence_switches_at_two_over_lambda_max(surface):
    limit = surface.lr_limit
    below = nv.descent_path(surface, START, nv.SGD(0.99 * limit), 1000)
    above = nv.descent_path(surface, START, nv.SGD(1.01 * limit), 1000)
    assert surface.loss(below[-1]) < 1e-6 < surface.loss(START)
    assert not surface.loss(above[-1]) < surface.loss(START)   # grows, or ran away


def test_zigzag_only_above_one_over_lambda_max(surface):
    slow = nv.descent_path(surface, START, nv.SGD(0.09), 60)
    fast = nv.descent_path(surface, START, nv.SGD(0.15), 60)
    assert nv.zigzag_count(surface, slow) == 0 and nv.zigzag_count(surface, fast) > 20


def test_steps_grow_with_the_condition_number():
    steps = []
    for kappa in (2, 5, 10, 25, 50):
        b = nv.bowl(10, 10 / kappa)
        steps.append(nv.steps_to_tolerance(
            b, nv.descent_path(b, START, nv.SGD(0.1), 3000), 1e-3))
    assert steps == sorted(steps) and steps[-1] > 15 * steps[0]
    # closed form along the flat direction: factor (1 - 1/κ) per step
    b = nv.bowl(10, 0.2)
    flat = np.linalg.eigh(b.A)[1][:, 0] @ START
    predicted = np.log(1e-3 / (0.5 * 0.2 * flat**2)) / (2 * np.log(1 - 1 / 50))
    assert abs(steps[-1] - predicted) < 3


def test_steps_to_tolerance_requires_staying_below(surface):
    losses_path = np.array([[2.0, 0], [0, 0], [1.0, 0], [0, 0], [0, 0]])
    assert nv.steps_to_tolerance(surface, losses_path, 1e-3) == 3
    assert nv.steps_to_tolerance(surface, losses_path[:3], 1e-3) is None


def test_momentum_path_matches_the_heavy_ball_formula(surface):
    lr, beta, w, v = 0.05, 0.7, START.copy(), np.zeros(2)
    path = nv.descent_path(surface, START, nv.SGD(lr, momentum=beta), 20)
    for t in range(1, 21):
        v = beta * v + surface.A @ w
        w = w - lr * v
        np.testing.assert_allclose(path[t], w, rtol=1e-12)


def test_adam_path_matches_its_formulas(surface):
    lr, b1, b2, eps = 0.3, 0.9, 0.999, 1e-8
    w, m, v = START.copy(), np.zeros(2), np.zeros(2)
    path = nv.descent_path(surface, START, nv.Adam(lr), 20)
    for t in range(1, 21):
        g = surface.A @ w
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(path[t], w, rtol=1e-12)


def test_the_lesson_optimizer_numbers(surface):
    steps = {name: nv.steps_to_tolerance(surface, nv.descent_path(surface, START, o,
                                                                  300), 1e-3)
             for name, o in [("sgd", nv.SGD(0.1)),
                             ("momentum", nv.SGD(0.05, momentum=0.7)),
                             ("adam", nv.Adam(0.3))]}
    assert steps == {"sgd": 67, "momentum": 34, "adam": 117}


def test_adam_does_not_care_about_the_scale_of_the_loss(surface):
    steep = nv.Bowl(100 * surface.A)
    adam = [nv.steps_to_tolerance(s, nv.descent_path(s, START, nv.Adam(0.3), 300),
                                  1e-3 * k) for s, k in ((surface, 1), (steep, 100))]
    assert adam[0] == adam[1]
    runaway = nv.descent_path(steep, START, nv.SGD(0.1), 300)
    assert nv.steps_to_tolerance(steep, runaway, 0.1) is None


def test_learning_rate_runs_the_lesson_numbers(plane):
    # lr 0.7 is deliberately unstable: claim only that it diverges, never the step
    # (the step depends on the last bits of every product; see test_claims.py).
    tanh = nv.learning_rate_runs(plane, [0.01, 0.1, 0.3, 0.7])
    final = {lr: r.losses[-1] for lr, r in tanh.items()}
    assert final[0.1] < final[0.01] and final[0.1] < final[0.3]
    wiggles = np.mean(np.diff(tanh[0.3].losses[-100:]) > 0)
    assert wiggles > 0.3 and np.mean(np.diff(tanh[0.1].losses[-100:]) > 0) == 0
    step = tanh[0.7].diverged_at
    assert step is not None and "diverged" in tanh[0.7].diverged
    assert np.all(np.isnan(tanh[0.7].losses[step:]))
    assert tanh[0.1].diverged is None and tanh[0.1].diverged_at is None


def test_relu_dies_at_a_learning_rate_tanh_survives(plane):
    relu = nv.learning_rate_runs(plane, [0.3, 0.7], activation="relu")
    # At 0.7 ReLU dies (most starts) or runs away (a few): either way it learns nothing.
    assert relu[0.7].diverged is not None or (
        relu[0.7].losses[-1] > 0.9 * np.var(plane.y_train))
    model = nv.mlp([2, 16, 16, 1], "relu", rng=np.random.default_rng(1))
    nv.fit(model, "mse", nv.SGD(0.7), plane.X_train, plane.y_train, steps=300)
    assert nv.dead_relu_fraction(model, plane.X_train)[-1] == 1.0


def test_batch_size_runs_count_steps_and_noise():
    moons = nv.data.moons(300, noise=0.25, rng=np.random.default_rng(0))
    runs = nv.batch_size_runs(moons, epochs=5)
    assert [r.steps_per_epoch for r in runs.values()] == [1, 13, 210]
    assert [len(r.step_losses) for r in runs.values()] == [5, 65, 1050]
    noise = [nv.step_noise(r.step_losses) for r in runs.values()]
    assert noise[0] < 0.05 < noise[1] < noise[2]
    ends = [r.epoch_losses[-1] for r in runs.values()]
    assert ends[2] < ends[1] < ends[0]


def test_step_noise_of_a_smooth_and_a_jumpy_curve():
    assert nv.step_noise(np.geomspace(1, 0.5, 50)) < 0.02
    # jumps 1/1, 1/2, 1/1: median 1
    assert nv.step_noise([1.0, 2.0, 1.0, 2.0]) == pytest.approx(1.0)










def test_core_modules_do_not_import_plotting():
    code = ("import sys, nnviz.lessons.descent.experiments; "
            "print('matplotlib' in sys.modules or 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_zigzag_is_faster_until_close_to_the_limit(surface):
    reach = {lr: nv.steps_to_tolerance(
        surface, nv.descent_path(surface, START, nv.SGD(lr), 300)) for lr in
        (0.1, 0.15, 0.19)}
    assert reach == {0.1: 67, 0.15: 45, 0.19: 55}


def test_relu_at_03_is_at_least_twice_as_bad_as_tanh(plane):
    relu = nv.learning_rate_runs(plane, [0.1, 0.3], activation="relu")
    tanh = nv.learning_rate_runs(plane, [0.1, 0.3])
    assert relu[0.3].losses[-1] > 2 * tanh[0.3].losses[-1]
    assert relu[0.1].losses[-1] < tanh[0.1].losses[-1]      # as good at 0.1




def test_a_start_on_the_valley_axis_is_lower_but_slower(surface):
    valley = np.array([4.0, 2.25])
    paths = [nv.descent_path(surface, s, nv.SGD(0.1), 300) for s in (START, valley)]
    steps = [nv.steps_to_tolerance(surface, path) for path in paths]
    assert surface.loss(valley) < surface.loss(START) / 20 and steps == [67, 84]

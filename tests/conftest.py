"""Shared fixtures: a seeded rng, the Agg backend, figures closed after each test."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Fixture notebooks for the browser checker are data, not lessons to run.
collect_ignore_glob = ["*/fixtures/*"]


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")

"""Shared fixtures: a seeded rng, the Agg backend, figures closed after each test."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
# Strict mode: a lesson's nv.expect(...) raises instead of printing ✗, here and in
# the notebook kernels nbval starts (they inherit this environment).
os.environ["NNVIZ_STRICT"] = "1"

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Fixture notebooks for the browser checker are data, not lessons to run.
collect_ignore_glob = ["fixtures/*", "*/fixtures/*"]


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def cached_render_is_exact():
    """check(fig): a figure drawn through its BackgroundCache paints the pixels a
    full draw paints (no changing artist left out of the cache's list, none
    drawn in another order), up to rounding at the overlay's edges.
    Draws twice: the second draw uses the background the first one kept."""

    def check(fig):
        cache = fig.draw.__self__  # BackgroundCache replaces fig.draw
        fig.canvas.draw()
        fig.canvas.draw()
        fast = np.asarray(fig.canvas.buffer_rgba()).copy()
        cache.enabled = False
        try:
            fig.canvas.draw()
            full = np.asarray(fig.canvas.buffer_rgba()).copy()
        finally:
            cache.enabled = True
        assert fast.shape == full.shape
        # an overlay (legends, notes) is laid on as a picture: its anti-aliased
        # edges may round a level or two differently, nothing more
        differ = np.abs(fast.astype(int) - full.astype(int)).max(axis=-1) > 3
        assert not differ.any(), (
            f"{differ.sum()} pixels differ from a full draw (rows "
            f"{np.flatnonzero(differ.any(axis=1))[[0, -1]]}): an artist that "
            f"changes is missing from the cache's changing artists")

    return check


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _fresh_exercise_hints():
    """Every test starts each exercise's hints from the first (wrong tries are
    counted per session)."""
    from nnviz.exercises import forget_tries

    forget_tries()
    yield
    forget_tries()


# Tests that build figures and panels are slower (they draw, and some train). They
# are marked `widgets`, so the inner loop can skip them:
#     python3 course.py test -m "not widgets and not browser" tests/
# The mark follows the test tree: tests/plots, tests/widgets, tests/playground, and
# files named *widgets* or *view* under tests/lessons.
WIDGET_FOLDERS = {"plots", "widgets", "playground"}


def pytest_collection_modifyitems(config, items):
    # The browser tests go last. Their Playwright (sync API) keeps an asyncio loop
    # marked as running in this thread until the session ends, and code that asks
    # "is an event loop running?" (the playground's delayed redraws) would answer
    # yes in every test collected after them.
    items.sort(key=lambda item: "browser" in item.path.parts)  # stable: order kept
    for item in items:
        path = item.path
        if path.suffix != ".py" or "browser" in path.parts:
            continue
        in_folder = path.parent.name in WIDGET_FOLDERS
        if in_folder or "widgets" in path.stem or "view" in path.stem:
            item.add_marker(pytest.mark.widgets)

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
    drawn in another order), up to rounding at the overlay's edges."""

    def check(fig):
        differ = fig.draw.__self__.differing_pixels()  # BackgroundCache's draw
        assert not differ.any(), (
            f"{differ.sum()} pixels differ from a full draw (rows "
            f"{np.flatnonzero(differ.any(axis=1))[[0, -1]]}): an artist that "
            f"changes is missing from the cache's changing artists")

    return check


@pytest.fixture
def move_redraws_in_place(cached_render_is_exact):
    """move(panel, control, value): the first view's figure, drawn before and
    after the move, keeps the same changing artists and its one background,
    and its cached picture is the full one."""

    def move(panel, name, value):
        view = panel.views[0]
        view.fig.canvas.draw()
        before = list(view.changing_artists())
        panel.controls[name].value = value
        view.fig.canvas.draw()
        after = list(view.changing_artists())
        assert all(a is b for a, b in zip(before, after, strict=True))
        assert view.cache.full_draws == 1  # a move drew no background
        cached_render_is_exact(view.fig)

    return move


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

"""Lesson 2 panels: explosion_explorer (Q4) and collapse_explorer (Q10)."""

import numpy as np
import pytest

import nnviz as nv
from nnviz.lessons.activations.collapse_panels import collapse_explorer
from nnviz.lessons.initialization.explosion import standardize


@pytest.fixture(scope="module")
def digits():
    return standardize(nv.data.digits(28, rng=np.random.default_rng(0), flat=True))








def test_collapse_explorer_identical_only_when_linear(rng):
    data = nv.data.moons(n=120, rng=rng)
    panel = collapse_explorer(data, steps=100, check_backend=False)
    assert panel.state["max_difference"] < 1e-12
    left = panel.views[0].image
    panel.controls["activation"].value = "tanh"
    assert panel.views[0].image is left
    assert panel.state["max_difference"] > 0.05
    assert "tanh" in panel.views[0].ax.get_title()


def test_collapse_explorer_answers_at_once_and_trains_a_moment_later():
    # Issue 18: in a kernel (an event loop runs) the other activations are
    # trained a moment after the panel is shown; a toggle before that says
    # "training" at once, and the pictures come when the net is trained.
    import asyncio

    from nnviz.playground.later import Later

    async def scenario():
        data = nv.data.moons(n=80, rng=np.random.default_rng(0))
        panel = collapse_explorer(data, steps=30, check_backend=False)
        image = panel.views[0].image
        panel.controls["activation"].value = "relu"
        assert "training" in panel.state["status"].value
        assert panel.state["max_difference"] < 1e-12  # still the identity net's
        Later.flush_all()
        assert "relu" in panel.views[0].ax.get_title()
        assert panel.state["status"].value == ""
        assert panel.state["max_difference"] > 0.0 and panel.views[0].image is image
        while Later.flush_all():  # the rest: one activation at a time
            pass
        panel.controls["activation"].value = "tanh"  # trained: shown at once
        assert "tanh" in panel.views[0].ax.get_title()
        assert not panel.output.outputs

    asyncio.run(scenario())

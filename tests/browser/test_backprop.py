"""Lesson 4's backpropagation stepper in JupyterLab: each "step ▶" click redraws it.

test_lessons.py already moves every slider of the notebook and clicks every button
once, checking only for errors on a click. Here the step button is clicked
several times in a row, and after each click the stepper's own figure must show
new pixels (its canvas hashed before and after, as the checker does) and the
readout under it new text. A picture of the stepper cell, part-way through the
backward pass, is saved to artifacts/screenshots/backprop_stepper.png.
"""

from __future__ import annotations

import time
import uuid

import pytest
from checker import (
    CHANGE_TIMEOUT,
    OPEN_TIMEOUT,
    RUN_TIMEOUT,
    SCREENSHOTS,
    SCRIPT,
    _Errors,
    _poll,
    _wait_for_change,
    _wait_idle,
)

NOTEBOOK = "notebooks/04_backpropagation.ipynb"
STEP_LABEL = "Button 'step ▶'"
CLICKS = 10  # from step 0: the forward pass (6 steps), then into the backward pass


def open_and_run(page, lab):
    page.goto(lab.notebook_url(NOTEBOOK, "nnviz-" + uuid.uuid4().hex[:8]))
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.content",
        timeout=OPEN_TIMEOUT * 1000,
    )
    page.evaluate(SCRIPT)
    page.evaluate("nnvizCheck.open()")
    page.evaluate("(ms) => nnvizCheck.runAll(ms)", RUN_TIMEOUT * 1000)
    assert _wait_idle(page, timeout=RUN_TIMEOUT), "kernel still busy after 'run all'"


@pytest.mark.browser
def test_each_step_click_redraws_the_stepper(browser, lab):
    page = browser.new_page()
    page_errors = []
    page.on("pageerror", lambda e: page_errors.append(f"uncaught: {e}"))
    try:
        open_and_run(page, lab)
        errors = _Errors(page)
        inventory = page.evaluate("nnvizCheck.inventory()")
        steps = [b for b in inventory["buttons"] if b["label"] == STEP_LABEL]
        assert len(steps) == 1, [b["label"] for b in inventory["buttons"]]
        cell = steps[0]["cell"]
        canvas = [i for c in inventory["canvases"]
                  for i, where in zip(c["ids"], c["cells"], strict=True)
                  if where == cell]
        assert len(canvas) == 1, f"cell {cell + 1} shows {len(canvas)} figures, not 1"

        def painted():
            state = page.evaluate("nnvizCheck.hashes()").get(canvas[0])
            return state and not state["blank"]

        assert _poll(painted, 8.0, 0.2), "the stepper's figure stays blank"
        button = page.locator(f'[data-nnviz-id="{steps[0]["id"]}"]')
        seen = [page.evaluate("nnvizCheck.hashes()")[canvas[0]]["hash"]]
        for click in range(1, CLICKS + 1):
            before = page.evaluate("nnvizCheck.hashes()")
            text = page.evaluate("(i) => nnvizCheck.cellText(i)", cell)
            button.click()
            changed = _wait_for_change(page, before, canvas, canvas, CHANGE_TIMEOUT)
            assert changed, f"click {click} of 'step ▶' left the figure unchanged"
            assert _poll(lambda t=text: page.evaluate(
                "(i) => nnvizCheck.cellText(i)", cell) != t, CHANGE_TIMEOUT), (
                f"click {click} of 'step ▶' left the readout unchanged")
            _wait_idle(page, timeout=30)
            seen.append(page.evaluate("nnvizCheck.hashes()")[canvas[0]]["hash"])
        assert len(set(seen)) == CLICKS + 1, "two steps drew the same picture"
        assert f"step {CLICKS}" in page.evaluate("(i) => nnvizCheck.cellText(i)", cell)
        assert not errors.new() and not page_errors
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / "backprop_stepper.png"
        page.set_viewport_size({"width": 1280, "height": 2000})  # the whole cell
        time.sleep(0.5)
        page.locator(".jp-Notebook .jp-Cell").nth(cell).screenshot(path=str(path))
        assert path.stat().st_size > 10_000
    finally:
        page.close()
        lab.shutdown_kernels()

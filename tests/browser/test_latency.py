"""Slider latency: every timed move is recorded, and the report compares with the floor.

The browser test times the floor fixture (a bare ipympl figure redrawing a sine,
fixtures/latency_floor.ipynb) as the suite does at the start of a run; the
other tests check `latency_report` on hand-made results, without a browser.
"""

from __future__ import annotations

import json

import pytest
from checker import (
    FLOOR_MOVES,
    FLOOR_NOTEBOOK,
    NotebookResult,
    SliderLatency,
    latency_report,
    percentile,
)


def test_percentile_interpolates_like_numpy():
    assert percentile([100.0, 200.0], 50) == 150.0
    assert percentile([10.0, 20.0, 30.0, 40.0, 50.0], 90) == pytest.approx(46.0)
    assert percentile([], 90) is None
    timing = SliderLatency("FloatSlider 'w' (cell 3)", ms=[300.0, 100.0, 200.0])
    assert (timing.median, timing.p90) == (200.0, pytest.approx(280.0))


def lesson(name, *timings):
    return NotebookResult(notebook=name, latencies=list(timings))


def test_report_gives_each_slider_its_ratio_to_the_floor_p90():
    floor = [lesson(FLOOR_NOTEBOOK, SliderLatency("floor", moves=2, ms=[80.0, 100.0])),
             lesson(FLOOR_NOTEBOOK, SliderLatency("floor", moves=2, ms=[90.0, 110.0]))]
    fast = SliderLatency("FloatSlider 'a' (cell 2)", moves=5, ms=[50.0] * 5)
    slow = SliderLatency("IntSlider 'b' (cell 4)", moves=5, ms=[200.0] * 4)
    lines, data = latency_report([lesson("notebooks/x.ipynb", fast, slow)], floor)
    floor_p90 = percentile([80.0, 100.0, 90.0, 110.0], 90)
    assert data["floor"]["p90_ms"] == pytest.approx(floor_p90, abs=0.05)
    assert data["floor"]["samples"] == 4
    sliders = data["lessons"][0]["sliders"]
    assert [s["p90_over_floor"] for s in sliders] == [  # rounded to 0.01
        pytest.approx(50.0 / floor_p90, abs=0.005),
        pytest.approx(200.0 / floor_p90, abs=0.005)]
    assert data["lessons"][0]["worst_p90_over_floor"] == pytest.approx(
        200.0 / floor_p90, abs=0.005)
    assert sliders[1]["moves"] - sliders[1]["repainted"] == 1
    text = "\n".join(lines)
    assert "IntSlider 'b' (cell 4)" in text and "1 move(s) without repaint" in text
    assert f"worst p90/floor {200.0 / floor_p90:.1f}x" in text
    json.dumps(data)  # what conftest writes to artifacts/browser_latency.json


def test_report_without_a_floor_says_why_and_gives_no_ratio():
    broken = NotebookResult(notebook=FLOOR_NOTEBOOK, errors=["checker stopped: boom"])
    timing = SliderLatency("FloatSlider 'a' (cell 2)", moves=1, ms=[50.0])
    lines, data = latency_report([lesson("notebooks/x.ipynb", timing)], [broken])
    assert "floor: none (checker stopped: boom)" in lines[0]
    assert data["lessons"][0]["sliders"][0]["p90_over_floor"] is None
    assert data["lessons"][0]["worst_p90_over_floor"] is None


@pytest.mark.browser
def test_floor_slider_records_a_latency_for_every_move(latency_floor):
    first = latency_floor[0]
    assert first.ok, first.message()
    assert first.sliders_moved == 1
    (timing,) = first.latencies
    assert timing.slider == "FloatSlider 'frequency' (cell 4)"
    assert timing.kind == "figure"
    assert timing.moves == FLOOR_MOVES
    assert len(timing.ms) == FLOOR_MOVES, timing
    assert all(0 < ms < 6000 for ms in timing.ms), timing.ms
    assert 0 < timing.median <= timing.p90

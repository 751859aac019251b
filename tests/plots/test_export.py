"""Export: GIF and HTML files that are valid, one frame per update, clear errors."""

import numpy as np
import pytest
from PIL import Image

import nnviz as nv
from nnviz.plots import style
from nnviz.plots.export import export_animation, export_space
from nnviz.plots.space import SpaceDistortionView


@pytest.fixture
def moving_line():
    fig, ax = style.new_figure(size=(2, 1.5))
    (line,) = ax.plot([0, 1], [0, 0])
    ax.set_ylim(0, 5)
    calls = []

    def update(i):
        calls.append(i)
        line.set_ydata([i, i])

    return fig, update, calls


def test_gif_has_one_frame_per_update(tmp_path, moving_line):
    fig, update, calls = moving_line
    path = export_animation(fig, update, 5, tmp_path / "line.gif")
    assert calls == [0, 1, 2, 3, 4]  # no extra call: a training frame is never lost
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.n_frames == 5
        first = np.array(gif.convert("RGB"))
        gif.seek(4)
        assert not np.array_equal(first, np.array(gif.convert("RGB")))


def test_html_is_self_contained(tmp_path, moving_line):
    fig, update, _ = moving_line
    path = export_animation(fig, update, 3, tmp_path / "line.html")
    text = path.read_text()
    assert "<html" in text.lower() and text.count("data:image/png;base64") == 3
    assert not list(tmp_path.glob("*_frames"))  # no side folder of frames
    assert "https://" not in text and 'class="fa' not in text  # plays offline


@pytest.mark.parametrize(
    "name, message",
    [("line.mp4", "ending in .gif or .html"), ("line.gif", "at least one frame")],
)
def test_bad_requests_say_what_to_do(tmp_path, moving_line, name, message):
    fig, update, _ = moving_line
    frames = 0 if name.endswith(".gif") else 2
    with pytest.raises(ValueError, match=message):
        export_animation(fig, update, frames, tmp_path / name)


def test_space_view_exports_every_stage(tmp_path, rng):
    X = rng.normal(size=(20, 2))
    view = SpaceDistortionView(nv.mlp([2, 2, 1], rng=rng), X, X[:, 0] > 0)
    path = export_space(view, tmp_path / "space.gif", frames_per_stage=2, pause=1)
    with Image.open(path) as gif:
        assert gif.n_frames == 3 * 2 + 1 + 1
    assert view.position == 3

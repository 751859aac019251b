"""nnviz's figures under the real ipympl backend (in a subprocess: the backend is
global)."""

import importlib.util
import os
import subprocess
import sys

import pytest

# Only look for ipympl: importing it here would switch this process's backend.
pytestmark = pytest.mark.skipif(importlib.util.find_spec("ipympl") is None,
                                reason="ipympl is not installed")

FIRST_FRAME = """
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
from nnviz.plots.style import new_figure

fig, ax = new_figure()
ax.plot([0, 1], [0, 1])
canvas = fig.canvas
assert canvas.syncing_data_url, (
    "ipympl keeps the first frame only before the page is ready"
)
canvas.draw()
canvas.send_binary(canvas.get_diff_image())    # what ipympl does for the first frame
print(canvas._data_url[:22])
"""


def test_first_frame_is_kept_as_a_data_url_a_browser_can_load():
    # Bare base64 is read by the browser as a relative address: a 'broken' image.
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "data:image/png;base64,"


SIZE_FROM_THE_START = """
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
from nnviz.plots.style import new_figure

fig, ax = new_figure(size=(9.0, 6.6))
canvas = fig.canvas
print(tuple(canvas._size))
changes = []
canvas.observe(changes.append, names="_size")
canvas._handle_message(canvas, {"type": "initialized"}, [])   # the page is ready
print(len(changes))
"""


def test_canvas_knows_its_size_before_the_page_asks():
    # A (0, 0) start makes ipympl resize the page's canvas from an image that
    # may still be loading; when that fails, the figure stays blank for good.
    # The default figure size (the projector setting would change it).
    env = {k: v for k, v in os.environ.items() if k != "NNVIZ_PRESENTATION"}
    result = subprocess.run([sys.executable, "-c", SIZE_FROM_THE_START],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    size, changes = result.stdout.splitlines()
    assert size == "(900.0, 660.0)"
    assert changes == "0"      # ipympl's own resize on 'initialized' changes nothing


QUICK_PNG = """
import io
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import numpy as np
from PIL import Image
from nnviz.plots.style import new_figure

fig, ax = new_figure()
(line,) = ax.plot([0, 1], [0, 1])
canvas = fig.canvas

frames = []
canvas.send_binary = frames.append   # what ipympl would send the page

def frame():
    canvas.draw()
    sent = np.asarray(Image.open(io.BytesIO(frames[-1])).convert("RGBA"))
    return sent, np.asarray(canvas.get_renderer().buffer_rgba()).copy()

sent, pixels = frame()
assert canvas._image_mode == "full" and (sent == pixels).all()
line.set_ydata([1, 0])
sent, pixels = frame()
changed = (sent != 0).any(axis=2)          # a diff: the changed pixels, 0 elsewhere
assert canvas._image_mode == "diff" and 0 < changed.mean() < 0.2
assert (sent[changed] == pixels[changed]).all()
print("ok")
"""


def test_frames_sent_to_the_page_hold_the_figure_s_pixels():
    # nnviz encodes ipympl's PNG frames faster (style.PNG_COMPRESS_LEVEL):
    # the page must still get the same pixels, whole or as a diff.
    result = subprocess.run([sys.executable, "-c", QUICK_PNG], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_png_bytes_decode_to_the_same_pixels():
    """nnviz's own PNG encoder (rows unfiltered): any RGBA picture, the zeros of
    a diff frame included, decodes to exactly its pixels."""
    import io

    import numpy as np
    from PIL import Image

    from nnviz.plots.style import png_bytes

    rng = np.random.default_rng(0)
    picture = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    picture[5:20] = 0  # unchanged pixels of a diff frame
    for level in (0, 1, 6):
        decoded = np.asarray(Image.open(io.BytesIO(png_bytes(picture, level))))
        assert decoded.shape == picture.shape and decoded.dtype == np.uint8
        np.testing.assert_array_equal(decoded, picture)

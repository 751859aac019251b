"""nnviz's figures under the real ipympl backend (in a subprocess: the backend is global)."""

import importlib.util
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
assert canvas.syncing_data_url, "ipympl keeps the first frame only before the page is ready"
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

"""Issue 18: a Play tick of the CNN trainer draws its images over cached
backgrounds (ticks, labels and titles rendered once), and the cached picture
is exactly the full one."""

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402

import nnviz as nv  # noqa: E402
from nnviz.lessons.cnn.panels import cnn_training_panel  # noqa: E402


def test_cnn_trainer_frames_and_reset_draw_no_background(cached_render_is_exact):
    data = nv.data.digits(8, rng=np.random.default_rng(0))
    panel = cnn_training_panel(data, n_show=20, check_backend=False)
    caches = panel.state["caches"]
    for cache in caches:
        cache.fig.canvas.draw()
    for _ in range(8):  # both figures get their turn
        panel.live.tick()
        for cache in caches:
            cache.fig.canvas.draw()
    panel.controls["reset"].click()
    for cache in caches:
        cache.fig.canvas.draw()
        assert cache.full_draws == 1  # ticks and titles were rendered once
        cached_render_is_exact(cache.fig)

"""One place for colours, sizes and the small drawing helpers every view shares.

Palette: Okabe & Ito's eight colours ("Color Universal Design", 2008). They stay
distinct for the common forms of colour blindness, and the two class colours
(blue and orange) also differ in lightness, so they read in greyscale on a
projector. Class 0 is blue with circles, class 1 orange with triangles: the
marker shape carries the class too.

Fields (class probability over the plane) use a diverging map between the same
two colours, light in the middle where the model is unsure.
"""

from __future__ import annotations

import os
import struct
import zlib

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import Formatter

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: Colours in the order lines and classes use them.
CYCLE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
         "#F0E442", "#000000"]
CLASS_COLORS = CYCLE[:2]
CLASS_MARKERS = ["o", "^", "s", "D", "v", "P", "X", "*"]
#: Positive weights solid and orange, negative dashed and blue (sign readable
#: without colour).
POSITIVE, NEGATIVE = "#E69F00", "#0072B2"

#: Probability of class 1 over the plane: blue (0) -> white (0.5) -> orange (1).
DIVERGING = LinearSegmentedColormap.from_list(
    "nnviz_diverging", ["#0072B2", "#F7F7F7", "#E69F00"])
#: Signed values (weights, kernels, activations): blue negative, orange positive.
SIGNED = DIVERGING
#: One-sided values (feature maps, images): perceptually uniform, colour-blind safe.
SEQUENTIAL = "cividis"

SINGLE = (4.5, 3.4)  # inches, one view; at 100 dpi this fits a projector slide
DPI = 100
FONT_SIZE = 10

#: Projector setting: how much larger text, markers and lines are drawn (in
#: pixels), and the widest a figure may then be, in pixels (a 1280 px window).
PRESENTATION_SCALE = 1.5
PRESENTATION_MAX_WIDTH = 1280
_ENV_PRESENTATION = "NNVIZ_PRESENTATION"
_presentation = os.environ.get(_ENV_PRESENTATION, "").strip().lower() in (
    "1", "true", "yes", "on")


def presentation(on=True):
    """Draw every figure built from now on for a projector (True) or not (False).

    On: text, markers and line widths come out 1.5 times as many pixels as
    before (the figure's dpi goes from 100 to 150), and a figure that would then
    be wider than 1280 px is made smaller in inches until it fits, so it stays
    inside a 1280 px window. Sizes written in points anywhere in nnviz (titles,
    tick labels, legends, `fontsize=8` notes) all grow alike, so the layout
    keeps its proportions. Off by default; also on when the environment
    variable NNVIZ_PRESENTATION=1 is set (`python3 course.py app --presentation`
    sets it for the app view).

    Only figures built after the call change: call it before building a
    lesson's panels, e.g. `nv.presentation(True)` in the first cell, then run
    the notebook. Returns the new setting (a bool).
    """
    global _presentation
    _presentation = bool(on)
    return _presentation


def figure_geometry(width, height):
    """The (figsize in inches, dpi) a figure of `width` x `height` inches gets.

    Off: unchanged, at DPI. On (see `presentation`): dpi DPI * 1.5, and the
    inches shrunk (width and height alike) just enough that the width in pixels
    is at most PRESENTATION_MAX_WIDTH.
    """
    if not _presentation:
        return (width, height), DPI
    dpi = DPI * PRESENTATION_SCALE
    shrink = min(1.0, PRESENTATION_MAX_WIDTH / (width * dpi))
    # Round down to whole pixels so rounding never pushes the width past the limit.
    new_width = np.floor(width * shrink * dpi) / dpi
    return (float(new_width), height * new_width / width), dpi


def new_figure(ncols=1, nrows=1, *, size=None, **subplot_kw):
    """A figure and axes created without being shown (ipympl would show it twice).

    Returns (fig, ax) or (fig, axes array). The toolbar header is hidden; the
    layout is constrained so labels never overlap. `size` is (width, height) in
    inches; with the projector setting on (see `presentation`) the figure gets
    a higher dpi and, when it would be wider than 1280 px, fewer inches.
    """
    width, height = size or (SINGLE[0] * ncols, SINGLE[1] * nrows)
    figsize, dpi = figure_geometry(width, height)
    with plt.ioff(), plt.rc_context({"font.size": FONT_SIZE}):
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, dpi=dpi,
                                 layout="constrained", **subplot_kw)
    canvas = fig.canvas
    if hasattr(canvas, "header_visible"):  # ipympl only
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.observe(_as_data_url, names="_data_url")
        _set_canvas_size(canvas)
        _send_quick_png(canvas)
    return fig, axes


def _set_canvas_size(canvas):
    """Tell an ipympl canvas its size now, as ipympl itself would later.

    ipympl 0.10 starts every canvas at size (0, 0) and sends the real size
    only after the page says it is ready. That size change makes the page
    redraw from its image, which may still be loading or may just have failed
    to load (two frames in quick succession). Then ipympl's handler throws
    ("drawImage ... 'broken' state"), the figure's canvas is never sized, and
    the figure stays blank for good: seen in CI, one figure in a few hundred.
    With the size known from the start, the page sizes the canvas when it
    first shows it, and the later message changes nothing.
    """
    width, height = canvas.figure.bbox.size / canvas.device_pixel_ratio
    canvas._size = (float(width), float(height))  # what ipympl's resize() will send


#: zlib level of the PNG frames an ipympl canvas sends the page: 1, not Pillow's
#: default 6. Encoding a frame is part of every repaint of every figure, and
#: level 1 takes well under half the time for a somewhat larger frame (tens of
#: kilobytes: nothing on the local connection). See benchmarks/README.md.
PNG_COMPRESS_LEVEL = 1


def png_bytes(rgba, level=PNG_COMPRESS_LEVEL) -> bytes:
    """An (H, W, 4) uint8 picture as PNG bytes: rows unfiltered, zlib at `level`.

    Pillow tries every PNG row filter on every row and keeps the best: on a
    repaint's frame (mostly the zeros of unchanged pixels, or a figure's flat
    colours) that search costs more than the compression and gains little. A
    PNG is a signature and three chunks (length, type, data, CRC): the header
    (size, 8 bits, RGBA), the zlib-compressed rows (each led by its filter
    byte, 0: none) and the end. Half Pillow's time for a frame of about the
    same size (benchmarks/bench_views.py).
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # column 0: filter "none"
    rows[:, 1:] = rgba.reshape(height, 4 * width)

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 6: RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
            + chunk(b"IEND", b""))


def _send_quick_png(canvas):
    """Make an ipympl canvas encode its frames with PNG_COMPRESS_LEVEL.

    Each repaint, ipympl (through matplotlib's webagg core) sends the page the
    pixels that changed as a PNG. This is matplotlib 3.11's
    `FigureCanvasWebAggCore.get_diff_image` with one change, the encoding
    (`png_bytes`); a matplotlib without the attributes it reads keeps its own.
    """
    needed = ("_png_is_old", "_force_full", "_last_buff", "set_image_mode")
    if not all(hasattr(canvas, name) for name in needed):
        return

    def get_diff_image():
        if not canvas._png_is_old:
            return None
        pixels = np.asarray(canvas.get_renderer().buffer_rgba())
        buff = pixels.view(np.uint32).squeeze(2)  # one number per pixel
        if (canvas._force_full or buff.shape != canvas._last_buff.shape
                or (pixels[:, :, 3] != 255).any()):
            canvas.set_image_mode("full")
            output = buff
        else:  # only the pixels that changed; the page keeps the others
            canvas.set_image_mode("diff")
            output = np.where(buff != canvas._last_buff, buff, 0)
        canvas._last_buff = buff.copy()
        canvas._force_full = canvas._png_is_old = False
        return png_bytes(output.view(dtype=np.uint8).reshape((*output.shape, 4)))

    canvas.get_diff_image = get_diff_image


def _as_data_url(change):
    """Keep an ipympl canvas's `_data_url` a real data URL.

    ipympl 0.10 stores the first frame there as bare base64 until the page says
    it is ready. A browser reads bare base64 as a relative address, which fails
    to load: a page that builds the figure from the kernel's saved state would
    start from a 'broken' image.
    """
    value = change["new"]
    if isinstance(value, str) and value and not value.startswith("data:"):
        change["owner"]._data_url = "data:image/png;base64," + value


def freeze_layout(fig):
    """Lay the figure out once, then keep that layout.

    Constrained layout would otherwise be solved again on every redraw (about
    40 % of a frame). The layout engine only places the axes (nothing is
    drawn): `fig.draw_without_rendering()` would also work, but under ipympl a
    draw can hand matplotlib's internal `Done` signal to a widget callback.
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")


def new_axes(size=None):
    """A single Axes on a new quiet figure."""
    return new_figure(size=size)[1]


def class_scatter(ax, X, y, *, test=False, size=22, labels=None):
    """Scatter 2-D points by class: colour and marker per class.

    X (N, 2), y (N,) integer-valued labels. Test points are drawn hollow so
    they can be told from training points. Returns a list of PathCollections,
    one per class, in class order.
    """
    X, y = np.asarray(X), np.asarray(y).astype(int)
    artists = []
    for k in range(max(2, int(y.max()) + 1 if len(y) else 2)):
        points = X[y == k]
        color = CYCLE[k % len(CYCLE)]
        label = (labels[k] if labels else f"class {k}") + (" (test)" if test else "")
        artists.append(ax.scatter(
            points[:, 0], points[:, 1], s=size, marker=CLASS_MARKERS[k % 8],
            facecolors="none" if test else color, edgecolors=color if test else "white",
            linewidths=1.0 if test else 0.5, label=label, zorder=3))
    return artists


def bounds(X, margin=0.5):
    """((x_min, x_max), (y_min, y_max)) of 2-D points, widened by `margin`."""
    X = np.asarray(X)
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (low[0], high[0]), (low[1], high[1])


def grid_points(x_range, y_range, resolution=100):
    """Points of a resolution x resolution grid over a rectangle, as (R*R, 2).

    Rows run along y (bottom to top), so `values.reshape(R, R)` is an image for
    `imshow(..., origin="lower")`.
    """
    xs = np.linspace(*x_range, resolution)
    ys = np.linspace(*y_range, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return np.c_[gx.ravel(), gy.ravel()]


def redraw(fig):
    """Ask the canvas to repaint when it next can (bursts collapse into one)."""
    fig.canvas.draw_idle()


MINUS = "\N{MINUS SIGN}"


def short_number(value, decimals=2, *, sign=False, limit=100.0):
    """A number in at most 8 characters, for labels that must fit a small space.

    Below `limit` in size: fixed point with `decimals` ("0.25", "+12.34");
    from `limit` on (a diverged training run): scientific notation with a
    two-digit mantissa ("1.2e3", "+1.0e6", "−3.2e12"). `sign` writes "+" before
    positive values. Not-a-number and infinities are written as such.
    """
    x = float(value)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return (MINUS if x < 0 else "+" if sign else "") + "inf"
    plus = "+" if sign else ""
    if abs(x) < limit:
        text = f"{x:{plus}.{decimals}f}"
    else:  # "1.2e+03" -> "1.2e3"
        mantissa, exponent = f"{x:{plus}.1e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


class ShortTicks(Formatter):
    """Tick labels that stay short whatever the range (a diverged network's
    space reaches 1e12): "0.25", "−10", "2500", then "1.5e4", "−4.12e5", with
    the digits the tick spacing needs (at most 4 after the point), and never a
    separate offset text ("1e6", "+4.1e5") hanging off the end of the axis.
    Ticks closer than those digits tell apart (a huge value, tiny spread) are
    labelled once, not with the same number again and again."""

    _step = 0.0  # the smallest gap between the ticks shown, set with them

    def set_locs(self, locs):
        ticks = np.sort(np.asarray(locs, dtype=float))
        self._step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 0.0

    def __call__(self, x, pos=None):
        return _tick_text(float(x), self._step)

    def format_ticks(self, values):
        self.set_locs(values)
        labels, seen = [], set()
        for value in values:
            text = self(value)
            labels.append("" if text in seen else text)
            seen.add(text)
        return labels


def _tick_text(x, step, max_digits=4):
    """x written with just enough digits to tell ticks `step` apart."""
    if not np.isfinite(x):
        return str(x).replace("-", MINUS)
    if x == 0 or (step > 0 and abs(x) < 1e-9 * step):
        return "0"
    exponent = int(np.floor(np.log10(abs(x))))
    plain = -3 <= exponent <= 3
    scale = 1.0 if plain else 10.0**exponent
    unit = (step if step > 0 else abs(x)) / scale
    digits = 0
    while digits < max_digits and abs(round(unit, digits) - unit) > 1e-6 * unit:
        digits += 1
    text = f"{x:.{digits}f}" if plain else f"{x / scale:.{digits}f}e{exponent}"
    return text.replace("-", MINUS)

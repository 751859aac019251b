"""Export an animation for slides: an animated GIF or a self-contained HTML page.

Every nnviz animation is a figure plus a function that moves it to frame i
(train a few steps, slide the space view, ...). Export calls that function
n_frames times, draws the figure after each call and stores the pictures:

    export_animation(view.fig, lambda i: view.update(i / 10), 61, "space.gif")
    export_animation(view.fig, lambda i: view.update(i / 10), 61, "space.html")

GIF frames go through Pillow; the HTML page (matplotlib's HTMLWriter with
embedded frames, the player of `FuncAnimation.to_jshtml`) carries every frame
as a base64 PNG, so the one file plays offline in any browser.

Frames are drawn by hand rather than by FuncAnimation, which calls the update
function once more before saving: a training animation would train an extra
step that no frame shows.

An export of many frames takes seconds. Pass `progress=` a
`nnviz.widgets.progress.Progress` (the panel shows its `.widget`): it moves
frame by frame and ends with "done: exporting space.gif, 61 frames in 3.2 s".
Any object with the same start/update/finish/cancel methods works (this module
draws figures and knows no widgets).
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib as mpl
from matplotlib.animation import HTMLWriter, PillowWriter

FORMATS = (".gif", ".html")
#: The player's icons come from a web font on a CDN; plain symbols work offline.
ICONS = {
    "fa fa-minus": "−",
    "fa fa-plus": "+",
    "fa fa-fast-backward": "❘◀◀",
    "fa fa-step-backward": "◀❘",
    "fa fa-play fa-flip-horizontal": "◀",
    "fa fa-pause": "❚❚",
    "fa fa-play": "▶",
    "fa fa-step-forward": "❘▶",
    "fa fa-fast-forward": "▶▶❘",
}


def _save(writer, update_fn, n_frames, path, fig, dpi, progress=None):
    if int(n_frames) < 1:
        raise ValueError(
            f"An animation needs at least one frame; got n_frames={n_frames}."
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if progress is not None:
        progress.start(int(n_frames), f"exporting {path.name}", unit="frames")
    try:
        with writer.saving(fig, str(path), dpi or fig.dpi):
            for i in range(int(n_frames)):
                update_fn(i)
                writer.grab_frame()
                if progress is not None:
                    progress.update(i + 1)
    except BaseException as error:
        if progress is not None:
            progress.cancel(str(error) or type(error).__name__)
        raise
    return path


def save_gif(update_fn, n_frames, path, fig, fps=10, dpi=None, *, progress=None):
    """Write an animated GIF: update_fn(i) for i in range(n_frames), one frame each."""
    path = _save(PillowWriter(fps=fps), update_fn, n_frames, path, fig, dpi, progress)
    _finish(progress)
    return path


def save_html(update_fn, n_frames, path, fig, fps=10, dpi=None, *, progress=None):
    """Write a self-contained HTML page that plays the frames (loop, with controls)."""
    limit_mb = max(mpl.rcParams["animation.embed_limit"], 200)
    writer = HTMLWriter(
        fps=fps, embed_frames=True, default_mode="loop", embed_limit=limit_mb
    )
    path = _save(writer, update_fn, n_frames, path, fig, dpi, progress)
    path.write_text(_standalone(path.read_text(), path.stem), encoding="utf-8")
    _finish(progress)
    return path


def _finish(progress):
    """The file is written: the bar says done, and how long it took."""
    if progress is not None:
        progress.finish()


def _standalone(fragment, title):
    """A whole HTML page around matplotlib's player, with no link to the network."""
    fragment = re.sub(r'<link rel="stylesheet"\s*href="[^"]*">', "", fragment)
    for css, symbol in ICONS.items():
        fragment = fragment.replace(f'<i class="{css}"></i>', symbol)
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )


def export_animation(fig, update_fn, n_frames, path, *, fps=10, dpi=None,
                     progress=None):
    """Save the animation of `fig` driven by update_fn(i) as .gif or .html (by suffix).

    progress: optional Progress, moved once a frame (module docstring).
    Returns the Path written.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"Cannot export to {str(path)!r}: choose a file name ending in "
            f"{' or '.join(FORMATS)}."
        )
    save = save_gif if suffix == ".gif" else save_html
    return save(update_fn, n_frames, path, fig, fps=fps, dpi=dpi, progress=progress)


def export_space(view, path, *, frames_per_stage=8, pause=4, fps=10, dpi=None,
                 progress=None):
    """The space-distortion view played from the input to the last stage, then held.

    frames_per_stage frames between two stages; `pause` extra frames on the last.
    progress: optional Progress, moved once a frame.
    """
    n_stages = len(view.stages) - 1
    moving = max(n_stages * frames_per_stage, 1)

    def show(i):
        view.update(min(i / frames_per_stage, n_stages) if n_stages else 0)

    return export_animation(view.fig, show, moving + 1 + pause, path, fps=fps,
                            dpi=dpi, progress=progress)

"""Views for lesson 9's scaling experiments (Q2, Q5).

ScalersView (Q2): the same values after each of the three scalings, one row
each, with the band [0, 1] shaded: an outlier squeezes the others.

ScalingGridView (Q2), three panels built once:

    training curves   MSE in pixel units against the step, one line per
                      scaling (colour) and output (solid identity, dashed
                      sigmoid), log scale; dotted: what a sigmoid cannot beat
    scaled values     histogram of the scaled clean targets of one scaling, with
                      the band (0, 1) a sigmoid can output shaded
    one digit         noisy input | clean target | the chosen net's output

SteeringView (Q5): predicted against true angle for each set-up, and the mean
error in degrees against the true angle, after a chosen number of steps.

Speed (issue 18): each view's layout is solved once and its axes, ticks,
labels and titles are rendered once (`cache`, a BackgroundCache): a move or a
Play tick draws what `changing_artists()` lists, with the legends laid on top.
"""

from __future__ import annotations

import numpy as np

from nnviz.data.scaling import SCALINGS, fit_scaler
from nnviz.lessons.scaling.denoising import DENOISER_OUTPUTS
from nnviz.lessons.scaling.steering import STEERING_LOCK, STEERING_SETUPS
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache, view_cache
from nnviz.plots.style import freeze_layout

SCALING_COLORS = dict(zip(SCALINGS, style.CYCLE[:3], strict=True))
OUTPUT_STYLES = {"identity": "-", "sigmoid": "--"}
SCALING_LABELS = {"minmax": "min–max", "robust": "robust 5–95 %", "zscore": "z-score"}


class ScalersView:
    """One row per scaling: the ordinary values (dots) and the outliers
    (diamonds) after that scaling, on one axis, with [0, 1] shaded.

    update(values, n_ordinary): values (N,), the first n_ordinary ordinary, the
    rest outliers. Points beyond the x range sit on its edge (an outlier far
    out is drawn at the edge, its value in the row's note). Artists:
    ordinary[scaling], outliers[scaling] (PathCollections), notes[scaling]
    (Text); all built once, `update` moves them.
    """

    def __init__(self, *, x_range=(-2.0, 3.0)):
        self.fig, self.ax = style.new_figure(size=(8.0, 2.8))
        self.x_range = x_range
        ax = self.ax
        ax.axvspan(0, 1, color="0.9", zorder=0, label="[0, 1]")
        self.ordinary, self.outliers, self.notes = {}, {}, {}
        for row, kind in enumerate(SCALINGS):
            color = SCALING_COLORS[kind]
            self.ordinary[kind] = ax.scatter([], [], s=10, color=color, alpha=0.6)
            self.outliers[kind] = ax.scatter([], [], s=60, marker="D", color=color,
                                             edgecolor="black", zorder=3)
            self.notes[kind] = ax.text(1.15, row - 0.32, "", ha="left",
                                       va="center", fontsize=8)
        ax.set(xlim=x_range, ylim=(-0.6, len(SCALINGS) - 0.2),
               yticks=range(len(SCALINGS)),
               yticklabels=[SCALING_LABELS[k] for k in SCALINGS],
               xlabel="value after scaling (shaded: [0, 1])")
        ax.invert_yaxis()
        self.title = ax.set_title(" ", y=1.0)  # a fixed place: drawn over the cache
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """What `update` changes (the axes, ticks and band are drawn once)."""
        return [*self.ordinary.values(), *self.outliers.values(),
                *self.notes.values(), self.title]

    def update(self, values, n_ordinary):
        values = np.asarray(values, dtype=float)
        margin = 0.03 * (self.x_range[1] - self.x_range[0])  # a whole marker shows
        low, high = self.x_range[0] + margin, self.x_range[1] - margin
        for row, kind in enumerate(SCALINGS):
            scaled = fit_scaler(values, kind).transform(values)
            shown = np.clip(scaled, low, high)
            jitter = 0.12 * np.sin(np.arange(len(values)) * 2.4)  # fixed, not random
            points = np.c_[shown, row + jitter]
            self.ordinary[kind].set_offsets(points[:n_ordinary])
            self.outliers[kind].set_offsets(points[n_ordinary:])
            span = np.ptp(scaled[:n_ordinary])
            far = ", ".join(f"{v:.1f}" for v in scaled[n_ordinary:][
                (scaled[n_ordinary:] < low) | (scaled[n_ordinary:] > high)])
            self.notes[kind].set_text(
                f"ordinary values span {span:.3f}"
                + (f"; outlier at {far} →" if far else ""))
        outliers = ", ".join(f"{v:g}" for v in values[n_ordinary:])
        self.title.set_text(f"{n_ordinary} ordinary values in [0, 1], outliers at "
                            f"{outliers}" if len(values) > n_ordinary + 1 else
                            f"{n_ordinary} ordinary values in [0, 1], one outlier "
                            f"at {outliers}")
        self.fig.canvas.draw_idle()


class ScalingGridView:
    """update_curves(runs, floor); update_selected(scaling, output, images, targets).

    runs: {(scaling, output): DenoisingRun}; floor: the z-score sigmoid floor.
    images: (noisy, clean, denoised), each (side * side,) in pixel units;
    targets: the scaled clean values of `scaling` (any shape). Artists:
    lines[(s, o)], floor_line, hist, readout, image, image_title.
    """

    def __init__(self, *, steps=300, side=8, value_range=(-1.5, 2.5), bins=64):
        self.fig, axes = style.new_figure(3, 1, size=(10.4, 3.6))
        self.ax_curves, self.ax_hist, self.ax_image = axes
        self.side = side
        self.lines = {
            (s, o): self.ax_curves.plot(
                [], [], OUTPUT_STYLES[o], color=SCALING_COLORS[s], lw=1.6,
                label=f"{SCALING_LABELS[s]}, {o}")[0]
            for s in SCALINGS for o in DENOISER_OUTPUTS
        }
        self.floor_line = self.ax_curves.axhline(
            1.0, color="black", lw=1, ls=":", label="z-score: sigmoid's floor")
        self.ax_curves.set(xlim=(0, steps), ylim=(1e-3, 3), yscale="log",
                           xlabel="training step", ylabel="MSE (pixel units)",
                           title="training curves")
        self.ax_curves.legend(fontsize=6.5, loc="lower left", ncol=1)
        self.edges = np.linspace(*value_range, bins + 1)
        self._counted = None  # (scaling, targets) in the histogram
        self.ax_hist.axvspan(0, 1, color=style.OKABE_ITO["yellow"], alpha=0.35,
                             label="sigmoid can output")
        self.hist = self.ax_hist.stairs(np.zeros(bins), self.edges, fill=True,
                                        color=style.CYCLE[0], label="clean targets")
        self.ax_hist.set(xlim=value_range, ylim=(0, 1.1), xlabel="scaled pixel value",
                         ylabel="share of pixels (peak = 1)", title="scaled targets")
        self.ax_hist.legend(fontsize=7, loc="upper right")
        self.readout = self.ax_hist.text(
            0.03, 0.97, "", transform=self.ax_hist.transAxes, va="top", fontsize=8)
        self.image = self.ax_image.imshow(np.zeros((side, 3 * side + 2)),
                                          cmap="gray_r", vmin=0, vmax=1)
        self.ax_image.set(xticks=[side / 2 - 0.5, 1.5 * side + 0.5, 2.5 * side + 1.5],
                          xticklabels=["noisy", "clean", "denoised"], yticks=[])
        # a fixed place (y=1.0): a title placed by matplotlib is moved off the
        # figure while the cache renders the background without it
        self.image_title = self.ax_image.set_title("one test digit", y=1.0)
        freeze_layout(self.fig)
        self.image_title.set_fontsize(9)  # two lines, set by update_selected
        self.cache = view_cache(self)

    def changing_artists(self):
        """What the updates change (the axes, ticks and band are drawn once)."""
        return [*self.lines.values(), self.floor_line, self.hist, self.readout,
                self.image, self.image_title]

    def update_curves(self, runs, floor, *, rescale=True):
        """rescale: fit the y-limits to the curves (finished runs); False keeps
        them (a run in progress: new limits at every tick would render the
        whole figure again; curves above the top are cut)."""
        top = 3e-3
        for key, line in self.lines.items():
            losses = runs[key].losses
            line.set_data(np.arange(1, len(losses) + 1), losses)
            if rescale:
                top = max(top, float(np.max(losses[len(losses) // 10:])))
        self.floor_line.set_ydata([floor, floor])
        if rescale:
            self.ax_curves.set_ylim(1e-3, 2 * top)
        self.fig.canvas.draw_idle()

    def update_selected(self, scaling, output, images, targets):
        """The same scaling and targets array again (a tick, a digit): the
        histogram and readout are kept."""
        counted = self._counted
        if counted is None or counted[0] != scaling or counted[1] is not targets:
            self._counted, targets = (scaling, targets), np.ravel(targets)
            counts, _ = np.histogram(np.clip(targets, self.edges[0], self.edges[-1]),
                                     self.edges)
            self.hist.set_data(counts / max(counts.max(), 1))
            below, above = np.mean(targets < 0), np.mean(targets > 1)
            self.readout.set_text(f"{SCALING_LABELS[scaling]}\n{below:.0%} below 0\n"
                                  f"{above:.0%} above 1")
        gap = np.full((self.side, 1), np.nan)
        tiles = [np.reshape(v, (self.side, self.side)) for v in images]
        self.image.set_data(np.hstack([tiles[0], gap, tiles[1], gap, tiles[2]]))
        self.image_title.set_text(f"one test digit\n{SCALING_LABELS[scaling]}, "
                                  f"{output} output")
        self.fig.canvas.draw_idle()


class SteeringView:
    """update(runs, index, true) with runs {name: SteeringRun}, index into their
    snapshots, true (M,) test angles in degrees.

    Artists: points[name] (PathCollections), error_lines[name], title.
    """

    def __init__(self, names=tuple(STEERING_SETUPS), *, n_points=300, n_bins=12):
        self.fig, (self.ax_pred, self.ax_err) = style.new_figure(2, 1, size=(10.0, 4.0))
        self.n_points, lock = n_points, STEERING_LOCK
        self.bins = np.linspace(0, lock, n_bins + 1)
        centers = (self.bins[:-1] + self.bins[1:]) / 2
        self.ax_pred.plot([-lock, lock], [-lock, lock], color="0.4", lw=1,
                          label="perfect")
        for y in (-lock, lock):
            self.ax_pred.axhline(y, color="0.6", lw=0.8, ls="--")
        self.points, self.error_lines = {}, {}
        for i, name in enumerate(names):
            color, marker = style.CYCLE[i], style.CLASS_MARKERS[i]
            self.points[name] = self.ax_pred.scatter(
                [], [], s=9, color=color, marker=marker, label=name, alpha=0.7)
            self.error_lines[name] = self.ax_err.plot(
                centers, np.ones_like(centers), marker=marker, color=color,
                label=name)[0]
        self.ax_pred.set(xlim=(-460, 460), ylim=(-560, 560),
                         xlabel="true angle (degrees)",
                         ylabel="predicted angle (degrees)")
        self.ax_pred.legend(fontsize=8, loc="upper left")
        self.ax_err.set(xlim=(0, lock), ylim=(0.5, 600), yscale="log",
                        xlabel="|true angle| (degrees); lock at 420",
                        ylabel="mean |error| (degrees)",
                        title="error against the angle")
        self.ax_err.legend(fontsize=8, loc="upper left")
        self.title = self.ax_pred.set_title("predictions", y=1.0)  # a fixed place
        freeze_layout(self.fig)
        self.cache = view_cache(self)

    def changing_artists(self):
        """What `update` changes (axes, ticks, reference lines are drawn once)."""
        return [*self.points.values(), *self.error_lines.values(), self.title]

    def update(self, runs, index, true):
        true = np.ravel(true)
        shown = slice(0, self.n_points)
        which = np.clip(np.digitize(np.abs(true), self.bins) - 1, 0, len(self.bins) - 2)
        for name, run in runs.items():
            predicted = run.predictions[index]
            self.points[name].set_offsets(np.c_[true[shown], predicted[shown]])
            error = np.abs(predicted - true)
            means = [error[which == b].mean() if np.any(which == b) else np.nan
                     for b in range(len(self.bins) - 1)]
            self.error_lines[name].set_ydata(means)
        step = int(next(iter(runs.values())).steps[index])
        self.title.set_text(f"predictions after {step} steps")
        self.fig.canvas.draw_idle()

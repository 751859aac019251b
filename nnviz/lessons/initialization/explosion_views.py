"""Accuracy and activation scale per epoch, for tanh and ReLU side by side (lesson Q4).

Left: test accuracy per epoch. Right: the mean |h| of the hidden layer on a log
scale, where an explosion shows as a straight climb (×10^7 per epoch, say).
Each activation has one line; a run that diverged stops and is marked with ✕.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

COLORS = {"tanh": style.CYCLE[0], "relu": style.CYCLE[3], "sigmoid": style.CYCLE[2]}


class ExplosionView:
    """update(runs) with {activation: DigitsRun}. Artists: acc_lines, scale_lines,
    crosses (one per activation), text. On its own figure, the axes are drawn
    once (cache: a BackgroundCache) and an update that changes nothing seen (a
    Play tick within an epoch) asks for no redraw."""

    def __init__(
        self,
        epochs,
        *,
        activations=("tanh", "relu"),
        axes=None,
        scale_range=(1e-2, 1e60),
    ):
        own = axes is None
        if own:
            self.fig, axes = style.new_figure(2, 1, size=(9.0, 3.4))
        self.ax_acc, self.ax_scale = axes
        self.fig, self.epochs = self.ax_acc.figure, epochs
        self.acc_lines, self.scale_lines, self.crosses = {}, {}, {}
        for name in activations:
            color = COLORS.get(name, "black")
            self.acc_lines[name] = self.ax_acc.plot(
                [], [], "o-", color=color, label=name
            )[0]
            self.scale_lines[name] = self.ax_scale.plot(
                [], [], "o-", color=color, label=name
            )[0]
            self.crosses[name] = self.ax_scale.plot([], [], "X", ms=12, color=color)[0]
        self.ax_acc.axhline(0.1, color="grey", ls=":", lw=1)
        self.ax_acc.set(
            xlim=(0.5, epochs + 0.5),
            ylim=(0, 1),
            xlabel="epoch",
            ylabel="test accuracy",
            title="accuracy (dotted: guessing)",
        )
        # Values are clipped to scale_range; the axis reaches a little beyond
        # it so that a clipped point or the divergence cross is seen whole.
        low, high = scale_range
        pad = (high / low) ** 0.05
        self.ax_scale.set(
            xlim=(0.5, epochs + 0.5),
            ylim=(low / pad, high * pad),
            yscale="log",
            xlabel="epoch",
            ylabel="mean |h| (hidden layer)",
            title="activation scale",
        )
        self.legend = self.ax_acc.legend(loc="lower right")
        for ax in axes:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.text = self.ax_scale.text(
            0.97,
            0.6,
            "",
            transform=self.ax_scale.transAxes,
            ha="right",
            va="center",
            fontsize=9,
            bbox=dict(facecolor="white", alpha=0.8, lw=0),
        )
        self.scale_range = scale_range
        self.cache, self._shown = None, None
        if own:
            freeze_layout(self.fig)
            # the legend laid over the guessing line; the status text is drawn
            # with the lines (in an overlay, each new text drew the legend too)
            self.cache = BackgroundCache(self.fig, self.changing_artists,
                                         overlay=lambda: [self.legend])

    def changing_artists(self):
        """The artists `update` changes: lines, crosses, the status text."""
        return [*self.acc_lines.values(), *self.scale_lines.values(),
                *self.crosses.values(), self.text]

    def set_epochs(self, epochs):
        """Fit the time axes to a run of `epochs` (`self.epochs`)."""
        self.epochs = epochs
        for ax in (self.ax_acc, self.ax_scale):
            ax.set_xlim(0.5, epochs + 0.5)

    def update(self, runs):
        """Draw {activation: DigitsRun}. A run still in its first epoch (nothing
        measured yet) shows the last run's lines faded: its status says
        "training". The text's first line names the settings. Nothing is drawn
        when nothing seen changed since the last update (the points come once
        an epoch)."""
        first = next(iter(runs.values()))
        lines = [settings_line(first.settings)]
        lines += [status(name, run) for name, run in runs.items()]
        shown = [(len(run.accuracy), run.diverged_at) for run in runs.values()]
        if (shown, lines) == self._shown:
            return
        self._shown = shown, lines
        for name, run in runs.items():
            waiting = not run.accuracy and not run.diverged_at
            for artist in (self.acc_lines[name], self.scale_lines[name],
                           self.crosses[name]):
                artist.set_alpha(0.3 if waiting else 1.0)
            if waiting:
                continue
            epochs = np.arange(1, len(run.accuracy) + 1)
            scale = np.clip(run.act_scale, *self.scale_range)
            self.acc_lines[name].set_data(epochs, run.accuracy)
            self.scale_lines[name].set_data(epochs, scale)
            cross = (
                ([len(epochs) + 0.5], [self.scale_range[1] / 10])
                if run.diverged_at
                else ([], [])
            )
            self.crosses[name].set_data(*cross)
        self.text.set_text("\n".join(lines))
        self.fig.canvas.draw_idle()


def settings_line(settings) -> str:
    """ "lr 0.5 · init he_normal · L2 0": what the runs were trained with."""
    return (f"lr {settings['lr']:.3g} · init {settings['init']} · "
            f"L2 {settings['l2']:g}")


def status(name, run) -> str:
    """ "relu: diverged at step 936", "tanh: 84% , |h| 0.98", or "tanh: training"
    while its first epoch runs."""
    if run.diverged_at:
        return f"{name}: diverged (inf) at step {run.diverged_at}"
    if not run.accuracy:
        return f"{name}: training, epoch 1 of {run.settings.get('epochs', '?')}"
    words = (f"{name}: {run.final_accuracy:.0%} correct, "
             f"mean |h| {run.act_scale[-1]:.3g}")
    epochs = run.settings.get("epochs", len(run.accuracy))
    return words if len(run.accuracy) >= epochs else (
        f"{words} (epoch {len(run.accuracy)} of {epochs})")

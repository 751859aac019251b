"""Lesson 3's views of training runs (parts 3 and 4).

LearningRateView   loss per step at several learning rates (log scale); a run
                   that diverged ends in a ✕ and is named in words
BatchNoiseView     loss per step and loss per epoch for several batch sizes,
                   optionally with the learner's own batch in black

Every view builds its artists once; `update` only sets their data. Axes,
ticks and legends are rendered once (BackgroundCache, nnviz/plots/background.py):
an update redraws only what `changing_artists()` returns. Text is the costly
part of a redraw, so numbers in words go to the panel's HTML readout
(`LearningRateView.summary()` gives its lines), not into the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from nnviz.lessons.descent.descent_views import DescentView, OptimizerPathsView
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

__all__: list[str] = [
    "DescentView", "OptimizerPathsView", "LearningRateView", "BatchNoiseView",
]


def _run_line(key, run) -> str:
    """One run in words: "lr 0.1    loss 0.0118 at step 300" (key "yours": "yours")."""
    name = "yours" if key == "yours" else "lr   "
    where = (f"diverged at step {run.diverged_at}" if run.diverged else
             f"loss {run.losses[-1]:.3g} at step {len(run.losses)}" if len(run.losses)
             else "training…")
    return f"{name} {run.lr:<6.3g} {where}"


class LearningRateView:
    """update(runs): runs {lr: LearningRateRun} for the fixed `lrs`, plus the
    key "yours" for the learner's own learning rate (drawn black). A run may
    be shorter than `steps` (a run still training) or empty (not started).

    Artists: lines[key], crosses[key] (the ✕ where a run diverged).
    summary(): the runs shown, one line each (for the panel's readout).
    """

    def __init__(self, lrs, *, steps=300, ylim=(1e-3, 1e3)):
        self.fig, self.ax = style.new_figure(size=(9.4, 3.8))
        self.keys = [*lrs, "yours"]
        self.lines, self.crosses, self.runs = {}, {}, {}
        for i, key in enumerate(self.keys):
            color = "black" if key == "yours" else style.CYCLE[i]
            dash = "-" if key == "yours" else ["-", "--", "-.", ":"][i % 4]
            label = "your lr" if key == "yours" else f"lr {key:g}"
            (self.lines[key],) = self.ax.plot([], [], dash, color=color, lw=1.7,
                                              label=label)
            (self.crosses[key],) = self.ax.plot([], [], "X", color=color, ms=10)
        self.ax.set(xlim=(0, steps), ylim=ylim, yscale="log", xlabel="step",
                    ylabel="training loss (MSE)", title="one network, several "
                    "learning rates (full-batch SGD)")
        self.legend = self.ax.legend(loc="lower left", fontsize=8,
                                     ncol=len(self.keys))
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """Every curve and ✕ (axes and legend are drawn once)."""
        return [*self.lines.values(), *self.crosses.values()]

    def summary(self) -> str:
        """The runs shown, one line each, in the order they were first set."""
        return "\n".join(_run_line(key, run) for key, run in self.runs.items())

    def update(self, runs):
        """Set the curves of the runs given (the others stay as they are)."""
        self.runs.update(runs)
        for key, run in runs.items():
            self.lines[key].set_data(np.arange(1, len(run.losses) + 1), run.losses)
            at = run.diverged_at
            self.crosses[key].set_data(*(([at - 1], [run.losses[at - 2]])
                                         if at and at > 1 else ([], [])))
        self.fig.canvas.draw_idle()


class BatchNoiseView:
    """update(runs): runs {batch size: BatchRun}. Left: the loss of each step's
    batch against the step (log x: the runs take very different numbers of
    steps); right: the loss on all training data after each epoch.

    yours=True adds a black "your batch" pair (your_step_line, your_epoch_line),
    set by update(runs) when runs has the key "yours" (a BatchRun of any batch
    size, possibly a run still training). Only those are redrawn on a slider
    move; the other runs are part of the rendered-once background.
    """

    def __init__(self, batch_sizes, *, n_train, epochs=20, yours=False):
        self.fig, (self.ax_step, self.ax_epoch) = style.new_figure(2, 1,
                                                                   size=(9.8, 3.8))
        self.n_train = n_train
        self.step_lines, self.epoch_lines = {}, {}
        for i, size in enumerate(batch_sizes):
            label = self.label(size)
            color = style.CYCLE[i]
            (self.step_lines[size],) = self.ax_step.plot(
                [], [], color=color, lw=0.8 if size == 1 else 1.4, label=label,
                alpha=0.8, zorder=3 - i)
            (self.epoch_lines[size],) = self.ax_epoch.plot(
                [], [], "-", marker=style.CLASS_MARKERS[i], color=color, ms=4,
                label=label)
        self.your_step_line = self.your_epoch_line = None
        if yours:
            (self.your_step_line,) = self.ax_step.plot(
                [], [], color="black", lw=1.2, label="your batch", zorder=4)
            (self.your_epoch_line,) = self.ax_epoch.plot(
                [], [], "--", marker="s", color="black", ms=4, lw=1.6,
                label="your batch", zorder=4)
        self.ax_step.set(xscale="log", yscale="log", xlim=(1, n_train * epochs),
                         ylim=(1e-3, 10), xlabel="step (log scale)",
                         ylabel="loss of the step's batch", title="loss per step")
        # half an epoch of margin: the markers at epoch 0 and the last are whole
        self.ax_epoch.set(xlim=(-0.5, epochs + 0.5), ylim=(0, 0.8), xlabel="epoch",
                          ylabel="loss on all training data", title="loss per epoch")
        self.ax_epoch.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.step_legend = self.ax_step.legend(loc="lower left", fontsize=8)
        self.epoch_legend = self.ax_epoch.legend(loc="lower left", fontsize=8)
        freeze_layout(self.fig)
        self.cache = BackgroundCache(self.fig, self.changing_artists)

    def changing_artists(self):
        """Your pair of lines, if any."""
        return [a for a in (self.your_step_line, self.your_epoch_line) if a is not None]

    def label(self, size):
        """The legend's name of a batch size: "full batch", "1 example", "batch B"."""
        return ("full batch" if size == self.n_train else
                "1 example" if size == 1 else f"batch {size}")

    def update(self, runs):
        """Set the lines of the runs given; the key "yours" sets the black pair."""
        for size, run in runs.items():
            steps = np.arange(1, len(run.step_losses) + 1)
            epochs = np.arange(len(run.epoch_losses))
            if size == "yours":
                self.your_step_line.set_data(steps, run.step_losses)
                self.your_epoch_line.set_data(epochs, run.epoch_losses)
                continue
            self.step_lines[size].set_data(steps, run.step_losses)
            self.epoch_lines[size].set_data(epochs, run.epoch_losses)
            self.cache.invalidate()  # these lines are part of the background
        self.fig.canvas.draw_idle()

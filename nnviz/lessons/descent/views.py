"""Lesson 9's views of training runs (parts 3 to 6).

LearningRateView   loss per step at several learning rates (log scale); a run
                   that diverged ends in a ✕ and is named in words
BatchNoiseView     loss per step and loss per epoch for several batch sizes,
                   optionally with the learner's own batch in black and a readout
OverfitView        training and validation loss per epoch, two networks side by
                   side, the epoch of lowest validation loss marked
GradientHistoryView  |dL/dW| per layer against the step, healthy and broken

Every view builds its artists once; `update` only sets their data.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from nnviz.lessons.descent.descent_views import DescentView, OptimizerPathsView
from nnviz.plots import style
from nnviz.plots.style import freeze_layout

__all__: list[str] = [
    "DescentView", "OptimizerPathsView", "LearningRateView", "BatchNoiseView",
]


def _corner_text(ax, x=0.98, y=0.97, ha="right", size=8.5):
    return ax.text(x, y, "", transform=ax.transAxes, ha=ha, va="top", fontsize=size,
                   bbox={"facecolor": "white", "alpha": 0.85, "lw": 0})


class LearningRateView:
    """update(runs): runs {lr: LearningRateRun} for the fixed `lrs`, plus the
    key "yours" for the learner's own learning rate (drawn black).

    Artists: lines[key], crosses[key] (the ✕ where a run diverged), readout.
    """

    def __init__(self, lrs, *, steps=300, ylim=(1e-3, 1e3)):
        self.fig, self.ax = style.new_figure(size=(9.4, 3.8))
        self.keys = [*lrs, "yours"]
        self.lines, self.crosses = {}, {}
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
        self.readout = _corner_text(self.ax, size=8)
        self.readout.set_fontfamily("monospace")
        freeze_layout(self.fig)

    def update(self, runs):
        """Set the curves of the runs given (the others stay as they are).
        A run may be shorter than `steps` (a live run still training)."""
        self.runs = {**getattr(self, "runs", {}), **runs}
        for key, run in runs.items():
            self.lines[key].set_data(np.arange(1, len(run.losses) + 1), run.losses)
            at = run.diverged_at
            self.crosses[key].set_data(*(([at - 1], [run.losses[at - 2]])
                                         if at and at > 1 else ([], [])))
        if "yours" in runs:
            self.legend.get_texts()[-1].set_text(f"your lr {runs['yours'].lr:.3g}")
        self.readout.set_text("\n".join(
            f"lr {run.lr:<6.3g}" + (f" diverged at step {run.diverged_at}"
                                    if run.diverged else
                                    f" loss {run.losses[-1]:.3g} at step "
                                    f"{len(run.losses)}")
            for run in self.runs.values()))
        self.fig.canvas.draw_idle()


class BatchNoiseView:
    """update(runs): runs {batch size: BatchRun}. Left: the loss of each step's
    batch against the step (log x: the runs take very different numbers of
    steps); right: the loss on all training data after each epoch.

    yours=True adds a black "your batch" pair (your_step_line, your_epoch_line)
    and a corner readout (right axes), set by update(runs, readout=...) when
    runs has the key "yours" (a BatchRun of any batch size).
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
        self.your_step_line = self.your_epoch_line = self.readout = None
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
        if yours:
            self.readout = _corner_text(self.ax_epoch)
        freeze_layout(self.fig)

    def label(self, size):
        """The legend's name of a batch size: "full batch", "1 example", "batch B"."""
        return ("full batch" if size == self.n_train else
                "1 example" if size == 1 else f"batch {size}")

    def update(self, runs, readout=None):
        """Set the lines of the runs given; the key "yours" sets the black pair
        and its legend entry. readout: the corner text (yours=True only)."""
        for size, run in runs.items():
            steps = np.arange(1, len(run.step_losses) + 1)
            epochs = np.arange(len(run.epoch_losses))
            if size == "yours":
                self.your_step_line.set_data(steps, run.step_losses)
                self.your_epoch_line.set_data(epochs, run.epoch_losses)
                name = f"yours: {self.label(run.batch_size)}"
                for legend in (self.step_legend, self.epoch_legend):
                    legend.get_texts()[-1].set_text(name)
                continue
            self.step_lines[size].set_data(steps, run.step_losses)
            self.epoch_lines[size].set_data(epochs, run.epoch_losses)
        if readout is not None:
            self.readout.set_text(readout)
        self.fig.canvas.draw_idle()





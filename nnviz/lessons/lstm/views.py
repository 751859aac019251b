"""The LSTM at work (Q30): gates, cell state and hidden state of each unit over time.

GateTimelineView, eight panels built once, time on every x-axis:

    input gate i     how much of the candidate is written      (0 .. 1)
    forget gate f    how much of the old cell state is kept    (0 .. 1)
    candidate g      what would be written                     (-1 .. 1)
    output gate o    how much of tanh(c) is shown as h         (0 .. 1)
    input x_t        the sequence, one line per feature
    cell state c     the memory: c = f·c + i·g
    hidden state h   what the next step and layer see: h = o·tanh(c)
    network output   the net's answer if the sequence stopped at step t

One line per unit (the first `max_units`), in the same colour in every panel.
`update(...)` sets a new sequence; `set_step(t)` shows it up to step t and moves
the cursor, which is what Play animates.
"""

from __future__ import annotations

import numpy as np

from nnviz.plots import style
from nnviz.plots.style import freeze_layout

PANELS = (("i", "input gate i", (-0.05, 1.05)), ("x", "input x_t", None),
          ("f", "forget gate f", (-0.05, 1.05)), ("c", "cell state c", None),
          ("g", "candidate g", (-1.05, 1.05)), ("h", "hidden state h = o·tanh(c)",
                                               (-1.05, 1.05)),
          ("o", "output gate o", (-0.05, 1.05)), ("y", "network output", (-0.05, 1.05)))


class GateTimelineView:
    """Gates i, f, g, o, cell c and hidden h of each unit over T steps, input, output.

    update(x (T, F), gates (T, 4, H) in order i, f, g, o, c (T, H), h (T, H),
    output (T,) or None, title="") sets the data; set_step(t) shows steps 0..t.
    Axis limits are fixed here: x_range for the input, c_range for the cell state.
    Attributes: fig, axes {name: Axes}, lines {name: [Line2D per unit]}, cursors, step.
    """

    def __init__(self, steps, units, *, features=1, x_range=(-2, 2), c_range=(-3, 3),
                 max_units=8, output_label="network output", size=(9.0, 6.6)):
        self.steps, self.units = int(steps), min(int(units), int(max_units))
        self.fig, grid = style.new_figure(2, 4, size=size, sharex=True)
        names = [name for name, _, _ in PANELS]
        self.axes = dict(zip(names, grid.ravel(), strict=True))
        self.lines, self.cursors = {}, []
        t = np.arange(self.steps)
        for name, title, ylim in PANELS:
            ax = self.axes[name]
            count = {"x": features, "y": 1}.get(name, self.units)
            colors = ["0.2"] * count if name in "xy" else style.CYCLE
            self.lines[name] = [ax.plot(t, np.zeros(self.steps), color=colors[k % 8],
                                        lw=1.6)[0] for k in range(count)]
            self.cursors.append(ax.axvline(0, color="0.5", lw=0.8, ls=":"))
            limits = {"x": x_range, "c": c_range}.get(name, ylim)
            ax.set(xlim=(-0.5, self.steps - 0.5), ylim=limits,
                   title=output_label if name == "y" else title)
            ax.title.set_fontsize(9)
        for ax in grid[-1]:
            ax.set_xlabel("time step t")
        for k, line in enumerate(self.lines["c"]):
            line.set_label(f"unit {k + 1}")
        self.axes["c"].legend(loc="upper right", fontsize=7, ncol=min(4, self.units))
        self.axes["y"].axhline(0.5, color="0.7", lw=0.8)
        self.suptitle = self.fig.suptitle(" ", fontsize=10)
        self.data, self.step = None, self.steps - 1
        freeze_layout(self.fig)

    def update(self, x, gates, c, h, output=None, *, title=""):
        """A new sequence of T <= steps steps; shown up to the current step."""
        gates = np.asarray(gates)
        length = len(gates)
        if not 1 <= length <= self.steps:
            raise ValueError(f"This view shows up to {self.steps} time steps; the "
                             f"sequence has {length}. Shorten it.")
        self.data = {"x": np.asarray(x).reshape(length, -1), "c": np.asarray(c),
                     "h": np.asarray(h),
                     **{name: gates[:, k] for k, name in enumerate("ifgo")},
                     "y": np.full((length, 1), np.nan) if output is None
                     else np.asarray(output).reshape(length, 1)}
        self.suptitle.set_text(title)
        self.set_step(self.step)

    def set_step(self, t):
        """Show steps 0..t (Play moves t) and put the cursor at t."""
        self.step = int(np.clip(t, 0, len(self.data["x"]) - 1))
        shown = np.arange(self.step + 1)
        for name, lines in self.lines.items():
            for k, line in enumerate(lines):
                line.set_data(shown, self.data[name][:self.step + 1, k])
        for cursor in self.cursors:
            cursor.set_xdata([self.step, self.step])
        self.fig.canvas.draw_idle()

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
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from nnviz.plots import style
from nnviz.plots.background import view_cache
from nnviz.plots.style import freeze_layout

PANELS = (("i", "input gate i", (-0.05, 1.05)), ("x", "input x_t", None),
          ("f", "forget gate f", (-0.05, 1.05)), ("c", "cell state c", None),
          ("g", "candidate g", (-1.05, 1.05)), ("h", "hidden state h = o·tanh(c)",
                                               (-1.05, 1.05)),
          ("o", "output gate o", (-0.05, 1.05)), ("y", "network output", (-0.05, 1.05)))


def trace_title(trace, label="") -> str:
    """A title for one sequence_trace: its first input and the answer at the end."""
    last = len(trace["y"]) - 1  # the only step the loss looked at
    return (f"{label}first input {trace['x'][0, 0]:+.2f} → answer at step {last}: "
            f"{trace['y'][-1]:.2f}")


def symmetric_range(X) -> tuple:
    """(-top, top): fixed axis limits a little beyond the largest |value| of X."""
    top = float(np.ceil(np.abs(X).max() * 1.1))
    return (-top, top)


class GateTimelineView:
    """Gates i, f, g, o, cell c and hidden h of each unit over T steps, input, output.

    update(x (T, F), gates (T, 4, H) in order i, f, g, o, c (T, H), h (T, H),
    output (T,) or None, title="") sets the data and `headline`, the title for
    the panel to write above the figure (HTML costs the kernel nothing; a
    figure text is drawn again at every redraw); set_step(t) shows steps 0..t.
    Axis limits are fixed here: x_range for the input, c_range for the cell state.
    Attributes: fig, axes {name: Axes}, lines {name: LineCollection, a line per
    unit}, counts {name: lines in that panel}, cursors, step, headline (str),
    cache (a BackgroundCache: axes, ticks and titles are drawn once and painted
    back; a redraw draws only the lines and cursors, and lays the legend, drawn
    once, on top).
    """

    def __init__(self, steps, units, *, features=1, x_range=(-2, 2), c_range=(-3, 3),
                 max_units=8, output_label="network output", size=(9.0, 6.6)):
        self.steps, self.units = int(steps), min(int(units), int(max_units))
        self.fig, grid = style.new_figure(2, 4, size=size, sharex=True)
        names = [name for name, _, _ in PANELS]
        self.axes = dict(zip(names, grid.ravel(), strict=True))
        self.lines, self.cursors, self.counts = {}, [], {}
        for name, title, ylim in PANELS:
            ax = self.axes[name]
            count = self.counts[name] = {"x": features, "y": 1}.get(name, self.units)
            colors = ["0.2"] * count if name in "xy" else style.CYCLE
            # one collection per panel, a line per unit: one draw call, not 8;
            # lines and cursor above the frame (zorder 2.5), so that a redraw
            # need not draw the frame again over them
            self.lines[name] = ax.add_collection(LineCollection(
                [np.zeros((0, 2))] * count,
                colors=[colors[k % 8] for k in range(count)], linewidths=1.6,
                capstyle="projecting", joinstyle="round", zorder=2.6))
            self.cursors.append(ax.axvline(0, color="0.5", lw=0.8, ls=":", zorder=2.6))
            limits = {"x": x_range, "c": c_range}.get(name, ylim)
            ax.set(xlim=(-0.5, self.steps - 0.5), ylim=limits,
                   title=output_label if name == "y" else title)
            ax.title.set_fontsize(9)
        for ax in grid[-1]:
            ax.set_xlabel("time step t")
        units = [Line2D([], [], color=style.CYCLE[k % 8], lw=1.6, label=f"unit {k + 1}")
                 for k in range(self.units)]
        self.axes["c"].legend(handles=units, loc="upper right", fontsize=7,
                              ncol=min(4, self.units))
        self.axes["y"].axhline(0.5, color="0.7", lw=0.8)
        self.headline, self.data, self.step = "", None, self.steps - 1
        freeze_layout(self.fig)
        self.cache = view_cache(self)

    def changing_artists(self):
        """The artists a redraw changes: every line and the cursors (the legend,
        over the cell state's lines, is the cache's overlay)."""
        return [*self.lines.values(), *self.cursors]

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
        self.headline = title
        self.set_step(self.step)

    def shown(self, name) -> np.ndarray:
        """(count, t + 1): the values panel `name` draws, a row per unit (feature)."""
        segments = self.lines[name].get_segments()
        return np.array([np.reshape(segment, (-1, 2))[:, 1] for segment in segments])

    def set_step(self, t):
        """Show steps 0..t (Play moves t) and put the cursor at t."""
        self.step = int(np.clip(t, 0, len(self.data["x"]) - 1))
        n = self.step + 1
        for name, lines in self.lines.items():
            values = self.data[name][:n, :self.counts[name]]  # (t + 1, count)
            segments = np.empty((values.shape[1], n, 2))  # (count, t + 1, 2)
            segments[:, :, 0] = np.arange(n)
            segments[:, :, 1] = values.T
            lines.set_segments(segments)
        for cursor in self.cursors:
            cursor.set_xdata([self.step, self.step])
        self.fig.canvas.draw_idle()


class LayoutView:
    """One window read two ways (Q30): what each LSTM sees, what it keeps, how it does.

    Rows: the "(look_back, 1)" layout (T steps of 1 feature) and the
    "(1, look_back)" layout (1 step of T features). Columns:
      input   the window as the LSTM reads it: rows are time steps, columns
              features (T × 1, or 1 × T);
      c       the cell state after each step the LSTM takes: rows are time
              steps, columns units (T × H, or 1 × H);
      right   test accuracy by the step at which the symbol arrived, one line
              per layout (set_accuracy), and a mark at this window's step.
    update(window (T,), states {layout: c (steps, H)}, answers {layout: the
    net's output after a sigmoid, near 1 for +1}, where, symbol) shows one
    window. Images and lines are updated in place. The figure has no title of
    its own: `headline` says which window this is, for the panel to write
    above the figure (HTML costs the kernel nothing; a figure text changed at
    every move is drawn again at every move).
    Attributes: fig, inputs, cells {layout: AxesImage}, lines {layout: Line2D},
    mark (the arrival step), titles {layout: Text: the answer, after the words
    "c after each step → answer"}, headline (str), cache (BackgroundCache: only
    images, answers and the mark are drawn again; the legend, drawn once, is
    laid on top).
    """

    def __init__(self, steps, units, *, layouts=("(look_back, 1)", "(1, look_back)"),
                 x_max=1.0, c_max=1.0, size=(9.0, 4.6)):
        self.steps, self.units, self.layouts = int(steps), int(units), tuple(layouts)
        T, H = self.steps, self.units
        self.fig, grid = style.new_figure(
            3, 2, size=size, gridspec_kw={"height_ratios": [4, 1],
                                          "width_ratios": [1.2, 1.2, 2]})
        for ax in grid[:, 2]:
            ax.remove()
        self.ax_acc = self.fig.add_subplot(grid[0, 0].get_gridspec()[:, 2])
        shapes = {self.layouts[0]: ((T, 1), (T, H)), self.layouts[1]: ((1, T), (1, H))}
        self.inputs, self.cells, self.titles = {}, {}, {}
        self._after_title = []  # (title, the answer's text placed after it)
        for row, layout in enumerate(self.layouts):
            (x_shape, c_shape), (ax_x, ax_c) = shapes[layout], grid[row, :2]
            self.inputs[layout] = ax_x.imshow(np.zeros(x_shape), cmap=style.SIGNED,
                                              vmin=-x_max, vmax=x_max, aspect="auto")
            self.cells[layout] = ax_c.imshow(np.zeros(c_shape), cmap=style.SIGNED,
                                             vmin=-c_max, vmax=c_max, aspect="auto")
            steps_here = c_shape[0]
            for ax in (ax_x, ax_c):
                ax.set_yticks([0, steps_here - 1] if steps_here > 1 else [0])
                ax.set_ylabel("time step" if ax is ax_x else "")
            ax_x.set_xticks([0] if x_shape[1] == 1 else [0, T - 1])
            ax_x.set_xlabel("feature")
            ax_c.set_xticks([0, H - 1], [1, H])
            ax_c.set_xlabel("unit")
            steps_here = x_shape[0]
            ax_x.set_title(f"{layout}: {steps_here} step{'s' * (steps_here > 1)} × "
                           f"{x_shape[1]} feature{'s' * (x_shape[1] > 1)}", fontsize=9)
            # the words are a title, drawn once; the answer, which changes, a
            # short text just after them (text is the dearest thing to draw)
            words = ax_c.set_title("c after each step → answer", fontsize=9)
            self.titles[layout] = ax_c.annotate(
                " ", (0.5, 1.0), xycoords="axes fraction", xytext=(0, 6),
                textcoords="offset points", ha="left", va="baseline", fontsize=9)
            self._after_title.append((words, self.titles[layout]))
        ax = self.ax_acc
        self.lines = {layout: ax.plot(np.arange(T), np.full(T, np.nan), marker=".",
                                      color=style.CYCLE[k], lw=1.6, label=layout)[0]
                      for k, layout in enumerate(self.layouts)}
        ax.axhline(0.5, color="0.7", lw=0.8, label="chance")
        self.mark = ax.axvline(0, color="0.4", lw=0.8, ls=":", label="this window")
        ax.set(xlim=(-0.5, T - 0.5), ylim=(0.4, 1.02),
               xlabel="step at which the symbol arrived",
               title="new windows answered right")
        ax.title.set_fontsize(9)
        ax.legend(loc="lower right", fontsize=8)
        self.headline = ""
        freeze_layout(self.fig)
        renderer = self.fig.canvas.get_renderer()
        for words, answer in self._after_title:  # half the words' width, a space
            width = words.get_window_extent(renderer).width * 72 / self.fig.dpi
            answer.xyann = (width / 2 + 2.5, 6)  # (points)
        self.cache = view_cache(self)

    def changing_artists(self):
        """Images, answers and the arrival mark (the accuracy lines change only
        with set_accuracy: they are in the background; the legend, over the
        lines, is the cache's overlay)."""
        images = [*self.inputs.values(), *self.cells.values()]
        spines = [s for image in images for s in image.axes.spines.values()]
        # the images' frames stay on top, as in a full draw
        return [*images, *spines, *self.titles.values(), self.mark]

    def set_accuracy(self, accuracy):
        """accuracy {layout: (T,)}: share right by the step of arrival."""
        for layout, values in accuracy.items():
            self.lines[layout].set_ydata(np.asarray(values, dtype=float))
        self.cache.invalidate()  # the lines are in the background
        self.fig.canvas.draw_idle()

    def update(self, window, states, answers, where, symbol):
        """One window (T,), each layout's c (steps, H) and answer (0 … 1), in place."""
        window = np.asarray(window, dtype=float).reshape(-1)
        if len(window) != self.steps:
            raise ValueError(f"LayoutView was built for windows of {self.steps} "
                             f"values; got {len(window)}.")
        for layout in self.layouts:
            c = np.asarray(states[layout])
            self.inputs[layout].set_data(window.reshape(
                self.inputs[layout].get_array().shape))
            self.cells[layout].set_data(c[:, :self.units])
            self.titles[layout].set_text(f"{answers[layout]:.2f}")
        self.mark.set_xdata([where, where])
        self.headline = (f"this window: symbol {symbol:+.0f} arrived at step {where} "
                         f"of 0 … {self.steps - 1}  (answer near 1: +1, near 0: −1)")
        self.fig.canvas.draw_idle()

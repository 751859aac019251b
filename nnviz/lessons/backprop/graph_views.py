"""A computational graph drawn as boxes and arrows, stepped in place (Q31).

Each node is a box with three lines: how it is computed ("m₁ = w₁ · x₁"), its
value (blue: "value", and its number once the forward pass reaches it) and its
gradient (vermillion: "dL/dm₁", and its number once the backward pass reaches
it); a constant has no gradient line. Each arrow carries the local
derivative d(consumer)/d(input) once the backward pass has used it. The node
of the current step is filled yellow, and the arrows it uses are drawn thick.
The line above the graph is the step's arithmetic.

Everything is built once; `update` only sets texts and colours.

Speed (issue 18): text is what costs (about 1.5 ms a label). On a view's own
figure the layout is solved once and what a move does not change (the key)
is rendered once (BackgroundCache): a move draws the boxes, arrows,
numbers and caption, and lays the node headers and the words before the
numbers on top as one picture. Those words ("value", "dL/dm₁") are texts of
their own that never change, right-aligned where the number starts: a move
draws the number only (a third of the characters).
"""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch
from matplotlib.transforms import offset_copy

from nnviz.lessons.backprop.graph import format_number
from nnviz.plots import style
from nnviz.plots.background import BackgroundCache
from nnviz.plots.style import freeze_layout

VALUE, GRAD = style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"]
PENDING, DONE, CURRENT = "#EEEEEE", "#FFFFFF", "#F7EE8F"  # light Okabe-Ito yellow
EDGE, EDGE_LIVE = "#888888", style.OKABE_ITO["black"]
KEY = ("blue: the value (forward pass)\nvermillion: the gradient dL/d· (backward)\n"
       "×k on an arrow: the local derivative")


class GraphView:
    """Boxes and arrows for a ComputationGraph; `update(graph, step)` shows a step.

    graph: the graph to draw (its node positions `at` place the boxes); later
    graphs passed to `update` must have the same nodes and edges (the values,
    and the ops' names, may differ). step: an index into `graph.steps()`, or
    None for the finished backward pass.
    Artists: boxes[name] (FancyBboxPatch), headers / values / grads[name]
    (Text: the formula, the value's number, the gradient's number), labels
    (the fixed words before the numbers: {("value" or "grad", name): Text}),
    arrows[(input, node, i)] (Annotation), edge_texts[...] (Text), caption
    (Text). cache: the BackgroundCache of a view on its own figure.
    """

    def __init__(self, graph, *, ax=None, title=None, box=(0.86, 0.8), fontsize=9,
                 key=True):
        own = ax is None
        if own:
            _, ax = style.new_figure(size=(10.0, 4.8))
        self.ax, self.fig, self.fontsize = ax, ax.figure, fontsize
        self.names = list(graph.order)
        self.width, self.height = box
        xs = [graph.nodes[n].at[0] for n in self.names]
        ys = [graph.nodes[n].at[1] for n in self.names]
        ax.set(xlim=(min(xs) - 0.6, max(xs) + 0.6),
               ylim=(min(ys) - 0.55, max(ys) + 0.5))
        ax.set_axis_off()
        self.title = title
        self.arrows, self.edge_texts = {}, {}
        for name in self.names:
            for i, source in enumerate(graph.nodes[name].inputs):
                self._edge(graph, source, name, i)
        self.boxes, self.headers, self.values, self.grads = {}, {}, {}, {}
        self.labels = {}  # ("value" or "grad", name) -> Text
        for name in self.names:
            self._node(graph, name)
        self.caption = ax.text(0.0, 1.0, "", transform=ax.transAxes, va="bottom",
                               fontsize=fontsize)
        if title:  # the line above the caption's, drawn once (a trailing empty
            # line keeps it where a two-line caption put it)
            ax.text(0.0, 1.0, f"{title}\n", transform=ax.transAxes, va="bottom",
                    fontsize=fontsize)
        if key:
            ax.text(1.0, 0.0, KEY, transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=fontsize - 1, color="#444444")
        self.cache, self._looks = None, {}  # _looks: the colours boxes, arrows have
        self.headers_in_background = not own  # (on its own figure: laid on top)
        self.update(graph, None)
        if own:
            freeze_layout(self.fig)
            on_top = [*self.headers.values(), *self.labels.values()]  # over the
            # boxes that change
            self.cache = BackgroundCache(
                self.fig, self.changing_artists, overlay=lambda: on_top,
                incremental=True)  # a move changes a few boxes and numbers

    def changing_artists(self, boxes=True):
        """The artists `update` changes; boxes=False: the texts only (a finished
        graph's boxes and arrows stay as they are)."""
        texts = [*self.values.values(), *self.grads.values(),
                 *self.edge_texts.values(), self.caption]
        if not boxes:
            return texts
        return [*self.boxes.values(), *self.arrows.values(), *texts]

    def _node(self, graph, name):
        x, y = graph.nodes[name].at
        w, h = self.width, self.height
        constant = graph.nodes[name].op == "constant"
        self.boxes[name] = self.ax.add_patch(FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02",
            facecolor=PENDING, edgecolor=EDGE, lw=1.2, ls="--" if constant else "-",
            zorder=2))
        text = dict(va="center", fontsize=self.fontsize, zorder=3)
        self.headers[name] = self.ax.text(x, y + h / 3, "", weight="bold", ha="center",
                                          **text)
        # "value" ends at the box's middle, the number starts a space after it
        space = offset_copy(self.ax.transData, self.fig, x=0.3 * self.fontsize,
                            units="points")
        lines = [("value", self.values, y, "value", VALUE)]
        if not constant:  # nothing learns a constant: no gradient
            lines.append(("grad", self.grads, y - h / 3, f"dL/d{graph.label(name)}",
                          GRAD))
        for kind, numbers, at, words, color in lines:
            self.labels[kind, name] = self.ax.text(x, at, words, ha="right",
                                                   color=color, **text)
            numbers[name] = self.ax.text(x, at, "", ha="left", color=color,
                                         transform=space, **text)
        if constant:
            self.grads[name] = self.ax.text(x, y - h / 3, "", **text)  # stays empty

    def _edge(self, graph, source, target, i):
        (x0, y0), (x1, y1) = graph.nodes[source].at, graph.nodes[target].at
        start = (x0 + self.width / 2, y0)
        end = (x1 - self.width / 2 - 0.03, y1)
        key = (source, target, i)
        self.arrows[key] = self.ax.annotate(
            "", xy=end, xytext=start, zorder=1,
            arrowprops=dict(arrowstyle="-|>", color=EDGE, lw=1.0, shrinkA=0, shrinkB=0))
        where = (start[0] + 0.45 * (end[0] - start[0]),
                 start[1] + 0.45 * (end[1] - start[1]))
        self.edge_texts[key] = self.ax.text(
            *where, "", ha="center", va="center", fontsize=self.fontsize - 1,
            color=GRAD, zorder=4,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))

    def update(self, graph, step=None):
        """Show `graph` after `step` (None: everything); sets texts and colours only."""
        steps = graph.steps()
        k = len(steps) - 1 if step is None else step
        valued, graded = graph.shown_at(k)
        current = steps[k]
        for name in self.names:
            self._show_node(graph, name, name in valued, name in graded,
                            current.phase != "start" and name == current.node)
        for edge in self.edge_texts:
            self._show_edge(graph, edge, graded, current)
        self.caption.set_text(current.text if self.title  # (the title above it)
                              else f"step {k}/{len(steps) - 1} · {current.text}")
        self.fig.canvas.draw_idle()

    def _show_node(self, graph, name, valued, graded, current):
        header = graph.formula(name)
        if header != self.headers[name].get_text():
            self.headers[name].set_text(header)  # (on top: its layer is drawn again)
            if self.cache is not None and self.headers_in_background:
                self.cache.invalidate()
        self.values[name].set_text(format_number(graph.values[name]) if valued else "")
        self.grads[name].set_text(format_number(graph.grads[name]) if graded else "")
        look = (CURRENT if current else DONE if valued else PENDING,
                EDGE_LIVE if current else EDGE, 2.2 if current else 1.2)
        if self._looks.get(name) != look:  # set only on a change: a setter marks
            self._looks[name] = look      # the box as changed (drawn again)
            box = self.boxes[name]
            box.set_facecolor(look[0])
            box.set_edgecolor(look[1])
            box.set_linewidth(look[2])


    def _show_edge(self, graph, edge, graded, current):
        source, target, i = edge
        used = source in graded  # the backward pass has multiplied by it
        live = (source == current.node and current.phase == "backward") or (
            target == current.node and current.phase == "forward")
        self.edge_texts[edge].set_text(
            f"×{format_number(graph.local[target][i])}" if used else "")
        look = (EDGE_LIVE, 2.2) if live else (EDGE, 1.0)
        if self._looks.get(edge) != look:  # only on a change, as for the boxes
            self._looks[edge] = look
            arrow = self.arrows[edge].arrow_patch
            arrow.set_color(look[0])
            arrow.set_linewidth(look[1])
            self.arrows[edge].stale = True  # (its arrow does not say so itself)


class GatePatternsView:
    """The four gate patterns side by side, each a finished GraphView.

    update(graphs): {pattern: ComputationGraph} with the patterns of
    `nnviz.lessons.backprop.circuits.GATE_PATTERNS`. Artists: views[pattern].
    """

    def __init__(self, graphs, titles):
        self.fig, axes = style.new_figure(2, 2, size=(10.0, 6.6))
        self.views = {
            name: GraphView(graph, ax=ax, title=titles[name], box=(0.82, 0.85),
                            fontsize=8, key=False)
            for (name, graph), ax in zip(graphs.items(), axes.ravel(), strict=True)
        }
        freeze_layout(self.fig)
        # a move changes a few of the 60 numbers: those are drawn again
        self.cache = BackgroundCache(self.fig, self.changing_artists, incremental=True)
        for view in self.views.values():
            view.cache = self.cache  # a changed header renders the background again

    def changing_artists(self):
        """Every view's numbers and caption (all four graphs stay finished)."""
        return [a for view in self.views.values()
                for a in view.changing_artists(boxes=False)]

    def update(self, graphs):
        for name, graph in graphs.items():
            self.views[name].update(graph, None)  # each calls draw_idle: one redraw

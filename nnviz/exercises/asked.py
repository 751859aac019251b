"""An exercise as widgets: the question, an answer box, Check and Hint.

    nv.exercises.ask("descent.largest_rate")

works where no code can be typed (the app view) as well as in JupyterLab. A
number is typed in a text box ("0.25", "1e-3", "3/4"); a choice is clicked.
Check shows the same verdict nv.exercises.check gives; Hint shows the hints one
by one, gentlest first. Neither ever shows the answer.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from nnviz.exercises.registry import check, get
from nnviz.exercises.judges import parse_typed

KIND_WORDS = {"compute": "work it out", "predict": "predict, then look",
              "find": "find it in the panel", "explain": "explain the plot"}


class Asked:
    """The widgets of one asked exercise: `.widget` to display, `.answer` (a Text
    or a RadioButtons), `.check` and `.hint` (Buttons), `.verdict` (HTML)."""

    def __init__(self, exercise_id: str):
        self.exercise = exercise = get(exercise_id)
        title = widgets.HTML(
            f"<b>Exercise</b> <i>({KIND_WORDS[exercise.kind]})</i>: "
            f"{_markdown_lite(exercise.question)}",
            layout=widgets.Layout(max_width="48em"))
        if exercise.judge == "choice":
            self.answer = widgets.RadioButtons(
                options=[(f"({key}) {text}", key) for key, text in
                         exercise.options.items()],
                value=None, layout=widgets.Layout(width="auto"))
        else:
            self.answer = widgets.Text(
                placeholder="your answer, e.g. 0.25, 1e-3 or 3/4",
                description=exercise.unit or "answer",
                style={"description_width": "initial"})
        self.check = widgets.Button(description="Check", icon="check",
                                    button_style="primary")
        self.hint = widgets.Button(description="Hint", icon="lightbulb-o")
        self.verdict = widgets.HTML(layout=widgets.Layout(max_width="48em"))
        self.hints_shown = 0
        self.check.on_click(lambda _: self.on_check())
        self.hint.on_click(lambda _: self.on_hint())
        self.widget = widgets.VBox(
            [title, self.answer, widgets.HBox([self.check, self.hint]),
             self.verdict])
        self.widget.add_class("nnviz-exercise")
        self.widget.add_class(f"nnviz-exercise-{exercise.id.replace('.', '-')}")

    def typed(self):
        """The answer as check() takes it: a number, a choice key, or None."""
        value = self.answer.value
        return parse_typed(value) if isinstance(value, str) else value

    def on_check(self) -> None:
        feedback = check(self.exercise.id, self.typed())
        colour = "#1b7837" if feedback.correct else "#b2182b"  # green / red, with ✓ ✗
        self.verdict.value = (f'<span style="color:{colour}">'
                              f"{html.escape(feedback.message)}</span>")

    def on_hint(self) -> None:
        hints = self.exercise.hints
        shown = hints[:min(self.hints_shown + 1, len(hints))]
        self.hints_shown = len(shown)
        self.verdict.value = "<br>".join(
            f"Hint {i + 1}: {html.escape(h)}" for i, h in enumerate(shown))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


def _markdown_lite(text: str) -> str:
    """Escape `text` for HTML, keeping `code` spans as <code>."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))

"""Every lesson as an app: `python3 course.py app` (Voila) in headless Chromium.

The browser tests (marked `browser`) start `course.py app-server` once, open its
start page, then each notebooks/*.ipynb as a learner would: no error, every figure
painted, one slider moved by keyboard repaints a figure, no request leaves
127.0.0.1 (see app.py). The terminal summary prints per lesson the time from the
request to the first text, the first figure, the last figure and the whole lesson
ready, and the kernel's memory. Without Voila or a browser they are skipped.

The other tests check course.py's app pieces without a browser: which cells the
app leaves out (the exercises, answered by typing code), the start page, the
command line and the page template.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import pytest
from app import APP_RESULTS, check_lesson

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import course  # noqa: E402

NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")
)


def _cells(notebook):
    return json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]


def _code(text):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [],
            "execution_count": None}


def _markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


# -- course.py's app pieces, no browser ----------------------------------------------


def test_app_cells_drop_exercises_and_their_prompts_and_keep_the_rest():
    cells = [
        _markdown("# A lesson"),
        _code("x = 1"),
        _markdown("**Takeaway:** one.\n\n---\n### Exercise 1\nHow many?"),
        _code("answer = ...\nnv.exercises.check(answer, 2)"),
        _markdown("### Exercise 2\nWhich one?"),
        _code('answer = ...\nnv.exercises.check_choice(answer, "relu")'),
        _markdown("## Next part"),
        _code("nv.some_explorer()"),
        _markdown("### Exercise 3\nPredict, then look."),
        _code('nv.exercises.ask("descent.largest_rate")'),
        _markdown("---\n### Checking the checkers (spoilers)"),
        _code("nv.exercises.check(2, 2)"),
    ]
    before = copy.deepcopy(cells)
    shown = course.app_cells(cells)
    assert cells == before, "app_cells changed its input"
    assert [c["source"] for c in shown] == [
        "# A lesson",
        "x = 1",
        "**Takeaway:** one.",
        course.EXERCISE_NOTE,  # one note for both exercises
        "## Next part",
        "nv.some_explorer()",
        "### Exercise 3\nPredict, then look.",  # answered in its box: kept
        'nv.exercises.ask("descent.largest_rate")',
    ]  # no note for the checks of the checkers: they are no exercise
    assert shown[1] is cells[1] and shown[5] is cells[7]


def test_app_cells_leave_a_lesson_without_exercises_alone():
    cells = [_markdown("# Tour"), _code("nv.training_replay()")]
    assert course.app_cells(cells) == cells


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[Path(n).stem for n in NOTEBOOKS])
def test_the_app_shows_every_lesson_cell_but_the_exercises(notebook):
    cells = _cells(notebook)
    shown = course.app_cells(cells)
    exercise = [c for c in cells if c["cell_type"] == "code"
                and course.EXERCISE_CALL.search(course._source(c))]
    kept_code = [c for c in shown if c["cell_type"] == "code"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert kept_code == [c for c in code if c not in exercise]
    originals = {id(c): c for c in cells}
    for i, cell in enumerate(shown):
        text = course._source(cell)
        if course.EXERCISE_HEADING.search(text):  # only the prompt of a box
            after = next(c for c in shown[i + 1:] if c["cell_type"] == "code")
            assert "exercises.ask(" in course._source(after), (notebook, text[:80])
        if id(cell) in originals or text == course.EXERCISE_NOTE:
            continue
        # a trimmed cell: the text above an exercise heading, word for word
        assert any(course._source(c).startswith(text) for c in cells), text[:80]
    answers = sum("answer = ..." in course._source(c) for c in exercise)
    notes = sum(course._source(c) == course.EXERCISE_NOTE for c in shown)
    assert (notes > 0) == (answers > 0), (notebook, answers, notes)


def test_hide_exercises_gives_voila_a_valid_notebook():
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(ROOT / "notebooks" / "08_regularization.ipynb", as_version=4)
    count = len(notebook.cells)
    returned = course.hide_exercises(None, notebook, "")
    assert returned is notebook and len(notebook.cells) < count
    nbformat.validate(notebook)
    assert not any("exercises.check" in c.source for c in notebook.cells)


def test_start_page_lists_every_lesson_in_course_order_with_its_summary():
    found = course.lessons()
    assert [lesson["name"] for lesson in found] == [Path(n).name for n in NOTEBOOKS]
    page = course.start_page(found)
    links = re.findall(r'href="voila/render/([^"]+)"', page)
    assert links == [Path(n).name for n in NOTEBOOKS]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in found:
        assert lesson["summary"] and lesson["summary"] in readme, lesson["name"]
        assert not lesson["title"].startswith("#")
    assert "://" not in page  # nothing to fetch from the internet


def test_start_page_escapes_text_and_shows_code():
    page = course.start_page(
        [{"name": "a b.ipynb", "title": "<b>Lesson</b> `units`", "summary": "x & y"}]
    )
    assert 'href="voila/render/a%20b.ipynb"' in page
    assert "&lt;b&gt;Lesson&lt;/b&gt; <code>units</code>" in page
    assert "x &amp; y" in page


def test_app_command_runs_this_file_inside_the_venv():
    command = course.app_command(["--no-browser", "--port=8870"])
    assert command == [str(course.PYTHON), str(ROOT / "course.py"), "app-server",
                       "--no-browser", "--port=8870"]


def test_lesson_template_keeps_local_styles_and_drops_internet_ones():
    jinja2 = pytest.importorskip("jinja2")
    lab = (  # the shape of Voila's lab template, in the blocks the project overrides
        "{% block notebook_css %}"
        '<link rel="stylesheet" href="https://cdn.example.org/all.min.css" />\n'
        '<link rel="stylesheet" href="static/index.css" />\n'
        "<style>a { color: red; }</style>\n"
        "{% endblock notebook_css %}"
        "{% block html_head_js_mermaidjs %}import('https://cdn.example.org/m.js')"
        "{% endblock html_head_js_mermaidjs %}"
        "{% block body_header %}<body>{% endblock body_header %}"
    )
    env = jinja2.Environment(loader=jinja2.DictLoader(
        {"lab/index.html.j2": lab, "index.html.j2": course.LESSON_TEMPLATE}))
    page = env.get_template("index.html.j2").render(resources={"base_url": "/base/"})
    assert "://" not in page
    assert 'href="static/index.css"' in page and "a { color: red; }" in page
    assert '<body>\n<nav class="nnviz-home"><a href="/base/">' in page


# -- in the browser -------------------------------------------------------------------


@pytest.mark.browser
def test_app_start_page_links_every_lesson(app_server):
    page = app_server.get("/")
    assert re.findall(r'href="voila/render/([^"]+)"', page) == [
        Path(n).name for n in NOTEBOOKS
    ]


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[Path(n).stem for n in NOTEBOOKS])
def test_lesson_as_app(app_browser, app_server, notebook):
    result = check_lesson(app_browser, app_server, notebook)
    APP_RESULTS.append(result)
    print(result.summary())
    assert result.ok, result.message()

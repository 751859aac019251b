"""Set up nnviz and open the lessons, or run every test. Standard library only.

    python3 course.py lab     # make .venv, install nnviz, open JupyterLab on notebooks/
    python3 course.py app     # the same, plus Voila: the lessons as apps, code hidden
    python3 course.py test    # make .venv, install nnviz and test tools, run all tests

Extra arguments after `test` go to pytest, e.g.
`python3 course.py test -m "not browser"`; after `app` they go to Voila, e.g.
`python3 course.py app --no-browser --port=8870`. `--presentation` after `lab` or
`app` draws every figure for a projector (larger text and lines, at most 1280 px
wide; see nnviz.presentation), e.g. `python3 course.py app --presentation`.
Works on Linux, macOS and Windows: it only needs Python 3.10 or newer.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(extra: str = ""):
    if sys.version_info < (3, 10):  # noqa: UP036  friendly message on old Pythons
        sys.exit(f"nnviz needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    target = f".{extra}" if not extra else f".[{extra}]"
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target, cwd=ROOT)


def find_browser() -> str | None:
    """NNVIZ_BROWSER if set, else a Chromium or Chrome on the PATH."""
    if os.environ.get("NNVIZ_BROWSER"):
        return os.environ["NNVIZ_BROWSER"]
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_browser():
    """Install Debian's chromium with apt when no browser is found and we may."""
    if find_browser():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        run(apt, "update", "-qq")
        run(apt, "install", "-y", "-qq", "chromium")
    if not find_browser():
        print("No Chromium or Chrome found: the browser tests will be skipped. "
              "Install chromium, or set NNVIZ_BROWSER=/path/to/chrome.", flush=True)


def take_presentation(rest) -> list[str]:
    """`rest` without "--presentation"; if it was there, set NNVIZ_PRESENTATION=1.

    JupyterLab and Voila pass their environment on to the kernels they start, and
    nnviz reads NNVIZ_PRESENTATION when it is imported: every lesson then draws its
    figures for a projector, as `nv.presentation(True)` in a first cell would.
    """
    rest = list(rest)
    if "--presentation" in rest:
        os.environ["NNVIZ_PRESENTATION"] = "1"
    return [arg for arg in rest if arg != "--presentation"]


def lab_command(rest=()) -> list[str]:
    """The JupyterLab command line. As root (a container, a classroom image)
    JupyterLab refuses to start unless told that this is intended."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return [str(PYTHON), "-m", "jupyter", "lab", str(ROOT / "notebooks"),
            *(["--allow-root"] if root else []), *rest]


# -- the app view -----------------------------------------------------------------
# `app` serves the lessons with Voila on this machine only: code hidden, cells shown
# as they run, a start page listing the lessons, nothing fetched from the internet.
# It sets up .venv as `lab` does, plus the `app` extra (Voila), then runs this file
# again inside .venv as `course.py app-server`, where serve_app starts Voila. Only
# serve_app imports Voila; everything else here is the standard library.

NOTEBOOKS = ROOT / "notebooks"
APP_PORT = 8866

#: A code cell that checks a typed answer: `nv.exercises.check(answer, ...)`.
EXERCISE_CALL = re.compile(r"\bexercises\.check(?:_choice)?\(")
#: A heading (or a bold "**Exercise" line) that starts an exercise prompt, or the
#: checks of the exercise checks.
EXERCISE_HEADING = re.compile(
    r"^(?:#{1,6}[ \t]*|\*\*)(Exercises?\b|Checking the checkers?\b)",
    re.MULTILINE | re.IGNORECASE,
)
EXERCISE_NOTE = (
    "*Exercise left out here: its answer is typed as code, which the app hides. "
    "Answer it in JupyterLab (`python3 course.py lab`).*"
)

#: The lesson page: Voila's `lab` template without what it fetches from the
#: internet: the `<link>` lines of its `notebook_css` block (Font Awesome from
#: cdn.jsdelivr.net; Voila bundles those icons already) and the Mermaid loader (no
#: lesson draws Mermaid diagrams); plus a link back to the list of lessons. Voila
#: reads templates from files: serve_app writes this one to a temporary folder that
#: it puts first on Voila's template path.
LESSON_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block notebook_css -%}
{%- for line in super().splitlines() if not ('<link' in line and '://' in line) %}
{{ line }}
{%- endfor %}
<style>.nnviz-home { font: 14px sans-serif; margin: 0 0 12px; }</style>
{%- endblock notebook_css -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
<nav class="nnviz-home"><a href="{{ resources.base_url }}">&larr; All lessons</a></nav>
{%- endblock body_header -%}
"""

START_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nnviz lessons</title>
<link rel="icon" href="data:;base64,=">
<style>
  body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 46em; margin: 2em auto;
         padding: 0 1em; color: #222; }}
  ul {{ list-style: none; padding: 0; }}
  li {{ margin: 0 0 1.1em; }}
  li a {{ font-size: 1.1em; font-weight: 600; }}
  li p {{ margin: 0.2em 0 0; color: #444; }}
  .note {{ color: #555; font-size: 0.95em; }}
</style>
</head>
<body>
<h1>nnviz: how neural networks work, one slider at a time</h1>
<p class="note">Each lesson opens as an app: its text and figures appear cell by cell
while it runs, and its sliders and buttons work as soon as they show. The code is hidden
here: exercises shown as a box (Check, Hint) can be answered here, those answered by
typing code are left out. Open the notebooks in JupyterLab
(<code>python3 course.py lab</code>) to read the code and answer every exercise.</p>
<ul>
{items}
</ul>
</body>
</html>
"""


def testing_environment(environ, browser) -> dict:
    """The environment `test` runs pytest in: the browser for the browser suite,
    and strict mode (NNVIZ_STRICT=1), in which a lesson's nv.expect(...) raises
    instead of printing ✗, in the tests and in the notebook kernels nbval starts."""
    return dict(environ, NNVIZ_BROWSER=browser or "", NNVIZ_STRICT="1")


def app_command(rest=()) -> list[str]:
    """The command `app` runs once .venv is ready: this file, inside .venv."""
    return [str(PYTHON), str(ROOT / "course.py"), "app-server", *rest]


def _source(cell) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _without_exercise_heading(text: str, heading) -> str:
    """The markdown above `heading`, without the blank lines and rules ("---") that
    end it."""
    lines = text[: heading.start()].rstrip().splitlines()
    while lines and re.fullmatch(r"\s*(-{3,})?\s*", lines[-1]):
        lines.pop()
    return "\n".join(lines)


def app_cells(cells) -> list:
    """The cells of a lesson as the app shows them: typed exercises left out.

    An exercise shown as a box (`nv.exercises.ask("<id>")`) is answered through
    its widgets and stays, with its prompt. One answered by typing code
    (`answer = ...`, then `nv.exercises.check("<id>", answer)`) cannot be, as the
    app hides all code. So every code
    cell that calls `exercises.check` is dropped, and with it the prompt before it:
    the markdown cells from a heading "Exercise..." or "Checking the checkers" on
    (text above such a heading stays). One short note stands where exercises were
    left out. `cells` is not changed: the result holds the same cell objects, and
    new dicts for trimmed cells and notes.
    """
    cells = list(cells)
    dropped, trimmed, exercise_prompts = set(), {}, set()
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code" or not EXERCISE_CALL.search(_source(cell)):
            continue
        dropped.add(i)
        j = i - 1  # walk back over the markdown (and dropped cells) before it
        while j >= 0 and (j in dropped or cells[j]["cell_type"] == "markdown"):
            if j not in dropped:
                text = trimmed.get(j, _source(cells[j]))
                heading = EXERCISE_HEADING.search(text)
                if heading is None:
                    break
                if heading.group(1).lower().startswith("exercise"):
                    exercise_prompts.add(j)
                above = _without_exercise_heading(text, heading)
                if above.strip():
                    trimmed[j] = above
                    break
                dropped.add(j)
            j -= 1
    shown, note_due = [], False
    for i, cell in enumerate(cells):
        if i in dropped:
            note_due = note_due or i in exercise_prompts
            continue
        if note_due:
            shown.append(_exercise_note(len(shown)))
            note_due = False
        shown.append(dict(cell, source=trimmed[i]) if i in trimmed else cell)
        note_due = i in exercise_prompts  # a trimmed cell whose exercise was cut off
    if note_due:
        shown.append(_exercise_note(len(shown)))
    return shown


def _exercise_note(index: int) -> dict:
    return {"cell_type": "markdown", "id": f"nnviz-app-note-{index}", "metadata": {},
            "source": EXERCISE_NOTE}


def hide_exercises(request_handler, notebook, cwd):
    """Voila's prelaunch hook: the lesson the app runs and shows (see app_cells)."""
    import nbformat

    notebook.cells = [nbformat.from_dict(cell) for cell in app_cells(notebook.cells)]
    return notebook


def lessons() -> list[dict]:
    """Every lesson in course order: file name, title (the notebook's first `# `
    heading) and the one-line summary of README's lessons table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    summaries = dict(re.findall(r"^\| `(\w+)` \| (.*?) \|", readme, re.MULTILINE))
    found = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        title = path.stem
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            heading = re.search(r"^# (.+)$", _source(cell), re.MULTILINE)
            if cell["cell_type"] == "markdown" and heading:
                title = heading.group(1).strip()
                break
        found.append({"name": path.name, "title": title,
                      "summary": summaries.get(path.stem, "")})
    return found


def start_page(lessons_found: list[dict]) -> str:
    """The app's start page: one link per lesson, with its summary."""
    def text(markdown):  # escaped, with `code` shown as code
        return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(markdown))

    items = [
        f'<li><a href="voila/render/{quote(lesson["name"])}">{text(lesson["title"])}'
        f'</a><p>{text(lesson["summary"])}</p></li>'
        for lesson in lessons_found
    ]
    return START_PAGE.format(items="\n".join(items))


def serve_app(argv) -> int:
    """Serve the lessons with Voila (runs inside .venv: `app` calls it as `app-server`).

    Progressive rendering sends the page at once and fills each cell as the kernel
    runs it; the prelaunch hook leaves the exercises out; "/" is the start page; a
    closed lesson's kernel stops after 5 idle minutes. Voila options in `argv`
    (`--port=8870`, `--no-browser`) override these.
    """
    try:
        import tornado.web
        from traitlets.config import Config
        from voila.app import Voila
    except ImportError:
        sys.exit("Voila is not installed in this Python. `python3 course.py app` "
                 "installs it into .venv (the `app` extra: pip install -e \".[app]\").")

    class StartPage(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.write(start_page(lessons()))

    with tempfile.TemporaryDirectory(prefix="nnviz-app-") as templates:
        Path(templates, "index.html.j2").write_text(LESSON_TEMPLATE, encoding="utf-8")

        class LessonsApp(Voila):
            def setup_template_dirs(self):
                super().setup_template_dirs()
                self.template_paths.insert(0, templates)

            def init_handlers(self):
                return [(self.server_url, StartPage), *super().init_handlers()]

        config = Config()
        config.Voila.ip = "127.0.0.1"
        config.Voila.port = APP_PORT
        config.VoilaConfiguration.progressive_rendering = True
        config.VoilaConfiguration.show_tracebacks = True
        config.VoilaConfiguration.prelaunch_hook = hide_exercises
        # Voila keeps a lesson's kernel after its page is closed: stop it once it
        # has had no page connected and no activity for 5 minutes.
        config.MappingKernelManager.cull_idle_timeout = 300
        config.MappingKernelManager.cull_interval = 60
        LessonsApp.launch_instance([str(NOTEBOOKS), *argv], config=config)
    return 0


def main(argv):
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "lab":
        ensure_venv()
        command_line = lab_command(take_presentation(rest))
        os.execv(command_line[0], command_line)
    elif command == "app":
        ensure_venv("app")
        command_line = app_command(take_presentation(rest))
        os.execv(command_line[0], command_line)
    elif command == "app-server":  # inside .venv, after `app` set it up
        return serve_app(take_presentation(rest))
    elif command == "test":
        ensure_venv("test")
        ensure_browser()
        env = testing_environment(os.environ, find_browser())
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    else:
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

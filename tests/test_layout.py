"""The layout's rules (nnviz/lessons/__init__.py, ../shared/style.md section 2.1).

- imports go one way: nn <- lesson experiments <- views <- panels <- notebooks;
- nn imports no matplotlib, ipywidgets, plots, widgets, lessons or playground;
- a lesson's experiments import no matplotlib or ipywidgets; no lesson imports another;
- every public builder of every panels module is `nv.<name>`, and every `nv.<name>`
  a notebook uses exists;
- no public function or class name is defined twice, so `nv.<name>` means one thing.
"""

import ast
import collections
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nnviz as nv

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnviz"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def dotted(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path):
    """Every module name `path` imports (absolute), inside functions too."""
    tree = ast.parse(path.read_text())
    package = (
        dotted(path) if path.name == "__init__.py" else dotted(path).rpartition(".")[0]
    )
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def kind(module):
    """nn, data, plots, widgets, playground; a lesson's experiments, views, panels."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] == "lessons":
        leaf = parts[-1]
        if len(parts) == 3:
            return "lessons-init"
        return (
            "views"
            if leaf.endswith("views")
            else "panels"
            if leaf.endswith("panels")
            else "experiments"
        )
    return parts[1] if len(parts) > 1 else "top"


FORBIDDEN = {
    # kind: module prefixes it must never import
    "nn": (
        "matplotlib",
        "ipywidgets",
        "nnviz.plots",
        "nnviz.widgets",
        "nnviz.lessons",
        "nnviz.playground",
        "nnviz.data",
        "nnviz.exercises",
    ),
    "data": (
        "matplotlib",
        "ipywidgets",
        "nnviz.plots",
        "nnviz.widgets",
        "nnviz.lessons",
        "nnviz.playground",
    ),
    "experiments": (
        "matplotlib",
        "ipywidgets",
        "nnviz.plots",
        "nnviz.widgets",
        "nnviz.playground",
    ),
    "views": ("ipywidgets", "nnviz.widgets", "nnviz.playground"),
    "plots": ("ipywidgets", "nnviz.widgets", "nnviz.lessons", "nnviz.playground"),
    "widgets": ("nnviz.lessons", "nnviz.playground"),
    "playground": ("nnviz.lessons",),
}


def lesson_of(module):
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "lessons" else None


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_one_way(path):
    module = dotted(path)
    own_kind, own_lesson = kind(module), lesson_of(module)
    for imported in imports_of(path):
        for prefix in FORBIDDEN.get(own_kind, ()):
            assert not (imported == prefix or imported.startswith(prefix + ".")), (
                f"{module} ({own_kind}) imports {imported}"
            )
        other = lesson_of(imported)
        if other and own_lesson:
            assert other == own_lesson, f"lesson {own_lesson} imports lesson {other}"
            later = {"experiments": ("views", "panels"), "views": ("panels",)}
            assert kind(imported) not in later.get(own_kind, ()), (
                f"{module} ({own_kind}) imports {imported} ({kind(imported)})"
            )


@pytest.mark.parametrize(
    "code",
    [
        "import nnviz.nn",
        "import nnviz.data",
        *[
            f"import nnviz.lessons.{p.parent.name}.{p.stem}"
            for p in sorted(PACKAGE.glob("lessons/*/*.py"))
            if kind(dotted(p)) == "experiments"
        ],
    ],
)
def test_network_and_experiments_load_without_matplotlib_or_ipywidgets(code):
    check = (
        f"import sys; {code}; "
        "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nv_names_come_from_their_listed_module_only():
    # nnviz/__init__.py lists every lazily loaded name with its module; nothing is
    # searched for, so a name that is not listed is an AttributeError.
    with pytest.raises(AttributeError):
        nv.__getattr__("space_distortion_explorer_that_does_not_exist")
    for name, module in nv._WHERE.items():
        value = getattr(importlib.import_module(module), name)
        assert getattr(nv, name) is value
        defined_in = getattr(value, "__module__", module)
        assert defined_in == module, (
            f"nv.{name} is listed in {module}, defined in {defined_in}"
        )


def test_nn_stays_small():
    modules = [p for p in (PACKAGE / "nn").glob("*.py") if p.name != "__init__.py"]
    # "At most about 20": one idea a module, and a folder a learner can read whole.
    assert len(modules) <= 22, sorted(p.name for p in modules)


def public_definitions(path):
    tree = ast.parse(path.read_text())
    return [
        n.name
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")
    ]


def test_every_panel_builder_is_exported():
    missing = []
    for path in sorted(PACKAGE.glob("lessons/*/*panels.py")):
        module = importlib.import_module(dotted(path))
        for name in public_definitions(path):
            if getattr(nv, name, None) is not getattr(module, name):
                missing.append(f"{dotted(path)}.{name}")
    assert not missing, missing


def notebook_names():
    names = collections.defaultdict(set)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            for name in re.findall(r"\bnv\.([A-Za-z_]\w*)", "".join(cell["source"])):
                names[name].add(nb.name)
    return names


def test_every_name_the_notebooks_use_exists():
    missing = {
        n: sorted(nbs) for n, nbs in notebook_names().items() if not hasattr(nv, n)
    }
    assert not missing, missing


# Module-level lookups by name (`initializers.get("he_normal")`, `losses.get(...)`)
# share one name on purpose: each is reached through its module, never as nv.get.
SHARED_ON_PURPOSE = {"get"}


def test_no_public_name_is_defined_twice():
    where = collections.defaultdict(list)
    for path in MODULES:
        for name in public_definitions(path):
            where[name].append(dotted(path))
    twice = {
        n: m for n, m in where.items() if len(m) > 1 and n not in SHARED_ON_PURPOSE
    }
    assert not twice, twice


def test_nv_names_are_bound_once():
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    bound = collections.Counter()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            bound.update(alias.asname or alias.name for alias in node.names)
    bound.update(name for names in nv._LAZY.values() for name in names)
    assert [n for n, count in bound.items() if count > 1] == []

"""`nv.<name>` means one thing: no public name is bound twice.

`nnviz.core`, `nnviz.plots` and `nnviz.widgets` gather their modules' names in
their __init__ files, partly by star-imports, and `nv.<name>` looks in core,
then plots, then widgets. A name defined in two modules would silently hide
one of them: lesson 9's batch-size panel once replaced lesson 1's under the
same name, and lesson 1 showed the wrong panel under its own prose.
"""

import ast
import importlib
import itertools
import types
from pathlib import Path

import pytest

PACKAGES = ("nnviz.core", "nnviz.plots", "nnviz.widgets")


def bound_names(package):
    """(name, object, module) for every name the package's __init__ imports."""
    init = importlib.import_module(package)
    tree = ast.parse(Path(init.__file__).read_text())
    found = []
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and node.level == 1 and node.module):
            continue
        module = importlib.import_module(f"{package}.{node.module}")
        for alias in node.names:
            if alias.name == "*":
                names = getattr(module, "__all__", None) or [
                    n for n in vars(module) if not n.startswith("_")]
                found += [(n, getattr(module, n), node.module) for n in names]
            else:
                found.append((alias.asname or alias.name,
                              getattr(module, alias.name), node.module))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_name_is_imported_twice_for_different_things(package):
    first = {}
    for name, value, module in bound_names(package):
        if name in first:
            assert first[name][0] is value, (
                f"{package}.{name} comes from both .{first[name][1]} and .{module}")
        first.setdefault(name, (value, module))


def test_core_plots_and_widgets_do_not_hide_each_others_names():
    public = {}
    for package in PACKAGES:
        module = importlib.import_module(package)
        public[package] = {n: getattr(module, n) for n in dir(module)
                           if not n.startswith("_")
                           and not isinstance(getattr(module, n), types.ModuleType)}
    for a, b in itertools.combinations(PACKAGES, 2):
        for name in public[a].keys() & public[b].keys():
            assert public[a][name] is public[b][name], f"{name} in {a} and {b}"

"""nnviz: see how neural networks work, one slider at a time.

    import nnviz as nv
    model = nv.mlp([2, 4, 1], "tanh", output="sigmoid", rng=rng)

`nnviz.core` is the numpy network (no plotting); `nnviz.plots` draws it with
matplotlib; `nnviz.widgets` wires plots to ipywidgets controls. Every public
name of the three is available as `nv.<name>`. The plotting names are loaded
on first use, so `import nnviz.core` alone never imports matplotlib.
"""

import importlib
import types

from . import core, data, exercises
from .core import *  # noqa: F403
from .core.threads import default_threads as _default_threads

__version__ = "0.1.0"

core.set_threads(_default_threads())

_LAZY_SUBPACKAGES = ("plots", "widgets")


def __getattr__(name):
    # Called only for names not found above: look in plots, then widgets.
    if not name.startswith("_"):
        for sub in _LAZY_SUBPACKAGES:
            module = importlib.import_module(f"{__name__}.{sub}")
            value = getattr(module, name, None)
            # Skip submodules: once nnviz.plots.playground is imported it is an
            # attribute of nnviz.plots and would hide the function widgets.playground.
            if value is not None and not isinstance(value, types.ModuleType):
                return value
    raise AttributeError(f"module 'nnviz' has no attribute {name!r}")


def __dir__():
    names = set(globals())
    for sub in _LAZY_SUBPACKAGES:
        names.update(n for n in dir(importlib.import_module(f"{__name__}.{sub}"))
                     if not n.startswith("_"))
    return sorted(names)

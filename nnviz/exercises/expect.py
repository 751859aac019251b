"""Checked facts in lesson cells that report instead of raising at a learner.

    nv.expect(relu_loss < tanh_loss, "ReLU ends with the lower loss",
              otherwise="this check was written for lr = 0.1")

prints "✓ ReLU ends with the lower loss" when the condition holds. When it does
not, a learner (who may have changed a setting to see what happens) reads a
plain "✗ ..." line and the notebook goes on; under the test suite (strict mode)
the same line raises ExpectationFailed, so a fact a lesson states is still
checked in CI.

Strict mode is on when the environment variable NNVIZ_STRICT is set to anything
but "" or "0" (the test command sets it; notebook kernels inherit it), or after
strict(True).
"""

from __future__ import annotations

import os

import numpy as np

_STRICT: list[bool | None] = [None]  # None: follow NNVIZ_STRICT


class ExpectationFailed(AssertionError):
    """A fact a lesson states did not hold (raised in strict mode only)."""


def strict(on: bool | None = True) -> None:
    """Turn strict mode on or off for this session; None follows NNVIZ_STRICT."""
    _STRICT[0] = on


def is_strict() -> bool:
    if _STRICT[0] is not None:
        return _STRICT[0]
    return os.environ.get("NNVIZ_STRICT", "") not in ("", "0")


def expect(condition, what: str, *, otherwise: str = "") -> None:
    """Report whether `condition` (one True/False) holds; `what` says in words
    what was expected, `otherwise` what a learner may have changed to make it
    fail. Prints a ✓ or ✗ line, or raises ExpectationFailed in strict mode.
    Returns None (a cell ending in expect() shows only the line).
    """
    if np.ndim(condition) != 0:
        raise TypeError(f"expect() needs one True or False, got an array of shape "
                        f"{np.shape(condition)}: wrap it in np.all(...) or "
                        "np.any(...)")
    if bool(condition):
        print(f"✓ {what}")
        return
    line = f"✗ Expected: {what}. Not so in this run." + (f" {otherwise}" if otherwise
                                                         else "")
    if is_strict():
        raise ExpectationFailed(line)
    print(line)

"""One BLAS thread by default.

The lessons train inside a kernel while a browser draws on the same machine.
On a shared two-core machine two BLAS threads were measured to collapse
throughput, so nnviz asks BLAS for one thread when it is imported. Call
`set_threads(n)` to change that (for example in a benchmark).
"""

from __future__ import annotations

import os

_limiter = None


def set_threads(n: int | None = 1):
    """Limit BLAS (the library behind numpy's matmul) to `n` threads; None lifts the
    limit."""
    global _limiter
    from threadpoolctl import threadpool_limits

    if _limiter is not None:
        _limiter.restore_original_limits()
        _limiter = None
    if n is not None:
        _limiter = threadpool_limits(limits=int(n), user_api="blas")


def default_threads() -> int:
    """NNVIZ_THREADS from the environment, else 1."""
    return int(os.environ.get("NNVIZ_THREADS", "1"))

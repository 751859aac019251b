"""Work that can wait a moment: done once, after the last of a burst of slider moves.

A slider answers at once with what the learner watches (the boundary, the
weight being edited), and asks for the rest (the space view, a network diagram
of a new shape) to be done a moment later:

    later = Later(bring_views_up_to_date, delay=0.15)
    later.request()        # in a slider callback: returns at once
    later.flush()          # anything that needs every view now (a frame, a test)

In a notebook the kernel runs an event loop (asyncio): `request` asks it to
call the function `delay` seconds from now. A newer request replaces the
older one, so dragging a slider through ten values does the work once, after
the drag, and never queues ten stale runs. Without a running event loop (a
plain script, a test), `request` does the work at once: nothing is ever left
undone.

Everything waiting in any `Later` can be done at once with `Later.flush_all()`
(a benchmark times the first answer, then the rest).
"""

from __future__ import annotations

import asyncio
import weakref


class Later:
    """Call `work()` once, `delay` seconds after the last `request()`.

    work: a function of no arguments (errors are the caller's: wrap it, e.g.
    with the panel's error reporting, before passing it). delay: seconds.
    Attribute to read: pending (True while work waits for its turn).
    """

    _all: weakref.WeakSet = weakref.WeakSet()

    def __init__(self, work, delay=0.15):
        self.work, self.delay = work, float(delay)
        self._handle, self.pending = None, False
        Later._all.add(self)

    def request(self):
        """Do the work a moment from now (at once if no event loop runs)."""
        self.cancel()
        self.pending = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop: a script or a test
            self.flush()
            return
        self._handle = loop.call_later(self.delay, self.flush)

    def cancel(self):
        """Forget the waiting work (nothing runs)."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle, self.pending = None, False

    def flush(self):
        """Do the waiting work now, if any. Returns True if there was some."""
        if not self.pending:
            return False
        self.cancel()
        self.work()
        return True

    @classmethod
    def flush_all(cls) -> int:
        """Do the waiting work of every Later now; returns how many had some."""
        return sum(later.flush() for later in list(cls._all))

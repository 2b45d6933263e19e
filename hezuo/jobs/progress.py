"""How long work reports progress and hears that it should stop — plain Python, so the code that
does the work (binder assembly, an Excel import) needs nothing else from the job runner."""

from __future__ import annotations

from collections.abc import Callable

# Called with a percentage and a line for the log (or ""); returning False asks the work to
# stop at this safe point.
Progress = Callable[[int, str], bool]


class Cancelled(Exception):
    """The work stopped at a safe point because cancelling was asked for; nothing it made is
    kept."""

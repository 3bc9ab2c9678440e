"""The application layer: studylog's workflows written once, for the shell (studylog/cli) and the app
(studylog/tui). A front end parses what the person asked, calls a function here, and shows the result.

One module per feature (``records``: add, get, edit, delete and undo of any kind of record; ``writing``,
``workouts``, ``reading``, ``resources``, ``goals``, ``reviews``, ``imports``, ``transfer``, ``search``,
``dashboard``, ``feeds``, ``admin``). Every function takes the database it works on first: anything with
a ``clock`` and a ``connection()`` context manager (the shell's ``Context``, the app's ``Session``), so
"today" always comes from the injected clock and each call opens and closes its own connection.

Standard library only at import time, like the services (the quick commands' start-up budget).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import sqlite3

    from studylog.clock import Clock


class Database(Protocol):
    """Where a workflow reads and writes: the shell's Context and the app's Session are both one."""

    @property
    def clock(self) -> Clock: ...

    def connection(self) -> AbstractContextManager[sqlite3.Connection]: ...


Rows = Callable[[int], None]
"""``progress(n)``: n rows stored so far (it may raise Cancelled: what was begun is rolled back)."""

"""The database as a whole: a session for a long-running front end, the demo, the check, the index."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from studylog.clock import Clock
    from studylog.services.dbcheck import CheckReport

from studylog.db.errors import DatabaseError  # (what a session's calls raise: a one-line message to show)
from studylog.services.session import Session  # (what session() gives; the front ends type with it)

__all__ = ["DatabaseError", "Session", "check", "make_demo", "session"]


def session(path: Path, clock: Clock) -> Session:
    """The database at ``path`` for a front end that stays open (the app): each call of the application
    layer on it opens a short connection of its own, from any thread."""
    return Session(path, clock)


def make_demo(path: Path, clock: Clock, *, years: int = 1, seed: int = 7) -> tuple[int, int]:
    """A demo database of ``years`` years ending today, at ``path``, whole or not at all; (writing
    entries, workouts) made."""
    from studylog.services.session import make_demo as make

    return make(path, clock, years=years, seed=seed)


def check(path: Path, *, today: date | None = None) -> CheckReport:
    """``studylog db check``: SQLite's own checks, the schema against the models, every stored value."""
    from studylog.services.dbcheck import check as run

    return run(path, today=today)

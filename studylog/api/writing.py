"""Daily writing: the entries, the streak and the challenge, the words of each day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import sqlite3

    from studylog.api import Database
    from studylog.domain.values import NewWriting, StreakSummary, WritingEntry


class Streak(NamedTuple):
    summary: StreakSummary
    words_today: int


def entries(db: Database, *, since: date | None = None, until: date | None = None, limit: int | None = 1000,
            offset: int = 0) -> list[WritingEntry]:
    """The entries, newest first (between two days when given)."""
    from studylog.services import writing

    with db.connection() as conn:
        return writing.list_entries(conn, since=since, until=until, limit=limit, offset=offset)


def count(db: Database) -> int:
    from studylog.services import writing

    with db.connection() as conn:
        return writing.count(conn)


def log(db: Database, new: NewWriting, *, challenge_days: int | None = None) -> tuple[WritingEntry, Streak]:
    """Store a day's writing (a challenge named for the first time with its length in days), and the
    streak it makes: the current streak and the challenge's day (its ``longest`` is left out, NO_STREAK,
    so that logging costs the same whatever the length of the history; ``streak`` has it)."""
    from studylog.services import writing

    today = db.clock.today()
    with db.connection() as conn:
        entry = writing.add(conn, new, now=db.clock.now(), today=today, challenge_days=challenge_days)
        return entry, _streak(conn, today, longest=False)


def streak(db: Database) -> Streak:
    """The current and longest streaks, the challenge's day, and the words written today."""
    with db.connection() as conn:
        return _streak(conn, db.clock.today())


def _streak(conn: sqlite3.Connection, today: date, *, longest: bool = True) -> Streak:
    from studylog.services import writing

    return Streak(writing.streak(conn, today, longest=longest), writing.week_totals(conn, today, today)[1])


def words_by_day(db: Database, year: int) -> dict[date, int]:
    """Words written on each day of a year (the calendar of writing days)."""
    from studylog.services import writing

    with db.connection() as conn:
        return writing.words_by_day(conn, date(year, 1, 1), date(year, 12, 31))

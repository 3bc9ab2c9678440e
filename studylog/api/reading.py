"""The reading list: books, papers, articles and newsletters, and what is done with them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import ReadingItem

ACTIONS = ("start", "finish", "abandon", "rate")


def items(db: Database, *, status: str | None = None, kind: str | None = None, year: int | None = None,
          limit: int | None = 1000, offset: int = 0) -> list[ReadingItem]:
    """Reading first, then to-read, then the rest; newest activity first within each."""
    from studylog.services import reading

    with db.connection() as conn:
        return reading.list_items(conn, status=status, kind=kind, year=year, limit=limit, offset=offset)


def count(db: Database, *, status: str | None = None, kind: str | None = None, year: int | None = None) -> int:
    """How many items (of a status, kind or year when given)."""
    from studylog.services import reading

    with db.connection() as conn:
        if status is None and kind is None and year is None:
            return reading.count(conn)
        return len(reading.list_items(conn, status=status, kind=kind, year=year))


def find(db: Database, ref: str) -> ReadingItem:
    """One item by id, by exact title (any case) or by a unique part of its title (NotFound; Ambiguous
    with the matches)."""
    from studylog.services import reading

    with db.connection() as conn:
        return reading.find(conn, ref)


def act(db: Database, item: ReadingItem, action: str, *, day: date | None = None, rating: float | None = None,
        review: str | None = None) -> ReadingItem:
    """Start, finish, abandon or rate an item, on ``day`` (today when not given)."""
    from studylog.limits import check_day
    from studylog.services import reading

    day = day or db.clock.today()
    check_day(day, db.clock.today(), "it")
    now = db.clock.now()
    with db.connection() as conn:
        if action == "start":
            return reading.start(conn, item.id, day, now=now)
        if action == "finish":
            return reading.finish(conn, item.id, day, now=now, rating=rating, review=review)
        if action == "abandon":
            return reading.abandon(conn, item.id, day, now=now)
        if action == "rate":
            return reading.update(conn, item.id, {"rating": rating}, now=now)
    raise ValueError(f"unknown reading action {action!r}")

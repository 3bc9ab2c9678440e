"""Workouts: the list, the records and best efforts, progress in words, training weeks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import Records, WeekTotal, Workout


def workouts(db: Database, *, since: date | None = None, until: date | None = None, sport: str | None = None,
             limit: int | None = 1000, offset: int = 0) -> list[Workout]:
    """The workouts, newest first (between two days, of one sport, when given)."""
    from studylog.services import workouts as service

    with db.connection() as conn:
        return service.list_workouts(conn, since=since, until=until, sport=sport, limit=limit, offset=offset)


def count(db: Database) -> int:
    from studylog.services import workouts as service

    with db.connection() as conn:
        return service.count(conn)


def records(db: Database, sport: str) -> Records:
    """A sport's records: longest, fastest over each distance, biggest week."""
    from studylog.services import workouts as service

    with db.connection() as conn:
        return service.records(conn, sport)


def progress(db: Database, sports: tuple[str, ...], *, weeks: int, week_start: int, units: str,
             named: bool = False) -> dict[str, list[str]]:
    """Progress in words over the last ``weeks`` weeks, for each of ``sports`` done in them ("Longest run
    went from 5.0 km to 13.0 km"); a sport ``named`` by the person is there even when it was not done."""
    from studylog.reports.progress import sentences
    from studylog.services import workouts as service

    today = db.clock.today()
    since = today - timedelta(weeks=weeks)
    with db.connection() as conn:
        done = {sport: service.window(conn, sport, since=since, until=today) for sport in sports}
        return {sport: sentences(sport, rows, service.firsts(conn, sport), today=today, weeks=weeks,
                                 week_start=week_start, units=units)
                for sport, rows in done.items() if rows or named}


def training(db: Database, sport: str, *, weeks: int = 12, week_start: int = 0) -> tuple[Records, list[WeekTotal]]:
    """A sport's records, and its totals for each of the last ``weeks`` weeks (empty weeks included)."""
    from studylog.domain.values import WeekTotal
    from studylog.services import workouts as service
    from studylog.weeks import week_containing

    today = db.clock.today()
    first = week_containing(today, week_start) - timedelta(weeks=weeks - 1)
    with db.connection() as conn:
        found = service.records(conn, sport)
        totals = {w.week_start: w for w in service.weekly_totals(conn, sport, since=first, until=today,
                                                                 week_start=week_start)}
    every = [totals.get(first + timedelta(weeks=n), WeekTotal(first + timedelta(weeks=n), 0, 0.0, 0.0))
             for n in range(weeks)]
    return found, every


def busiest_sport(db: Database, *, days: int = 84) -> str | None:
    """The sport done most often lately (what the workouts screen shows first)."""
    from studylog.services import workouts as service

    today = db.clock.today()
    with db.connection() as conn:
        counts = service.week_by_sport(conn, today - timedelta(days=days), today)
    return counts[0].sport if counts else None

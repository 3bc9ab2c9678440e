"""Weeks: the one place that says on which day a week begins (standard library only)."""

from __future__ import annotations

from datetime import date, timedelta


def week_containing(day: date, week_start: int = 0) -> date:
    """The first day of the week holding ``day`` (weeks start on ``week_start``: 0 Monday ... 6 Sunday,
    as ``date.weekday()`` counts)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)

"""Streaks over days: pure functions, no database, no clock (``today`` is passed in)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from studylog.domain.values import Streak

NO_STREAK = Streak(days=0, start=None, end=None)


def runs(done: Iterable[date], skipped: Iterable[date] = (), until: date | None = None) -> list[Streak]:
    """Every run of consecutive days, oldest first. A skipped day bridges two done days without
    counting; a run is counted in done days and spans its first to its last done day."""
    done_set = {d for d in done if until is None or d <= until}
    covered = sorted(done_set | {d for d in skipped if until is None or d <= until})
    found: list[Streak] = []
    count, start, end, previous = 0, None, None, None
    for day in covered:
        if previous is not None and (day - previous).days != 1:
            if count:
                found.append(Streak(count, start, end))
            count, start, end = 0, None, None
        if day in done_set:
            count += 1
            start = start or day
            end = day
        previous = day
    if count:
        found.append(Streak(count, start, end))
    return found


def current_and_longest(done: Iterable[date], skipped: Iterable[date], today: date) -> tuple[Streak, Streak]:
    """The streak still alive today (it may end yesterday: today is not over) and the longest one.

    Days after ``today`` are ignored. Ties for the longest go to the most recent run.
    """
    skipped = set(skipped)
    all_runs = runs(done, skipped, until=today)
    if not all_runs:
        return NO_STREAK, NO_STREAK
    longest = max(reversed(all_runs), key=lambda r: r.days)
    last = all_runs[-1]
    # The run is alive if every day from its end up to yesterday was skipped.
    day = last.end + timedelta(days=1) if last.end else today
    while day < today and day in skipped:
        day += timedelta(days=1)
    current = last if day >= today else NO_STREAK
    return current, longest


_LENGTH_RE = re.compile(r"(\d+)\s*-?\s*days?", re.IGNORECASE)
_FOR_RE = re.compile(r"\b(\d+)\s+for\s+(\d+)\b", re.IGNORECASE)
MAX_CHALLENGE_DAYS = 3660


def challenge_length(name: str) -> int | None:
    """'30-day essays' -> 30, '#100DaysOfCode' -> 100, 'Ship 30 for 30' -> 30, 'NaNoWriMo' -> None."""
    for pattern in (_LENGTH_RE, _FOR_RE):
        match = pattern.search(name)
        if match:
            days = int(match[match.lastindex or 1])
            if 0 < days <= MAX_CHALLENGE_DAYS:
                return days
    return None

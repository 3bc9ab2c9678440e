"""The one source of "today" and "now".

Nothing deep in the code calls ``date.today()``: a Clock is passed in. ``STUDYLOG_TODAY=YYYY-MM-DD``
fixes the date for a whole process (used by tests, snapshots and recorded demos).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, tzinfo


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        """The current moment, UTC-aware."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date on the user's wall calendar."""
        return datetime.now().astimezone().date()

    def zone(self) -> tzinfo:
        """The user's time zone: imported workouts are placed on the days of this calendar."""
        return datetime.now().astimezone().tzinfo or UTC


class FixedClock(Clock):
    """A clock stopped on one day (at noon UTC unless told otherwise)."""

    def __init__(self, day: date, at: time = time(12, 0), zone: tzinfo = UTC) -> None:
        self.day = day
        self.at = at
        self._zone = zone

    def __repr__(self) -> str:
        return f"FixedClock({self.day.isoformat()})"

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at, tzinfo=UTC)

    def today(self) -> date:
        return self.day

    def zone(self) -> tzinfo:
        return self._zone


def clock_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> Clock:
    env = os.environ if environ is None else environ
    fixed = env.get("STUDYLOG_TODAY")
    if fixed:
        return FixedClock(date.fromisoformat(fixed))
    return Clock()

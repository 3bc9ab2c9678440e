"""The one source of "today" and "now".

Nothing deep in the code calls ``date.today()``: a Clock is passed in. ``STUDYLOG_TODAY=YYYY-MM-DD``
fixes the date for a whole process (used by tests, snapshots and recorded demos).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        """The current moment, UTC-aware."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date on the user's wall calendar (from the C library's local time, which copes with any
        TZ value; datetime's astimezone refuses offsets of a day or more, such as TZ=XYZ+24:00)."""
        import time as _time

        return date(*_time.localtime()[:3])

    def zone(self) -> tzinfo:
        """The user's time zone, with its rules: imported workouts are placed on the days of this calendar,
        at the offset in force at their own instant (summer time for a July run imported in December)."""
        return LOCAL


class FixedClock(Clock):
    """A clock stopped on one day (at noon UTC unless told otherwise)."""

    def __init__(self, day: date, at: time = time(12, 0), zone: tzinfo | None = None) -> None:
        self.day = day
        self.at = at
        self._zone = UTC if zone is None else zone

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
        from studylog.limits import FIRST_YEAR, LAST_YEAR

        day = date.fromisoformat(fixed)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # (as a typed date: reviews reach years either side of it)
            raise ValueError(f"STUDYLOG_TODAY {fixed} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return FixedClock(day, zone=LOCAL)  # the date is fixed, the zone is the user's
    return Clock()


class LocalZone(tzinfo):
    """The process's local time zone (``TZ``, else the system's), asked at each instant: a fixed offset
    taken from "now" would put a July run imported in December an hour off in Berlin."""

    def _offset_at(self, timestamp: float) -> timedelta:
        import time as _time

        try:
            offset = timedelta(seconds=_time.localtime(timestamp).tm_gmtoff)
        except (OverflowError, OSError, ValueError):  # outside what the platform's clock can say
            offset = timedelta(seconds=_time.localtime().tm_gmtoff)
        # a TZ such as XYZ+24:00 gives an offset no datetime takes (a day or more): read it as UTC
        return offset if abs(offset) < timedelta(hours=24) else timedelta(0)

    def fromutc(self, dt: datetime) -> datetime:
        moment = dt.replace(tzinfo=None)
        try:
            stamp = (moment - datetime(1970, 1, 1)).total_seconds()
        except OverflowError:
            stamp = 0.0
        try:
            return dt + self._offset_at(stamp)
        except OverflowError:  # the first or last day a datetime can hold
            return dt

    def utcoffset(self, dt: datetime | None) -> timedelta:
        import time as _time

        if dt is None:
            return self._offset_at(_time.time())
        try:
            stamp = _time.mktime((*dt.replace(tzinfo=None).timetuple()[:8], -1))
        except (OverflowError, OSError, ValueError):
            return self._offset_at(_time.time())
        return self._offset_at(stamp)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        import time as _time

        return _time.strftime("%Z", _time.localtime())

    def __repr__(self) -> str:
        return "LocalZone()"


LOCAL = LocalZone()

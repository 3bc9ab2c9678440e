"""What is plausible: one table of limits, shared by everything typed (shell, quick add, forms) and every
importer (GPX, TCX, FIT, Strava, Goodreads, StoryGraph, JSON). A value outside it is refused with one
line saying what was read and why; nothing is stored.

The speeds are world records with a margin: no person runs 5 km faster than 6.7 m/s (the record is
12:35, 6.6 m/s). A workout whose average is faster than the record envelope at its distance is a typo
or a broken file, and so is a best effort faster than it. ``top_speed`` is the fastest a track point may
move away from the one before it (a sprinter's peak, a cyclist downhill): GPS points beyond it are
glitches and are dropped before best efforts are measured.

Pure and small: the standard library only, as it is on the quick commands' path.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

FIRST_YEAR, LAST_YEAR = 1900, 2100
FIRST_DAY = date(FIRST_YEAR, 1, 1)  # writing, reading, resources: old history may be typed in
# No watch, phone or GPS file predates 1970: an earlier time stamp is a clock error (1901-12-13 is what a
# 32-bit clock at its lowest reads), and a workout typed in is held to the same.
FIRST_WORKOUT_DAY = date(1970, 1, 1)
MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_LIST_LIMIT = 10_000_000  # --limit
MAX_WORDS = 500_000  # words in one writing entry (a day's writing)
MAX_PAGES = 100_000
MAX_STUDY_S = 24 * 3600  # one study session: at most a day
MAX_QUERY_BYTES = 10_000  # a name or topic looked for (SQLite refuses LIKE patterns past 50,000 bytes)
HEART_RATE = (20, 250)  # average beats per minute
MAX_ELEVATION_GAIN_M = 50_000.0
POOL_LENGTH_M = (5.0, 100.0)
MAX_LENGTHS = 10_000  # lengths of a pool in one swim


class Implausible(ValueError):
    """A value no person could have logged. The message is one line, ready to print."""


class SportLimits(NamedTuple):
    top_speed: float  # m/s a track point may move at (beyond: a GPS glitch)
    max_distance_m: float | None  # in one session; None: a sport without distance
    max_duration_s: float
    # (from this distance in metres, the fastest average speed in m/s over it), shortest first
    record_speeds: tuple[tuple[float, float], ...] = ()


DAY = 24 * 3600.0
SPORT_LIMITS: dict[str, SportLimits] = {
    "run": SportLimits(12.5, 350_000.0, 10 * DAY, (
        (100.0, 10.5), (400.0, 9.3), (1000.0, 7.7), (1609.344, 7.3), (5000.0, 6.7), (10000.0, 6.45),
        (21097.5, 6.2), (42195.0, 5.9), (100_000.0, 5.0))),
    "walk": SportLimits(5.0, 350_000.0, 10 * DAY, ((1000.0, 4.6),)),
    "hike": SportLimits(6.0, 350_000.0, 10 * DAY, ((1000.0, 5.0),)),
    "swim": SportLimits(3.0, 100_000.0, 2 * DAY, ((50.0, 2.5), (100.0, 2.2), (400.0, 1.9), (1500.0, 1.8),
                                                  (10000.0, 1.6))),
    "ride": SportLimits(35.0, 1_500_000.0, 10 * DAY, ((1000.0, 25.0), (100_000.0, 18.0))),
    "strength": SportLimits(0.0, None, DAY),
    "yoga": SportLimits(0.0, None, DAY),
    "other": SportLimits(40.0, 2_000_000.0, 10 * DAY, ((1000.0, 40.0),)),
}
MIN_DISTANCE_M, MIN_DURATION_S = 1.0, 1.0  # less is a typo ("0.0000001m"), never a workout


def record_speed(sport: str, distance_m: float) -> float | None:
    """The fastest average speed (m/s) anyone holds over ``distance_m`` in this sport, with a margin: the
    table's points, and between two of them a line in the distance's logarithm (so 999 m is held to
    about the 1 km record, not the 400 m one); before the first point its speed, after the last its speed."""
    import math

    limits = SPORT_LIMITS.get(sport)
    if limits is None or not limits.record_speeds:
        return None
    points = limits.record_speeds
    if distance_m <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if distance_m <= d1:
            share = (math.log(distance_m) - math.log(d0)) / (math.log(d1) - math.log(d0))
            return v0 + (v1 - v0) * share
    return points[-1][1]


def _km(metres: float, sport: str = "run") -> str:
    if metres >= 1e9:
        return "more than 1,000,000 km"
    if sport == "swim" or metres < 1000:
        return f"{metres:,.0f} m"
    return f"{metres / 1000:,.2f} km"


_VERB = {"run": "runs", "walk": "walks", "hike": "hikes", "swim": "swims", "ride": "rides"}
_NOUN = {"strength": "strength session", "yoga": "yoga session", "other": "workout"}


def _a(sport: str) -> str:
    """'a run', 'a yoga session', 'a workout'."""
    return f"a {_NOUN.get(sport, sport)}"


def _clock(seconds: float, precise: bool = False) -> str:
    if seconds >= 1e9:
        return "more than 30 years"
    if precise:
        minutes, rest = divmod(seconds, 60)
        return f"{int(minutes)}:{rest:04.1f}"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _speed(sport: str, metres_per_second: float, *, precise: bool = False) -> str:
    if sport == "swim":
        return f"{_clock(100 / metres_per_second, precise)} /100m"
    if sport in ("ride", "other"):
        return f"{metres_per_second * 3.6:,.{2 if precise else 1}f} km/h"
    return f"{_clock(1000 / metres_per_second, precise)} /km"


def workout_problem(sport: str, distance_m: float | None, duration_s: float | None) -> str | None:
    """Why a workout with these numbers cannot be real ("a run of 5.00 km in 2:30 is 0:30 /km: faster
    than anyone runs 5.00 km (at best 2:29 /km)"), or None when it can."""
    limits = SPORT_LIMITS.get(sport)
    if limits is None:
        return f"unknown sport {sport!r}"
    for name, value in (("distance", distance_m), ("duration", duration_s)):
        if value is not None and value != value:  # NaN
            return f"a {name} that is not a number"
        if value is not None and value < 0:
            return f"a negative {name} ({value:g} {'m' if name == 'distance' else 's'})"
        if value is not None and value == float("inf"):
            return f"an endless {name}"
    if distance_m and limits.max_distance_m is None:
        return f"{_a(sport)} has no distance (log it as other: studylog log other 45min --distance 5k)"
    if distance_m is not None and 0 < distance_m < MIN_DISTANCE_M:
        return f"{_a(sport)} of {distance_m:.2g} m, less than a metre"
    if duration_s is not None and 0 < duration_s < MIN_DURATION_S:
        return f"{_a(sport)} of {duration_s:.2g} s, less than a second"
    if distance_m and limits.max_distance_m is not None and distance_m > limits.max_distance_m:
        return f"{_a(sport)} of {_km(distance_m, sport)}, longer than anyone goes in one session (at most " \
               f"{_km(limits.max_distance_m, sport)})"
    if duration_s is not None and duration_s > limits.max_duration_s:
        return f"{_a(sport)} of {_clock(duration_s)}, longer than one session can be (at most " \
               f"{_clock(limits.max_duration_s)})"
    if distance_m and duration_s is not None and duration_s <= 0:
        return f"{_a(sport)} of {_km(distance_m, sport)} in no time"
    if distance_m and duration_s and limits.max_distance_m is not None:
        fastest = record_speed(sport, distance_m)
        speed = distance_m / duration_s
        if fastest is not None and speed > fastest:
            shown, best = _speed(sport, speed), _speed(sport, fastest)
            if shown == best:  # close to the limit: a second's tenth tells them apart
                shown, best = _speed(sport, speed, precise=True), _speed(sport, fastest, precise=True)
            return (f"{_a(sport)} of {_km(distance_m, sport)} in {_clock(duration_s)} ({shown}), "
                    f"faster than anyone {_VERB.get(sport, 'goes')} {_km(distance_m, sport)} (at best {best})")
    return None


def nothing_logged(sport: str, distance_m: float | None, duration_s: float | None) -> str | None:
    """Why a new workout holds nothing to count (neither a distance nor a time), or None. Not one of
    ``workout_problem``'s: a workout stored so before is no impossible one (`db check` leaves it), but none is
    stored so now (the shell asks for one of them; a form's Enter stored "a run" of nothing)."""
    return None if distance_m or duration_s else f"a {sport} needs a distance or a time"


def check_workout(sport: str, distance_m: float | None, duration_s: float | None) -> None:
    why = workout_problem(sport, distance_m, duration_s)
    if why:
        raise Implausible(f"{why}; check the numbers (nothing was stored)")


def day_problem(day: date, today: date, what: str = "it", *, workout: bool = False) -> str | None:
    """Why ``day`` cannot be the day something was done: after today, or before 1900 (1970 for a workout)."""
    if day > today:
        return f"{day.isoformat()} is after today ({today.isoformat()}): log {what} on the day it happened"
    earliest = FIRST_WORKOUT_DAY if workout else FIRST_DAY
    if day < earliest:
        return f"{day.isoformat()} is before {earliest.isoformat()}"
    return None


def check_day(day: date, today: date, what: str = "it", *, workout: bool = False) -> None:
    why = day_problem(day, today, what, workout=workout)
    if why:
        raise Implausible(why)


def number_problem(value: float | None, low: float, high: float, what: str, unit: str = "") -> str | None:
    if value is None:
        return None
    if value != value or not low <= value <= high:  # NaN fails both comparisons
        shown = f"{value:,}" if isinstance(value, int) and abs(value) < 10**30 else f"{value:.6g}"
        return f"{what} {shown}{unit} is outside {low:,g} to {high:,g}{unit}"
    return None


def check_number(value: float | None, low: float, high: float, what: str, unit: str = "") -> None:
    why = number_problem(value, low, high, what, unit)
    if why:
        raise Implausible(why)


def check_draft(draft: object, today: date) -> None:
    """A record typed in quick add or a form, checked as the shell checks it: its day, a workout's
    numbers, a word count. Raises Implausible."""
    day = getattr(draft, "day", None)
    sport = getattr(draft, "sport", None)
    if isinstance(day, date):
        check_day(day, today, f"a {sport}" if sport else "writing", workout=sport is not None)
    if sport is not None:
        check_workout(sport, getattr(draft, "distance_m", None), getattr(draft, "duration_s", None))
    words = getattr(draft, "words", None)
    if isinstance(words, int):
        check_number(words, 0, MAX_WORDS, "a word count of")

"""Progress in words ("Longest run went from 5.0 km to 13.0 km in 4 weeks"): pure functions over plain
values; ``today`` and the rows are passed in."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from studylog.domain.values import RecordEntry
from studylog.formatting import short_distance
from studylog.weeks import week_containing

VERBS = {"run": "Ran", "swim": "Swam", "ride": "Rode", "walk": "Walked", "hike": "Hiked",
         "strength": "Trained", "yoga": "Did yoga", "other": "Worked out"}
NOUNS = {"run": "run", "swim": "swim", "ride": "ride", "walk": "walk", "hike": "hike"}
# The firsts worth a sentence (standard distances; shorter ones are passed by nearly everyone early on).
MILESTONES = {"run": (5000.0, 10000.0, 21097.5, 42195.0), "walk": (21097.5, 42195.0),
              "hike": (21097.5, 42195.0), "swim": (1500.0,), "ride": (100000.0,)}
MILE = 1609.344



def first_week(today: date, weeks: int, week_start: int = 0) -> date:
    """The first day of the first of the last ``weeks`` weeks to ``today``: the firsts ``sentences`` can tell
    are those on or after it."""
    return week_containing(today, week_start) - timedelta(weeks=weeks - 1)


def short_day(day: date, today: date) -> str:
    return f"{day.day} {day.strftime('%b')}" + ("" if day.year == today.year else f" {day.year}")


def clock(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def sentences(sport: str, rows: Sequence[tuple[date, float | None, float | None]], firsts: Sequence[RecordEntry],
              *, today: date, weeks: int = 8, week_start: int = 0, units: str = "metric") -> list[str]:
    """What changed over the last ``weeks`` weeks for one sport. ``rows`` are (day, distance, duration) of
    the workouts in that window, oldest first; ``firsts`` the first workout to cover each standard
    distance, ever."""
    out: list[str] = []
    opening_week = first_week(today, weeks, week_start)
    rows = [r for r in rows if opening_week <= r[0] <= today]
    noun = NOUNS.get(sport)
    last_weeks = "the last week" if weeks == 1 else f"the last {weeks} weeks"
    # (day, distance) of the workouts with one (a number that is not finite: nothing)
    with_distance = [(day, distance) for day, distance, _ in rows if distance and math.isfinite(distance)]
    if noun and with_distance:
        opening = week_containing(with_distance[0][0], week_start)
        start = max((r for r in with_distance if week_containing(r[0], week_start) == opening), key=lambda r: r[1])
        best = max(with_distance, key=lambda r: r[1])
        if best[0] > start[0] and best[1] > start[1] * 1.1:
            span = max(1, (week_containing(best[0], week_start) - week_containing(start[0], week_start)).days // 7)
            out.append(f"Longest {noun} went from {short_distance(start[1], sport, units)} to "
                       f"{short_distance(best[1], sport, units)} in {span} week{'s' if span != 1 else ''}")
        else:
            out.append(f"Longest {noun} in {last_weeks}: {short_distance(best[1], sport, units)} "
                       f"on {short_day(best[0], today)}")
    if rows:
        counts = [0] * weeks
        for day, _, _ in rows:
            counts[(week_containing(day, week_start) - opening_week).days // 7] += 1
        # the most times a week reached in at least half of the weeks that are over; this week, not over
        # yet, counts only once it has reached it (a Tuesday does not make "7 of the last 8 weeks")
        done = counts[:-1] or counts
        k = max((n for n in range(1, max(counts) + 1) if sum(c >= n for c in done) * 2 >= len(done)), default=1)
        current = len(counts) > 1 and counts[-1] >= k
        met = sum(c >= k for c in done) + current
        total = len(done) + current
        verb = VERBS.get(sport, "Worked out")
        often = "" if k == 1 else f" {k} or more times"
        out.append(f"{verb}{often} in the last week" if total == 1 else
                   f"{verb}{often} in {met} of the last {total} weeks")
    for first in sorted(firsts, key=lambda f: f.distance_m or 0, reverse=True):  # the biggest milestone first
        if first.distance_m in MILESTONES.get(sport, ()) and opening_week <= first.day <= today and first.duration_s \
                and math.isfinite(first.duration_s):
            what = first.label if sport == "run" else f"{first.label} {noun or sport}"
            out.append(f"First {what}: {clock(first.duration_s)} on {short_day(first.day, today)}")
    return out

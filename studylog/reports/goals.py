"""Goals over days: the current period, progress in it, status, the streak of periods met, and habit
strength computed as Loop Habit Tracker does. Pure functions: no database, no clock (``today`` is passed in).

``daily`` maps a day to the goal's metric done that day (sessions, metres, seconds, words, books...; for a
milestone, the best single workout of the day). ``skips`` are rest/skip days of the goal's activity.
Days after ``today`` are ignored; values that are not positive finite numbers count as nothing.

A goal has a life: from ``since`` (the day it was added, or ``--from``; a goal "in 2026" from its
window's first day) to ``until`` (the day it was archived; a milestone's deadline). Only what was done
inside that life counts, and only periods inside it are counted:
- A period the goal lived through from its first day to its last counts, met or not. A period it lived
  only part of (the week it was added on a Wednesday, the week it was archived in) counts when it was met
  in the days it lived, and is left out otherwise: a goal added on Sunday has not missed that week.
- Records from before ``since`` never move it: not its progress, not its streak, not its strength (an
  import of earlier years' reading leaves a 2026 goal where it was).
- An archived goal stands as it did on its last day.
- A milestone is met on the first day a single workout reaches it (``met_on``); it is "met" from then
  on, and a front end says "met on 18 Oct" rather than "met" again every week.

Choices where the rules leave room:
- The expected pace leaves out skip days and days before the goal's life (a weekly goal made on Sunday
  is not "behind" on Sunday). A goal with its own window ("read 24 books in 2026") is paced over the part
  of its window it lives.
- A period whose every day is a skip day is "met" (for a daily goal: a skip day counts as done); for the
  streak it neither counts nor breaks it.
- A goal with start_day and end_day ("in 2026") is one period, with no streak of periods.
- Habit strength starts at 0 on the goal's first day (or, for a goal without one, the first day with
  data). As in Loop, only count goals below once a day get the doubled window; amount goals
  ("numerical habits" in Loop) use a window of one period.
"""


from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from itertools import repeat

from studylog.domain.values import (
    GOAL_ACTIVITIES,
    GOAL_KINDS,
    GOAL_METRICS,
    GOAL_PERIODS,
    GoalProgress,
    GoalSpec,
)
from studylog.limits import FIRST_DAY, LAST_YEAR
from studylog.weeks import week_containing

# Days in the rolling window of each period (and in the period, for the frequency), as Loop counts them.
WINDOW_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_ONE_DAY = timedelta(days=1)
_EARLIEST = date.min + timedelta(days=800)  # streaks stop counting back here (no period before year 1)


_LAST_DAY = date(LAST_YEAR, 12, 31)  # (from FIRST_DAY: the years studylog knows)


def unmeasurable(goal: GoalSpec | object) -> str | None:
    """Why a stored goal cannot be measured ("unknown period 'fortnight'", "a target of inf"), or None.
    Only a goal written outside studylog (SQL by hand, an older studylog) can be one: every figure about
    it would be wrong or raise, so front ends leave it out and say so (studylog goal edit mends it)."""
    kind, activity, metric = (getattr(goal, name, None) for name in ("kind", "activity", "metric"))
    period, target = getattr(goal, "period", None), getattr(goal, "target", None)
    if kind not in GOAL_KINDS:
        return f"unknown kind {kind!r}"
    if activity not in GOAL_ACTIVITIES:
        return f"unknown activity {activity!r}"
    if metric not in GOAL_METRICS:
        return f"unknown measure {metric!r}"
    if kind != "milestone" and period is None:
        return "no period"
    if kind != "milestone" and period not in GOAL_PERIODS:
        return f"unknown period {period!r}"
    if not (type(target) is int or type(target) is float) or not 0 < target < math.inf:
        return f"a target of {target:g}" if type(target) in (int, float) else f"a target of {target!r}"
    days = {name: getattr(goal, name, None) for name in ("start_day", "end_day", "active_from", "archived_on")}
    wrong = {name for name, day in days.items()
             if day is not None and not (isinstance(day, date) and FIRST_DAY <= day <= _LAST_DAY)}
    if wrong & {"start_day", "end_day"}:
        return f"a window that is not days from {FIRST_DAY.year} to {_LAST_DAY.year}"
    if "active_from" in wrong:
        return f"a first day that is not a day from {FIRST_DAY.year} to {_LAST_DAY.year}"
    if "archived_on" in wrong:
        return f"an archive day that is not a day from {FIRST_DAY.year} to {_LAST_DAY.year}"
    return None


def period_bounds(period: str, day: date, week_start: int = 0) -> tuple[date, date]:
    """First and last day (inclusive) of the day/week/month/year holding ``day``; weeks start on
    ``week_start`` (0 = Monday ... 6 = Sunday)."""
    if period == "day":
        return day, day
    if period == "week":
        if not 0 <= week_start <= 6:
            raise ValueError(f"week_start must be 0 (Monday) to 6 (Sunday), not {week_start!r}")
        first = week_containing(day, week_start)
        return first, first + timedelta(days=6)
    if period == "month":
        following = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
        return day.replace(day=1), following - _ONE_DAY
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"unknown period {period!r}: use day, week, month or year")


def evaluate(goal: GoalSpec, daily: Mapping[date, float], skips: Collection[date], today: date, *,
             week_start: int = 0, since: date | None = None, until: date | None = None) -> GoalProgress:
    """Where ``goal`` stands on ``today`` (or on ``until``, the last day of its life, if that came first):
    the current period, what was done in it, the status, the streak of periods met and the habit
    strength (None for milestones). Only days from ``since`` to ``until`` count."""
    if since is None:
        since = goal.start_day
    as_of = today if until is None else min(today, until)
    values = _clean(daily, as_of, since)
    skipped = set(skips)
    if goal.kind == "milestone" or goal.period is None:
        return _milestone(goal, values, skipped, as_of, since)

    fixed = goal.start_day is not None and goal.end_day is not None
    if fixed:
        assert goal.start_day is not None and goal.end_day is not None
        first, last = goal.start_day, goal.end_day
    else:
        first, last = period_bounds(goal.period, as_of, week_start)
    pace_from = max(first, since) if since is not None else first
    actual = sum(v for d, v in values.items() if first <= d <= last)
    if goal.kind == "limit":  # at most: kept until it is passed, met once the period is over
        status = "missed" if not _within(actual, goal.target) else "met" if today > last else "on track"
    else:
        status = _status(actual, goal.target, first, last, as_of, skipped, pace_from, metric=goal.metric)
    # one window has no periods in a row ("met · 1 year in a row" in November would say nothing)
    streak = 0 if fixed else _streak(goal, values, skipped, as_of, week_start, since)
    start = since if since is not None else min(values, default=None)
    strength = habit_strength(goal, values, skipped, start, as_of, day_running=as_of == today) \
        if start is not None else 0.0
    return GoalProgress(period_start=first, period_end=last, actual=actual, target=goal.target,
                        status=status, streak=streak, strength=strength)


def habit_strength(goal: GoalSpec, daily: Mapping[date, float], skips: Collection[date], start: date,
                   today: date, *, day_running: bool = False) -> float:
    """Loop Habit Tracker's habit strength on ``today``, from 0 on ``start``, in 0..1.

    With f the target frequency per day (3 per week: 3/7; an amount goal completes once per period:
    1/days), each day not skipped does S = S * m + v * (1 - m) with m = 0.5 ** (sqrt(f) / 13) and v the
    share of the target done over the rolling window ending that day (a period's days; twice that, and
    twice the target, for count goals below once a day). Skip days leave S as it was.

    ``day_running``: ``today`` is not over. It counts only when it is decided: once what is done so far
    raises S (a morning before the run is no miss); for an "at most" goal, once the limit is passed (a day
    within it so far may still pass it).
    """
    if goal.kind == "milestone" or goal.period is None:
        raise ValueError("a milestone has no habit strength")
    length = WINDOW_DAYS[goal.period]
    if goal.metric == "count":
        frequency = goal.target / length
        window, need = (2 * length, 2 * goal.target) if frequency < 1 else (length, goal.target)
    else:
        frequency, window, need = 1 / length, length, goal.target
    if start > today:
        return 0.0
    if goal.kind == "limit":  # a day counts as done when its window stayed within the limit
        frequency, window, need = 1 / length, length, goal.target
    multiplier = 0.5 ** (math.sqrt(max(frequency, 0.0)) / 13)
    # Ordinals keep the day loop cheap; a single day above the target counts as the target.
    limit = goal.kind == "limit"
    values = {d.toordinal(): min(v, need) if need > 0 and not limit else v for d, v in _clean(daily, today).items()}
    skipped = {d.toordinal() for d in skips}
    begin, end = start.toordinal(), today.toordinal()
    rolling = sum(v for d, v in values.items() if begin - window <= d < begin)
    score = 0.0
    for day in range(begin, end + 1):
        rolling += values.get(day, 0.0) - values.get(day - window, 0.0)
        if day in skipped:
            continue
        if limit:
            done = 1.0 if _within(rolling, need) else 0.0
            if day == end and day_running and done:
                break  # (within so far: the day may still pass it; once past it, it is missed)
        else:
            done = 1.0 if need <= 0 else min(1.0, max(0.0, rolling / need))
            if day == end and day_running and done < score:
                break  # (the day is not over: what is still to do is no miss yet)
        score = score * multiplier + done * (1 - multiplier)
    return min(1.0, max(0.0, score))


# ------------------------------------------------------------------------------------------------ helpers

def _clean(daily: Mapping[date, float], today: date, since: date | None = None) -> dict[date, float]:
    """The days from ``since`` up to ``today`` with a positive, finite value."""
    out: dict[date, float] = {}
    for day, value in daily.items():
        if day <= today and (since is None or day >= since):
            number = float(value)
            if 0 < number < math.inf:
                out[day] = number
    return out


DISTANCE_SLACK = 0.002  # "21.1 km" is how people write a half marathon (21.0975 km): within 0.2% counts


def _reached(actual: float, target: float, metric: str = "count") -> bool:
    slack = DISTANCE_SLACK if metric == "distance_m" else 1e-9  # sums of floats: 3 x 7033.33 m is 21.1 km
    return actual >= target - slack * abs(target)


def _within(actual: float, target: float) -> bool:
    """An "at most" goal's period: no more than the target (sums of floats: a hair over is within)."""
    return actual <= target + 1e-9 * max(1.0, abs(target))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _status(actual: float, target: float, first: date, last: date, today: date, skipped: set[date],
            pace_from: date, *, rest_counts: bool = True, metric: str = "count") -> str:
    if _reached(actual, target, metric):
        return "met"
    days = _days(first, last)
    if rest_counts and days and all(d in skipped for d in days):
        return "met"  # a rest period: nothing was asked
    if today > last:
        return "missed"
    counted = [d for d in days if d >= pace_from and d not in skipped]
    if not counted:
        return "on track"
    elapsed = sum(1 for d in counted if d < today)
    return "on track" if actual >= target * elapsed / len(counted) else "behind"


def _all_skipped(first: date, last: date, skipped: set[date]) -> bool:
    if not skipped:
        return False
    return all(d in skipped for d in _days(first, last))


def _streak(goal: GoalSpec, values: dict[date, float], skipped: set[date], today: date, week_start: int,
            since: date | None) -> int:
    """Periods met in a row, back from the current one (which, still running, breaks nothing)."""
    assert goal.period is not None
    sums: dict[date, float] = {}
    for day, value in values.items():
        key = period_bounds(goal.period, day, week_start)[0]
        sums[key] = sums.get(key, 0.0) + value
    first, last = period_bounds(goal.period, today, week_start)
    count, current = 0, True
    limit = goal.kind == "limit"
    while since is None or last >= since:
        if limit and current:  # an "at most" period still running is not met yet, nor broken unless passed
            if not _within(sums.get(first, 0.0), goal.target):
                break
        elif limit and _within(sums.get(first, 0.0), goal.target):
            count += 1
        elif limit:
            break
        elif _reached(sums.get(first, 0.0), goal.target, goal.metric):
            count += 1
        elif not current and not _all_skipped(first, last, skipped):
            break
        current = False
        if first <= _EARLIEST:
            break
        first, last = period_bounds(goal.period, first - _ONE_DAY, week_start)
    return count


def met_on(goal: GoalSpec, daily: Mapping[date, float], since: date | None, until: date) -> date | None:
    """The first day from ``since`` to ``until`` on which one workout reached a milestone, or None."""
    for day in sorted(d for d in daily if (since is None or d >= since) and d <= until):
        if _reached(float(daily[day]), goal.target, goal.metric):
            return day
    return None


def _milestone(goal: GoalSpec, values: dict[date, float], skipped: set[date], today: date,
               since: date | None) -> GoalProgress:
    done = met_on(goal, values, since, today if goal.end_day is None else min(today, goal.end_day))
    actual = max((v for d, v in values.items() if goal.end_day is None or d <= goal.end_day), default=0.0)
    first = since or min(values, default=today)
    if done is not None:
        status = "met"
        last = goal.end_day or done
    elif goal.end_day is None:
        status = "on track"
        last = max(first, today)
    else:
        last = goal.end_day
        status = _status(actual, goal.target, first, last, today, skipped, first, rest_counts=False,
                         metric=goal.metric)
    return GoalProgress(period_start=first, period_end=last, actual=actual, target=goal.target,
                        status=status, streak=0, strength=None, met_on=done)


def periods_met(goal: GoalSpec, daily: Mapping[date, float], skips: Collection[date], first: date, last: date, *,
                week_start: int = 0, since: date | None = None, until: date | None = None,
                today: date | None = None) -> tuple[int, int]:
    """(periods met, periods counted) among the periods that end between ``first`` and ``last`` (and the one
    holding ``today``, once met): the count a year in review gives ("met in 38 of 52 weeks"). Only the goal's life (``since`` to ``until``)
    counts: a period it lived through whole counts, met or not; one it lived only part of counts when it
    was met; the period holding ``today`` is not over, and counts only once met. A period of nothing but
    rest days counts as met."""
    met = total = 0
    skipped = set(skips)
    end_of_life = last if until is None else min(last, until)
    values = _clean(daily, end_of_life, since)
    day = first if since is None else max(first, period_bounds(goal.period or "day", since, week_start)[0])
    while day <= last:
        start, end = period_bounds(goal.period or "day", day, week_start)
        day = end + _ONE_DAY
        holds_today = today is not None and start <= today <= end and start <= last
        if (end > last and not holds_today) or (until is not None and start > until):
            continue
        whole = ((since is None or start >= since) and (until is None or end <= until)
                 and (today is None or end < today))  # the period holding today is not over: only if met
        days = (start,) if start == end else _days(start, end)  # (a day's goal: one day, no list to build)
        done = sum(map(values.get, days, repeat(0.0)))
        if goal.kind == "limit":  # kept within it, once the period is over
            reached = _within(done, goal.target) and (today is None or end < today)
        else:
            reached = _reached(done, goal.target, goal.metric) or skipped.issuperset(days)
        if whole or reached:
            total += 1
            met += reached
    return met, total

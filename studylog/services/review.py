"""Gather what the weekly review and the year in review need, as plain values, in a few queries."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from studylog.db.sqlite import snapshot
from studylog.domain.values import Goal, GoalProgress
from studylog.parsing import week_label
from studylog.reports.progress import sentences
from studylog.reports.review import WeekInputs, YearInputs
from studylog.services import goals, reading, reflections, resources, workouts, writing


def week_inputs(conn: sqlite3.Connection, start: date, today: date, *, units: str = "metric",
                week_start: int = 0) -> WeekInputs:
    end = start + timedelta(days=6)
    as_of = min(end, today)
    with snapshot(conn):  # one consistent state
        summary = writing.streak(conn, as_of)
        inputs = WeekInputs(
            label=week_label(start), start=start, end=end, today=today, units=units,
            writing=tuple(writing.list_entries(conn, since=start, until=end)),
            streak=summary.current, challenge=summary.challenge,
            workouts=tuple(workouts.list_workouts(conn, since=start, until=end)),
            earlier=tuple(workouts.list_workouts(conn, since=start - timedelta(weeks=4),
                                                 until=start - timedelta(days=1))),
            records_set=tuple(workouts.records_set(conn, start, as_of)),
            reading=tuple(reading.touched(conn, start, end)),
            resources_done=tuple(resources.done_between(conn, start, end)),
            goals=tuple(_goals_in_week(conn, start, end, as_of, week_start, today)),
            reflection=reflections.get(conn, "week", week_label(start)),
            next_reflection=reflections.get(conn, "week", week_label(start + timedelta(weeks=1))),
        )
    return inputs


def _goals_in_week(conn: sqlite3.Connection, start: date, end: date, as_of: date, week_start: int,
                   today: date) -> list[tuple[Goal, GoalProgress]]:
    """Each goal as it stood at the end of the week; a daily goal as the days of the week it was met."""
    out = []
    for goal in goals.list_goals(conn):  # a goal set later still shows how that week measured up
        spec = goals.spec_of(goal)
        if goal.period == "day":
            daily = goals.daily_values(conn, spec, start, as_of)
            skips = goals.skip_days(conn, goals.habit_of(spec), start, as_of)
            days = [start + timedelta(days=n) for n in range((as_of - start).days + 1)]
            met = sum(1 for d in days if daily.get(d, 0) >= goal.target or d in skips)
            status = "met" if met == 7 else ("missed" if end < today else
                                             "on track" if met >= len(days) - 1 else "behind")
            # shown as days of the week it was met
            out.append((goal._replace(metric="days", target=7.0),
                        GoalProgress(start, end, float(met), 7.0, status, 0, None)))
            continue
        progress = goals.progress(conn, goal, as_of, week_start=week_start)
        if end < today and progress.period_end <= end and progress.status != "met":
            progress = progress._replace(status="missed")  # the week is over: what was not met is missed
        out.append((goal, progress))
    return out


def year_inputs(conn: sqlite3.Connection, year: int, today: date, *, units: str = "metric",
                week_start: int = 0) -> YearInputs:
    first, last = date(year, 1, 1), date(year, 12, 31)
    before_first, before_last = date(year - 1, 1, 1), date(year - 1, 12, 31)
    as_of = min(last, today)
    with snapshot(conn):
        books_before, pages_before = reading.finished_totals(conn, before_first, before_last)
        progress = []
        for sport in ("run", "swim", "ride", "walk", "hike"):
            rows = workouts.window(conn, sport, since=first, until=as_of)
            if rows:
                progress += sentences(sport, rows, workouts.firsts(conn, sport), today=as_of, weeks=52,
                                      week_start=week_start, units=units)
        inputs = YearInputs(
            year=year, today=today, units=units,
            writing=writing.words_by_day(conn, first, as_of),
            writing_before=writing.words_by_day(conn, before_first, before_last),
            skips=frozenset(writing.skip_days(conn, as_of)),
            streak_at_end=writing.streak(conn, as_of).current,
            workouts=tuple(workouts.rows_between(conn, first, as_of)),
            workouts_before=tuple(workouts.rows_between(conn, before_first, before_last)),
            records_set=tuple(workouts.records_set(conn, first, as_of)),
            progress=tuple(progress),
            books=tuple(reading.finished_between(conn, first, as_of)),
            books_before=books_before, pages_before=pages_before,
            resources_done=tuple(resources.done_between(conn, first, as_of)),
            resources_before=resources.done_count(conn, before_first, before_last),
            goals=tuple(_goals_in_year(conn, year, as_of, week_start)),
            reflection=reflections.get(conn, "year", str(year)),
            week_reflections=tuple(reflections.between(conn, "week", f"{year}-W00", f"{year}-W99")),
        )
    return inputs


def _goals_in_year(conn: sqlite3.Connection, year: int, as_of: date, week_start: int) -> list[tuple[Goal, int, int]]:
    """(goal, periods met, periods) for each goal within the year, up to ``as_of``."""
    from studylog.reports.goals import periods_met

    out = []
    first = date(year, 1, 1)
    for goal in goals.list_goals(conn, archived=True):
        spec = goals.spec_of(goal)
        if goal.kind == "milestone":
            if goal.end_day and goal.end_day.year != year:
                continue
            best = max(goals.daily_values(conn, spec, first, min(as_of, goal.end_day or as_of)).values(), default=0)
            out.append((goal, int(best >= goal.target), 1))
            continue
        if goal.start_day and goal.end_day:  # a goal for a stretch of time, such as "in 2026"
            if goal.end_day.year != year and goal.start_day.year != year:
                continue
            total = sum(goals.daily_values(conn, spec, goal.start_day, min(goal.end_day, as_of)).values())
            out.append((goal, int(total >= goal.target), 1))
            continue
        history = first - timedelta(days=366)  # enough before the year for the first period's context
        daily = goals.daily_values(conn, spec, history, as_of)
        skips = goals.skip_days(conn, goals.habit_of(spec), history, as_of)
        met, periods = periods_met(spec, daily, skips, first, as_of, week_start=week_start)
        if periods:
            out.append((goal, met, periods))
    return out

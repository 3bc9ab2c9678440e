"""Gather what the weekly review and the year in review need, as plain values, in a few queries."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from studylog.db.sqlite import snapshot
from studylog.domain.values import Goal, GoalProgress
from studylog.parsing import week_label
from studylog.reports.progress import first_week, sentences
from studylog.reports.review import GoalYear, WeekInputs, YearInputs
from studylog.services import goals, reading, reflections, resources, study, workouts, writing


def week_inputs(conn: sqlite3.Connection, start: date, today: date, *, units: str = "metric",
                week_start: int = 0, word_target: int = 0) -> WeekInputs:
    end = start + timedelta(days=6)
    as_of = min(end, today)
    with snapshot(conn):  # one consistent state
        summary = writing.streak(conn, as_of, longest=False)  # (the review shows the current streak only)
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
            word_target=word_target, challenges_done=tuple(writing.completed_challenges(conn, start, as_of)),
            study=tuple(study.by_topic(conn, start, end)),
            study_last_week_s=study.total(conn, start - timedelta(weeks=1), start - timedelta(days=1))[0],
        )
    return inputs


def _goals_in_week(conn: sqlite3.Connection, start: date, end: date, as_of: date, week_start: int,
                   today: date) -> list[tuple[Goal, GoalProgress]]:
    """The goals that lived during the week (archived ones included, goals set later not), each as it
    stood at the end of the week; a daily goal as the days of the week it was met, of the days it lived.
    A milestone shows in the week it was met, and not in the weeks after."""
    out = []
    for goal in goals.list_goals(conn, archived=True):
        since, until = goals.life(goal)
        if (since is not None and since > min(end, today)) or (until is not None and until < start):
            continue
        spec = goals.spec_of(goal)
        if goal.period == "day":
            out.append(_daily_goal_week(conn, goal, start, end, as_of, today, since, until))
            continue
        progress = goals.progress(conn, goal, as_of, week_start=week_start)
        if goal.kind == "milestone":
            if progress.met_on is not None and progress.met_on < start:
                continue  # met in an earlier week: said there
            if progress.met_on is None and goal.end_day is not None and goal.end_day < start:
                continue  # its deadline had passed
            out.append((goal, progress))
            continue
        over = end < today or (until is not None and until <= end)
        if over and progress.period_end <= end and progress.status != "met":
            first_week = since is not None and since > progress.period_start
            last_week = until is not None and until < progress.period_end
            progress = progress._replace(status="set this week" if first_week and not last_week and spec.start_day is None
                                         else "archived" if last_week else "missed")
        out.append((goal, progress))
    return out


def _daily_goal_week(conn: sqlite3.Connection, goal: Goal, start: date, end: date, as_of: date, today: date,
                     since: date | None, until: date | None) -> tuple[Goal, GoalProgress]:
    spec = goals.spec_of(goal)
    lived = [start + timedelta(days=n) for n in range(7)
             if (since is None or start + timedelta(days=n) >= since)
             and (until is None or start + timedelta(days=n) <= until)]
    elapsed = [d for d in lived if d <= as_of]
    daily = goals.daily_values(conn, spec, start, as_of)
    skips = goals.skip_days(conn, goals.habit_of(spec), start, as_of)
    if goal.kind == "limit":  # at most: a day is kept once it is over, a day of none included; today is
        # missed as soon as it is past the limit (what was had cannot be taken back)
        elapsed = [d for d in elapsed if d < today or (daily.get(d, 0) > goal.target + 1e-9 and d not in skips)]
        met = sum(1 for d in elapsed if daily.get(d, 0) <= goal.target + 1e-9 or d in skips)
    else:
        met = sum(1 for d in elapsed if daily.get(d, 0) >= goal.target or d in skips)
    finished = end < today or (until is not None and until < today)
    if goal.kind == "limit":  # one day past the limit and the week cannot be met (said "over": as goal list)
        status = "met" if lived and met == len(lived) else "missed" if finished or met < len(elapsed) else "on track"
    else:
        status = ("met" if lived and met == len(lived) else "missed" if finished else
                  "on track" if met >= len(elapsed) - 1 else "behind")
    # shown as the days of the week it was met, out of the days of the week it lived
    return (goal._replace(metric="days", target=float(len(lived))),
            GoalProgress(start, end, float(met), float(len(lived)), status, 0, None))


def year_inputs(conn: sqlite3.Connection, year: int, today: date, *, units: str = "metric",
                week_start: int = 0, word_target: int = 0) -> YearInputs:
    first, last = date(year, 1, 1), date(year, 12, 31)
    before_first, before_last = date(year - 1, 1, 1), date(year - 1, 12, 31)
    as_of = min(last, today)
    with snapshot(conn):
        before = reading.finished_by_kind(conn, before_first, before_last)
        books_before, pages_before = before.get("book", (0, 0))
        progress = []
        for sport in ("run", "swim", "ride", "walk", "hike"):
            rows = workouts.window(conn, sport, since=first, until=as_of)
            if rows:
                opening = min(first, first_week(as_of, 52, week_start))  # (the firsts the sentences can tell)
                progress += sentences(sport, rows, workouts.firsts(conn, sport, since=opening), today=as_of,
                                      weeks=52, week_start=week_start, units=units)
        inputs = YearInputs(
            year=year, today=today, units=units,
            writing=writing.words_by_day(conn, first, as_of),
            writing_before=writing.words_by_day(conn, before_first, before_last),
            skips=frozenset(writing.skip_days(conn, as_of)),
            streak_at_end=writing.streak(conn, as_of, longest=False).current,
            workouts=tuple(workouts.rows_between(conn, first, as_of)),
            workouts_before=tuple(workouts.rows_between(conn, before_first, before_last)),
            records_set=tuple(workouts.records_set(conn, first, as_of)),
            progress=tuple(progress),
            books=tuple(reading.finished_between(conn, first, as_of)),
            books_before=books_before, pages_before=pages_before,
            resources_done=tuple(resources.done_between(conn, first, as_of)),
            resources_before=resources.done_count(conn, before_first, before_last),
            goals=tuple(_goals_in_year(conn, year, as_of, week_start, today)),
            reflection=reflections.get(conn, "year", str(year)),
            week_reflections=tuple(reflections.between(conn, "week", f"{year}-W00", f"{year}-W99")),
            word_target=word_target, challenges_done=tuple(writing.completed_challenges(conn, first, as_of)),
            papers_before=before.get("paper", (0, 0))[0],
            study=tuple(study.by_topic(conn, first, as_of)),
            study_resources=tuple(study.by_resource(conn, first, as_of)),
            study_before_s=study.total(conn, before_first, before_last)[0],
        )
    return inputs


def _goals_in_year(conn: sqlite3.Connection, year: int, as_of: date, week_start: int,
                   today: date | None = None) -> list[GoalYear]:
    """How each goal that lived during the year did in it, up to ``as_of``: periods met of the periods
    it lived through, a milestone's day, how far an unmet total got."""
    from studylog.reports.goals import met_on, periods_met

    out = []
    first, last = date(year, 1, 1), date(year, 12, 31)
    for goal in goals.list_goals(conn, archived=True):
        since, until = goals.life(goal)
        if (since is not None and since > min(last, as_of)) or (until is not None and until < first):
            continue
        spec = goals.spec_of(goal)
        end = min(as_of, until) if until is not None else as_of
        if goal.kind == "milestone":
            stop = min(end, goal.end_day) if goal.end_day else end
            if goal.end_day and goal.end_day < first:
                continue
            daily = goals.daily_values(conn, spec, since or first, stop)
            day = met_on(spec, daily, since, stop)
            if day is not None and day < first:
                continue  # met in an earlier year
            best = max((v for d, v in daily.items() if d >= first), default=0.0)
            over = goal.end_day is not None and goal.end_day <= as_of
            out.append(GoalYear(goal, int(day is not None), 1, best, day, over or day is not None))
            continue
        if goal.start_day and goal.end_day:  # a goal for a stretch of time, such as "in 2026"
            if goal.end_day < first or goal.start_day > last:
                continue
            begin = max(goal.start_day, since) if since else goal.start_day
            total = sum(goals.daily_values(conn, spec, begin, min(goal.end_day, end)).values())
            reached = total >= goal.target * (1 - 1e-9)
            out.append(GoalYear(goal, int(reached), 1, total, None, goal.end_day <= as_of or reached))
            continue
        history = max(first - timedelta(days=366), since) if since else first - timedelta(days=366)
        daily = goals.daily_values(conn, spec, history, end)
        skips = goals.skip_days(conn, goals.habit_of(spec), history, end)
        met, periods = periods_met(spec, daily, skips, first, as_of, week_start=week_start, since=since,
                                   until=until, today=today)
        if periods:
            out.append(GoalYear(goal, met, periods, 0.0, None, True))
    return out

"""What the dashboard shows, gathered in one read."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from studylog.db.sqlite import snapshot
from studylog.domain.values import Dashboard, DashboardCharts, Goal
from studylog.reports.progress import first_week, sentences
from studylog.services import goals, workouts, writing
from studylog.weeks import week_containing

PROGRESS_WEEKS = 8
PROGRESS_SHOWN = 3


def week_bounds(today: date, week_start: int = 0) -> tuple[date, date]:
    """First and last day of the week holding ``today``; week_start 0 = Monday ... 6 = Sunday."""
    start = week_containing(today, week_start)
    return start, start + timedelta(days=6)


def progress(conn: sqlite3.Connection, today: date, *, week_start: int = 0, units: str = "metric",
             limit: int = PROGRESS_SHOWN) -> tuple[str, ...]:
    """The most telling progress sentences of the sports done lately: firsts, then growth, then habits."""
    since = today - timedelta(weeks=PROGRESS_WEEKS)
    sports = [s.sport for s in workouts.week_by_sport(conn, since, today)][:3]
    opening = min(since, first_week(today, PROGRESS_WEEKS, week_start))  # (the firsts the sentences can tell)
    said = [line for sport in sports
            for line in sentences(sport, workouts.window(conn, sport, since=since, until=today),
                                  workouts.firsts(conn, sport, since=opening), today=today, weeks=PROGRESS_WEEKS,
                                  week_start=week_start, units=units)]
    rank = {"First": 0, "Longest": 1}
    said.sort(key=lambda line: rank.get(line.split()[0], 2))
    firsts = [line for line in said if line.startswith("First ")][:1]  # the biggest milestone is enough
    return tuple(firsts + [line for line in said if not line.startswith("First ")])[:limit]


def charts(conn: sqlite3.Connection, today: date, *, week_start: int = 0, weeks: int = 12) -> DashboardCharts:
    from studylog.services import reading

    first_week = week_bounds(today, week_start)[0] - timedelta(weeks=weeks - 1)
    starts = tuple(first_week + timedelta(weeks=n) for n in range(weeks))

    def per_week(sport: str) -> tuple[float, ...]:
        totals = {w.week_start: w.distance_m for w in workouts.weekly_totals(conn, sport, since=first_week,
                                                                              until=today, week_start=week_start)}
        return tuple(totals.get(start, 0.0) for start in starts)

    words_by_day = writing.words_by_day(conn, first_week, today)
    words = tuple(sum(w for d, w in words_by_day.items() if start <= d < start + timedelta(weeks=1))
                  for start in starts)
    months = []
    month = date(today.year, today.month, 1)
    for _ in range(12):
        months.append(month)
        month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    months.reverse()
    finished = reading.finished_between(conn, months[0], today)
    books = tuple(sum(1 for b in finished if b.kind == "book" and b.finished
                      and (b.finished.year, b.finished.month) == (m.year, m.month)) for m in months)
    return DashboardCharts(year=today.year, writing_days=writing.words_by_day(conn, date(today.year, 1, 1), today),
                           weeks=starts, run_m=per_week("run"), swim_m=per_week("swim"), words=words,
                           months=tuple(months), books=books)


def _over(goal: Goal, today: date) -> bool:
    """A goal whose window or deadline has passed: `goal list` still has it, the dashboard is for now."""
    return goal.end_day is not None and goal.end_day < today


def load(conn: sqlite3.Connection, today: date, *, week_start: int = 0, recent: int = 5,
         units: str = "metric") -> Dashboard:
    start, end = week_bounds(today, week_start)
    with snapshot(conn):  # one consistent state for every query below
        days, words = writing.week_totals(conn, start, end)
        data = Dashboard(
            today=today,
            week_start=start,
            streak=writing.streak(conn, today),
            week_writing_days=days,
            week_words=words,
            week_sports=tuple(workouts.week_by_sport(conn, start, end)),
            recent_writing=tuple(writing.list_entries(conn, limit=recent)),
            recent_workouts=tuple(workouts.list_workouts(conn, limit=recent)),
            # (a goal written outside studylog that cannot be measured is left out, and said here)
            progress=progress(conn, today, week_start=week_start, units=units) + tuple(goals.cannot_measure(conn)),
            goals=tuple((g, goals.progress(conn, g, today, week_start=week_start)) for g in goals.list_goals(conn)
                        if not _over(g, today)),
            charts=charts(conn, today, week_start=week_start),
            today_words=writing.week_totals(conn, today, today)[1],
        )
    from studylog.reports.today import due_today

    data = data._replace(due=due_today(data.streak, data.goals, today, units))
    return data._replace(is_empty=not data.recent_writing and not data.recent_workouts)

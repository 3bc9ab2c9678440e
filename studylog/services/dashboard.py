"""What the dashboard shows, gathered in one read."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from studylog.domain.values import Dashboard
from studylog.reports.progress import sentences
from studylog.services import goals, workouts, writing

PROGRESS_WEEKS = 8
PROGRESS_SHOWN = 3


def week_bounds(today: date, week_start: int = 0) -> tuple[date, date]:
    """First and last day of the week holding ``today``; week_start 0 = Monday ... 6 = Sunday."""
    start = today - timedelta(days=(today.weekday() - week_start) % 7)
    return start, start + timedelta(days=6)


def progress(conn: sqlite3.Connection, today: date, *, week_start: int = 0, units: str = "metric",
             limit: int = PROGRESS_SHOWN) -> tuple[str, ...]:
    """The most telling progress sentences of the sports done lately: firsts, then growth, then habits."""
    since = today - timedelta(weeks=PROGRESS_WEEKS)
    sports = [s.sport for s in workouts.week_by_sport(conn, since, today)][:3]
    said = [line for sport in sports
            for line in sentences(sport, workouts.window(conn, sport, since=since, until=today),
                                  workouts.firsts(conn, sport), today=today, weeks=PROGRESS_WEEKS,
                                  week_start=week_start, units=units)]
    rank = {"First": 0, "Longest": 1}
    said.sort(key=lambda line: rank.get(line.split()[0], 2))
    firsts = [line for line in said if line.startswith("First ")][:1]  # the biggest milestone is enough
    return tuple(firsts + [line for line in said if not line.startswith("First ")])[:limit]


def load(conn: sqlite3.Connection, today: date, *, week_start: int = 0, recent: int = 5,
         units: str = "metric") -> Dashboard:
    start, end = week_bounds(today, week_start)
    conn.execute("BEGIN")  # one consistent snapshot for every query below
    try:
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
            progress=progress(conn, today, week_start=week_start, units=units),
            goals=tuple((g, goals.progress(conn, g, today, week_start=week_start)) for g in goals.list_goals(conn)),
        )
    finally:
        conn.execute("COMMIT")
    return data._replace(is_empty=not data.recent_writing and not data.recent_workouts)

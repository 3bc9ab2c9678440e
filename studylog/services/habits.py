"""Habits of one's own: "meditate" done or not, "pushups" in an amount; a day's log adds up; goals over
them count days, times or amounts (studylog.services.goals)."""

from __future__ import annotations

import math
import sqlite3
from datetime import date, datetime, timedelta

from studylog import text
from studylog.db.sqlite import from_sql_ts, inserted_id, stored_date, to_sql_ts, transaction
from studylog.domain.errors import Duplicate, NotFound
from studylog.domain.values import Habit, HabitDay

MAX_AMOUNT = 1_000_000.0  # one day's amount of a habit
MIN_AMOUNT = 0.01  # (less is no amount anyone counts: shown as 0)
MAX_NAME = 60

SQL_INSERT = "INSERT INTO habit (key, name, unit, created_at) VALUES (?, ?, ?, ?)"
SQL_GET = "SELECT id, name, unit, created_at FROM habit WHERE id = ?"
SQL_BY_KEY = "SELECT id, name, unit, created_at FROM habit WHERE key = ?"
SQL_LIST = "SELECT id, name, unit, created_at FROM habit ORDER BY key"
SQL_NAMES = "SELECT key, name, unit FROM habit"
SQL_LIKE = "SELECT id, name, unit, created_at FROM habit WHERE key LIKE ?1 ESCAPE '\\' ORDER BY key LIMIT 20"
SQL_LOG = "INSERT INTO habit_log (habit_id, day, amount, created_at) VALUES (?, ?, ?, ?)"
SQL_UNLOG_LAST = (
    "DELETE FROM habit_log WHERE id = (SELECT id FROM habit_log WHERE habit_id = ? AND day = ? ORDER BY id DESC "
    "LIMIT 1)"
)
SQL_DAY_TOTALS = (
    "SELECT day, TOTAL(amount), COUNT(*) FROM habit_log WHERE habit_id = ? AND day BETWEEN ? AND ? GROUP BY day"
)
SQL_LAST_DONE = "SELECT MAX(day) FROM habit_log WHERE habit_id = ?"
SQL_DAILY_BY_KEY = (
    "SELECT l.day, TOTAL(l.amount), COUNT(*) FROM habit_log AS l JOIN habit AS h ON h.id = l.habit_id "
    "WHERE h.key = ? AND l.day BETWEEN ? AND ? GROUP BY l.day"
)


def key_of(name: str) -> str:
    """The name as habits are told apart: "Meditate" is "meditate" (studylog.text.name_key)."""
    return text.name_key(name)


def from_row(row: sqlite3.Row) -> Habit:
    return Habit(id=row["id"], name=row["name"], unit=row["unit"], created_at=from_sql_ts(row["created_at"]))


def _clean_name(name: str) -> str:
    cleaned = " ".join((text.clean(name, multiline=False) or "").split())
    if not cleaned:
        raise ValueError('a habit needs a name, e.g. studylog habit add meditate')
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a habit's name is at most {MAX_NAME} characters")
    if cleaned[0].isdigit():
        raise ValueError(f"a habit's name starts with a letter ({cleaned!r} would read as an amount)")
    return cleaned


def add(conn: sqlite3.Connection, name: str, *, unit: str | None = None, now: datetime) -> Habit:
    """A new habit (Duplicate when one of that name, in any case, is there)."""
    from studylog.domain.values import GOAL_ACTIVITIES

    name = _clean_name(name)
    unit = " ".join((text.clean(unit, multiline=False) or "").split()) or None
    from studylog.goal_phrases import is_activity

    if key_of(name) in GOAL_ACTIVITIES or is_activity(key_of(name)):
        raise ValueError(f"{name!r} is one of studylog's own activities: log it with studylog log, not as a habit")
    with transaction(conn):
        row = conn.execute(SQL_BY_KEY, (key_of(name),)).fetchone()
        if row is not None:
            raise Duplicate(f"there is a habit {row['name']!r} already (habit #{row['id']})")
        cur = conn.execute(SQL_INSERT, (key_of(name), name, unit, to_sql_ts(now)))
        return get(conn, inserted_id(cur))


def get(conn: sqlite3.Connection, habit_id: int) -> Habit:
    row = conn.execute(SQL_GET, (habit_id,)).fetchone()
    if row is None:
        raise NotFound(f"no habit with id {habit_id}")
    return from_row(row)


def find(conn: sqlite3.Connection, ref: str) -> Habit:
    """A habit by its id, its name (any case) or a part of its name only it has."""
    from studylog.services.naming import find as find_named

    return find_named(conn, key_of(ref) if not ref.strip().isdigit() else ref, noun="habit", plural="habits",
                      get=get, from_row=from_row, exact_sql=SQL_BY_KEY, like_sql=SQL_LIKE, field="name")


def list_habits(conn: sqlite3.Connection) -> list[Habit]:
    return [from_row(r) for r in conn.execute(SQL_LIST)]


def names(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Every habit's name (case-folded) and unit: what goal phrases may name."""
    return {r["key"]: r["unit"] for r in conn.execute(SQL_NAMES)}


def done(conn: sqlite3.Connection, habit_id: int, day: date, amount: float = 1.0, *, now: datetime) -> float:
    """Log a habit done on a day; returns that day's total."""
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        raise ValueError("an amount is a number, e.g. 50")
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise ValueError(f"an amount is from {MIN_AMOUNT:g} to {MAX_AMOUNT:,.0f}")
    with transaction(conn):
        get(conn, habit_id)
        conn.execute(SQL_LOG, (habit_id, day.isoformat(), float(amount), to_sql_ts(now)))
        return totals(conn, habit_id, day, day).get(day, 0.0)


def undo(conn: sqlite3.Connection, habit_id: int, day: date) -> bool:
    """Take back the last time a habit was logged on a day; whether there was one."""
    with transaction(conn):
        return conn.execute(SQL_UNLOG_LAST, (habit_id, day.isoformat())).rowcount > 0


def totals(conn: sqlite3.Connection, habit_id: int, since: date, until: date) -> dict[date, float]:
    """The amount done on each day a habit was done, between two days."""
    return {stored_date(r[0]): float(r[1])
            for r in conn.execute(SQL_DAY_TOTALS, (habit_id, since.isoformat(), until.isoformat()))}


def daily(conn: sqlite3.Connection, name: str, since: date, until: date, *, count: bool) -> dict[date, float]:
    """A habit's measure on each day it was done (``count``: times logged; else the amounts), by name."""
    rows = conn.execute(SQL_DAILY_BY_KEY, (key_of(name), since.isoformat(), until.isoformat()))
    return {stored_date(day): float(times if count else amount) for day, amount, times in rows}


def standing(conn: sqlite3.Connection, today: date, *, week_start: int = 0, weeks: int = 12) -> list[HabitDay]:
    """Every habit: today's amount, this week's, and the days of the last ``weeks`` weeks (its calendar)."""
    from studylog.weeks import week_containing

    monday = week_containing(today, week_start)
    first = monday - timedelta(weeks=weeks - 1)
    out = []
    for habit in list_habits(conn):
        days = totals(conn, habit.id, first, today)
        last = conn.execute(SQL_LAST_DONE, (habit.id,)).fetchone()[0]
        out.append(HabitDay(habit, days.get(today, 0.0), sum(v for d, v in days.items() if d >= monday), days,
                            stored_date(last) if last else None))
    return out

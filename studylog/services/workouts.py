"""Workouts: add, get, list, edit, delete, and weekly totals per sport."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from studylog import text
from studylog.db.sqlite import (
    from_json_list,
    from_sql_time,
    from_sql_ts,
    to_json_list,
    to_sql_date,
    to_sql_time,
    to_sql_ts,
    transaction,
)
from studylog.domain.values import SPORTS, NewWorkout, SportWeek, Workout

COLUMNS = (
    "id, sport, day, start_time, distance_m, duration_s, elevation_gain_m, avg_hr, pool_length_m, title, "
    "note, tags, source, source_id, created_at, updated_at"
)
SQL_INSERT = (
    "INSERT INTO workout (sport, day, start_time, distance_m, duration_s, elevation_gain_m, avg_hr, "
    "pool_length_m, title, note, tags, source, source_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM workout WHERE id = ?"
SQL_LIST = (
    f"SELECT {COLUMNS} FROM workout "
    "WHERE (:since IS NULL OR day >= :since) AND (:until IS NULL OR day <= :until) "
    "AND (:sport IS NULL OR sport = :sport) "
    "ORDER BY day DESC, start_time DESC, id DESC LIMIT :limit"
)
SQL_UPDATE = (
    "UPDATE workout SET sport = ?, day = ?, start_time = ?, distance_m = ?, duration_s = ?, "
    "elevation_gain_m = ?, avg_hr = ?, pool_length_m = ?, title = ?, note = ?, tags = ?, updated_at = ? "
    "WHERE id = ?"
)
SQL_DELETE = "DELETE FROM workout WHERE id = ?"
SQL_WEEK = (
    "SELECT sport, COUNT(*), COALESCE(SUM(distance_m), 0), COALESCE(SUM(duration_s), 0) FROM workout "
    "WHERE day BETWEEN ? AND ? GROUP BY sport ORDER BY COUNT(*) DESC, sport"
)
SQL_COUNT = "SELECT COUNT(*) FROM workout"


class NotFound(LookupError):
    pass


def from_row(row: sqlite3.Row) -> Workout:
    return Workout(
        id=row["id"], sport=row["sport"], day=date.fromisoformat(row["day"]),
        start_time=from_sql_time(row["start_time"]), distance_m=row["distance_m"],
        duration_s=row["duration_s"], elevation_gain_m=row["elevation_gain_m"], avg_hr=row["avg_hr"],
        pool_length_m=row["pool_length_m"], title=row["title"], note=row["note"],
        tags=from_json_list(row["tags"]), source=row["source"], source_id=row["source_id"],
        created_at=from_sql_ts(row["created_at"]), updated_at=from_sql_ts(row["updated_at"]),
    )


def _check(new: NewWorkout) -> NewWorkout:
    if new.sport not in SPORTS:
        raise ValueError(f"unknown sport {new.sport!r}; one of {', '.join(SPORTS)}")
    for name in ("distance_m", "duration_s", "pool_length_m", "elevation_gain_m"):
        value = getattr(new, name)
        if value is not None and value < 0:
            raise ValueError(f"{name} cannot be negative")
    return new._replace(
        title=text.clean(new.title, multiline=False),
        note=text.clean(new.note),
        tags=tuple(t for t in (text.clean(t, multiline=False) for t in new.tags) if t),
    )


def _values(new: NewWorkout) -> tuple:
    return (new.sport, new.day.isoformat(), to_sql_time(new.start_time), new.distance_m, new.duration_s,
            new.elevation_gain_m, new.avg_hr, new.pool_length_m, new.title, new.note, to_json_list(new.tags))


def add(conn: sqlite3.Connection, new: NewWorkout, *, now: datetime) -> Workout:
    new = _check(new)
    stamp = to_sql_ts(now)
    with transaction(conn):
        cur = conn.execute(SQL_INSERT, (*_values(new), new.source, new.source_id, stamp, stamp))
        return get(conn, cur.lastrowid)


def get(conn: sqlite3.Connection, workout_id: int) -> Workout:
    row = conn.execute(SQL_GET, (workout_id,)).fetchone()
    if row is None:
        raise NotFound(f"no workout with id {workout_id}")
    return from_row(row)


def list_workouts(conn: sqlite3.Connection, *, since: date | None = None, until: date | None = None,
                  sport: str | None = None, limit: int | None = None) -> list[Workout]:
    params = {"since": to_sql_date(since), "until": to_sql_date(until), "sport": sport,
              "limit": -1 if limit is None else limit}
    return [from_row(r) for r in conn.execute(SQL_LIST, params)]


def _as_new(old: Workout) -> NewWorkout:
    return NewWorkout(sport=old.sport, day=old.day, distance_m=old.distance_m, duration_s=old.duration_s,
                      start_time=old.start_time, elevation_gain_m=old.elevation_gain_m, avg_hr=old.avg_hr,
                      pool_length_m=old.pool_length_m, title=old.title, note=old.note, tags=old.tags,
                      source=old.source, source_id=old.source_id)


def update(conn: sqlite3.Connection, workout_id: int, changes: dict[str, object], *, now: datetime) -> Workout:
    """Change some fields (names as in NewWorkout) of a workout; returns the stored result."""
    with transaction(conn):
        merged = _check(_as_new(get(conn, workout_id))._replace(**changes))
        conn.execute(SQL_UPDATE, (*_values(merged), to_sql_ts(now), workout_id))
        return get(conn, workout_id)


def delete(conn: sqlite3.Connection, workout_id: int) -> Workout:
    with transaction(conn):
        old = get(conn, workout_id)
        conn.execute(SQL_DELETE, (workout_id,))
        return old


def restore(conn: sqlite3.Connection, workout: Workout, *, now: datetime) -> Workout:
    """Put a deleted workout back (a new id; the same content)."""
    return add(conn, _as_new(workout), now=now)


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


def week_by_sport(conn: sqlite3.Connection, start: date, end: date) -> list[SportWeek]:
    return [SportWeek(sport, n, dist, dur)
            for sport, n, dist, dur in conn.execute(SQL_WEEK, (start.isoformat(), end.isoformat()))]

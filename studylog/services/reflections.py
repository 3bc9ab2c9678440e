"""Reflections: what was planned, achieved and learned in a week or a year."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from studylog import text
from studylog.db.sqlite import from_sql_ts, to_sql_ts, transaction
from studylog.domain.values import Reflection

COLUMNS = "id, period_kind, period, planned, achieved, learned, updated_at"
SQL_GET = f"SELECT {COLUMNS} FROM reflection WHERE period_kind = ? AND period = ?"
SQL_UPSERT = (
    "INSERT INTO reflection (period_kind, period, planned, achieved, learned, created_at, updated_at) "
    "VALUES (:kind, :period, :planned, :achieved, :learned, :now, :now) "
    "ON CONFLICT (period_kind, period) DO UPDATE SET planned = excluded.planned, achieved = excluded.achieved, "
    "learned = excluded.learned, updated_at = excluded.updated_at"
)
SQL_LIST = f"SELECT {COLUMNS} FROM reflection WHERE period_kind = ? AND period BETWEEN ? AND ? ORDER BY period"

FIELDS = ("planned", "achieved", "learned")


def from_row(row: sqlite3.Row) -> Reflection:
    return Reflection(id=row["id"], period_kind=row["period_kind"], period=row["period"], planned=row["planned"],
                      achieved=row["achieved"], learned=row["learned"], updated_at=from_sql_ts(row["updated_at"]))


def get(conn: sqlite3.Connection, kind: str, period: str) -> Reflection | None:
    row = conn.execute(SQL_GET, (kind, period)).fetchone()
    return None if row is None else from_row(row)


def save(conn: sqlite3.Connection, kind: str, period: str, changes: dict[str, str | None], *,
         now: datetime) -> Reflection:
    """Set some of planned / achieved / learned (the others keep what they had)."""
    with transaction(conn):
        old = get(conn, kind, period)
        values = {name: getattr(old, name) if old else None for name in FIELDS}
        values.update({name: text.clean(value) for name, value in changes.items() if name in FIELDS})
        conn.execute(SQL_UPSERT, {"kind": kind, "period": period, "now": to_sql_ts(now), **values})
        saved = get(conn, kind, period)
        assert saved is not None
        return saved


def between(conn: sqlite3.Connection, kind: str, first: str, last: str) -> list[Reflection]:
    return [from_row(r) for r in conn.execute(SQL_LIST, (kind, first, last))]

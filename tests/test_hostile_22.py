"""Hostile tester (22): `db check` with its SQL pre-filters must find what the full Python check finds.

Each test spoils one value of a one-year demo and compares ``stored_value_problems`` with and without the
pre-filter (the ground truth is ``prefilter=False``), or shows a value both say is fine though it is not."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from studylog.services import transfer

TODAY = date(2026, 11, 24)




def _copy(demo_database: Path, path: Path) -> sqlite3.Connection:
    source = sqlite3.connect(demo_database)
    conn = sqlite3.connect(path, isolation_level=None)
    source.backup(conn)
    source.close()
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def _edit_schema(conn: sqlite3.Connection, table: str, old: str, new: str) -> None:
    conn.execute("PRAGMA writable_schema = ON")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    assert old in sql
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql.replace(old, new), table))
    conn.execute("PRAGMA writable_schema = OFF")


def _both(path: Path) -> tuple[list[str], list[str]]:
    conn = sqlite3.connect(path)
    try:
        full = transfer.stored_value_problems(conn, today=TODAY, prefilter=False)
        fast = transfer.stored_value_problems(conn, today=TODAY)
    finally:
        conn.close()
    return full, fast


def test_updated_at_twin_shortcut_ignores_the_column_collation(demo_database, tmp_path):
    """d8c52a3: `"updated_at" IS "created_at"` compares with updated_at's collation; under RTRIM, a
    timestamp with trailing blanks equals its created_at and is vouched for (the full check refuses it)."""
    path = tmp_path / "rtrim.db"
    conn = _copy(demo_database, path)
    _edit_schema(conn, "writing_entry", "updated_at DATETIME NOT NULL", "updated_at DATETIME NOT NULL COLLATE RTRIM")
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE writing_entry SET updated_at = created_at || '   ' WHERE id = 1")
    conn.close()
    full, fast = _both(path)
    assert any("updated_at" in line for line in full)
    assert fast == full


def test_a_day_under_rtrim_collation_is_vouched_with_trailing_blanks(demo_database, tmp_path):
    """`date(c, '+0 days') IS c` compares with the column's collation (pre-existing)."""
    path = tmp_path / "rtrim-day.db"
    conn = _copy(demo_database, path)
    _edit_schema(conn, "writing_entry", "day DATE NOT NULL", "day DATE NOT NULL COLLATE RTRIM")
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE writing_entry SET day = day || ' ' WHERE id = 1")
    conn.close()
    full, fast = _both(path)
    assert fast == full


@pytest.mark.parametrize(("table", "column", "value"), [
    ("workout", "start_time", b"10:00:00\x00\x1b[2J"),
    ("writing_entry", "created_at", b"2026-01-01 10:00:00\x00\x1b[2J"),
    ("writing_entry", "updated_at", b"2026-01-01 10:00:00\x00\x1b[2J"),
])
def test_a_moment_with_bytes_after_a_nul_is_not_vouched_for(demo_database, tmp_path, table, column, value):
    """length(), GLOB, substr() and time()/datetime() stop at a NUL: the text before it passes `_moment`'s
    SQL, whatever follows (pre-existing; `db check` on such a file prints OK)."""
    path = tmp_path / "nul.db"
    conn = _copy(demo_database, path)
    conn.execute(f'UPDATE "{table}" SET "{column}" = CAST(? AS TEXT) WHERE id = (SELECT min(id) FROM "{table}")',
                 (value,))
    conn.close()
    full, fast = _both(path)
    assert any(column in line for line in full)
    assert fast == full


def test_a_timestamp_with_microseconds_then_a_nul_and_an_escape_is_refused(demo_database, tmp_path):
    """CPython's datetime.fromisoformat accepts '2026-01-01 10:00:00.123456\\x00<anything>': the rule
    itself (so both ways) says such a created_at is fine (pre-existing)."""
    path = tmp_path / "nul-us.db"
    conn = _copy(demo_database, path)
    conn.execute("UPDATE writing_entry SET created_at = CAST(? AS TEXT) WHERE id = 1",
                 (b"2026-01-01 10:00:00.123456\x00\x1b[2J",))
    conn.close()
    full, _ = _both(path)
    assert any("created_at" in line for line in full)


def test_a_utf16_database_hides_a_bidi_override_from_the_byte_test(demo_database, tmp_path):
    """In a UTF-16 database CAST(text AS BLOB) is UTF-16: U+202E is the bytes 2E 20 and U+4E2D is 2D 4E,
    all printable ASCII, so the byte test vouches for a goal title the rules refuse (pre-existing)."""
    path = tmp_path / "utf16.db"
    source = sqlite3.connect(demo_database)
    create = source.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'goal'").fetchone()[0]
    rows = source.execute("SELECT * FROM goal").fetchall()
    source.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute(create)  # (the goal table alone: the check skips the tables a file does not have)
    conn.executemany(f"INSERT INTO goal VALUES ({', '.join('?' * len(rows[0]))})", rows)
    conn.execute("UPDATE goal SET title = ?, subject = NULL WHERE id = (SELECT min(id) FROM goal)",
                 ("\u4e2d\u202e\u4e2d",))
    conn.close()
    full, fast = _both(path)
    assert any("title holds control characters" in line for line in full)
    assert fast == full


def test_a_duplicate_workout_id_holds_its_efforts_to_another_workout(demo_database, tmp_path):
    """Without a primary key, two workouts may share an id: Python holds an effort to the last one noted,
    the SQL's EXISTS to any of them (pre-existing)."""
    path = tmp_path / "dup.db"
    conn = _copy(demo_database, path)
    workout_id = conn.execute("SELECT workout_id FROM workout_effort ORDER BY rowid LIMIT 1").fetchone()[0]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'workout'"
                                ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.executescript("CREATE TABLE w2 AS SELECT * FROM workout; DROP TABLE workout; "
                       "ALTER TABLE w2 RENAME TO workout;")
    conn.execute("INSERT INTO workout SELECT * FROM workout WHERE id = ?", (workout_id,))
    conn.execute("UPDATE workout SET distance_m = 1, duration_s = 1 WHERE rowid = (SELECT max(rowid) FROM workout)")
    conn.close()
    full, fast = _both(path)
    assert any(line.startswith("workout_effort") for line in full)
    assert fast == full


def test_a_column_name_with_a_double_quote_does_not_break_the_check(demo_database, tmp_path):
    """Column names are put in double quotes unescaped: a later column named a"b makes every query of the
    table a syntax error, and `db check` says only `cannot use FILE: near ...: syntax error` (pre-existing)."""
    path = tmp_path / "quote.db"
    conn = _copy(demo_database, path)
    conn.execute('ALTER TABLE writing_entry ADD COLUMN "a""b" INTEGER')
    conn.close()
    full, fast = _both(path)
    assert fast == full

"""Connections through the stdlib sqlite3 driver, set up the same way everywhere.

WAL journal (readers never block the writer), foreign keys on, and a busy timeout so that a write
from the shell while the TUI holds a transaction waits instead of failing with "database is locked".
Writes use BEGIN IMMEDIATE so a transaction never has to upgrade a read lock (the case the busy
timeout cannot help with).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (use ``transaction`` for writes), rows as sqlite3.Row."""
    if readonly:
        conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL (persistent: stored in the database header)."""
    conn.execute("PRAGMA journal_mode = WAL")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def make_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by the owner only, if it does not exist yet."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


# Values as SQLAlchemy's SQLite dialect stores them, so both drivers read the same rows.

def to_sql_ts(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def from_sql_ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def to_sql_time(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M:%S.%f")


def from_sql_time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def to_sql_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def from_sql_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def to_json_list(values: tuple[str, ...] | list[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def from_json_list(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    value = json.loads(text)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()

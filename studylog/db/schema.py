"""Open the database: a fast path when it is already at the current schema, the migrator otherwise.

The fast path reads ``alembic_version`` with the stdlib driver and compares it with HEAD_REVISION (a
test keeps that constant equal to the newest migration), so quick commands never import alembic or
SQLAlchemy. A database that needs creating or upgrading goes through ``studylog.db.migrate``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from studylog.db.sqlite import connect

if TYPE_CHECKING:
    from studylog.clock import Clock

HEAD_REVISION = "0004"


class DatabaseError(Exception):
    """A problem with the database file that the user must hear about, in one clear message."""


class SchemaTooNew(DatabaseError):
    pass


class NotAStudylogDatabase(DatabaseError):
    pass


def current_revision(conn: sqlite3.Connection) -> str | None:
    """The alembic revision stored in the file, or None for a database without one."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def read_revision(path: Path) -> str | None:
    try:
        conn = connect(path, readonly=True)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from None
    try:
        return current_revision(conn)
    except sqlite3.DatabaseError as exc:
        raise NotAStudylogDatabase(f"{path} is not a usable SQLite database ({exc}); "
                                   f"run 'studylog db check' or restore a backup") from None
    finally:
        conn.close()


def open_database(path: Path, clock: Clock) -> sqlite3.Connection:
    """A connection to an up-to-date database, creating or upgrading it (with a backup) when needed."""
    if path.exists() and path.stat().st_size > 0:
        try:
            conn = connect(path)
            revision = current_revision(conn)
        except sqlite3.DatabaseError as exc:
            raise NotAStudylogDatabase(f"{path} is not a usable SQLite database ({exc}); "
                                       f"run 'studylog db check' or restore a backup") from None
        if revision == HEAD_REVISION:
            return conn
        conn.close()
    from studylog.db.migrate import upgrade

    upgrade(path, clock)
    return connect(path)


def ensure_database(path: Path, clock: Clock) -> None:
    """Create or upgrade the database if it needs it; used before handing the path to threads."""
    open_database(path, clock).close()

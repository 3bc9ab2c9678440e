"""Open the database: a fast path when it is already at the current schema, the migrator otherwise.

The fast path reads ``alembic_version`` with the stdlib driver and compares it with HEAD_REVISION, so
quick commands never import alembic or SQLAlchemy. A database that needs creating or upgrading goes
through ``studylog.db.migrate``.

Before SQLite reads the file, a look at its first 100 bytes catches the damage SQLite would only meet
later (a file that is not SQLite at all, one cut short). Whatever goes wrong with the file is raised as
a DatabaseError whose message is one line saying what is wrong and what to do; a damaged file is never
written to (nothing here writes before the schema version has been read).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from studylog.db.errors import (
    CannotWrite,
    DatabaseDamaged,
    NotAStudylogDatabase,
    damaged_message,
    os_error_message,
    translate,
)
from studylog.db.files import HEAD_REVISION, current_revision, header_problem, journal_pending
from studylog.db.sqlite import (
    connect,
    error_kind,
    no_room_for_shm,
    pages_out_of_reach,
    read_only_file_system,
)

if TYPE_CHECKING:
    from studylog.clock import Clock


def read_revision(path: Path) -> str | None:
    try:
        conn = connect(path, readonly=True)
        try:
            return current_revision(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate(exc, path) from None


def open_database(path: Path, clock: Clock) -> sqlite3.Connection:
    """A connection to an up-to-date database, creating or upgrading it (with a backup) when needed.
    What a killed restore or backup left beside it is removed first (studylog.db.leftovers)."""
    from studylog.db.files import special_file
    from studylog.db.leftovers import remove_leftovers

    special = special_file(path)
    if special is not None:  # (a pipe would hang the reader; a folder or a device is no database)
        from studylog.io.common import shown_path

        raise NotAStudylogDatabase(f"{shown_path(path)} is {special}, not a database file: give the path of a "
                                   f"studylog database, or of a new file")
    remove_leftovers(path)
    try:
        conn = _open_current(path)
        if conn is not None:
            return conn
        from studylog.db.migrate import upgrade

        upgrade(path, clock)
        return connect(path)
    except TimeoutError as exc:
        raise CannotWrite(str(exc)) from None
    except OSError as exc:
        raise CannotWrite(os_error_message(exc, path)) from None
    except sqlite3.Error as exc:
        raise translate(exc, path) from None


def ensure_database(path: Path, clock: Clock) -> bool:
    """Create or upgrade the database if it needs it; used before handing the path to threads.

    Returns True when the database can only be read (its folder cannot be written): connections must
    then be opened with ``connect(path, immutable=True)``."""
    conn = open_database(path, clock)
    try:
        return bool(conn.execute("PRAGMA query_only").fetchone()[0])
    finally:
        conn.close()


def _open_current(path: Path) -> sqlite3.Connection | None:
    """A connection if the file is at the current schema; None if it must be created or upgraded."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    problem = header_problem(path)
    if problem:
        raise DatabaseDamaged(damaged_message(path, problem))
    conn = None
    try:
        conn = connect(path)
        revision = current_revision(conn)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        if (error_kind(exc) in ("cantopen", "readonly") and _unwritable_folder(path.parent)
                and not journal_pending(path)):
            return _open_on_read_only_media(path)
        if no_room_for_shm(exc, path.parent):  # a full disk: read without the -shm, or say why not
            if beyond := pages_out_of_reach(path):
                raise CannotWrite(f"cannot read {path}: {beyond}") from None
            return _open_on_read_only_media(path, why="no space left on device")
        raise translate(exc, path) from None
    if revision == HEAD_REVISION:
        return conn
    conn.close()
    return None


def _unwritable_folder(folder: Path) -> bool:
    return read_only_file_system(folder) or not os.access(folder, os.W_OK)


def _open_on_read_only_media(path: Path, why: str = "read-only file system") -> sqlite3.Connection:
    """SQLite cannot create its -wal and -shm files in a folder that cannot be written (a read-only file
    system, or one whose permissions forbid it); no studylog can change the file there either (a WAL
    database is written through those files), so it is read as immutable. Writing then fails with a
    clear 'cannot write' message. The same on a full disk, where SQLite cannot make or grow its -shm
    (``why`` says which; changes still in a -wal are read through a read-only -shm: see connect)."""
    conn = connect(path, immutable=True)
    conn.execute("PRAGMA query_only = ON")  # (how ensure_database tells its callers)
    try:
        revision = current_revision(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    if revision != HEAD_REVISION:
        conn.close()
        raise CannotWrite(f"cannot write to {path.parent}: {why} (the database needs an "
                          f"upgrade to this studylog's schema first)")
    return conn

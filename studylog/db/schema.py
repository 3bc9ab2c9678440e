"""Open the database: a fast path when it is already at the current schema, the migrator otherwise.

The fast path reads ``alembic_version`` with the stdlib driver and compares it with HEAD_REVISION (a
test keeps that constant equal to the newest migration), so quick commands never import alembic or
SQLAlchemy. A database that needs creating or upgrading goes through ``studylog.db.migrate``.

Before SQLite reads the file, a look at its first 100 bytes catches the damage SQLite would only meet
later (a file that is not SQLite at all, one cut short). Whatever goes wrong with the file is raised as
a DatabaseError whose message is one line saying what is wrong and what to do; a damaged file is never
written to (nothing here writes before the schema version has been read).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from studylog.db.sqlite import (
    BUSY_TIMEOUT_MS,
    connect,
    disk_full,
    error_kind,
    no_room_for_shm,
    pages_out_of_reach,
    read_head,
    read_only_file_system,
)

if TYPE_CHECKING:
    from studylog.clock import Clock

HEAD_REVISION = "0005"
KNOWN_REVISIONS = tuple(f"{n:04d}" for n in range(1, int(HEAD_REVISION) + 1))  # 0001 ... head
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A problem with the database file that the user must hear about, in one clear message."""


class SchemaTooNew(DatabaseError):
    pass


class NotAStudylogDatabase(DatabaseError):
    pass


class DatabaseDamaged(NotAStudylogDatabase):
    """The file is corrupt, cut short, or not SQLite at all. It is left exactly as it is."""


class CannotWrite(DatabaseError):
    """Read-only file system, no permission, disk full, or the file is busy: nothing was changed."""


def current_revision(conn: sqlite3.Connection) -> str | None:
    """The alembic revision stored in the file, or None for a database without one."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return row[0] if row else None


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
    from studylog.db.leftovers import remove_leftovers

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
                and not _journal_pending(path)):
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


# ---------------------------------------------------------------------------------------------- damage

def header_problem(path: Path, *, live: bool = True) -> str | None:
    """Damage visible in the file's first 100 bytes and its size, or None when it looks whole.
    ``live``: a database this process may have open (read so that SQLite's locks are kept; see
    read_head); False for a backup, which is only ever read as immutable.

    A file shorter than its header says is only reported when no -wal or -journal file holds pages not
    yet copied into it (a checkpoint in progress writes page 1 first, then the pages that grow the file)."""
    found = read_head(path, live=live)  # (no plain open and close: that would drop SQLite's locks)
    if found is None:
        return None
    head, size = found
    if not head:
        return None
    if not head.startswith(SQLITE_MAGIC[:len(head)]):
        return "it does not start with a SQLite header"
    if len(head) < 100:
        return f"it is cut short: {size} bytes, less than a SQLite header"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged (an impossible page size)"
    pages = int.from_bytes(head[28:32], "big")
    if pages and head[24:28] == head[92:96] and size < pages * page_size and not _journal_pending(path):
        return f"it is cut short: {size:,} of the {pages * page_size:,} bytes its header promises"
    return None


def _journal_pending(path: Path) -> bool:
    for suffix in ("-wal", "-journal"):
        try:
            if os.stat(f"{path}{suffix}").st_size > 0:
                return True
        except OSError:
            pass
    return False


def damaged_message(path: Path, reason: str) -> str:
    return f"{path} is damaged ({one_line(reason)}); {restore_hint(path)}"


def one_line(problem: str) -> str:
    """A row of SQLite's integrity check ("*** in database main ***\nPage 7: ...") on one line."""
    return " ".join(problem.replace("*** in database main ***", "").split())


def restore_hint(path: Path, *, suggest_check: bool = True) -> str:
    """What to do about a damaged database, in a few words: restore the newest good backup, if any."""
    from studylog.db.migrate import backup_time, newest_good_backup

    try:
        backup = newest_good_backup(path)
    except OSError:
        backup = None
    if backup is None:
        check = " ('studylog db check' tells more)" if suggest_check else ""
        return f"there is no good backup of it in {path.parent / 'backups'}; the file was left untouched{check}"
    return (f"'studylog db restore' puts back the newest good backup (from {backup_time(backup)}); "
            f"the damaged file is kept")


# ------------------------------------------------------------------------------- errors, in one line

def translate(exc: sqlite3.Error, path: Path) -> DatabaseError:
    """A sqlite3 error as the DatabaseError to show the user."""
    kind = error_kind(exc)
    if kind == "damaged":
        return DatabaseDamaged(damaged_message(path, str(exc)))
    if kind is not None:
        return CannotWrite(storage_message(kind, exc, path))
    return DatabaseError(f"cannot use {path}: {exc}")


def storage_message(kind: str, exc: BaseException, path: Path) -> str:
    if kind == "moved":
        return (f"{path} was moved or replaced while studylog had it open (a restore?); nothing was "
                f"changed, run the command again")
    if kind == "busy":
        return (f"{path} is busy: another program kept it locked for over {BUSY_TIMEOUT_MS // 1000} s "
                f"(a long import?); nothing was changed, try again when it has finished")
    if kind == "full":
        return f"cannot write to {path}: no space left on device; nothing was changed"
    if kind == "io":
        return f"cannot use {path}: disk I/O error (is the disk full, or was it removed?)"
    target, why = _why_not_writable(path)
    if kind == "cantopen" and why is None:
        if path.exists() and not os.access(path, os.R_OK):
            return f"cannot read {path}: permission denied"
        return f"cannot open {path} ({exc})"
    return f"cannot write to {target}: {why or f'the database is read-only ({exc})'}; nothing was changed"


def _why_not_writable(path: Path) -> tuple[Path, str | None]:
    folder = path.parent
    if read_only_file_system(folder if folder.exists() else folder.parent):
        return folder, "read-only file system"
    if path.exists() and not os.access(path, os.W_OK):
        return path, "permission denied"
    if disk_full(folder if folder.exists() else folder.parent):
        return path, "no space left on device"
    if folder.exists() and not os.access(folder, os.W_OK):
        return folder, "permission denied (SQLite keeps its -wal and -shm files beside the database)"
    return path, None


OS_WRITE_ERRORS = {errno.ENOSPC: "no space left on device", errno.EROFS: "read-only file system",
                   errno.EACCES: "permission denied", errno.EPERM: "permission denied",
                   getattr(errno, "EDQUOT", errno.ENOSPC): "disk quota exceeded"}


def os_error_message(exc: OSError, path: Path) -> str:
    why = OS_WRITE_ERRORS.get(exc.errno or 0)
    where = exc.filename or path
    if str(where) == f"{path}.lock":  # the lock file studylog makes beside the database: name the folder
        where = path.parent
    if why is None:
        return f"cannot use {where}: {(exc.strerror or str(exc)).lower()}"
    return f"cannot write to {where}: {why}"


def failure_message(exc: BaseException, path: Path) -> str | None:
    """One line for a failure of the database or the disk (for the command line), or None for an
    exception that is not one (a bug: let it show)."""
    if isinstance(exc, DatabaseError):
        return str(exc)
    orig = getattr(exc, "orig", None)  # SQLAlchemy (migrations) wraps the driver's error
    if isinstance(orig, sqlite3.Error):
        exc = orig
    if isinstance(exc, sqlite3.Error) and "integer overflow" in str(exc):
        return (f"{path} holds a number too large to add up (a value no command stores); 'studylog db check' "
                f"names it")
    if isinstance(exc, sqlite3.Error):
        return str(translate(exc, path)) if error_kind(exc) is not None else None
    if isinstance(exc, TimeoutError) and str(exc):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in OS_WRITE_ERRORS:
        return os_error_message(exc, path)
    return None

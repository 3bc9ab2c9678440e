"""Connections through the stdlib sqlite3 driver, set up the same way everywhere.

WAL journal (readers never block the writer), foreign keys on, and a busy timeout so that a write
from the shell while the TUI holds a transaction waits instead of failing with "database is locked".
Writes use BEGIN IMMEDIATE so a transaction never has to upgrade a read lock (the case the busy
timeout cannot help with). Creating, upgrading and restoring the file happen under an OS file lock
(``exclusive_lock``), so two processes starting on a new database do not both create it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time as _time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from studylog.domain.errors import BadStoredValue
from studylog.paths import make_private_dir

try:  # POSIX
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT_MS = 10_000
LOCK_TIMEOUT_S = 300.0  # an upgrade of a big database may take a while; a stuck process should not hang us


def connect(path: Path | str, *, readonly: bool = False, immutable: bool = False,
            must_exist: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (use ``transaction`` for writes), rows as sqlite3.Row.

    ``immutable``: read-only, without locks or the -wal/-shm files; only for a file nothing can change
    (a backup, or a database in a folder that cannot be written or on a full disk). Pages still in a -wal
    beside it (a full disk leaves them there when closing cannot copy them back) are never ignored: they
    are read through a read-only -shm (SQLite then indexes the -wal in memory), or, without a -shm,
    the open fails ("unable to open database file") rather than show stale data. ``must_exist``: fail
    rather than create an empty file where the database was (moved away meanwhile)."""
    if readonly or immutable or must_exist:
        query = "mode=ro&immutable=1" if immutable else "mode=ro" if readonly else "mode=rw"
        if immutable and holds_pages(f"{path}-wal"):
            beyond = pages_out_of_reach(Path(path))
            if beyond:
                raise sqlite3.OperationalError(f"unable to open database file: {beyond}")
            query = "mode=ro&readonly_shm=1"
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?{query}", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # a 16 MiB page cache (SQLite's default is 2 MiB): a search joins its matches to rows spread over a long
        # history, a review reads a year of them; filled only as pages are read (a quick command reads few)
        conn.execute("PRAGMA cache_size = -16384")
        if not (readonly or immutable):
            conn.execute("PRAGMA synchronous = NORMAL")  # (reads the schema: may meet a full disk)
    except BaseException:
        conn.close()  # now: a connection left to the garbage collector keeps its -shm open for writing,
        raise         # and a read-only open of the same file in this process would share it
    return conn


def enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL (persistent: stored in the database header).

    The switch needs the file to itself for a moment; if another connection is reading it just then,
    SQLite may answer "database is locked" (or leave the mode as it was) without waiting, so retry."""
    deadline = _time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if error_kind(exc) != "busy" or _time.monotonic() > deadline:
                raise
            mode = None
        if mode is not None and str(mode).lower() == "wal":
            return
        if _time.monotonic() > deadline:
            raise sqlite3.OperationalError(f"database is locked (the journal stays in {mode} mode)")
        _time.sleep(0.02)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (the exception is the one raised, even
    when SQLite already rolled back by itself, as it does after "database or disk is full")."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN ... COMMIT around reads: every query inside sees one consistent state of the database, and
    writers are not blocked (WAL). An error inside is raised as it is, even when SQLite already ended
    the transaction itself (a disk I/O error), not as "cannot commit - no transaction is active". A
    connection already in a transaction is used as it is."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield conn
    except BaseException:
        if own and conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    if own and conn.in_transaction:
        conn.execute("COMMIT")


def make_private_file(path: Path) -> None:
    """Create ``path`` (and its folders) readable by the owner only, if it does not exist yet."""
    if not path.parent.exists():
        make_private_dir(path.parent)  # (another process may be making it)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


# ------------------------------------------------------------------------ reading the file's own bytes

_KEPT_OPEN: dict[tuple[int, int], int] = {}  # (device, inode) -> a read-only descriptor of a live database
_KEPT_EXTRA: list[int] = []  # a second descriptor of a file already kept (opened in a race): kept too
_KEPT_LOCK = threading.Lock()


def read_head(path: Path, size: int = 100, *, live: bool = True) -> tuple[bytes, int] | None:
    """The first ``size`` bytes of a database file and its length in bytes; None if there is no file.

    On POSIX, closing *any* descriptor of a file drops every lock this process holds on it, SQLite's
    included: another process would then think it holds the last connection, checkpoint and delete the
    WAL under this process's open connections (seen as "disk I/O error" and "database disk image is
    malformed" under concurrent writers). So, as SQLite does itself, the descriptor opened for a
    ``live`` database stays open while the file exists: one per database file looked at. A file SQLite
    only reads as immutable, without locks (a backup), is opened and closed as usual."""
    if fcntl is None or not live:  # (Windows: locks belong to handles, closing one drops nothing else)
        try:
            with open(path, "rb") as fh:
                return fh.read(size), os.fstat(fh.fileno()).st_size
        except FileNotFoundError:
            return None
    try:
        seen = os.stat(path)
    except FileNotFoundError:
        return None
    with _KEPT_LOCK:
        _forget_deleted()
        fd = _KEPT_OPEN.get((seen.st_dev, seen.st_ino))
        if fd is None:
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            except FileNotFoundError:
                return None
            opened = os.fstat(fd)  # (the file may have been replaced since the stat: key it by what is open)
            key = (opened.st_dev, opened.st_ino)
            if key in _KEPT_OPEN:
                _KEPT_EXTRA.append(fd)  # closing it would drop the locks, like any other descriptor
            else:
                _KEPT_OPEN[key] = fd
        return os.pread(fd, size, 0), os.fstat(fd).st_size


def _forget_deleted() -> None:
    """Close the kept descriptors of files that were deleted (a test's database, a replaced file): no
    one can open them any more, and they would hold their disk space."""
    for key, fd in list(_KEPT_OPEN.items()):
        try:
            gone = os.fstat(fd).st_nlink == 0
        except OSError:
            gone = True
        if gone:
            del _KEPT_OPEN[key]
            with suppress(OSError):
                os.close(fd)


# --------------------------------------------------------------------------------------- the file lock

def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.lock")


@contextmanager
def exclusive_lock(db_path: Path, *, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold an OS lock on ``<db>.lock`` beside the database (created for the purpose, removed after):
    the processes that create, upgrade or restore the same database take turns.

    Raises TimeoutError (with a message for the user) after ``timeout`` seconds of waiting."""
    path = lock_path(db_path)
    if not path.parent.exists():
        make_private_dir(path.parent)
    deadline = _time.monotonic() + timeout
    delay = 0.005
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            locked = _try_lock(fd)
            if locked and _still_there(fd, path):
                break
            if locked:
                _unlock(fd)  # the file was removed by the process before us: lock the new one
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if locked:
            continue
        if _time.monotonic() > deadline:
            raise TimeoutError(f"{db_path} is being created, upgraded or restored by another studylog "
                               f"(still waiting after {timeout:.0f} s); try again when it has finished")
        _time.sleep(delay)
        delay = min(delay * 2, 0.1)
    try:
        yield
    finally:
        try:
            if fcntl is not None:  # removed while still held, so a waiter sees it is gone (POSIX only)
                with suppress(OSError):
                    path.unlink()
            _unlock(fd)
        finally:
            os.close(fd)


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt

    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    import msvcrt

    with suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _still_there(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at ``path`` (not removed by the holder before us)."""
    if fcntl is None:
        return True  # Windows: an open file cannot be removed
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


# ------------------------------------------------------------------------------------- what went wrong

def error_kind(exc: BaseException) -> str | None:
    """What a sqlite3 error means for the user: 'damaged', 'moved', 'readonly', 'full', 'busy',
    'cantopen', 'io', or None for anything else (a bug, a constraint)."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return "damaged"
    if name == "SQLITE_READONLY_DBMOVED":
        return "moved"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text or "read-only" in text:
        return "readonly"
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return "busy"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        return "cantopen"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    return None


def holds_pages(journal: Path | str) -> bool:
    """Whether a -wal or -journal file exists and is not empty."""
    try:
        return os.stat(journal).st_size > 0
    except OSError:
        return False


def pages_out_of_reach(path: Path) -> str | None:
    """Why the database cannot be read as it is without writing beside it, or None: changes still in its
    -wal with no -shm to read them through (SQLite would have to make one), or a half-done transaction in
    a -journal (SQLite would have to roll it back). Where the disk is full, say so rather than show the
    file without them."""
    if holds_pages(f"{path}-journal"):
        held, needs = f"{path.name}-journal", "rolling it back"
    elif holds_pages(f"{path}-wal") and not os.path.exists(f"{path}-shm"):
        held, needs = f"{path.name}-wal", f"making {path.name}-shm beside it"
    else:
        return None
    return (f"its newest changes are still in {held}, which SQLite cannot read without {needs}; free some "
            f"space on the disk and try again (nothing was changed)")


def disk_full(folder: Path) -> bool:
    """Whether the file system holding ``folder`` has no block or no new file left (as statvfs tells a
    user without the reserved blocks; quotas are not seen)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        found = statvfs(folder)
    except OSError:
        return False
    return (found.f_blocks > 0 and found.f_bavail == 0) or (found.f_files > 0 and found.f_favail == 0)


def no_room_for_shm(exc: BaseException, folder: Path) -> bool:
    """Whether an error opening a database means SQLite could not make or grow its -shm (or -wal) file
    beside it: the disk (or a quota) is full. Reading can then go on without them, read-only."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name in ("SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_SHMMAP"):
        return True
    return error_kind(exc) in ("io", "cantopen", "full") and disk_full(folder)


def read_only_file_system(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row the cursor's INSERT just stored (sqlite3 gives ``lastrowid`` as ``int | None``:
    None only before any row was inserted)."""
    rowid = cursor.lastrowid
    assert rowid is not None
    return rowid


def insert_rows(conn: sqlite3.Connection, insert: str, rows: list[tuple[Any, ...]], table: str, *,
                batch: int = 500) -> list[int]:
    """``rows`` stored by ``insert`` ("INSERT INTO table (...) VALUES (?, ...)") in statements of up to
    ``batch`` rows each, and their ids in order (the table's ids are AUTOINCREMENT: greater than any before).

    Not a statement a row (executemany): SQLite journals each page a statement changes once per statement
    when a trigger makes it keep a statement journal (the search index's do), so a statement a row journaled
    the table's and its indexes' pages for every row (46 us of a Goodreads row's 59)."""
    if not rows:
        return []
    head, _, one = insert.partition(" VALUES ")
    per = max(1, min(batch, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(rows[0])))
    top = conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        conn.execute(f"{head} VALUES {', '.join([one] * len(chunk))}", [v for row in chunk for v in row])
    ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (top,))]
    if len(ids) != len(rows):
        raise RuntimeError(f"{len(rows)} rows inserted into {table}, {len(ids)} found")
    return ids


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


def stored_date(text: str) -> date:
    """A day as the database holds it ('2026-11-24'); BadStoredValue for anything else."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        shown = repr(text if not isinstance(text, str) or len(text) <= 40 else text[:40] + "...")
        raise BadStoredValue(f"a day that is not a date ({shown.encode('unicode_escape').decode()})") from None


def from_sql_date(text: str | None) -> date | None:
    return None if text is None else stored_date(text)


def to_json_list(values: tuple[str, ...] | list[str]) -> str:
    """``json.dumps(list(values), ensure_ascii=False)``; written directly when no value holds what JSON
    escapes there (a quote, a backslash, a control character: none is printable but the first two)."""
    try:
        joined = "".join(values)
    except TypeError:  # (not all strings: json says what it makes of them)
        return json.dumps(list(values), ensure_ascii=False)
    if joined.isprintable() and '"' not in joined and "\\" not in joined:
        return '["' + '", "'.join(values) + '"]' if values else "[]"
    return json.dumps(list(values), ensure_ascii=False)


def from_json_list(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    value = json.loads(text)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()

"""What a database file and its backups are, read without changing anything: the file's header, its
schema revision, and which backups beside it are good. Standard library only (the fast path uses it).

HEAD_REVISION is the schema this studylog writes (a test keeps it equal to the newest migration)."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from studylog.db.sqlite import connect, read_head

HEAD_REVISION = "0009"


# Tables the triggers keep from the records (no model, not exported: made again from the records), besides
# the search index: the runs of days written or skipped, and their triggers' scratch row (migration 0009).
DERIVED_TABLES = ("writing_run", "writing_run_change")
KNOWN_REVISIONS = tuple(f"{n:04d}" for n in range(1, int(HEAD_REVISION) + 1))  # 0001 ... head


SQLITE_MAGIC = b"SQLite format 3\x00"


def current_revision(conn: sqlite3.Connection) -> str | None:
    """The alembic revision stored in the file, or None for a database without one."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return row[0] if row else None


def special_file(path: Path) -> str | None:
    """What ``path`` is when it is there but no regular file ("a folder", "a named pipe"...), else None:
    such a path is never opened as a database (a pipe would hang the reader)."""
    import stat

    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    return ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "not a regular file")


def header_problem(path: Path, *, live: bool = True) -> str | None:
    """Damage visible in the file's first 100 bytes and its size, or None when it looks whole.
    ``live``: a database this process may have open (read so that SQLite's locks are kept; see
    read_head); False for a backup, which is only ever read as immutable.

    A file shorter than its header says is only reported when no -wal or -journal file holds pages not
    yet copied into it (a checkpoint in progress writes page 1 first, then the pages that grow the file)."""
    special = special_file(path)
    if special is not None:
        return f"it is {special}, not a database file"
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
    if pages and head[24:28] == head[92:96] and size < pages * page_size and not journal_pending(path):
        return f"it is cut short: {size:,} of the {pages * page_size:,} bytes its header promises"
    return None


def journal_pending(path: Path) -> bool:
    for suffix in ("-wal", "-journal"):
        try:
            if os.stat(f"{path}{suffix}").st_size > 0:
                return True
        except OSError:
            pass
    return False


def one_line(problem: str) -> str:
    """A row of SQLite's integrity check ("*** in database main ***\nPage 7: ...") on one line."""
    return " ".join(problem.replace("*** in database main ***", "").split())


def list_backups(path: Path) -> list[Path]:
    """Backups of the database at ``path``, oldest first."""
    folder = path.parent / "backups"
    if not folder.exists():
        return []
    found = [p for p in folder.glob(f"{path.stem}-*.db") if p.is_file() and is_backup_of(path.stem, p.name)]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def is_backup_of(stem: str, name: str, reason: str = r"[a-z]+") -> bool:
    """Whether ``name`` is a backup of the database ``stem`` (not of ``stem-work.db`` beside it)."""
    return re.fullmatch(rf"{re.escape(stem)}-\d{{8}}T\d{{12}}Z-{reason}(-\d+)?\.db", name) is not None


_STAMP = re.compile(r"-(\d{8}T\d{6})\d{6}Z-")


def backup_time(backup_path: Path) -> str:
    """When a backup was taken, as local time to the minute (from its name, else the file's time)."""
    found = _STAMP.search(backup_path.name)
    if found:
        moment = datetime.strptime(found.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    else:
        moment = datetime.fromtimestamp(backup_path.stat().st_mtime, UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def backup_problem(candidate: Path) -> str | None:
    """Why a file cannot be restored (damaged, not a studylog database), or None if it can."""
    problem = header_problem(candidate, live=False)
    if problem:
        return problem
    if candidate.stat().st_size == 0:
        return "it is empty"
    try:
        conn = connect(candidate, immutable=True)  # no -wal/-shm files left beside the backup
        try:
            found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if found != ["ok"]:
                return one_line(found[0])
            revision = current_revision(conn)
            if revision is None:
                return "it is not a studylog database (it has no schema version)"
            if revision not in KNOWN_REVISIONS:
                return (f"it was written by a newer studylog (schema {one_line(revision)}, this one knows up to "
                        f"{HEAD_REVISION})")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def newest_good_backup(path: Path) -> Path | None:
    for candidate in reversed(list_backups(path)):
        if backup_problem(candidate) is None:
            return candidate
    return None

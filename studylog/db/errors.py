"""What goes wrong with a database, said in one line: the exceptions studylog raises for it, and the
messages that say what is wrong and what to do (restore the newest good backup, free some space...)."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path

from studylog.db.files import backup_time, newest_good_backup, one_line
from studylog.db.sqlite import BUSY_TIMEOUT_MS, disk_full, error_kind, read_only_file_system
from studylog.domain.errors import BadStoredValue


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


def damaged_message(path: Path, reason: str) -> str:
    return f"{path} is damaged ({one_line(reason)}); {restore_hint(path)}"


def restore_hint(path: Path, *, suggest_check: bool = True) -> str:
    """What to do about a damaged database, in a few words: restore the newest good backup, if any."""
    try:
        backup = newest_good_backup(path)
    except OSError:
        backup = None
    if backup is None:
        check = " ('studylog db check' tells more)" if suggest_check else ""
        return f"there is no good backup of it in {path.parent / 'backups'}; the file was left untouched{check}"
    return (f"'studylog db restore' puts back the newest good backup (from {backup_time(backup)}); "
            f"the damaged file is kept")


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
    if isinstance(exc, BadStoredValue):
        return f"{path} holds {exc}, a value no studylog stores (edited by hand?): 'studylog db check' names each one"
    orig = getattr(exc, "orig", None)  # SQLAlchemy (migrations) wraps the driver's error
    if isinstance(orig, sqlite3.Error):
        exc = orig
    if isinstance(exc, sqlite3.Error) and "Could not decode to UTF-8" in str(exc):
        column = re.search(r"column '(\w+)'", str(exc))  # (not the text itself: it is what cannot be shown)
        where = f" (column {column.group(1)})" if column else ""
        return (f"{path} holds text that is not UTF-8{where}, a value no studylog stores (edited by hand?): "
                f"'studylog db check' names each one")
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

"""Backups and restores. A backup is made with SQLite's online backup API into the ``backups`` folder
beside the database (owner-only permissions, the last BACKUPS_KEPT automatic copies kept); it gets its
name only once it is whole. ``restore`` puts back a backup that passes SQLite's integrity check and keeps
the file it replaces under another name, under the same lock file as upgrades."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studylog.db.errors import CannotWrite, DatabaseError, translate
from studylog.db.files import (
    backup_problem,
    header_problem,
    is_backup_of,
    list_backups,
    newest_good_backup,
    one_line,
)
from studylog.db.leftovers import partial_name
from studylog.db.sqlite import connect, enable_wal, error_kind, exclusive_lock, make_private_file

if TYPE_CHECKING:
    from studylog.clock import Clock


BACKUPS_KEPT = 5


def remove_database_files(path: Path) -> None:
    """Remove a database this process just created and could not finish (it holds nothing)."""
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with suppress(OSError):
            os.unlink(name)


def backup(path: Path, clock: Clock, *, reason: str = "manual") -> Path:
    """Copy the database with SQLite's backup API into ``backups/`` beside it; returns the copy's path.

    The copy is one self-contained file (rollback journal, not WAL), readable by the owner only; a copy
    that fails half-way (disk full) is removed. Automatic copies (reason 'auto') are rotated, keeping the
    newest BACKUPS_KEPT; manual ones are kept.
    """
    folder = path.parent / "backups"
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        target = folder / f"{path.stem}-{stamp}-{reason}-{n}.db"
        n += 1
    partial = partial_name(target)  # a backup gets its name only once it is whole (killed: never a "backup")
    make_private_file(partial)
    try:
        source = connect(path)  # not read-only: closing the last connection tidies away the -wal and -shm files
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(partial, target)
    except BaseException:
        remove_database_files(partial)
        raise
    if reason == "auto":
        rotate_backups(folder, path.stem)
    return target


def rotate_backups(folder: Path, stem: str) -> None:
    autos = sorted((p for p in folder.glob(f"{stem}-*-auto*.db") if is_backup_of(stem, p.name, "auto")),
                   key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in autos[:-BACKUPS_KEPT]:
        old.unlink()


def database_problem(path: Path) -> str | None:
    """Damage in the database itself (SQLite's quick check), or None when it is whole (or missing)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    problem = header_problem(path)
    if problem:
        return problem
    try:
        conn = connect(path, readonly=True)
        try:
            found = [r[0] for r in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if error_kind(exc) == "damaged":
            return str(exc)
        raise translate(exc, path) from None
    return None if found == ["ok"] else one_line(found[0])


@dataclass(frozen=True)
class RestoreResult:
    backup: Path
    kept: Path | None  # where the file that was there went (None: there was none)
    damaged: bool


def choose_backup(path: Path, given: Path | None = None) -> Path:
    """The backup to restore: the one given (if it is good), else the newest good one."""
    if given is not None:
        if not given.is_file():
            raise DatabaseError(f"no backup at {given}")
        problem = backup_problem(given)
        if problem:
            raise DatabaseError(f"{given} cannot be restored ({problem}); choose another backup")
        return given
    chosen = newest_good_backup(path)
    if chosen is None:
        what = "no backups" if not list_backups(path) else "no good backup (each fails SQLite's integrity check)"
        raise DatabaseError(f"there are {what} of {path} in {path.parent / 'backups'}; nothing was restored")
    return chosen


def restore(path: Path, clock: Clock, backup_path: Path) -> RestoreResult:
    """Put ``backup_path`` in place of the database. The file that was there is never deleted: it is
    renamed, with its -wal and -shm files, to ``<name>.damaged-<time>`` (``.replaced-`` if it was whole).

    The copy is made and checked beside the database first, then the old file is moved aside and the
    copy renamed into place, under the same lock as upgrades."""
    problem = backup_problem(backup_path)
    if problem:
        raise DatabaseError(f"{backup_path} cannot be restored ({problem}); choose another backup")
    path = Path(os.path.realpath(path))  # a database reached through a link: restore into its target, keep the link
    try:
        with exclusive_lock(path):
            damaged = database_problem(path) is not None if path.exists() else False
            tmp = path.with_name(f".{path.name}.restoring-{os.getpid()}")
            try:
                make_private_file(tmp)
                shutil.copyfile(backup_path, tmp)
                conn = connect(tmp)
                try:
                    enable_wal(conn)
                finally:
                    conn.close()
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                kept = (_move_aside(path, "damaged" if damaged else "replaced", clock)
                        if path.exists() or _leftovers(path) else None)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    if kept is not None:
                        _move_back(kept, path)
                    raise
            finally:
                remove_database_files(tmp)
    except TimeoutError as exc:
        raise CannotWrite(str(exc)) from None
    return RestoreResult(backup_path, kept, damaged)


def _leftovers(path: Path) -> list[str]:
    """The -wal, -shm and -journal files beside ``path`` (SQLite would replay a -wal into a new file)."""
    return [suffix for suffix in ("-wal", "-shm", "-journal") if Path(f"{path}{suffix}").exists()]


def _move_aside(path: Path, label: str, clock: Clock) -> Path:
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while kept.exists() or Path(f"{kept}-wal").exists():
        kept = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
        n += 1
    if path.exists():
        os.replace(path, kept)
    for suffix in _leftovers(path):  # they belong to the old file: keep them with it
        os.replace(f"{path}{suffix}", f"{kept}{suffix}")
    return kept


def _move_back(kept: Path, path: Path) -> None:
    with suppress(OSError):
        os.replace(kept, path)
        for suffix in ("-wal", "-shm", "-journal"):
            if Path(f"{kept}{suffix}").exists():
                os.replace(f"{kept}{suffix}", f"{path}{suffix}")

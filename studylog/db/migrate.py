"""Backups, restores and schema upgrades through alembic (the slow path: imports alembic and SQLAlchemy).

Before any upgrade of an existing database, its quick check must pass and a copy is made with SQLite's
online backup API into the ``backups`` folder beside it (owner-only permissions, the last BACKUPS_KEPT
automatic copies kept). A database stamped with a revision this version of studylog does not know was
written by a newer version: it is refused and left untouched. Creating, upgrading and restoring take a
lock file beside the database, so two processes never do it at once. ``restore`` puts back a backup
that passes SQLite's integrity check and keeps the file it replaces under another name.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.db.leftovers import partial_name
from studylog.db.schema import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    CannotWrite,
    DatabaseDamaged,
    DatabaseError,
    NotAStudylogDatabase,
    SchemaTooNew,
    current_revision,
    damaged_message,
    header_problem,
    one_line,
    translate,
)
from studylog.db.sqlite import (
    connect,
    enable_wal,
    error_kind,
    exclusive_lock,
    make_private_file,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

    from studylog.clock import Clock

BACKUPS_KEPT = 5


def migrations_dir() -> Path:
    """The alembic scripts: inside the installed package, or the repository's top-level folder."""
    packaged = Path(__file__).resolve().parent.parent / "_migrations"
    if (packaged / "env.py").exists():
        return packaged
    source = Path(__file__).resolve().parents[2] / "migrations"
    if (source / "env.py").exists():
        return source
    raise FileNotFoundError("studylog's migrations folder is missing from this installation")


def sqlite_url(path: Path) -> Any:
    """SQLAlchemy's URL of a database file, built from its parts: a file named "a?b.db" is that file, not
    "a" with a query string."""
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(path))


def make_engine(url: Any) -> Engine:
    """A SQLAlchemy engine for migrations: foreign keys OFF (batch operations rebuild tables, and a
    rebuilt parent table would cascade deletes into its children), transactional DDL via BEGIN."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys = OFF")
        dbapi_conn.execute("PRAGMA busy_timeout = 10000")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(script_location: Path | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_dir()))
    return config


def known_revisions(config: Config) -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def head_revision(config: Config | None = None) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config or alembic_config()).get_current_head()
    assert head is not None
    return head


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None
    created: bool


def upgrade(path: Path, clock: Clock, *, config: Config | None = None, target: str = "head") -> UpgradeResult:
    """Bring the database at ``path`` to ``target`` (head by default), creating it if missing.

    One process at a time (a lock file beside the database): a second one waits, then finds the work
    done. Raises SchemaTooNew for a database from a newer studylog, NotAStudylogDatabase for a file that
    is not a studylog database and DatabaseDamaged for a damaged one; in all three cases the file is
    left as it was. A new database whose creation fails (disk full...) is removed again.
    """
    try:
        with exclusive_lock(path):
            return _upgrade(path, clock, config or alembic_config(), target)
    except TimeoutError as exc:
        raise CannotWrite(str(exc)) from None


def _upgrade(path: Path, clock: Clock, config: Config, target: str) -> UpgradeResult:

    created = not path.exists() or path.stat().st_size == 0
    target_rev = head_revision(config) if target == "head" else target
    revision: str | None = None
    if not created:
        problem = header_problem(path)
        if problem:
            raise DatabaseDamaged(damaged_message(path, problem))
        conn = connect(path)
        try:
            revision = current_revision(conn)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if revision != target_rev:  # about to change the file: make sure it is whole first
                found = [r[0] for r in conn.execute("PRAGMA quick_check")]
                if found != ["ok"]:
                    raise DatabaseDamaged(damaged_message(path, one_line(found[0])))
        except sqlite3.Error as exc:
            raise translate(exc, path) from None
        finally:
            conn.close()
        if revision is None and tables - {"sqlite_sequence"}:
            raise NotAStudylogDatabase(
                f"{path} is a SQLite database but not a studylog one (it has no schema version); "
                f"it was left untouched")
        if revision is not None and revision not in known_revisions(config):
            raise SchemaTooNew(
                f"{path} was written by a newer studylog (schema {revision}); this version knows up to "
                f"{HEAD_REVISION}. Upgrade studylog; the database was left untouched.")
    if revision == target_rev:
        return UpgradeResult(revision, target_rev, None, created)
    backup_path = None
    committed = False
    try:
        if created:
            make_private_file(path)
            conn = connect(path)
            try:
                enable_wal(conn)  # before any table exists, while nothing else can have it open for long
            finally:
                conn.close()
        elif revision is not None:
            backup_path = backup(path, clock, reason="auto")
        run_migrations(path, config, target)
        committed = True
    except BaseException as exc:
        if created and not committed:  # (once committed, other processes may already be writing to it)
            _remove_database_files(path)
        orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
        if isinstance(orig, sqlite3.Error):
            raise translate(orig, path) from None
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from None
        raise
    return UpgradeResult(revision, target_rev, backup_path, created)


def run_migrations(path: Path, config: Config, target: str) -> None:
    """Alembic's upgrade of the file at ``path`` to ``target``, in one transaction (the caller holds the
    lock and has checked the file). The test suite replaces this, for a new file going to head, with a
    copy of a database migrated once (tests/conftest.py)."""
    from alembic import command

    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        config.attributes.pop("connection", None)
        engine.dispose()


def _remove_database_files(path: Path) -> None:
    """Remove a database this process just created and could not finish (it holds nothing)."""
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with suppress(OSError):
            os.unlink(name)


# ------------------------------------------------------------------------------------------------ backups

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
        _remove_database_files(partial)
        raise
    if reason == "auto":
        rotate_backups(folder, path.stem)
    return target


def list_backups(path: Path) -> list[Path]:
    """Backups of the database at ``path``, oldest first."""
    folder = path.parent / "backups"
    if not folder.exists():
        return []
    found = [p for p in folder.glob(f"{path.stem}-*.db") if p.is_file() and _backup_of(path.stem, p.name)]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def _backup_of(stem: str, name: str, reason: str = r"[a-z]+") -> bool:
    """Whether ``name`` is a backup of the database ``stem`` (not of ``stem-work.db`` beside it)."""
    return re.fullmatch(rf"{re.escape(stem)}-\d{{8}}T\d{{12}}Z-{reason}(-\d+)?\.db", name) is not None


def rotate_backups(folder: Path, stem: str) -> None:
    autos = sorted((p for p in folder.glob(f"{stem}-*-auto*.db") if _backup_of(stem, p.name, "auto")),
                   key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in autos[:-BACKUPS_KEPT]:
        old.unlink()


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
                _remove_database_files(tmp)
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


# ------------------------------------------------------------------------------------------------- check

@dataclass(frozen=True)
class CheckReport:
    revision: str | None
    integrity: list[str]
    foreign_keys: list[str]
    schema_differences: list[str]
    # values no studylog would store, one line each ("workout id 17: duration_s must be a finite number of
    # seconds, not Infinity"): those import json refuses, and text holding control characters
    values: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.revision == HEAD_REVISION and self.integrity == ["ok"] and not self.foreign_keys
                and not self.schema_differences and not self.values)

    @property
    def damaged(self) -> bool:
        return self.integrity != ["ok"]


def check(path: Path, *, today: date | None = None) -> CheckReport:
    """SQLite's integrity check, the foreign key check, a comparison of the schema with the models, and
    every value held to the rules import json holds a file to (studylog.services.transfer.check_row: kinds,
    finite numbers in range, days up to ``today``, text without control characters).

    A damaged file gives a report (its integrity list says what is wrong) rather than an exception; the
    file is only read."""
    problem = header_problem(path)
    if problem:
        return CheckReport(None, [problem], [], [])
    values: list[str] = []
    try:
        conn = connect(path, readonly=True)
        try:
            revision = current_revision(conn)
            integrity = [one_line(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            fks = [f"{r[0]} row {r[1]} -> {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
            if integrity == ["ok"]:
                from studylog.services.transfer import stored_value_problems

                values = stored_value_problems(conn, today=today)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if error_kind(exc) == "damaged":
            return CheckReport(None, [str(exc)], [], [])
        raise translate(exc, path) from None
    if integrity != ["ok"]:
        return CheckReport(revision, integrity, fks, [])
    try:
        differences = schema_differences(path)
    except Exception as exc:
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, sqlite3.Error):
            raise translate(orig, path) from None
        raise
    return CheckReport(revision, integrity, fks, differences, values)


def schema_differences(path: Path) -> list[str]:
    """What alembic's autogenerate would change to make the database match the models (empty: in step)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool
    from sqlmodel import SQLModel

    import studylog.domain.models  # noqa: F401  (registers the tables)

    engine = create_engine(sqlite_url(path), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            return [str(diff) for diff in compare_metadata(context, SQLModel.metadata)]
    finally:
        engine.dispose()


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Leave SQLite's own tables and FTS shadow tables out of schema comparisons."""
    return not (type_ == "table" and name and (name.startswith("sqlite_") or "_fts" in name))

"""Backups and schema upgrades through alembic (the slow path: imports alembic and SQLAlchemy).

Before any upgrade of an existing database, a copy is made with SQLite's online backup API into the
``backups`` folder beside it (owner-only permissions, the last BACKUPS_KEPT automatic copies kept). A
database stamped with a revision this version of studylog does not know was written by a newer
version: it is refused and left untouched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studylog.db.schema import (
    HEAD_REVISION,
    NotAStudylogDatabase,
    SchemaTooNew,
    current_revision,
)
from studylog.db.sqlite import connect, enable_wal, make_private_file

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


def make_engine(url: str) -> Engine:
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

    Raises SchemaTooNew for a database from a newer studylog and NotAStudylogDatabase for a file that
    is not a studylog database; in both cases the file is left as it was.
    """
    from alembic import command

    config = config or alembic_config()
    created = not path.exists() or path.stat().st_size == 0
    revision: str | None = None
    if not created:
        conn = connect(path)
        try:
            revision = current_revision(conn)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise NotAStudylogDatabase(f"{path} is not a usable SQLite database ({exc}); "
                                       f"run 'studylog db check' or restore a backup") from None
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
    target_rev = head_revision(config) if target == "head" else target
    if revision == target_rev:
        return UpgradeResult(revision, target_rev, None, created)
    backup_path = None
    if created:
        make_private_file(path)
        conn = connect(path)
        try:
            enable_wal(conn)  # before any table exists, while nothing else can have it open for long
        finally:
            conn.close()
    elif revision is not None:
        backup_path = backup(path, clock, reason="auto")
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        config.attributes.pop("connection", None)
        engine.dispose()
    return UpgradeResult(revision, target_rev, backup_path, created)


def backup(path: Path, clock: Clock, *, reason: str = "manual") -> Path:
    """Copy the database with SQLite's backup API into ``backups/`` beside it; returns the copy's path.

    Automatic copies (reason 'auto') are rotated, keeping the newest BACKUPS_KEPT; manual ones are kept.
    """
    folder = path.parent / "backups"
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        target = folder / f"{path.stem}-{stamp}-{reason}-{n}.db"
        n += 1
    make_private_file(target)
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    if reason == "auto":
        rotate_backups(folder, path.stem)
    return target


def list_backups(path: Path) -> list[Path]:
    """Backups of the database at ``path``, oldest first."""
    folder = path.parent / "backups"
    if not folder.exists():
        return []
    found = [p for p in folder.glob(f"{path.stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def rotate_backups(folder: Path, stem: str) -> None:
    autos = sorted((p for p in folder.glob(f"{stem}-*-auto*.db")),
                   key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in autos[:-BACKUPS_KEPT]:
        old.unlink()


@dataclass(frozen=True)
class CheckReport:
    revision: str | None
    integrity: list[str]
    foreign_keys: list[str]
    schema_differences: list[str]

    @property
    def ok(self) -> bool:
        return (self.revision == HEAD_REVISION and self.integrity == ["ok"] and not self.foreign_keys
                and not self.schema_differences)


def check(path: Path) -> CheckReport:
    """SQLite's integrity check, the foreign key check, and a comparison of the schema with the models."""
    conn = connect(path, readonly=True)
    try:
        revision = current_revision(conn)
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        fks = [f"{r[0]} row {r[1]} -> {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
    finally:
        conn.close()
    return CheckReport(revision, integrity, fks, schema_differences(path))


def schema_differences(path: Path) -> list[str]:
    """What alembic's autogenerate would change to make the database match the models (empty: in step)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool
    from sqlmodel import SQLModel

    import studylog.domain.models  # noqa: F401  (registers the tables)

    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            return [str(diff) for diff in compare_metadata(context, SQLModel.metadata)]
    finally:
        engine.dispose()


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Leave SQLite's own tables and FTS shadow tables out of schema comparisons."""
    return not (type_ == "table" and name and (name.startswith("sqlite_") or "_fts" in name))

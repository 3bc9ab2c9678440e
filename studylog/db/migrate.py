"""Schema migrations through alembic (the slow path: imports alembic and SQLAlchemy), and new databases.

A new database going to the current schema is made from the schema snapshot (``studylog.db.schema``),
without alembic; every other upgrade (an older file, an explicit target) runs the migrations.

Before any upgrade of an existing database, its quick check must pass and a backup is made
(``studylog.db.backups``). A database stamped with a revision this version of studylog does not know was
written by a newer version: it is refused and left untouched. Creating and upgrading take a lock file
beside the database, so two processes never do it at once. ``schema_differences`` compares a database
with the SQLModel tables (for ``db check`` and the tests).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.db import schema
from studylog.db.backups import backup, remove_database_files
from studylog.db.errors import (
    CannotWrite,
    DatabaseDamaged,
    NotAStudylogDatabase,
    SchemaTooNew,
    damaged_message,
    translate,
)
from studylog.db.files import DERIVED_TABLES, HEAD_REVISION, current_revision, header_problem, one_line
from studylog.db.sqlite import (
    connect,
    enable_wal,
    exclusive_lock,
    make_private_file,
    transaction,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

    from studylog.clock import Clock


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
    left as it was. A new database whose creation fails (disk full...) is removed again; nothing that was
    there before is ever removed. A folder, a pipe, a device or a socket is refused (NotAStudylogDatabase).
    """
    refuse_special_file(path)
    try:
        with exclusive_lock(path):
            if config is None and target in ("head", HEAD_REVISION) and _is_new(path) and _snapshot_is_current():
                return _create_from_snapshot(path)
            return _upgrade(path, clock, config or alembic_config(), target)
    except TimeoutError as exc:
        raise CannotWrite(str(exc)) from None


def refuse_special_file(path: Path) -> None:
    """No database is made or read where ``path`` is a folder, a named pipe, a device or a socket (a
    pipe would hang the reader; and a file that could not be made is removed again, which must never
    remove /dev/null)."""
    from studylog.db.files import special_file

    special = special_file(path)
    if special is not None:
        from studylog.io.common import shown_path

        raise NotAStudylogDatabase(f"{shown_path(path)} is {special}, not a database file: give the path of a "
                                   f"studylog database, or of a new file")


def _is_new(path: Path) -> bool:
    """Nothing there yet, or an empty regular file with no write-ahead log holding pages for it (a
    0-byte database whose -wal holds its rows is not new: it is read, and the log's rows with it)."""
    real = path.resolve()  # (a link to where the database is to be: SQLite follows it)
    if not real.exists():
        return True
    if not real.is_file() or real.stat().st_size != 0:
        return False
    wal = Path(f"{real}-wal")
    return not (wal.exists() and wal.stat().st_size > 0)


def _snapshot_is_current() -> bool:
    return schema.snapshot_revision() == HEAD_REVISION


def _create_from_snapshot(path: Path) -> UpgradeResult:
    """A new database at HEAD_REVISION, made from the schema snapshot in one transaction (what the
    migrations would make: tests/test_schema_snapshot.py). A file whose creation fails is removed."""
    existed = path.exists()  # (through a link: its target)
    try:
        make_private_file(path)
        conn = connect(path)
        try:
            enable_wal(conn)  # before any table exists, as the migrations' path does
            with transaction(conn):
                for statement in schema.statements():
                    conn.execute(statement)
        finally:
            conn.close()
    except BaseException as exc:
        if not existed:  # (nothing committed: no other process can be using it yet)
            remove_database_files(path.resolve())  # (a link stays: only the file made through it goes)
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from None
        raise
    return UpgradeResult(None, HEAD_REVISION, None, True)


def _upgrade(path: Path, clock: Clock, config: Config, target: str) -> UpgradeResult:

    created = _is_new(path)
    existed = path.exists()
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
        if created and not committed and not existed:  # (once committed, others may be writing to it)
            remove_database_files(path.resolve())
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



# ------------------------------------------------------------------------------- the schema and the models

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
    """Leave SQLite's own tables, FTS shadow tables and the tables the triggers keep (DERIVED_TABLES, with
    their indexes: no model holds them) out of schema comparisons."""
    if type_ == "index" and getattr(getattr(obj, "table", None), "name", None) in DERIVED_TABLES:
        return False
    return not (type_ == "table" and name and (name.startswith("sqlite_") or "_fts" in name
                                               or name in DERIVED_TABLES))


# --------------------------------------------------------------------------- the schema snapshot, written

def from_migrations(path: Path) -> None:
    """A new database at ``path`` made by running every migration, as the schema snapshot stands for."""
    make_private_file(path)
    conn = connect(path)
    try:
        enable_wal(conn)
    finally:
        conn.close()
    run_migrations(path, alembic_config(), "head")


def write_snapshot(*, check: bool = False) -> bool:
    """Write the schema snapshot (studylog/db/schema.sql) again from the migrations; with ``check``, only
    say whether it is current. True when the file is (now) what the migrations make."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="studylog-schema-") as folder:
        path = Path(folder) / "migrated.db"
        from_migrations(path)
        conn = sqlite3.connect(path)
        try:
            text = schema.render(conn)
        finally:
            conn.close()
    current = schema.SNAPSHOT.exists() and schema.SNAPSHOT.read_text(encoding="utf-8") == text
    if check or current:
        print(f"{schema.SNAPSHOT} is {'current' if current else f'out of date: run {schema.REGENERATE}'}")
        return current
    schema.SNAPSHOT.write_text(text, encoding="utf-8")
    schema.forget()
    print(f"wrote {schema.SNAPSHOT} (revision {schema.snapshot_revision()}, {len(schema.statements())} statements)")
    return True


if __name__ == "__main__":  # python -m studylog.db.migrate [--check]: the schema snapshot, after a new migration
    import sys

    sys.exit(0 if write_snapshot(check="--check" in sys.argv[1:]) else 1)

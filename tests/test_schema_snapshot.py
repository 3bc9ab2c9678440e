"""Issue 15: a new database is made from the schema snapshot (studylog/db/schema.sql) in one transaction,
not by running every migration through alembic (about a second for the first command), and `db check`
compares a database at the current schema with the same snapshot instead of importing alembic and
SQLModel. So the snapshot must be, object for object, what the migrations make."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from test_architecture import HEAVY, _run_probe

from studylog.db import migrate, schema
from studylog.db.files import HEAD_REVISION
from studylog.services import dbcheck

OUT_OF_DATE = (f"the schema snapshot {schema.SNAPSHOT} is not what the migrations make (a migration was added "
               f"or changed?): write it again with `{schema.REGENERATE}` from the repository's folder, and "
               f"keep the file it writes")

PRAGMAS = ("journal_mode", "user_version", "application_id", "encoding", "page_size", "auto_vacuum")


def _contents(path: Path) -> dict:
    """All a new database is: its objects (sqlite_master, in order), every table's rows (the search index's
    shadow tables and sqlite_sequence too), the file's settings and its mode."""
    conn = sqlite3.connect(path)
    try:
        objects = schema.objects(conn)
        rows = {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for kind, name, _, _ in objects if kind == "table" and name != "search_fts"}
        pragmas = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in PRAGMAS}
    finally:
        conn.close()
    return {"objects": objects, "rows": rows, "pragmas": pragmas, "mode": stat.S_IMODE(path.stat().st_mode)}


def _refuse_migrations(*args: object) -> None:
    raise AssertionError("a new database at the current schema ran the migrations")


@pytest.mark.real_migrations  # the migrations themselves, not the test suite's copy of a template
def test_the_schema_snapshot_is_what_the_migrations_make(tmp_path, clock, monkeypatch):
    assert schema.snapshot_revision() == HEAD_REVISION == migrate.head_revision(), OUT_OF_DATE
    migrated = tmp_path / "migrated" / "studylog.db"
    migrate.from_migrations(migrated)
    conn = sqlite3.connect(migrated)
    try:
        assert schema.render(conn) == schema.SNAPSHOT.read_text(encoding="utf-8"), OUT_OF_DATE
    finally:
        conn.close()

    monkeypatch.setattr(migrate, "run_migrations", _refuse_migrations)
    made = tmp_path / "made" / "studylog.db"
    result = migrate.upgrade(made, clock)
    assert (result.from_revision, result.to_revision, result.backup, result.created) == (None, HEAD_REVISION,
                                                                                         None, True)
    want, got = _contents(migrated), _contents(made)
    missing = [o for o in want["objects"] if o not in got["objects"]]
    extra = [o for o in got["objects"] if o not in want["objects"]]
    assert (missing, extra) == ([], []), OUT_OF_DATE
    assert got == want, OUT_OF_DATE
    assert got["rows"]["alembic_version"] == [(HEAD_REVISION,)]
    assert got["pragmas"]["journal_mode"] == "wal" and got["mode"] == 0o600


@pytest.mark.parametrize("older", [f"{n:04d}" for n in range(1, int(HEAD_REVISION))])
def test_a_database_upgraded_from_an_older_revision_is_the_snapshot_object_for_object(tmp_path, clock, older):
    """So `db check` of a person's database (made years ago, upgraded since) needs no alembic either."""
    path = tmp_path / "studylog.db"
    migrate.upgrade(path, clock, target=older)
    assert migrate.upgrade(path, clock).from_revision == older
    conn = sqlite3.connect(path)
    try:
        assert schema.objects(conn) == schema.head_objects()
    finally:
        conn.close()


def test_the_snapshot_is_read_one_statement_at_a_time():
    text = ("-- revision: 0042\nCREATE TABLE t (x);\n\nCREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n"
            "  INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);\nEND;\nINSERT INTO \"t\" (\"x\") VALUES ('a;b');\n")
    assert schema.statements(text) == ["CREATE TABLE t (x);",
                                       "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n  INSERT INTO t VALUES (1); "
                                       "INSERT INTO t VALUES (2);\nEND;",
                                       "INSERT INTO \"t\" (\"x\") VALUES ('a;b');"]
    with pytest.raises(ValueError, match="middle of a statement"):
        schema.statements("CREATE TABLE t (x)\n")


def test_a_snapshot_of_another_revision_is_never_used(tmp_path, clock, monkeypatch):
    """After a migration is added and before the snapshot is written again, a new database is made by
    the migrations (never stamped with a revision whose schema it does not have), and `db check` asks
    alembic."""
    ran = []
    real = migrate.run_migrations
    monkeypatch.setattr(migrate, "run_migrations", lambda *args: (ran.append(args[2]), real(*args)))
    monkeypatch.setattr(schema, "snapshot_revision", lambda: f"{int(HEAD_REVISION) - 1:04d}")
    path = tmp_path / "studylog.db"
    assert migrate.upgrade(path, clock).to_revision == HEAD_REVISION
    assert ran == ["head"]
    assert dbcheck.head_objects() == []


def _check_by_alembic(path: Path, monkeypatch: pytest.MonkeyPatch) -> dbcheck.CheckReport:
    with monkeypatch.context() as patching:
        patching.setattr(dbcheck, "head_objects", lambda: [])
        return dbcheck.check(path)


@pytest.mark.parametrize("change", [
    None,
    "DROP INDEX ix_writing_entry_day",
    "CREATE INDEX ix_extra ON workout (title)",
    "ALTER TABLE habit ADD COLUMN colour VARCHAR",
])
def test_db_check_says_what_alembic_says_without_asking_it_when_the_schema_is_the_snapshots(
        tmp_path, clock, monkeypatch, change):
    path = tmp_path / "studylog.db"
    migrate.upgrade(path, clock)
    if change:
        conn = sqlite3.connect(path)
        conn.execute(change)
        conn.close()
    asked = []
    real = migrate.schema_differences
    monkeypatch.setattr(migrate, "schema_differences", lambda p: (asked.append(p), real(p))[1])
    report = dbcheck.check(path)
    assert asked == ([] if change is None else [path])  # alembic only for a schema other than the snapshot's
    assert report == _check_by_alembic(path, monkeypatch)
    assert report.ok == (change is None) and bool(report.schema_differences) == (change is not None)


# ------------------------------------------------------------------ what the commands import, for real

def _probe(tmp_path: Path, home: Path, *args: str) -> tuple[int, list[str]]:
    """A shell command in a fresh interpreter (test_architecture's probe): its exit status and the heavy
    libraries it imported."""
    env = dict(os.environ, STUDYLOG_HOME=str(home), STUDYLOG_TODAY="2026-11-24")
    found = _run_probe(tmp_path, env, *args)
    return found["status"], sorted({m.split(".")[0] for m in found["modules"]} & set(HEAVY))


def test_the_first_command_on_a_new_database_imports_no_heavy_library(tmp_path):
    home = tmp_path / "new"
    assert _probe(tmp_path, home, "log", "run", "5k", "28:30") == (0, [])
    conn = sqlite3.connect(home / "studylog.db")
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
        assert conn.execute("SELECT COUNT(*) FROM workout").fetchone()[0] == 1
    finally:
        conn.close()


def test_db_check_of_a_database_at_the_current_schema_imports_no_heavy_library(tmp_path):
    home = tmp_path / "home"
    assert _probe(tmp_path, home, "log", "write", "--words", "300", "notes")[0] == 0
    assert _probe(tmp_path, home, "db", "check") == (0, [])
    conn = sqlite3.connect(home / "studylog.db")
    conn.execute("DROP INDEX ix_writing_entry_day")
    conn.close()
    status, heavy = _probe(tmp_path, home, "db", "check")  # (a schema of its own: alembic names the change)
    assert status == 1 and "alembic" in heavy

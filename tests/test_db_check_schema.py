"""`db check` and a schema changed by hand (a hostile tester's findings): alembic compares only tables,
columns and indexes with the models, so a dropped search index or trigger, a trigger of someone else's, a
view or a changed column default passed as OK. The check compares every object with the schema snapshot
(as a set: VACUUM reorders sqlite_master and must not cost the fast path), says each difference once, in
words, with how to mend it; and a healthy database at an older revision is told to upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_schema_snapshot import _probe

from studylog.db import migrate, schema
from studylog.db.files import HEAD_REVISION
from studylog.services import dbcheck

PREVIOUS = f"{int(HEAD_REVISION) - 1:04d}"

MEND = ("how to mend the schema: to keep every record, `studylog export json -o studylog.json` and then "
        "`studylog --db NEW.db import json studylog.json` make a database with studylog's own schema and "
        "search index, to use in place of this one (`studylog db path` says where it is); or put back a "
        "backup from before the change with `studylog db restore` (the newest; `--backup FILE` for another)")

FOREIGN = ("how to mend the schema: until it is mended, add or change no record (the unexpected trigger runs "
           "whenever its table changes); to keep every record, ")

SEARCH_INSERT = ("INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 0, new.title, new.note)")


def _rewrite_sql(name: str, old: str, new: str) -> list[str]:
    """Statements that change an object's SQL in place (as a hostile hand with writable_schema would)."""
    return ["PRAGMA writable_schema = ON",
            f"UPDATE sqlite_master SET sql = replace(sql, '{old}', '{new}') WHERE name = '{name}'",
            "PRAGMA writable_schema = OFF"]


# (what is done to a database at the current schema, every line `db check` says of it)
TAMPERED = {
    "search index dropped": (
        ["DROP TABLE search_fts"],
        ["the search index, virtual table search_fts (and its tables search_fts_config, search_fts_data, "
         "search_fts_docsize, search_fts_idx), is missing: adding or changing a record, and searching, would fail"]),
    "search trigger dropped": (
        ["DROP TRIGGER writing_entry_search_fts_insert"],
        ["trigger writing_entry_search_fts_insert is missing: new writing would not be found by search"]),
    "every search trigger of a table dropped": (
        [f"DROP TRIGGER workout_search_fts_{event}" for event in ("insert", "update", "delete")],
        ["trigger workout_search_fts_delete is missing: the words of deleted workouts would stay in the search index",
         "trigger workout_search_fts_insert is missing: new workouts would not be found by search",
         "trigger workout_search_fts_update is missing: edits to workouts would not reach search (it would keep "
         "the words from before the edit)"]),
    "search trigger changed": (
        ["DROP TRIGGER writing_entry_search_fts_insert",
         f"CREATE TRIGGER writing_entry_search_fts_insert AFTER INSERT ON writing_entry BEGIN {SEARCH_INSERT}; END"],
        ["trigger writing_entry_search_fts_insert on writing_entry is not studylog's own (its SQL differs): it may "
         "change records or the search index wrongly"]),
    "foreign trigger": (
        ["CREATE TRIGGER evil AFTER INSERT ON writing_entry BEGIN DELETE FROM workout; END"],
        ["unexpected trigger evil on writing_entry: it is not studylog's"]),
    "view": (
        ["CREATE VIEW v AS SELECT 1"],
        ["unexpected view v: it is not studylog's"]),
    "virtual table": (
        ["CREATE VIRTUAL TABLE notes_fts USING fts5(body)"],
        ["unexpected virtual table notes_fts: it is not studylog's"]),
    "table": (
        ["CREATE TABLE extra (x)"],
        ["unexpected table extra: it is not studylog's"]),
    "table dropped": (  # (and its triggers with it)
        ["DROP TABLE skip_day"],
        ["table skip_day is missing: studylog could not read or store what it holds",
         "trigger skip_day_runs_delete is missing: the streaks shown would not follow skipped days deleted",
         "trigger skip_day_runs_insert is missing: the streaks shown would not follow new skipped days",
         "trigger skip_day_runs_update is missing: the streaks shown would not follow skipped days edited"]),
    "streak trigger dropped": (
        ["DROP TRIGGER writing_entry_runs_insert"],
        ["trigger writing_entry_runs_insert is missing: the streaks shown would not follow new writing entries"]),
    "index dropped": (
        ["DROP INDEX ix_writing_entry_day"],
        ["index ix_writing_entry_day on writing_entry is missing: some lists and reports would be slower"]),
    "index added": (
        ["CREATE INDEX ix_extra ON workout (title)"],
        ["unexpected index ix_extra on workout: it is not studylog's"]),
    "index made unique": (
        ["DROP INDEX ix_workout_day", "CREATE UNIQUE INDEX ix_workout_day ON workout (day)"],
        ["index ix_workout_day on workout is not studylog's own (its SQL differs): it may refuse records or make "
         "lists slower"]),
    "column default changed": (
        _rewrite_sql("writing_entry", "words INTEGER DEFAULT ''0''", "words INTEGER DEFAULT ''999''"),
        ["column words of table writing_entry has the default '999', not studylog's '0': new records would get it"]),
}

# what alembic names (columns, types, NOT NULL) stays its own line, said once
ALEMBIC = {
    "column added": (["ALTER TABLE habit ADD COLUMN colour VARCHAR"], "('remove_column', None, 'habit', "),
    "NOT NULL dropped": (_rewrite_sql("writing_entry", "day DATE NOT NULL", "day DATE"),
                         "[('modify_nullable', None, 'writing_entry', 'day', "),
}


def _tamper(path: Path, statements: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


@pytest.fixture
def database(cli, home) -> Path:
    """A database at the current schema with a record of each kind the search index holds."""
    assert cli("log", "write", "--words", "300", "--title", "Notes", "first draft").status == 0
    assert cli("log", "run", "5k", "28:30").status == 0
    return home / "studylog.db"


def _with_a_stale_snapshot(path: Path, monkeypatch: pytest.MonkeyPatch) -> dbcheck.CheckReport:
    """The report when the snapshot is not usable (the migrations give the objects to compare with)."""
    with monkeypatch.context() as patching:
        patching.setattr(dbcheck, "head_objects", lambda: [])
        return dbcheck.check(path)


@pytest.mark.parametrize("name", TAMPERED)
def test_db_check_says_each_object_not_studylogs_once_in_words(cli, database, monkeypatch, name):
    statements, lines = TAMPERED[name]
    _tamper(database, statements)
    report = dbcheck.check(database)
    assert report.schema_differences == lines  # (and not alembic's add_index / remove_table of the same)
    assert not report.ok and report.integrity == ["ok"]
    assert report == _with_a_stale_snapshot(database, monkeypatch)
    result = cli("db", "check")
    assert result.status == 1, result.out
    out = result.out.splitlines()
    assert "schema matches the models: no" in out and all(f"  {line}" in out for line in lines)
    hint = next(line for line in out if line.startswith("how to mend the schema: "))
    assert hint == (FOREIGN + MEND.removeprefix("how to mend the schema: to keep every record, ")
                    if name == "foreign trigger" else MEND)
    assert out[-1] == "PROBLEMS FOUND"


@pytest.mark.parametrize("name", ALEMBIC)
def test_what_alembic_sees_of_a_table_is_its_line_alone(database, monkeypatch, name):
    statements, start = ALEMBIC[name]
    _tamper(database, statements)
    report = dbcheck.check(database)
    assert len(report.schema_differences) == 1 and report.schema_differences[0].startswith(start)
    assert report == _with_a_stale_snapshot(database, monkeypatch)


def test_a_foreign_trigger_is_what_the_tester_found(cli, database):
    """(Why it matters: one `log write` emptied the workouts; db check now says so before.)"""
    _tamper(database, TAMPERED["foreign trigger"][0])
    assert "unexpected trigger evil on writing_entry: it is not studylog's" in cli("db", "check").out


def test_a_schema_of_sqlites_own_making_is_no_difference(database):
    """ANALYZE's statistics table is SQLite's own, and whitespace outside quotes is no change."""
    _tamper(database, ["ANALYZE", *_rewrite_sql("workout", "sport VARCHAR NOT NULL, ", "sport  VARCHAR  NOT NULL,")])
    assert dbcheck.check(database).ok


def test_sql_is_compared_with_whitespace_outside_quotes_made_one_space():
    assert dbcheck.normalised("CREATE TABLE t (\n\ta  INTEGER DEFAULT '  x' )") == (
        "CREATE TABLE t ( a INTEGER DEFAULT '  x' )")
    assert dbcheck.normalised("x DEFAULT ' '") != dbcheck.normalised("x DEFAULT '  '")


# ------------------------------------------------------------------ VACUUM: still the fast path

def test_db_check_after_vacuum_still_imports_no_heavy_library(tmp_path):
    home = tmp_path / "home"
    assert _probe(tmp_path, home, "log", "write", "--words", "300", "notes")[0] == 0
    path = home / "studylog.db"
    _tamper(path, ["VACUUM"])
    conn = sqlite3.connect(path)
    try:
        assert schema.objects(conn) != schema.head_objects()  # (VACUUM put sqlite_master in another order)
        assert sorted(schema.objects(conn), key=repr) == sorted(schema.head_objects(), key=repr)
    finally:
        conn.close()
    assert _probe(tmp_path, home, "db", "check") == (0, [])
    _tamper(path, TAMPERED["foreign trigger"][0])
    status, heavy = _probe(tmp_path, home, "db", "check")
    assert status == 1 and "alembic" in heavy


# ------------------------------------------------------------------ an older revision: upgrade it

def test_a_healthy_database_at_an_older_revision_is_told_to_upgrade(cli, home, clock, monkeypatch):
    path = home / "studylog.db"
    migrate.upgrade(path, clock, target=PREVIOUS)
    with monkeypatch.context() as patching:
        patching.setattr(migrate, "schema_differences", lambda p: pytest.fail("alembic was asked"))
        report = dbcheck.check(path)
        result = cli("db", "check")
    assert (report.revision, report.schema_differences, report.needs_upgrade, report.ok) == (
        PREVIOUS, [], True, False)
    assert result.status == 1
    assert result.out.splitlines()[1:] == [
        f"schema revision: {PREVIOUS} (this studylog: {HEAD_REVISION})",
        "integrity check: ok",
        "foreign keys: ok",
        f"schema: the database is at schema revision {PREVIOUS}, older than this studylog's {HEAD_REVISION}: "
        f"`studylog db upgrade` brings it to {HEAD_REVISION} (keeping a backup of it first); then check it again",
        "values: ok",
        "UPGRADE NEEDED",
    ]
    assert "add_index" not in result.out and "PROBLEMS FOUND" not in result.out
    assert cli("db", "upgrade").status == 0
    upgraded = cli("db", "check")
    assert upgraded.status == 0 and upgraded.out.splitlines()[-1] == "OK"


def test_streak_runs_edited_by_hand_are_found_by_db_check_and_made_again_by_reindex(cli, database):
    """The longest streak is read from the runs the triggers keep: a run changed by hand would show a streak
    nobody wrote. db check says so (and what mends it); db reindex makes the runs again from the entries."""
    assert cli("log", "write", "--words", "200", "--date", "yesterday", "second").status == 0
    before = cli("streak").out
    assert "Longest streak: 2 days" in before, before
    _tamper(database, ["UPDATE writing_run SET days = 400"])
    assert "400 days" in cli("streak").out  # (what a hand edit would show)
    result = cli("db", "check")
    assert result.status == 1 and result.out.splitlines()[-1] == "PROBLEMS FOUND"
    assert ("  the writing streak's runs (table writing_run) are out of step with the entries and skipped days "
            "(1 run differs): the streaks shown would be wrong; `studylog db reindex` makes them again") \
        in result.out.splitlines()
    reindex = cli("db", "reindex")
    assert reindex.status == 0 and "the writing streak's runs: 1" in reindex.out
    assert cli("streak").out == before
    check = cli("db", "check")
    assert check.status == 0 and "streak runs: ok" in check.out.splitlines()


def test_a_row_left_in_the_runs_scratch_table_or_the_runs_table_dropped_is_said(cli, database):
    """(The hostile tester: a row put in writing_run_change by hand passed db check and then made a delete
    fail; with writing_run dropped, db check still said "streak runs: ok".) The triggers now empty the scratch
    table before they use it, and db check says what it finds."""
    _tamper(database, ["INSERT INTO writing_run_change VALUES ('2024-01-01', '2026-11-24')"])
    check = cli("db", "check")
    assert check.status == 1 and ("  the writing streak's scratch table (writing_run_change) holds 1 row; it is "
                                  "empty but while a change is made: `studylog db reindex` empties it") \
        in check.out.splitlines()
    before = cli("streak").out
    assert cli("log", "write", "--words", "50", "--date", "yesterday", "more").status == 0  # (no failure)
    assert cli("streak").out != before and "Current streak: 2 days" in cli("streak").out
    assert cli("db", "reindex").status == 0 and cli("db", "check").status == 0
    _tamper(database, ["DROP TABLE writing_run"])
    lines = cli("db", "check").out.splitlines()
    assert "streak runs: ok" not in lines
    assert any(line.startswith("  the writing streak's runs could not be compared with the entries (no such "
                               "table: writing_run)") for line in lines)

"""export json / import json: a lossless copy of everything, restored into a new database, across schemas."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_import_json_values import READS, base_export_data, empty_database, run_cli
from test_import_json_values import changes as value_changes

from studylog.api import dashboard, goals, reading, resources, workouts, writing
from studylog.api.admin import Session
from studylog.clock import FixedClock
from studylog.db import migrate
from studylog.db.files import HEAD_REVISION
from studylog.db.opening import open_database, read_revision
from studylog.db.sqlite import connect
from studylog.services import demo, search, transfer
from studylog.text import clean

TODAY = date(2026, 11, 24)
CLOCK_TODAY = FixedClock(TODAY)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
SETTINGS = {"units": "metric", "week_start": "monday", "daily_word_target": 500, "theme": "textual-dark",
            "pool": ""}
TS = "2026-11-20 06:15:00.000000"
MARKUP = "<script>alert('x')</script> **bold** [link](javascript:alert(1)) &amp; ' \" \\ \t\n# not a heading"

# Every kind of record at schema 0001, written with plain SQL: unicode, markup-looking text, NULLs, a
# JSON list stored without spaces (not as studylog writes it), ids with gaps.
ROWS_0001 = {
    "writing_entry": [
        {"id": 1, "day": "2026-11-20", "title": "Día 1: «atención» 注意 🎉", "words": 650, "note": MARKUP,
         "tags": '["ml", "émoji 🎉"]', "challenge": "30-day essays", "url": "https://example.org/a?b=1#c",
         "created_at": TS, "updated_at": TS},
        {"id": 2, "day": "2026-11-21", "title": None, "words": 0, "note": None, "tags": "[]",
         "challenge": None, "url": None, "created_at": TS, "updated_at": "2026-11-22 07:00:00.123456"},
        {"id": 5, "day": "2026-11-23", "title": "attention, again", "words": 120, "note": "Zero\u200bwidth",
         "tags": '["a","b"]', "challenge": None, "url": None, "created_at": TS, "updated_at": TS},
    ],
    "workout": [
        {"id": 1, "sport": "run", "day": "2026-11-20", "start_time": "07:30:00.000000", "distance_m": 10000.0,
         "duration_s": 3000.0, "elevation_gain_m": 42.5, "avg_hr": 151, "pool_length_m": None,
         "title": "Long run «ü»", "note": MARKUP, "tags": '["long"]', "source": "gpx", "source_id": "abc:1",
         "created_at": TS, "updated_at": TS},
        {"id": 2, "sport": "swim", "day": "2026-11-21", "start_time": None, "distance_m": 1500.0,
         "duration_s": 2400.0, "elevation_gain_m": None, "avg_hr": None, "pool_length_m": 25.0,
         "title": None, "note": None, "tags": "[]", "source": "manual", "source_id": None, "created_at": TS,
         "updated_at": TS},
        {"id": 3, "sport": "yoga", "day": "2026-11-22", "start_time": None, "distance_m": None,
         "duration_s": 2700.0, "elevation_gain_m": None, "avg_hr": None, "pool_length_m": None,
         "title": "Evening flow", "note": None, "tags": "[]", "source": "manual", "source_id": None,
         "created_at": TS, "updated_at": TS},
    ],
    "reading_item": [
        {"id": 1, "kind": "book", "title": "The Left Hand of Darkness", "authors": '["Ursula K. Le Guin"]',
         "url": None, "isbn": "9780441478125", "pages": 304, "status": "finished", "added": "2026-01-02",
         "started": "2026-01-03", "finished": "2026-02-01", "rating": 4.5, "review": MARKUP,
         "tags": '["sf"]', "source": "goodreads", "source_id": "123", "created_at": TS, "updated_at": TS},
        {"id": 2, "kind": "paper", "title": "Attention Is All You Need", "authors": "[]", "url": None,
         "isbn": None, "pages": None, "status": "to-read", "added": None, "started": None, "finished": None,
         "rating": None, "review": None, "tags": "[]", "source": "manual", "source_id": None,
         "created_at": TS, "updated_at": TS},
    ],
    "resource": [
        {"id": 1, "url": "https://arxiv.org/abs/1706.03762", "title": "Attention Is All You Need",
         "topic": "Deep Learning/Transformers", "kind": "paper",
         "description": "The <b>transformer</b> paper",
         "status": "done", "added": "2026-11-01", "done": "2026-11-02", "note": "ünïcödé", "created_at": TS,
         "updated_at": TS},
        {"id": 3, "url": "https://example.org/x", "title": None, "topic": None, "kind": "other",
         "description": None, "status": "new", "added": None, "done": None, "note": None, "created_at": TS,
         "updated_at": TS},
    ],
    "resource_list": [
        {"id": 1, "name": "Mentor's list ✓", "curator": "Ada", "description": None, "origin": "list.md",
         "created_at": TS},
    ],
    "resource_list_item": [
        {"id": 1, "list_id": 1, "resource_id": 3, "position": 1, "section": "Basics"},
        {"id": 2, "list_id": 1, "resource_id": 1, "position": 2, "section": None},
    ],
    "goal": [
        {"id": 1, "kind": "frequency", "activity": "swim", "metric": "count", "target": 3.0, "period": "week",
         "start_day": None, "end_day": None, "title": "swim >= 3 per week", "archived": 0, "created_at": TS},
        {"id": 2, "kind": "milestone", "activity": "run", "metric": "distance_m", "target": 21097.5,
         "period": None, "start_day": "2026-01-01", "end_day": "2026-06-01",
         "title": "run >= 21.1 km by June", "archived": 1, "created_at": TS},
    ],
    "reflection": [
        {"id": 1, "period_kind": "week", "period": "2026-W47", "planned": "3 runs", "achieved": MARKUP,
         "learned": None, "created_at": TS, "updated_at": TS},
        {"id": 2, "period_kind": "year", "period": "2026", "planned": None, "achieved": None,
         "learned": "Rest is part of the plan.", "created_at": TS, "updated_at": TS},
    ],
    "skip_day": [
        {"id": 1, "habit": "write", "day": "2026-11-19", "reason": "ill 🤒", "created_at": TS},
    ],
}


def _insert(conn: sqlite3.Connection, rows_by_table: dict[str, list[dict]]) -> None:
    conn.execute("BEGIN")
    for table, rows in rows_by_table.items():
        for row in rows:
            conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
    conn.execute("COMMIT")


def _tables(data: dict) -> dict:
    """An export without its header: the rows and the id counters."""
    return {key: value for key, value in data.items() if key not in transfer.HEADER}


def _without_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def _checks(conn: sqlite3.Connection) -> None:
    assert [tuple(r) for r in conn.execute("PRAGMA foreign_key_check")] == []
    assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in transfer.TABLES}


# ------------------------------------------------------------------------------- the decade, round trip

@pytest.fixture(scope="module")
def decade(tmp_path_factory) -> Path:
    """The 10-year demo (a heavy user's decade)."""
    path = tmp_path_factory.mktemp("decade") / "demo.db"
    conn = open_database(path, FixedClock(TODAY))
    try:
        demo.generate(conn, TODAY, years=10, now=NOW)
    finally:
        conn.close()
    return path


@pytest.mark.slow  # a decade end to end
def test_the_decade_round_trips_through_json_unchanged(decade, tmp_path):
    clock = FixedClock(TODAY)
    conn = open_database(decade, clock)
    try:
        first = transfer.export_all(conn, settings=SETTINGS, now=NOW)
        again = transfer.export_all(conn, settings=SETTINGS, now=LATER)
        hits = search.search(conn, "attention", limit=50)
    finally:
        conn.close()
    assert first["schema"] == HEAD_REVISION and first["format"] == "studylog-export" and first["version"] == 1
    assert first["exported_at"] == "2026-11-24T12:00:00+00:00"
    assert again["exported_at"] == "2026-12-01T08:30:00+00:00"
    assert transfer.dumps(_without_time(first)) == transfer.dumps(_without_time(again))  # deterministic
    assert list(first) == [*transfer.HEADER, *transfer.TABLES, transfer.SEQUENCES]
    assert all(first[t] for t in transfer.TABLES), [t for t in transfer.TABLES if not first[t]]
    assert "search_fts" not in first
    assert isinstance(first["writing_entry"][0]["tags"], list)
    assert isinstance(first["reading_item"][0]["authors"], list)
    assert [r["id"] for r in first["workout"]] == sorted(r["id"] for r in first["workout"])
    efforts = [(r["workout_id"], r["distance_m"]) for r in first["workout_effort"]]
    assert efforts == sorted(efforts)

    text = transfer.dumps(first)  # through the text, as the CLI does
    restored_path = tmp_path / "restored.db"
    conn = open_database(restored_path, clock)
    try:
        counts = transfer.import_all(conn, transfer.loads(text), now=LATER)
        second = transfer.export_all(conn, settings=SETTINGS, now=NOW)
        restored_hits = search.search(conn, "attention", limit=50)
        _checks(conn)
    finally:
        conn.close()
    assert counts == {t: len(first[t]) for t in transfer.TABLES}
    assert second == first
    assert transfer.dumps(second) == text
    assert len(hits) == 50 and restored_hits == hits  # the index was rebuilt by the triggers


def test_json_list_columns_are_found_by_their_default(conn):
    found = {(t, c.name) for t in transfer.TABLES for c in transfer.table_columns(conn, t) if c.json_list}
    assert found == {("writing_entry", "tags"), ("workout", "tags"), ("reading_item", "authors"),
                     ("reading_item", "tags"), ("feed", "tags")}


def test_ids_deleted_before_the_export_are_not_handed_out_again(tmp_path, clock):
    source = open_database(tmp_path / "a.db", clock)
    _insert(source, {"writing_entry": ROWS_0001["writing_entry"]})
    source.execute("DELETE FROM writing_entry WHERE id = 5")
    data = transfer.export_all(source, settings={}, now=NOW)
    source.close()
    assert [r["id"] for r in data["writing_entry"]] == [1, 2]
    assert data[transfer.SEQUENCES]["writing_entry"] == 5
    target = open_database(tmp_path / "b.db", clock)
    transfer.import_all(target, data, now=NOW)
    target.execute("INSERT INTO writing_entry (day, created_at, updated_at) VALUES ('2026-11-24', ?, ?)",
                   (TS, TS))
    assert target.execute("SELECT MAX(id) FROM writing_entry").fetchone()[0] == 6
    target.close()


def test_an_import_is_all_or_nothing_and_names_the_bad_row(tmp_path, clock):
    source = open_database(tmp_path / "a.db", clock)
    _insert(source, {t: rows for t, rows in ROWS_0001.items()})
    data = transfer.export_all(source, settings={}, now=NOW)
    source.close()
    target = open_database(tmp_path / "b.db", clock)
    for change, message in [
        (lambda d: d["skip_day"][0].update(day="19/11/2026"), "skip_day row 1 (id 1): day must be a date"),
        (lambda d: d["resource_list_item"][1].update(resource_id=99), "resource_list_item row 2 (id 2) cannot be"),
        (lambda d: d["goal"][1].update(colour="red"), "goal has columns this database does not: colour"),
        (lambda d: d["workout"][1].update(tags=["ok", 3]), "workout row 2 (id 2): tags must be a list of strings"),
        (lambda d: d["workout"].append(dict(d["workout"][0])), "workout row 4 (id 1) cannot be restored: UNIQUE"),
        (lambda d: d["reflection"][0].pop("id"), "reflection row 1 has no id"),
        (lambda d: d["writing_entry"][0].pop("day"),
         "writing_entry row 1 (id 1) cannot be restored: NOT NULL constraint failed: writing_entry.day"),
        (lambda d: d["workout"][0].update(duration_s=float("inf")),  # as json reads "duration_s": Infinity
         "workout row 1 (id 1): duration_s must be a finite number of seconds, not Infinity"),
        (lambda d: d["goal"][0].update(period="fortnight"),
         'goal row 1 (id 1): period must be one of day, week, month, year, not "fortnight"'),
        (lambda d: d["goal"][1].update(metric="happiness"), 'goal row 2 (id 2): metric must be one of count,'),
    ]:
        bad = copy.deepcopy(data)
        change(bad)
        with pytest.raises(ValueError, match="^" + re.escape(message)):
            transfer.import_all(target, bad, now=NOW)
        assert set(_row_counts(target).values()) == {0}
        assert target.execute("SELECT COUNT(*) FROM search_fts").fetchone()[0] == 0
    assert transfer.import_all(target, data, now=NOW)["writing_entry"] == 3
    with pytest.raises(ValueError, match=f"^{re.escape(transfer.NOT_EMPTY)}$"):
        transfer.import_all(target, transfer.export_all(target, settings={}, now=NOW), now=NOW)
    target.close()


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "something-else"}, "not a studylog export"),
    ({"version": 2}, "written by a newer studylog (export version 2"),
    ({"schema": "9999"}, f"written by a newer studylog (schema 9999; this one knows up to {HEAD_REVISION})"),
    ({"schema": "latest"}, "not a studylog export (unknown schema revision 'latest')"),
    ({"photos": []}, "the export holds parts this studylog does not know: photos"),
    ({"workout": {"id": 1}}, "workout is not a list of rows"),
])
def test_files_that_are_not_exports_this_studylog_reads_are_refused(conn, change, message):
    data = {**transfer.export_all(conn, settings={}, now=NOW), **change}
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        transfer.import_all(conn, data, now=NOW)


# ------------------------------------------------------------------------------------ migration safety

@pytest.fixture
def at_0001(tmp_path, clock) -> Path:
    path = tmp_path / "old" / "studylog.db"
    result = migrate.upgrade(path, clock, target="0001")
    assert result.to_revision == "0001" and read_revision(path) == "0001"
    conn = connect(path)
    try:
        assert transfer.table_columns(conn, "workout_effort") is None
        _insert(conn, ROWS_0001)
        _insert(conn, {"writing_entry": [{**ROWS_0001["writing_entry"][2], "id": 9}]})
        conn.execute("DELETE FROM writing_entry WHERE id = 9")
    finally:
        conn.close()
    return path


def _export(path: Path) -> dict:
    conn = connect(path)
    try:
        return transfer.export_all(conn, settings=SETTINGS, now=NOW)
    finally:
        conn.close()


def test_upgrading_from_0001_keeps_every_row_unchanged(at_0001, clock):
    before = _export(at_0001)
    assert before["schema"] == "0001" and "workout_effort" not in before
    assert before["writing_entry"] == [  # values exactly as stored; lists only where written as studylog does
        {**row, "tags": json.loads(row["tags"]) if row["tags"] != '["a","b"]' else row["tags"]}
        for row in ROWS_0001["writing_entry"]]
    assert before[transfer.SEQUENCES]["writing_entry"] == 9

    result = migrate.upgrade(at_0001, clock)
    after = _export(at_0001)

    assert result.from_revision == "0001" and result.to_revision == HEAD_REVISION == after["schema"]
    assert result.backup is not None and result.backup.exists() and read_revision(result.backup) == "0001"
    for table in ROWS_0001:
        assert len(after[table]) == len(before[table]), table
        now_rows = {row["id"]: row for row in after[table]}
        for row in before[table]:
            assert {column: now_rows[row["id"]][column] for column in row} == row, (table, row["id"])
    new_tables = ("challenge", "feed")  # 0005: each challenge named so far became a row of its own
    assert {t: n for t, n in after[transfer.SEQUENCES].items() if t not in new_tables} == before[transfer.SEQUENCES]
    challenges = {row["challenge"].casefold() for row in ROWS_0001["writing_entry"] if row["challenge"]}
    assert len(after["challenge"]) == len(challenges) and after["feed"] == [] and "feed" not in after[transfer.SEQUENCES]
    # 0002 backfilled best efforts for the workouts stored before it, at their average pace
    efforts = {(r["workout_id"], r["distance_m"]): r["duration_s"] for r in after["workout_effort"]}
    assert sorted(efforts) == [(1, 1000.0), (1, 1609.344), (1, 5000.0), (1, 10000.0),
                               (2, 100.0), (2, 400.0), (2, 1500.0)]
    assert efforts[(1, 5000.0)] == pytest.approx(1500.0) and efforts[(2, 400.0)] == pytest.approx(640.0)
    conn = connect(at_0001)
    try:
        _checks(conn)
        found = {(hit.kind, hit.ref) for hit in search.search(conn, "attention")}  # 0003/0004 indexed them
    finally:
        conn.close()
    assert found == {("writing", 5), ("reading", 2), ("resource", 1)}


def test_an_export_from_0001_imports_as_if_the_database_had_been_upgraded(at_0001, tmp_path, clock, cli):
    old = _export(at_0001)
    direct = open_database(tmp_path / "direct.db", clock)  # an older export's columns all still exist
    try:
        counts = transfer.import_all(direct, old, now=NOW)
        assert counts["workout_effort"] == 0 and counts["workout"] == 3
        _checks(direct)
    finally:
        direct.close()

    file = tmp_path / "old.json"
    file.write_text(transfer.dumps(old), encoding="utf-8")
    new = tmp_path / "new.db"
    result = cli("--db", str(new), "import", "json", str(file))
    assert result.status == 0, result.err
    migrate.upgrade(at_0001, clock)
    upgraded = _tables(_export(at_0001))
    # text is cleaned on the way in, as typed text is: the zero-width space stored before studylog removed
    # such characters does not come back
    assert upgraded["writing_entry"][2]["note"] == "Zero\u200bwidth"
    upgraded["writing_entry"][2]["note"] = "Zerowidth"
    assert _tables(_export(new)) == upgraded  # 0002's efforts included


# ----------------------------------------------------------------------------------------------- the CLI

def _one_line(text: str) -> str:
    assert text.count("\n") == 1 and text.endswith("\n"), text
    return text.strip()


def test_export_json_to_the_screen(cli):
    cli("log", "run", "5k", "28:30", "--tag", "park")
    cli("log", "write", "A note about «attention»", "--words", "300")
    result = cli("export", "json")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["format"] == "studylog-export" and data["schema"] == HEAD_REVISION
    assert data["settings"] == SETTINGS
    assert data["workout"][0]["distance_m"] == 5000 and data["workout"][0]["tags"] == ["park"]
    assert data["writing_entry"][0]["note"] == "A note about «attention»"
    assert data["workout_effort"] and data["reading_item"] == []


def test_export_json_to_a_file_is_private_and_not_overwritten_without_force(cli, tmp_path):
    cli("log", "run", "5k", "28:30")
    target = tmp_path / "out" / "studylog.json"
    target.parent.mkdir()
    result = cli("export", "json", "-o", str(target))
    assert result.status == 0, result.err
    assert _one_line(result.out).startswith(f"Wrote 4 records and the settings to {target}")
    assert target.stat().st_mode & 0o777 == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["workout"][0]["id"] == 1
    before = target.read_bytes()

    cli("log", "run", "10k", "58:00")
    refused = cli("export", "json", "-o", str(target))
    assert refused.status == 2 and refused.out == ""
    assert _one_line(refused.err) == f"studylog: {target} exists; add --force to overwrite it"
    assert target.read_bytes() == before

    forced = cli("export", "json", "-o", str(target), "--force")
    assert forced.status == 0, forced.err
    assert len(json.loads(target.read_text(encoding="utf-8"))["workout"]) == 2
    assert [p.name for p in target.parent.iterdir()] == ["studylog.json"]  # no temporary file left


def test_import_json_into_a_new_database_with_settings(cli, home, tmp_path):
    cli("log", "run", "5k", "28:30")
    cli("log", "swim", "1500m", "40min")
    cli("config", "set", "units", "imperial")
    file = tmp_path / "all.json"
    assert cli("export", "json", "-o", str(file)).status == 0
    cli("config", "set", "units", "metric")

    new = tmp_path / "elsewhere" / "new.db"
    result = cli("--db", str(new), "import", "json", str(file), "--with-settings")
    assert result.status == 0, result.err
    assert _one_line(result.out) == (f"Imported all.json into {new}: 2 workouts, 6 best efforts; "
                                     f"settings written to {home / 'config.toml'}")
    assert cli("config", "get", "units").out.strip() == "imperial"
    again = cli("--db", str(new), "export", "json")
    assert _without_time(json.loads(again.out)) == _without_time(json.loads(file.read_text(encoding="utf-8")))


def test_import_json_into_a_database_with_records_is_refused(cli, home, tmp_path):
    cli("log", "run", "5k", "28:30")
    file = tmp_path / "all.json"
    cli("export", "json", "-o", str(file))
    result = cli("import", "json", str(file))
    assert result.status == 1 and result.out == ""
    assert _one_line(result.err) == ("studylog: the database is not empty; import into a new one: "
                                     "studylog --db new.db import json FILE")
    conn = sqlite3.connect(home / "studylog.db")
    assert conn.execute("SELECT COUNT(*) FROM workout").fetchone()[0] == 1
    conn.close()


def _future(cli, tmp_path) -> str:
    cli("log", "run", "5k", "28:30")
    data = json.loads(cli("export", "json").out)
    return json.dumps({**data, "schema": f"{int(HEAD_REVISION) + 1:04d}"})


@pytest.mark.parametrize(("content", "message"), [
    (lambda cli, tmp: b"\x89PNG\r\n\x1a\n not json", "not a studylog export (it is not UTF-8 text)"),
    (lambda cli, tmp: "title,author\nDune,Herbert\n", "not a studylog export (not JSON"),
    (lambda cli, tmp: '{"type": "FeatureCollection"}', 'not a studylog export (it has no "format"'),
    (lambda cli, tmp: "[1, 2, 3]", "not a studylog export (the JSON is not an object)"),
    (_future, "written by a newer studylog (schema"),
])
def test_import_json_refuses_other_files_in_one_line_and_writes_nothing(cli, home, tmp_path, content,
                                                                         message):
    file = tmp_path / "in.json"
    body = content(cli, tmp_path)
    file.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    new = tmp_path / "new.db"
    config_before = sorted(p.name for p in home.iterdir()) if home.exists() else []
    result = cli("--db", str(new), "import", "json", str(file), "--with-settings")
    assert result.status == 1 and result.out == ""
    line = _one_line(result.err)
    assert line.startswith(f"studylog: {file}: {message}") and line.endswith("; nothing was imported")
    assert not new.exists()
    assert (sorted(p.name for p in home.iterdir()) if home.exists() else []) == config_before


def test_import_json_of_a_missing_file(cli, tmp_path):
    result = cli("--db", str(tmp_path / "new.db"), "import", "json", str(tmp_path / "nope.json"))
    assert result.status == 1 and _one_line(result.err) == f"studylog: no such file: {tmp_path / 'nope.json'}"


# ------------------------------------------------------------------------------ random input: all or nothing

@pytest.fixture(scope="module")
def empty_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_database(path, FixedClock(TODAY)).close()
    return path


@pytest.fixture(scope="module")
def valid_export(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("valid") / "valid.db"
    conn = open_database(path, FixedClock(TODAY))
    try:
        _insert(conn, ROWS_0001)
        _insert(conn, {"workout_effort": [{"workout_id": 1, "distance_m": 5000.0, "duration_s": 1400.5,
                                           "from_track": 1}]})
        return transfer.export_all(conn, settings=SETTINGS, now=NOW)
    finally:
        conn.close()


def _fresh(template: Path) -> sqlite3.Connection:
    """An empty database at the current schema, in memory (a copy of the template)."""
    source = sqlite3.connect(template)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(conn)
    source.close()
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats()
           | st.text(max_size=12) | st.sampled_from(["2026-11-24", "2026-02-30", "07:30:00.000000", TS, "[]",
                                                     '["a"]', "20261124", "0004", "studylog-export"]))
JSONISH = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


@st.composite
def exports(draw, valid: dict) -> object:
    """Random JSON, or a valid export with a few things changed (so that many reach the rows)."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.dictionaries(st.sampled_from([*transfer.HEADER, *transfer.TABLES, "x"]), JSONISH,
                                    max_size=6) | JSONISH)
    data = copy.deepcopy(valid)
    for _ in range(draw(st.integers(0, 3))):
        table = draw(st.sampled_from([*transfer.TABLES, *transfer.HEADER, transfer.SEQUENCES]))
        rows = data.get(table)
        if table in transfer.HEADER or table == transfer.SEQUENCES or not isinstance(rows, list) or not rows:
            data[table] = draw(JSONISH | st.sampled_from(["0001", "0003", 1, {}, {"writing_entry": 2}]))
            continue
        i = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["set", "drop", "duplicate", "remove", "junk"]))
        if action in ("set", "drop") and not (isinstance(rows[i], dict) and rows[i]):
            action = "junk"
        if action == "set":
            rows[i][draw(st.sampled_from(sorted(rows[i])))] = draw(JSONISH)
        elif action == "drop":
            rows[i].pop(draw(st.sampled_from(sorted(rows[i]))))
        elif action == "duplicate":
            rows.append(copy.deepcopy(rows[i]))
        elif action == "remove":
            rows.pop(i)
        else:
            rows[i] = draw(JSONISH)
    return data


@pytest.mark.slow  # full Hypothesis count
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_input_imports_or_is_refused_whole(empty_template, valid_export, data):
    candidate = data.draw(exports(valid_export))
    conn = _fresh(empty_template)
    try:
        try:
            counts = transfer.import_all(conn, candidate, now=NOW)
        except ValueError as exc:
            assert str(exc) and "\n" not in str(exc)
            assert set(_row_counts(conn).values()) == {0}
            assert conn.execute("SELECT COUNT(*) FROM sqlite_sequence").fetchone()[0] == 0
            assert conn.execute("SELECT COUNT(*) FROM search_fts").fetchone()[0] == 0
            assert not conn.in_transaction
        else:
            assert counts == _row_counts(conn)
            assert counts == {t: len(candidate.get(t, [])) for t in transfer.TABLES}
            _checks(conn)
            again = transfer.export_all(conn, settings=candidate.get("settings", {}), now=NOW)
            assert transfer.import_all(_fresh(empty_template), again, now=NOW) == counts
    finally:
        conn.close()


@pytest.mark.slow  # full Hypothesis count through the shell
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changed=value_changes())
@example(changed=[("goal", 0, "period", "fortnight")])  # the values of issue 12 first, then random ones
@example(changed=[("goal", 1, "metric", "happiness")])
@example(changed=[("goal", 2, "target", float("inf"))])
@example(changed=[("workout", 0, "duration_s", float("inf"))])
@example(changed=[("workout_effort", 0, "duration_s", float("inf"))])
def test_random_input_values_are_refused_in_one_line_or_every_read_works(home, tmp_path, changed):
    """Issue 12: `import json` of an export with values changed (to values of each column's kind, good or
    bad, or to anything) either refuses the file in one line, or leaves a database on which every read
    command and the app's first screen (the store's calls behind it) work, and which `db check` passes."""
    candidate = copy.deepcopy(base_export_data())
    for table, n, column, value in changed:
        candidate[table][n][column] = copy.deepcopy(value)
    db = Path(tempfile.mkdtemp(dir=tmp_path)) / "new.db"  # (a new one for each example)
    shutil.copyfile(empty_database(), db)
    file = db.with_suffix(".json")
    file.write_text(transfer.dumps(candidate), encoding="utf-8")
    status, out, err = run_cli("--db", str(db), "import", "json", str(file))
    if status:
        assert out == "" and err.count("\n") == 1 and err.endswith("; nothing was imported\n"), err
        assert clean(err) == err.rstrip("\n"), err  # (the value is shown escaped, never acted on)
        return
    for args in READS:
        status, out, err = run_cli("--db", str(db), *args)
        assert status == 0, (args, err)
        assert "Traceback" not in err
    store = Session(db, CLOCK_TODAY)
    board = dashboard.load(store)
    assert len(board.goals) <= len(candidate["goal"])
    goals.goals(store)
    writing.entries(store)
    workouts.workouts(store)
    reading.items(store)
    resources.resources(store)
    conn = connect(db)
    try:  # what import json takes, db check takes (the same rules; a day's grace for time zones)
        assert transfer.stored_value_problems(conn, today=TODAY + timedelta(days=1)) == []
    finally:
        conn.close()

"""The text tests `db check` makes in SQL (a row's text columns given together to one byte test, a JSON
list vouched for without json_each, a day by date() alone) must let no value through that the Python rules
object to: every control byte, the C1 controls as UTF-8, bytes that are no UTF-8 stored as text, a lone
surrogate's bytes, a BLOB where text belongs, lists that are not lists of strings. Each is put in one row
(one value a row, in every text column at once) and the database checked with and without SQL's help."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from studylog.services import transfer

TODAY = date(2026, 11, 24)

CONTROLS = [f"a{chr(n)}b" for n in [*range(32), 0x7F, *range(0x80, 0xA0)]]
# stored as the bytes themselves: no UTF-8 (a lone continuation byte, a lead byte with nothing after it, an
# overlong NUL, a lone surrogate's encoding, bytes past U+10FFFF), and a NUL inside
RAW = ["61ff62", "6180", "c3", "61c361", "c080", "eda080", "f4908080", "610062", "e282", "1b5b33316d"]
LISTS = ['["a", 1]', '[["a"]]', '[{"a": "b"}]', '["a"', "[null]", '["a", null]', "[true]", "[1.5]", '{"a": "b"}',
         '"a"', '["a\\u0000"]', '["a\\u001b"]', '["\\ud800"]', '["a", ["b", "c"], 1]', ' ["a", 2]', '["a",]',
         "[NaN]", '["[", 1]', '["a]", 2]', "[", "", "[]x", '["é", 1]']
DAYS = ["2026-02-30", "0000-01-01", "2026-1-1", "2026-11-24 ", "+2026-11-24", "1899-12-31", "2026-11-25",
        "２０２６-11-24", "2026-11-24T00:00", "10000-01-01", "-001-01-01"]
TEXT_COLUMNS = {"writing_entry": ["title", "note", "challenge", "tags", "url"],
                "resource": ["url", "title", "topic", "description", "note"],
                "reading_item": ["title", "authors", "isbn", "review", "tags"],
                "workout": ["title", "note", "tags", "source", "source_id"]}
DAY_COLUMNS = {"writing_entry": ["day"], "resource": ["added", "done"], "reading_item": ["added", "started"]}




def _spoil(conn: sqlite3.Connection, table: str, pairs: list[tuple[str, str, object]]) -> int:
    """Each (column, SQL, parameter) into the next row of ``table``: one spoiled value a row, so that no
    other column makes the row a suspect."""
    rowids = [r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid')]
    spoiled = 0
    for rowid, (column, sql, value) in zip(rowids, pairs, strict=False):
        try:
            conn.execute(f'UPDATE "{table}" SET "{column}" = {sql} WHERE rowid = ?', (value, rowid))
            spoiled += 1
        except sqlite3.Error:  # (NOT NULL, a trigger's refusal)
            pass
    return spoiled


def _checked_both_ways(demo_database: Path, folder: Path, table: str, pairs: list[tuple[str, str, object]]) -> None:
    conn = sqlite3.connect(demo_database)
    rows = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    conn.close()
    found = 0
    for start in range(0, len(pairs), rows):  # (a copy of the year for each as many values as it has rows)
        path = folder / f"studylog-{start}.db"
        shutil.copy(demo_database, path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA foreign_keys = OFF")
        assert _spoil(conn, table, pairs[start:start + rows])
        conn.commit()
        fast = transfer.stored_value_problems(conn, today=TODAY)
        full = transfer.stored_value_problems(conn, today=TODAY, prefilter=False)
        conn.close()
        assert fast == full
        found += len(full)
    assert found >= len(pairs) // 3  # (most values are wrong in Python's eyes: a list's text is a good title)


@pytest.mark.parametrize("table", sorted(TEXT_COLUMNS))
def test_text_the_rules_object_to_is_never_vouched_for(demo_database, tmp_path, table):
    values: list[tuple[str, object]] = [("?", text) for text in CONTROLS + LISTS]
    values += [("?", bytes.fromhex(raw)) for raw in RAW]  # (a BLOB)
    _checked_both_ways(demo_database, tmp_path, table, [(c, sql, v) for c in TEXT_COLUMNS[table] for sql, v in values])


@pytest.mark.parametrize("table", sorted(TEXT_COLUMNS))
def test_bytes_that_are_no_utf8_are_never_vouched_for(demo_database, tmp_path, table):
    """Text whose bytes are no UTF-8 (Python cannot read it: the check fails on it, with SQL's help or
    without): every such row is one SQL does not vouch for."""
    path = tmp_path / "studylog.db"
    shutil.copy(demo_database, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    assert _spoil(conn, table, [(c, "CAST(? AS TEXT)", bytes.fromhex(raw)) for c in TEXT_COLUMNS[table] for raw in RAW])
    names = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    checking = transfer.Checking(TODAY, "today", cleaning=False)
    plain = transfer._plain_row(conn, table, names, checking)
    suspects = {r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" WHERE NOT ({plain})')}
    spoiled = {r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" WHERE '
                                          + " OR ".join(f'CAST("{c}" AS BLOB) IN ({", ".join("?" * len(RAW))})'
                                                        for c in TEXT_COLUMNS[table]),
                                          [bytes.fromhex(raw) for raw in RAW] * len(TEXT_COLUMNS[table]))}
    conn.close()
    assert spoiled and spoiled <= suspects


@pytest.mark.parametrize("table", sorted(DAY_COLUMNS))
def test_days_the_rules_object_to_are_never_vouched_for(demo_database, tmp_path, table):
    values: list[tuple[str, object]] = [("?", day) for day in DAYS] + [("CAST(? AS TEXT)", b"2026-11-24\x00x")]
    _checked_both_ways(demo_database, tmp_path, table, [(c, sql, v) for c in DAY_COLUMNS[table] for sql, v in values])


def test_a_row_s_text_is_tested_in_one_call():
    """One call of the byte test a row (the text columns joined, and the one-line columns), none a value."""
    conn = sqlite3.connect(":memory:")
    checking = transfer.Checking(TODAY, "today", cleaning=False)
    plain = transfer._plain_row(conn, "writing_entry", ["id", "title", "note", "tags", "url", "challenge"], checking)
    assert plain is not None
    assert plain.count(transfer.PLAIN_ROW) == 1
    assert plain.count(transfer.PLAIN_TEXT) == 0 and plain.count(transfer.PLAIN_LINE) == 0
    assert checking.texts is None


STAMPS = ["0000-01-01 00:00:00.000000", "0000-12-31 23:59:59", "2026-02-30 00:00:00", "2026-11-24T12:00:00",
          "2026-11-24 24:00:00", "2026-11-24 12:00:00.5", "0001-01-01 00:00:00"]


@pytest.mark.parametrize("table", sorted(TEXT_COLUMNS))
def test_timestamps_the_rules_object_to_are_never_vouched_for(demo_database, tmp_path, table):
    """Year 0000 passed SQL's test: the column's numeric affinity turned the '0001' it was compared with into
    the number 1, and any text is greater than a number (hostile tester)."""
    values = [("?", stamp) for stamp in STAMPS]
    _checked_both_ways(demo_database, tmp_path, table,
                       [(c, sql, v) for c in ("created_at", "updated_at") for sql, v in values])

"""`db check` reads in Python only the rows SQL cannot vouch for (issue 15: it took a second on the decade,
now about a third). The SQL conditions must be strict: a row they let through unread must have nothing
wrong with it. Here the same hostile databases are checked both ways and must give the same report."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.services import transfer

TODAY = date(2026, 11, 24)

# Values near every rule's edges: kinds, ranges, days, moments, links, text and JSON lists.
HOSTILE = [
    None, 0, 1, -1, 2, 5, 6, 24 * 3600, 24 * 3600 + 1, 10**12, -(10**12), 2**63 - 1, 0.0, -0.0, 0.5, 4.5, 5.5,
    1e308, -1e308, float("inf"), float("-inf"), 1e-300, 3.0,
    "", " ", "  ", "a", "a ", " a", "a  b", "a\tb", "a\nb", "a\rb", "a\x1b[31mb", "a\x00b", "a\x7fb", "a\x85b",
    "a\u202eb", "a\u200bb", "a\ufeffb", "\u00a0", "\u3000", "é", "日本", "🏃", "a\u200db",
    "run", "swim", "RUN", "book", "paper", "finished", "to-read", "done", "studying", "week", "year", "habit",
    "2026-11-24", "2026-11-25", "2026-02-30", "2026-13-01", "1899-12-31", "1900-01-01", "2025-12-31", "0000-01-01",
    "2026-11-24 ", "20261124", "2026-W48-2", "2026-11-24 12:00:00", "2026-11-24 12:00:00.000000",
    "2026-11-24 24:00:00", "2026-11-24 12:60:00", "2026-11-24 12:00:00.5", "2026-11-24T12:00:00",
    "07:30:00", "07:30:00.000000", "24:00:00", "07:30", "23:59:60",
    "https://example.org/x", "http://example.org", "https://a:99999/", "http://a@", "https://[::1]/", "http://[::1",
    "HTTPS://example.org", "https://", "ftp://example.org", "https://ex ample.org", "https://exa\u202emple.org",
    "https://example.org/a:b", "https://user@example.org/",
    '["a"]', '["a", "b"]', "[]", '["a\\u001b"]', '[1]', '[["a"]]', '["a", 1]', "[", '{"a": 1}', '["é"]',
    '["a  b"]', '[" a"]', '[""]', '["a\\nb"]', "null", '"a"',
    "2026-W47", "2026", "2026-W54", "1899", b"\x00\x01", b"",
]


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]




@given(st.data())
def test_db_check_reads_only_suspect_rows_and_finds_what_a_full_read_finds(demo_database, tmp_path_factory, data):
    """Good rows of every table, each example spoiling a few values with hostile ones."""
    path = tmp_path_factory.mktemp("check") / "studylog.db"
    shutil.copy(demo_database, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    tables = [t for t in transfer.TABLES if columns_of(conn, t)]
    for _ in range(data.draw(st.integers(1, 12), label="values spoiled")):
        table = data.draw(st.sampled_from(tables), label="table")
        column = data.draw(st.sampled_from(columns_of(conn, table)), label="column")
        value = data.draw(st.sampled_from(HOSTILE), label="value")
        count = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        if not count:
            continue
        offset = data.draw(st.integers(0, count - 1), label="row")
        rowid = conn.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid LIMIT 1 OFFSET ?', (offset,)).fetchone()
        try:
            conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (value, rowid[0]))
        except sqlite3.Error:  # a value the schema itself refuses (NOT NULL, a duplicate key, a trigger)
            continue
    conn.commit()
    fast = transfer.stored_value_problems(conn, today=TODAY)
    full = transfer.stored_value_problems(conn, today=TODAY, prefilter=False)
    conn.close()
    assert fast == full


def test_the_check_of_a_clean_year_reads_almost_no_row_in_python(tmp_path):
    """The demo's year, every value good: a good row is checked column by column only when SQL cannot vouch
    for it (text beyond plain ASCII: an author's accent); the tables whose rules join rows (workouts and
    their best efforts, reading, goals, reflections) give their good rows to those rules only."""
    from studylog.services import demo

    conn = open_database(tmp_path / "demo.db", FixedClock(TODAY))
    demo.generate(conn, TODAY, years=1, now=FixedClock(TODAY).now())
    checked: list[str] = []
    real = transfer.check_row

    def counting(table, row, checking, **kwargs):  # noqa: ANN001, ANN003, ANN202
        checked.append(table)
        return real(table, row, checking, **kwargs)

    rows = sum(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in transfer.TABLES)
    transfer.check_row = counting  # type: ignore[assignment]
    try:
        assert transfer.stored_value_problems(conn, today=TODAY) == []
    finally:
        transfer.check_row = real  # type: ignore[assignment]
        conn.close()
    assert rows > 1000 and len(checked) < rows / 100, (len(checked), rows)

"""Imports write the search index of what they add in one statement (issue 15: DeferredIndex): the index
holds what the insert triggers would have written, row by row; the schema is never touched, and the
triggers work again afterwards (in statements prepared during the import too), whether the import ends
or is cancelled."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest

from studylog.db import schema
from studylog.db.opening import open_database
from studylog.domain.values import NewReading
from studylog.io import markdown_list
from studylog.io.goodreads import parse_goodreads
from studylog.services import indexing, reading, resources, search
from studylog.services.indexing import DeferredIndex

TODAY = date(2026, 11, 24)
HEADER = ("Book Id,Title,Author,Additional Authors,ISBN13,My Rating,Number of Pages,Date Read,Date Added,"
          "Bookshelves,Exclusive Shelf,My Review\n")


def _isbn(k: int) -> str:
    first12 = f"978{k:09d}"
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def goodreads(rows: int) -> bytes:
    """Books with reviews, authors and shelves. Row 20k + 9 has no review, and row 20k + 19 the same ISBN
    with one: it fills in the review of the book this very file added (an update of a row not indexed yet)."""
    lines = [HEADER]
    for n in range(rows):
        isbn = _isbn(n // 20) if n % 10 == 9 else ""
        review = "" if n % 20 == 9 else f"Review {n}: gradient kernels<br/>and attention number{n}"
        lines.append(f'{n + 1},"Book {n} of tiling",Author {n % 7},"Second {n % 3}",{isbn},{n % 6},{100 + n},'
                     f'2020/01/{n % 28 + 1:02d},2019/12/01,"shelf{n % 4}, warp",read,"{review}"\n')
    return "".join(lines).encode()


def _words(conn: sqlite3.Connection) -> dict[str, frozenset[int]]:
    """Every word of the indexed text, and the entries that hold it."""
    found: dict[str, frozenset[int]] = {}
    text = " ".join(str(value) for row in conn.execute(
        "SELECT title, authors, review, tags FROM reading_item UNION ALL "
        "SELECT title, description, topic, url FROM resource") for value in row if value)
    for word in set(re.findall(r"[A-Za-z0-9]+", text)):
        found[word] = frozenset(r[0] for r in conn.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (f'"{word}"',)))
    return found


def _triggers(conn: sqlite3.Connection) -> list[tuple]:
    """The schema, in sqlite_master's order (which `db check` compares)."""
    return schema.objects(conn)


def _import_books(conn: sqlite3.Connection, clock, data: bytes) -> None:  # noqa: ANN001
    reading.add(conn, NewReading(title="Already here", authors=("Ann Gradient",), review="warp and kernels"),
                now=clock.now(), today=TODAY)
    parsed = parse_goodreads(data, "goodreads.csv")
    reading.import_items(conn, "goodreads.csv", parsed.items, parsed.skipped, now=clock.now(), today=TODAY)


def test_a_goodreads_import_indexes_what_the_triggers_would(tmp_path, clock, monkeypatch):
    data = goodreads(60)
    deferred = open_database(tmp_path / "deferred.db", clock)
    before = _triggers(deferred)
    _import_books(deferred, clock, data)
    assert _triggers(deferred) == before  # back, as they were
    monkeypatch.setattr(indexing, "_TRIGGER", re.compile(r"(?!)"))
    row_by_row = open_database(tmp_path / "row-by-row.db", clock)
    _import_books(row_by_row, clock, data)
    assert reading.count(deferred) == reading.count(row_by_row) == 1 + 60 - 3  # (three filled in)
    words = _words(deferred)
    assert words == _words(row_by_row)
    assert words["number19"] and words["kernels"] and words["warp"]
    # and the index is the one a rebuild from the tables gives
    assert deferred.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')") is not None
    search.rebuild(deferred)
    assert _words(deferred) == words


def test_a_book_added_after_an_import_is_indexed_by_its_trigger(conn, clock):
    """(reading.add inserts with the statement the import prepared: prepared again, with its trigger.)"""
    _import_books(conn, clock, goodreads(20))
    item = reading.add(conn, NewReading(title="Zymurgy handbook"), now=clock.now(), today=TODAY)
    assert [r[0] for r in conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'zymurgy'")] == [
        item.id * 4 + 2]


def test_a_cancelled_import_keeps_the_trigger_and_adds_nothing(conn, clock):
    class Cancelled(Exception):
        pass

    def cancel(_n: int) -> None:
        raise Cancelled

    before = _triggers(conn)
    parsed = parse_goodreads(goodreads(1500), "goodreads.csv")
    with pytest.raises(Cancelled):
        reading.import_items(conn, "goodreads.csv", parsed.items, parsed.skipped, now=clock.now(), today=TODAY,
                             progress=cancel)
    assert _triggers(conn) == before
    assert reading.count(conn) == 0
    assert conn.execute("SELECT COUNT(*) FROM search_fts").fetchone()[0] == 0


def _list(links: int) -> bytes:
    lines = ["# Kernels", ""]
    for section in range(links // 10):
        lines += [f"## Warp {section}", ""]
        lines += [f"- [x] [Tiling {section}-{i}](https://gpu{i}.org/{section}) - shared memory {section}"
                  for i in range(10)]
        lines.append("")
    return "\n".join(lines).encode()


def _import_list(conn: sqlite3.Connection, clock, data: bytes, *, take_progress: bool = False) -> None:  # noqa: ANN001
    parsed = markdown_list.parse_markdown_list(data, "gpu.md")
    resources.import_list(conn, parsed, file="gpu.md", name="GPUs", curator=None, now=clock.now(), today=TODAY,
                          take_progress=take_progress)


def test_a_list_import_indexes_what_the_triggers_would(tmp_path, clock, monkeypatch):
    data = _list(200)
    # The same links twice, the second time with other statuses taken: updates of rows just inserted.
    again = data.replace(b"- [x] ", b"- [ ] ")

    def run(path):  # noqa: ANN001, ANN202
        conn = open_database(path, clock)
        _import_list(conn, clock, data)
        _import_list(conn, clock, again + b"\n## More\n\n- [New one](https://new.org) - fresh\n", take_progress=True)
        return conn

    deferred = run(tmp_path / "deferred.db")
    monkeypatch.setattr(indexing, "_TRIGGER", re.compile(r"(?!)"))
    row_by_row = run(tmp_path / "row-by-row.db")
    words = _words(deferred)
    assert words == _words(row_by_row) and words["memory"] and words["fresh"]
    search.rebuild(deferred)
    assert _words(deferred) == words


def test_an_update_of_a_row_of_the_same_import_finds_its_entry_there(conn, clock):
    conn.execute("BEGIN IMMEDIATE")
    with DeferredIndex(conn, "reading_item") as index:
        conn.execute(reading.SQL_INSERT, ("book", "Pending title", '["Kay"]', None, None, None, "to-read",
                                          None, None, None, None, "first words", "[]", "t", "1", "x", "x"))
        assert index.pending(1) and not index.pending(0)
        index.flush()
        assert not index.pending(1)
        conn.execute("UPDATE reading_item SET review = 'second words' WHERE id = 1")
    conn.execute("COMMIT")
    match = [r[0] for r in conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'second'")]
    assert match == [6] and not list(conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'first'"))


def test_it_is_used_only_inside_a_transaction(conn):
    with pytest.raises(RuntimeError, match="inside"):
        DeferredIndex(conn, "reading_item").__enter__()

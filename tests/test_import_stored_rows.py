"""What an import of books stores, row for row (issue 15): a varied Goodreads export, the same reader's
StoryGraph export, a typed book and the shared real exports, imported in turn into one database; every
stored column, the search index and each summary are compared with what the row-by-row import stored
(tests/golden/reading-imports.json, written by the import before it inserted in batches). A difference in
any value, id, order, duplicate found or row skipped fails.

    STUDYLOG_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_import_stored_rows.py   (rewrites it)
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import NewReading
from studylog.io.goodreads import parse_goodreads
from studylog.io.storygraph import parse_storygraph
from studylog.services import reading

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
GOLDEN = Path(__file__).resolve().parent / "golden" / "reading-imports.json"
FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"

GOODREADS = ("Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Number of Pages,"
             "Date Read,Date Added,Bookshelves,Exclusive Shelf,My Review")
STORYGRAPH = ("Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,"
              "Star Rating,Review,Tags")


def _table(header: str, rows: list[dict[str, str]]) -> bytes:
    columns = header.split(",")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        assert set(row) <= set(columns), set(row) - set(columns)
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode()


def _gr(book_id: str, title: str, author: str = "Ann Author", **more: str) -> dict[str, str]:
    return {"Book Id": book_id, "Title": title, "Author": author, "Exclusive Shelf": "read",
            "Date Added": "2020/01/02", **more}


def goodreads_rows() -> list[dict[str, str]]:
    rows = [
        _gr("1", "Dune", "Frank Herbert", **{"ISBN": '="0441013597"', "My Rating": "5", "Number of Pages": "604",
                                              "Date Read": "2021/03/04", "Bookshelves": "sci-fi, Big Ideas, read",
                                              "My Review": "Spice <b>must</b> flow.<br/><br/>Second &amp; last "
                                                           "line [b:Dune Messiah|123|Dune Messiah|Frank|x|1]"}),
        _gr("2", "Dune", "Frank Herbert", **{"My Review": "same title, same source: a book of its own"}),
        _gr("1", "Dune (again)", "Frank Herbert", **{"My Review": "the same Book Id: already there"}),
        _gr("3", "Neuromancer", "William Gibson", **{"ISBN13": "978-0-441-56959-5", "My Rating": "0",
                                                     "Exclusive Shelf": "to-read"}),
        # the same ISBN with another id: fills in what this file's own row 3 lacks (a row not indexed yet)
        _gr("4", "Neuromancer: 20th anniversary", "W. Gibson",
            **{"ISBN": "0441569595", "My Rating": "4", "Number of Pages": "271", "Date Read": "2019/05/06",
               "My Review": "<p>Cyberspace.</p><a href=\"https://example.com/n?utm_source=x\">a link</a>"}),
        _gr("5", "Bad dates", **{"Date Read": "2021/13/45", "Date Added": "not a date", "ISBN": "123"}),
        _gr("6", "From the future", **{"Date Read": "2030/01/01"}),
        _gr("7", "Before 1900", **{"Date Added": "1850/01/01", "Exclusive Shelf": "to-read"}),
        _gr("8", "Too long", **{"Number of Pages": "999999"}),
        _gr("9", "", **{"My Review": "no title"}),
        _gr("10", "  Spaced   \x1b[31mred\x1b[0m  title ", "  Bob   Builder , Jr. ,  Second  Person ",
            **{"My Rating": "3.5", "Additional Authors": "Third One, bob builder",
               "My Review": "line one\r\nline\ttwo \x07bell\u202e flipped &lt;script&gt;\n\n\n\nend ",
               "Bookshelves": "  Sci Fi , #odd,,dnf-maybe ", "Exclusive Shelf": "did-not-finish",
               "Date Read": "2022-02-02"}),
        _gr("11", "Unicode Ünïcödé: a subtitle", "Émile Zola", **{"ISBN13": "9782070411177", "My Rating": "2",
                                                                   "Exclusive Shelf": "currently-reading"}),
        _gr("12", "Custom shelf", **{"Exclusive Shelf": "Owned Books", "Bookshelves": "owned-books, fun"}),
        _gr("13", "Lastname only", "", **{"Author l-f": "Brom, Brom"}),
        _gr("14", "Turned round", "", **{"Author l-f": "Le Guin, Ursula K."}),
        _gr("15", "The Typed Book", "Tess Typed", **{"My Rating": "4", "Number of Pages": "123",
                                                     "My Review": "fills in the typed one"}),
        _gr("16", "Quotes \"inside\" and \\ back", 'Ann "Q" Author', **{"Bookshelves": 'a"b, c\\d'}),
        _gr("17", "ASIN only", **{"ISBN": "B00ABCDEFG", "ISBN13": '=""'}),
        _gr("", "No book id", "Nameless Writer", **{"My Review": "keyed by title and authors"}),
        _gr("", "No book id", "Nameless Writer", **{"My Review": "the same key: already there"}),
        _gr("18", "X check digit", **{"ISBN": "080442957X"}),
        _gr("19", "Bad ISBN13", **{"ISBN13": "9780441013598"}),
        _gr("20", "Empty review", **{"My Review": "   ", "My Rating": "7"}),
    ]
    for n in range(40):  # enough rows for several batches, with a duplicate of an earlier one now and then
        isbn = f"97800000{n // 3:04d}"
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(isbn))
        isbn += str((10 - total % 10) % 10)
        rows.append(_gr(str(100 + n), f"Generated {n // 2 if n % 5 == 4 else n}", f"Writer {n % 4}",
                        **{"ISBN13": isbn if n % 3 else "", "My Rating": str(n % 6),
                           "Number of Pages": str(n * 7), "Date Read": f"2020/{n % 12 + 1:02d}/{n % 27 + 1:02d}",
                           "My Review": "" if n % 4 else f"Review <i>{n}</i>"}))
    return rows


def storygraph_rows() -> list[dict[str, str]]:
    return [
        {"Title": "Dune: Deluxe Edition", "Authors": "Frank Herbert", "Read Status": "read",
         "Dates Read": "2021/03/01-2021/03/04", "Star Rating": "4.25", "Review": "quarter stars"},
        {"Title": "Neuromancer", "Authors": "William Gibson", "ISBN/UID": "9780441569595", "Read Status": "read",
         "Date Added": "2018/01/01"},
        {"Title": "A StoryGraph only book", "Authors": "Sam Story", "ISBN/UID": "9781982102319",
         "Read Status": "currently-reading", "Dates Read": "2023/04/05-", "Tags": "one, Two Words",
         "Review": "plain <text> & stays"},
        {"Title": "Unicode Unicode", "Authors": "Emile Zola", "Read Status": "read", "Last Date Read": "2020/02/02",
         "Review": "<b>html</b> here"},
        {"Title": "Generated 3", "Authors": "Writer 3", "Read Status": "did-not-finish",
         "Dates Read": "2024/05/01-2024/04/01", "Star Rating": "2.5"},
        {"Title": "Reread", "Authors": "Ann Author", "Read Status": "read",
         "Dates Read": "2012/01/01-2012/02/01, 2023/01/01-2023/02/01"},
        {"Title": "Reread", "Authors": "Ann Author", "Read Status": "read", "Dates Read": "2025/01/01"},
        {"Title": "Future", "Authors": "Ann Author", "Read Status": "read", "Last Date Read": "2027/01/01"},
    ]


def unclean_items() -> list[NewReading]:
    """Items as no importer of this package makes them: the service cleans and checks them itself."""
    return [
        NewReading(title="  Raw \x1b[1mtitle\x1b[0m\n  two  ", authors=(" A\u202eB ", "", "  C  D "),
                   isbn=" 978\x00123 ", review=" r\r\nx\x9b\ud800 ", tags=(" T ", "\x07", "u  v"),
                   url=" https://Example.com/a?utm_source=z&b=1 ", kind="paper", source="typed", source_id="r1"),
        NewReading(title="Bad kind", kind="magazine", source="typed", source_id="r2"),
        NewReading(title="Bad status", status="loved", source="typed", source_id="r3"),
        NewReading(title="\x1b[31m\x07  ", source="typed", source_id="r4"),
        NewReading(title="Rating", rating=6.0, source="typed", source_id="r5"),
        NewReading(title="Pages", pages=-1, source="typed", source_id="r6"),
        NewReading(title="Ends first", started=date(2020, 2, 2), finished=date(2020, 1, 1), source="typed",
                   source_id="r7"),
        NewReading(title="Plain", authors=("Ann Author",), tags=("x", "y"), rating=0.0, pages=0,
                   added=date(2020, 1, 1), source="typed", source_id=""),
        NewReading(title="Plain second", url="not a link", source="typed"),
        NewReading(title="Dune", authors=("F. Herbert",), source="typed", source_id="r8", review="from typed"),
        NewReading(title="Generated 7: more", authors=("Writer 3",), kind="book", source="typed", source_id="r9",
                   rating=4.5, url="https://example.com/g7"),
    ]


def _snapshot(conn, summaries: list) -> dict:
    def plain(row) -> list:
        return list(row)
    return {
        "summaries": [{"file": s.file, "added": s.added, "already": s.already, "updated": s.updated,
                       "skipped": [[k.file, k.line, k.reason] for k in s.skipped]} for s in summaries],
        "reading_item": [plain(r) for r in conn.execute(f"SELECT {reading.COLUMNS} FROM reading_item ORDER BY id")],
        "search_fts": [plain(r) for r in conn.execute("SELECT rowid, title, body FROM search_fts ORDER BY rowid")],
        "sequence": [plain(r) for r in conn.execute("SELECT name, seq FROM sqlite_sequence WHERE name = 'reading_item'")],
    }


def _import_all(path: Path) -> dict:
    conn = open_database(path, FixedClock(TODAY))
    try:
        reading.add(conn, NewReading(title="The Typed Book", authors=("Tess Typed",), status="reading",
                                     started=date(2024, 1, 1)), now=NOW, today=TODAY)
        reading.add(conn, NewReading(title="Dune", authors=("Frank Herbert",), source="manual"),
                    now=NOW, today=TODAY)
        summaries = []
        files = [("goodreads_library_export.csv", parse_goodreads(_table(GOODREADS, goodreads_rows()),
                                                                  "goodreads_library_export.csv")),
                 ("storygraph.csv", parse_storygraph(_table(STORYGRAPH, storygraph_rows()), "storygraph.csv"))]
        files.append(files[0])  # the same file twice: nothing new
        for folder, parse in (("goodreads", parse_goodreads), ("storygraph", parse_storygraph)):
            for csv_path in sorted((FIXTURES / folder).glob("*.csv")):
                files.append((csv_path.name, parse(csv_path.read_bytes(), csv_path.name)))
        for name, parsed in files:
            summaries.append(reading.import_items(conn, name, parsed.items, parsed.skipped, now=NOW, today=TODAY))
        summaries.append(reading.import_items(conn, "typed.csv", list(enumerate(unclean_items(), 1)), [],
                                              now=NOW, today=TODAY))
        return json.loads(json.dumps(_snapshot(conn, summaries)))
    finally:
        conn.close()


@pytest.mark.parametrize("batch", [None, 1, 2, 3, 7, 1000])
def test_imports_store_what_the_row_by_row_import_stored(tmp_path, monkeypatch, batch):
    if not (FIXTURES / "goodreads").is_dir():
        pytest.fail(f"{FIXTURES} is missing (the shared fixtures sit beside the repository)")
    if batch is not None:
        monkeypatch.setattr(reading, "IMPORT_BATCH", batch)
    got = _import_all(tmp_path / "books.db")
    if os.environ.get("STUDYLOG_WRITE_GOLDEN") and batch is None:
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for part in expected:
        assert got[part] == expected[part], part

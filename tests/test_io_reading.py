"""Goodreads and StoryGraph exports read into reading items, as a user who imports them would check them."""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog.domain.values import READING_STATUSES, NewReading, Skipped
from studylog.io.common import FileRejected
from studylog.io.csvfile import isbn13
from studylog.io.goodreads import parse_goodreads
from studylog.io.storygraph import parse_storygraph

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"

GOODREADS_31 = (
    "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,"
    "Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,"
    "Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Recommended For,"
    "Recommended By,Owned Copies,Original Purchase Date,Original Purchase Location,Condition,"
    "Condition Description,BCID"
)
GOODREADS_24 = (
    "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,"
    "Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,"
    "Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies"
)
GOODREADS_23 = GOODREADS_24.replace("Average Rating,", "")
STORYGRAPH = (
    "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,"
    "Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable Characters?,"
    "Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content Warning Description,"
    "Tags,Owned?"
)


def table(header: str, *rows: dict[str, str], newline: str = "\n") -> bytes:
    """A CSV file with ``header``; each row gives some columns by name, the others are empty."""
    columns = header.split(",")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(columns)
    for row in rows:
        unknown = set(row) - {c.strip() for c in columns}
        assert not unknown, unknown
        writer.writerow([row.get(column.strip(), "") for column in columns])
    return out.getvalue().encode()


def goodreads(**values: str) -> NewReading:
    """The single book read from a one-row Goodreads export (24 columns)."""
    row = {"Book Id": "1", "Title": "A Book", "Author": "Some One", "Exclusive Shelf": "to-read", **values}
    parsed = parse_goodreads(table(GOODREADS_24, row), "goodreads_library_export.csv")
    assert parsed.skipped == ()
    [(line, book)] = parsed.items
    assert line == 2
    return book


def storygraph(**values: str) -> NewReading:
    row = {"Title": "A Book", "Authors": "Some One", "Read Status": "to-read", **values}
    parsed = parse_storygraph(table(STORYGRAPH, row), "storygraph.csv")
    assert parsed.skipped == ()
    [(line, book)] = parsed.items
    assert line == 2
    return book


# ------------------------------------------------------------------------------------------- Goodreads

GOODREADS_DUNE = (GOODREADS_24 + "\n" + (
    '11,"Dune (Dune, #1)",Frank  Herbert,"Herbert, Frank","Brian Herbert,  Kevin J. Anderson",'
    '"=""0441013597""","=""9780441013593""",5,4.27,Ace,Paperback,896,2005,1965,2024/03/02,2023/12/24,'
    '"sci-fi, Favourites","sci-fi (#3), Favourites (#1)",read,'
    '"Spice &amp; sand &mdash; <i>lots</i>.<br/><br/>'
    'Read <b>[b:Children of Dune|44492285|Children of Dune (Dune, #3)|Frank Herbert|'
    'https://i.gr-assets.com/x.jpg|3634570]</b> next, '
    'by [a:Frank Herbert|58|Frank Herbert|https://x/58.jpg].",'
    ',,1,0\n')).encode()


def test_a_goodreads_row_becomes_the_book_the_user_sees():
    parsed = parse_goodreads(GOODREADS_DUNE, "goodreads_library_export.csv")
    assert parsed.skipped == ()
    assert parsed.items == ((2, NewReading(
        title="Dune (Dune, #1)", kind="book", authors=("Frank Herbert", "Brian Herbert", "Kevin J. Anderson"),
        isbn="9780441013593", pages=896, status="finished", added=date(2023, 12, 24), started=None,
        finished=date(2024, 3, 2), rating=5.0,
        review="Spice & sand \u2014 lots.\n\nRead Children of Dune next, by Frank Herbert.",
        tags=("sci-fi", "favourites"), source="goodreads", source_id="11")),)


@pytest.mark.parametrize("header", [GOODREADS_31, GOODREADS_24, GOODREADS_23,
                                    ", ".join(f" {c} " for c in GOODREADS_24.split(","))],
                         ids=["31 columns", "24 columns", "23 columns", "spaces around names"])
def test_every_goodreads_header_generation_is_read_by_column_name(header):
    data = table(header, {"Book Id": "7", "Title": "Emma", "Author": "Jane Austen",
                          "ISBN13": '="9780141439587"', "My Rating": "4", "Date Read": "2020/01/05",
                          "Exclusive Shelf": "read"})
    [(line, book)] = parse_goodreads(data, "export.csv").items
    assert (line, book.title, book.authors, book.isbn, book.rating, book.finished, book.status,
            book.source_id) == (
        2, "Emma", ("Jane Austen",), "9780141439587", 4.0, date(2020, 1, 5), "finished", "7")


@pytest.mark.parametrize(("isbn", "isbn13_column", "expected"), [
    ('="0441013597"', '="9780441013593"', "9780441013593"),   # both: ISBN13 wins
    ('=""', '="9780441013593"', "9780441013593"),             # only ISBN13
    ('="0441013597"', '=""', "9780441013593"),                # only ISBN-10: converted, new check digit
    ('="080442957X"', '=""', "9780804429573"),                # ISBN-10 ending in X
    ('="0441013597"', '="9780441013590"', "9780441013593"),   # wrong ISBN13 check digit: ISBN-10 used
    ('=""', '=""', None),
    ('="AlexisGlyn"', '="Contributor"', None),                # the shifted row of a real export
    ('="0441013596"', '=""', None),                           # wrong ISBN-10 check digit
])
def test_goodreads_isbns_are_stored_as_isbn13(isbn, isbn13_column, expected):
    assert goodreads(ISBN=isbn, ISBN13=isbn13_column).isbn == expected


@pytest.mark.parametrize(("exclusive", "bookshelves", "status", "tags"), [
    ("read", "", "finished", ()),
    ("to-read", "to-read, peru", "to-read", ("peru",)),
    ("currently-reading", "currently-reading", "reading", ()),
    ("dropped", "dropped", "abandoned", ()),
    ("stopped-reading", "stopped-reading, russian", "abandoned", ("russian",)),
    ("did-not-finish", "did-not-finish", "abandoned", ()),
    ("DNF", "dnf", "abandoned", ()),
    ("abandoned", "abandoned", "abandoned", ()),
    ("ai-books", "ai-books", "to-read", ("ai-books",)),
    ("someday", "", "to-read", ("someday",)),
    ("to-read", "Economics,  Big Ideas, #History, to-read", "to-read", ("economics", "big-ideas", "history")),
])
def test_goodreads_shelves_become_a_status_and_tags(exclusive, bookshelves, status, tags):
    book = goodreads(**{"Exclusive Shelf": exclusive, "Bookshelves": bookshelves})
    assert (book.status, book.tags) == (status, tags)


@pytest.mark.parametrize(("rating", "expected"),
                         [("0", None), ("", None), ("1", 1.0), ("5", 5.0), ("9", None)])
def test_goodreads_rating_zero_means_unrated(rating, expected):
    assert goodreads(**{"My Rating": rating}).rating == expected


def test_goodreads_dates_pages_and_missing_values():
    book = goodreads(**{"Date Read": "2021/02/03", "Date Added": "2020/12/31", "Exclusive Shelf": "read",
                        "Number of Pages": "320"})
    assert (book.added, book.started, book.finished, book.pages) == (
        date(2020, 12, 31), None, date(2021, 2, 3), 320)
    empty = goodreads(**{"Exclusive Shelf": "read"})
    assert (empty.added, empty.started, empty.finished, empty.pages, empty.isbn, empty.rating,
            empty.review) == (None, None, None, None, None, None, None)
    # A date of an earlier read on a book now being re-read is not a finish date of the current read.
    rereading = goodreads(**{"Date Read": "2014/04/05", "Exclusive Shelf": "currently-reading"})
    assert (rereading.status, rereading.finished) == ("reading", None)
    assert goodreads(**{"Date Read": "2021/02/30", "Exclusive Shelf": "read"}).finished is None


def test_goodreads_names_and_titles_have_their_spaces_collapsed():
    book = goodreads(Title="The Subtle Knife  (His Dark Materials, #2) ", Author="Stephen        King",
                     **{"Additional Authors": "Елена  Петрова, Amy    Wallace, "})
    assert book.title == "The Subtle Knife (His Dark Materials, #2)"
    assert book.authors == ("Stephen King", "Елена Петрова", "Amy Wallace")


def test_goodreads_author_falls_back_to_last_first_and_keeps_a_jr_suffix():
    assert goodreads(Author="", **{"Author l-f": "Le Guin, Ursula K."}).authors == ("Ursula K. Le Guin",)
    assert goodreads(Author="", **{"Author l-f": "Brom, Brom"}).authors == ("Brom",)
    assert goodreads(**{"Additional Authors": "Martin Luther King, Jr., Coretta King"}).authors == (
        "Some One", "Martin Luther King, Jr.", "Coretta King")


@pytest.mark.parametrize(("html", "text"), [
    ("Great.<br/>Really.<br /><br>Yes", "Great.\nReally.\n\nYes"),
    ("<b>bold</b> and <i>italic</i> &amp; &quot;quoted&quot; &#39;x&#39; caf&eacute;",
     'bold and italic & "quoted" \'x\' café'),
    ("See [b:The City & The City|4703581|The City & The City|China Miéville|http://p/1.jpg|4735] again",
     "See The City & The City again"),
    ('Blog: <a href="http://strakul.blogspot.com/x.html">here</a>',
     "Blog: here (http://strakul.blogspot.com/x.html)"),
    ("It ends <spoiler>badly</spoiler>.", "It ends badly."),
    ("I &lt;3 it, 2 < 3 and 5 > 4", "I <3 it, 2 < 3 and 5 > 4"),
    ("   <br/>  ", None),
])
def test_goodreads_review_html_becomes_plain_text(html, text):
    assert goodreads(**{"My Review": html}).review == text


def test_goodreads_text_loses_control_characters_and_escape_sequences():
    book = goodreads(Title="Bad\x1b[31m Title\x07", **{"My Review": "line\x1b]0;pwned\x07 one\x1b[2J&#27;"})
    assert (book.title, book.review) == ("Bad Title", "line one")
    # A NUL beyond the part of the file checked for binary data goes too.
    data = table(STORYGRAPH, *[{"Title": "Filler", "Authors": "A", "Read Status": "read"}] * 200,
                 {"Title": "Du\x00ne", "Authors": "Frank\x00 Herbert", "Read Status": "read"})
    assert len(data) > 4096
    assert parse_storygraph(data, "sg.csv").items[-1][1][:3] == ("Dune", "book", ("Frank Herbert",))


# ------------------------------------------------------------------------------------------ StoryGraph

STORYGRAPH_NEVERWHERE = (STORYGRAPH + "\r\n" + (
    'Neverwhere,"Neil Gaiman, Lenny  Henry",Lenny Henry (Narrator),0060557818,audio,read,2014/06/04,'
    '2023/06/07,'
    '2023/05/23-2023/06/07,1,"dark, funny",medium,Plot,Yes,Yes,No,Yes,3.75,"Loved the\r\nUnderground.",'
    '"","","London, Favourites",No')).encode()


def test_a_storygraph_row_becomes_the_book_the_user_sees():
    parsed = parse_storygraph(STORYGRAPH_NEVERWHERE, "storygraph.csv")
    assert parsed.skipped == ()
    assert parsed.items == ((2, NewReading(
        title="Neverwhere", kind="book", authors=("Neil Gaiman", "Lenny Henry"), isbn="9780060557812",
        pages=None, status="finished", added=date(2014, 6, 4), started=date(2023, 5, 23),
        finished=date(2023, 6, 7), rating=3.75, review="Loved the\nUnderground.",
        tags=("london", "favourites"), source="storygraph", source_id="0060557818")),)


@pytest.mark.parametrize(("value", "status", "tags"), [
    ("read", "finished", ()), ("to-read", "to-read", ()), ("currently-reading", "reading", ()),
    ("did-not-finish", "abandoned", ()), ("paused", "reading", ("paused",)), ("", "to-read", ()),
    ("wishlist", "to-read", ("wishlist",)), ("Did Not Finish", "abandoned", ()),
    ("On Hold", "to-read", ("on-hold",)),
])
def test_storygraph_read_status(value, status, tags):
    book = storygraph(**{"Read Status": value})
    assert (book.status, book.tags) == (status, tags)


@pytest.mark.parametrize(("status", "dates_read", "last", "started", "finished"), [
    ("read", "2023/05/23-2023/06/07", "2023/06/07", date(2023, 5, 23), date(2023, 6, 7)),
    ("read", "2025/04/14-2025/04/04", "2025/04/04", date(2025, 4, 4), date(2025, 4, 14)),   # reversed
    ("read", "2021/07/13", "2021/07/13", None, date(2021, 7, 13)),
    ("read", "", "2022/03/01", None, date(2022, 3, 1)),                                       # fallback
    ("read", "", "", None, None),
    ("read", "2019/01/01-2019/01/09, 2024/02/01-2024/02/10", "2024/02/10",
     date(2024, 2, 1), date(2024, 2, 10)),
    ("read", "2024/02/01-2024/02/10,2019/01/01-2019/01/09", "", date(2024, 2, 1), date(2024, 2, 10)),
    ("currently-reading", "2025/07/12", "", date(2025, 7, 12), None),
    ("currently-reading", "2025/07/12-", "", date(2025, 7, 12), None),
    ("did-not-finish", "2021/07/01-2021/07/11", "2021/07/11", date(2021, 7, 1), date(2021, 7, 11)),
    ("did-not-finish", "", "2021/07/11", None, date(2021, 7, 11)),
    ("to-read", "2019/01/01-2019/01/09", "2019/01/09", None, None),
    ("read", "soon-ish", "2022/13/45", None, None),
])
def test_storygraph_dates_read(status, dates_read, last, started, finished):
    book = storygraph(**{"Read Status": status, "Dates Read": dates_read, "Last Date Read": last,
                         "Date Added": "2018/10/12"})
    assert (book.added, book.started, book.finished) == (date(2018, 10, 12), started, finished)


@pytest.mark.parametrize(("value", "expected"), [
    ("", None), ("4", 4.0), ("4.0", 4.0), ("3.75", 3.75), ("4.25", 4.25), ("0.5", 0.5), ("7", None),
    ("x", None),
])
def test_storygraph_star_rating_keeps_quarter_steps(value, expected):
    assert storygraph(**{"Star Rating": value}).rating == expected


@pytest.mark.parametrize(("uid", "isbn", "source_id"), [
    ("9780802148049", "9780802148049", "9780802148049"),
    ("8447333558", "9788447333554", "8447333558"),
    ("B0084FWN26", None, "B0084FWN26"),
    ("38549081", None, "38549081"),
    ("", None, "the hope of elantris|brandon sanderson, someone else"),
])
def test_storygraph_isbn_only_when_the_uid_is_an_isbn(uid, isbn, source_id):
    book = storygraph(**{"ISBN/UID": uid, "Title": "The Hope  of Elantris",
                         "Authors": "Brandon Sanderson, Someone Else"})
    assert (book.isbn, book.source_id) == (isbn, source_id)


def test_storygraph_ids_without_uid_are_the_same_on_every_import():
    data = table(STORYGRAPH, {"Title": "En llamas", "Authors": "Suzanne Collins"},
                 {"Title": "Se anuncia un asesinato", "Authors": "Agatha  Christie"})
    first = [book.source_id for _, book in parse_storygraph(data, "a.csv").items]
    again = [book.source_id for _, book in parse_storygraph(data, "a.csv").items]
    assert first == again == ["en llamas|suzanne collins", "se anuncia un asesinato|agatha christie"]


def test_storygraph_authors_tags_and_moods():
    book = storygraph(Authors="Stephen King, Richard Bachman",
                      Tags="Abandonados, horror,  abandonados, Cosmic Horror",
                      Moods="dark, tense", Contributors="Ana María de la Fuente (Translator)")
    assert (book.authors, book.tags) == (("Stephen King", "Richard Bachman"),
                                          ("abandonados", "horror", "cosmic-horror"))


def test_storygraph_review_html_and_plain_text():
    assert storygraph(Review="<p>Great <strong>book</strong></p><p>Really &amp; truly</p>").review == (
        "Great book\n\nReally & truly")
    assert storygraph(Review="R&D <3 ok").review == "R&D <3 ok"


def test_storygraph_crlf_without_final_newline_and_quoted_empty_values():
    data = (STORYGRAPH + "\r\n"
            + 'La milla verde,Stephen King,"",9789708101363,paperback,to-read,2021/05/03,"","",0,"",'
            + ',,,,,,,,"",,"",No\r\n'
            + 'Elevation,Stephen King,"",9781982102319,hardcover,read,2021/05/03,2021/07/13,2021/07/13,1,'
            + '"",,,,,,,'
            + '3.0,,"",,"",No').encode()
    parsed = parse_storygraph(data, "storygraph.csv")
    assert parsed.skipped == ()
    assert [(line, book.title, book.status, book.finished, book.rating, book.review, book.tags)
            for line, book in parsed.items] == [
        (2, "La milla verde", "to-read", None, None, None, ()),
        (3, "Elevation", "finished", date(2021, 7, 13), 3.0, None, ())]


# ------------------------------------------------------------------------------------ shared: refusals

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.mark.parametrize("parse", [parse_goodreads, parse_storygraph])
@pytest.mark.parametrize(("data", "message"), [
    (PNG, "books.csv is a PNG image, not a CSV export"),
    (b"", "books.csv is empty"),
    (b" \n\r\n ", "books.csv is empty"),
    (b"Title,Author\nCaf\xe9,Me\n", r"books.csv is not UTF-8 text \(byte 0xe9 at offset 16\)"),
])
def test_files_that_are_not_text_are_refused(parse, data, message):
    with pytest.raises(FileRejected, match=message):
        parse(data, "books.csv")


def test_a_storygraph_file_is_not_a_goodreads_export():
    with pytest.raises(FileRejected) as refused:
        parse_goodreads(STORYGRAPH_NEVERWHERE, "books.csv")
    assert str(refused.value) == ("books.csv does not look like a Goodreads export: it has no Author or "
                                  "Exclusive Shelf column (it looks like a StoryGraph export)")


def test_a_goodreads_file_is_not_a_storygraph_export():
    with pytest.raises(FileRejected) as refused:
        parse_storygraph(GOODREADS_DUNE, "books.csv")
    assert str(refused.value) == ("books.csv does not look like a StoryGraph export: it has no Authors or "
                                  "Read Status column (it looks like a Goodreads export)")


NOT_GOODREADS = "books.csv does not look like a Goodreads export: it has no "


@pytest.mark.parametrize(("data", "message"), [
    (b"Activity ID,Activity Date,Activity Name\n1,2020,Run\n",
     NOT_GOODREADS + "Title, Author or Exclusive Shelf column"),
    (b"11,Dune,Frank Herbert,read\n", NOT_GOODREADS + "Title, Author or Exclusive Shelf column"),  # no header
    (b",,,\n,,\n", NOT_GOODREADS + "Title, Author or Exclusive Shelf column"),
    (b"Title,Author\nDune,Frank Herbert\n", NOT_GOODREADS + "Exclusive Shelf column"),
])
def test_other_csv_files_are_refused_naming_the_missing_columns(data, message):
    with pytest.raises(FileRejected) as refused:
        parse_goodreads(data, "books.csv")
    assert str(refused.value) == message


def test_an_unclosed_quote_that_swallows_the_file_is_refused_with_its_line():
    data = table(GOODREADS_24, {"Title": "Fine", "Author": "A", "Exclusive Shelf": "read"}) + (
        b'2,"Broken,A,,,,,,,,,,,,,,,,read,' + b"x" * 1_100_000 + b"\n")
    with pytest.raises(FileRejected, match=r"books.csv is not a well-formed CSV file: a field is longer than "
                                           r"1048576 characters, probably a quote that is never closed "
                                           r"\(in the record that starts on line 3\)"):
        parse_goodreads(data, "books.csv")
    assert csv.field_size_limit() == 131072  # (the process's limit is given back)


def test_a_review_longer_than_the_csv_module_s_default_limit_is_read():
    """Hostile tester: a review of more than 131,072 characters was refused as "probably a quote that is
    never closed"."""
    review = "A long review. " * 10_000  # 150,000 characters
    data = table(GOODREADS_24, {"Title": "Long", "Author": "A", "Exclusive Shelf": "read", "My Review": review})
    parsed = parse_goodreads(data, "books.csv")
    assert [item.review for _, item in parsed.items] == [review.strip()] and not parsed.skipped


# --------------------------------------------------------------------------------- shared: skipped rows

def test_a_row_without_title_is_skipped_with_its_physical_line():
    data = table(GOODREADS_24,
                 {"Title": "First", "Author": "A", "Exclusive Shelf": "read",
                  "My Review": "two<br/>\nlines\nhere"},
                 {"Title": "  ", "Author": "B", "Exclusive Shelf": "read"},
                 {"Title": "Third", "Author": "C", "Exclusive Shelf": "to-read"})
    parsed = parse_goodreads(data, "books.csv")
    assert [(line, book.title) for line, book in parsed.items] == [(2, "First"), (6, "Third")]
    assert parsed.skipped == (Skipped("books.csv", 5, "the row has no title"),)


def test_rows_with_the_wrong_number_of_fields_are_skipped_not_fatal():
    data = (STORYGRAPH + "\n"
            + "Short row,Someone,to-read\n"
            + "\n"
            + "Dune,Frank Herbert,,9780441013593,,read" + "," * 17 + "\n"
            + "Too long,Someone" + "," * 30 + "\n").encode()
    parsed = parse_storygraph(data, "sg.csv")
    assert [(line, book.title, book.isbn) for line, book in parsed.items] == [(4, "Dune", "9780441013593")]
    assert parsed.skipped == (Skipped("sg.csv", 2, "the row has 3 fields where the header has 23"),
                              Skipped("sg.csv", 5, "the row has 32 fields where the header has 23"))


# ----------------------------------------------------------------------------------- shared: robustness

@pytest.mark.parametrize("parse", [parse_goodreads, parse_storygraph])
@given(data=st.binary(max_size=600))
@settings(max_examples=150, deadline=None)
def test_any_bytes_parse_or_are_refused(parse, data):
    try:
        parsed = parse(data, "x.csv")
    except FileRejected as exc:
        assert str(exc).startswith("x.csv ")
        return
    assert all(isinstance(book, NewReading) for _, book in parsed.items)


ROW_CHARACTERS = list(',"\r\n =/-0123456789.abX<>[]|&;#bré\x1b\x07')


@pytest.mark.parametrize(("parse", "header"),
                         [(parse_goodreads, GOODREADS_23), (parse_storygraph, STORYGRAPH)],
                         ids=["goodreads", "storygraph"])
@given(body=st.text(alphabet=st.sampled_from(ROW_CHARACTERS), max_size=400))
@settings(max_examples=150, deadline=None)
def test_any_rows_under_a_real_header_import_or_are_skipped(parse, header, body):
    parsed = parse((header + "\n" + body).encode(), "x.csv")
    for line, book in parsed.items:
        assert line >= 2 and book.title and book.status in READING_STATUSES
        assert book.isbn is None or (len(book.isbn) == 13 and isbn13(book.isbn) == book.isbn)
        assert book.rating is None or 0 < book.rating <= 5
        assert book.started is None or book.finished is None or book.started <= book.finished
    assert all(skip.line >= 2 and skip.reason for skip in parsed.skipped)


def test_big_exports_and_hostile_reviews_import_in_linear_time():
    row = {"Book Id": "1", "Title": "A Book", "Author": "Some One", "ISBN13": '="9780441013593"',
           "Exclusive Shelf": "read", "Date Read": "2020/01/02",
           "My Review": "Good<br/>" * 20 + "[b:X|1|X|Y|z.jpg|2] <a href=\"http://x\">x</a> &amp;"}
    hostile = ["[b:" * 40_000, "<a href='" * 12_000, "<b " * 40_000, "&" * 100_000, "<br/>" * 25_000]
    small = table(GOODREADS_24, *[row] * 2_000)
    big = table(GOODREADS_24, *[row] * 20_000, *[{**row, "My Review": text} for text in hostile])
    assert len(big) > 4_000_000

    started = time.perf_counter()
    assert len(parse_goodreads(small, "small.csv").items) == 2_000
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    parsed = parse_goodreads(big, "big.csv")
    big_time = time.perf_counter() - started
    assert len(parsed.items) == 20_005 and parsed.skipped == ()
    assert big_time < max(30.0, 100 * small_time)  # a guard against quadratic work (10x the rows), not a speed goal


# ------------------------------------------------------------------------------------- the real files

def _fixtures(folder: str) -> list[Path]:
    if not FIXTURES.is_dir():
        pytest.skip(f"the shared fixtures are not at {FIXTURES}")
    return sorted((FIXTURES / folder).glob("*.csv"))


def _data_rows(path: Path) -> int:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    return sum(1 for row in rows[1:] if any(value.strip() for value in row))


class Books:
    """The books of one real file, found by title (which must be unique) or by source id."""

    def __init__(self, parse, folder: str, name: str) -> None:
        if not FIXTURES.is_dir():
            pytest.skip(f"the shared fixtures are not at {FIXTURES}")
        path = FIXTURES / folder / name
        self.items = [book for _, book in parse(path.read_bytes(), path.name).items]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, title: str) -> NewReading:
        [book] = [book for book in self.items if book.title == title]
        return book

    def by_id(self, source_id: str) -> NewReading:
        [book] = [book for book in self.items if book.source_id == source_id]
        return book


@pytest.mark.parametrize(("folder", "parse"),
                         [("goodreads", parse_goodreads), ("storygraph", parse_storygraph)])
def test_every_real_export_imports_every_row(folder, parse):
    paths = _fixtures(folder)
    assert paths
    for path in paths:
        parsed = parse(path.read_bytes(), path.name)
        assert len(parsed.items) == _data_rows(path) - len(parsed.skipped), path.name
        assert parsed.skipped == (), path.name
        lines = [line for line, _ in parsed.items]
        assert lines == sorted(lines) and lines[0] == 2
        source_ids = [book.source_id for _, book in parsed.items]
        assert len(set(source_ids)) == len(source_ids), path.name
        for _, book in parsed.items:
            assert book.title and book.authors and book.status in READING_STATUSES and book.source == folder
            assert book.isbn is None or isbn13(book.isbn) == book.isbn
            assert book.review is None or "<br" not in book.review and "[b:" not in book.review
            assert all(tag == tag.lower() and tag not in ("to-read", "read", "currently-reading")
                       for tag in book.tags)


def test_real_goodreads_old_export_with_reviews_and_a_custom_shelf():
    books = Books(parse_goodreads, "goodreads",
                  "dr-rodriguez-Exploring-Goodreads__goodreads_library_export.csv")
    rhythm = books["Rhythm of War (The Stormlight Archive, #4)"]
    assert rhythm._replace(review=None) == NewReading(
        title="Rhythm of War (The Stormlight Archive, #4)", authors=("Brandon Sanderson",),
        isbn="9780765326386", pages=1232, status="finished", added=date(2020, 11, 20),
        finished=date(2020, 12, 23), rating=5.0, source="goodreads", source_id="49021976")
    assert rhythm.review.startswith("This was a great addition to The Stormlight Archive!")
    assert rhythm.review.endswith(
        "in this one!\n\nCheck out a more in-depth review at my blog: "
        "https://strakul.blogspot.com/2020/12/book-review-rhythm-of-war-by-brandon.html")
    deadhouse = books["Deadhouse Gates (Malazan Book of the Fallen, #2)"].review
    assert "as they are in George R.R. Martin's A Song of Ice and Fire." in deadhouse
    assert deadhouse.endswith("see my blog: here (http://strakul.blogspot.com/2012/01/"
                              "book-review-deadhouse-gates-by-steven.html)")
    assert not any(marker in deadhouse for marker in ("<", "[a:", "&"))
    falling = books["The Sound of Things Falling"]
    assert (falling.status, falling.rating, falling.tags) == ("abandoned", 1.0, ())
    assert sum(book.status == "abandoned" for book in books.items) == 4
    diamonds = books["Diamonds in the Sky"]   # the shifted row: ISBN columns hold names
    assert (diamonds.isbn, diamonds.authors[:2], len(diamonds.authors)) == (
        None, ("Mike Brotherton", "Jerry Oltion"), 15)
    # Two editions whose titles differ only by a double space: both kept, each with its own id.
    assert (books.by_id("18119").title == books.by_id("41637836").title
            == "The Subtle Knife (His Dark Materials, #2)")
    assert (books.by_id("18119").isbn, books.by_id("41637836").isbn) == ("9780440238140", None)
    warbreaker = books["Warbreaker (Warbreaker, #1)"]
    assert (warbreaker.status, warbreaker.isbn, warbreaker.rating, warbreaker.finished) == (
        "reading", None, 4.0, None)


def test_real_goodreads_newest_export_in_cyrillic():
    books = Books(parse_goodreads, "goodreads",
                  "advokatb-goodreads-reading-stats__goodreads_library_export.csv")
    assert len(books) == 98
    king = books["11/22/63"]
    assert (king.authors, king.isbn, king.finished, king.rating, king.pages) == (
        ("Stephen King",), "9781451627282", date(2025, 9, 5), 5.0, 849)
    stone = books["Рассечение Стоуна"]
    assert stone.authors == ("Abraham Verghese", "Абрахам Вергезе", "Сергей Соколов")
    assert (stone.isbn, stone.status) == ("9785864717318", "finished")
    solitude = books["Сто лет одиночества"]   # custom exclusive shelf stopped-reading
    assert (solitude.status, solitude.tags, solitude.rating) == ("abandoned", (), None)
    airport = books["Аэропорт"]
    assert (airport.status, airport.isbn, airport.added, airport.authors) == (
        "reading", "9785170245666", date(2026, 6, 5), ("Arthur Hailey", "Артур Хейли"))


def test_real_goodreads_export_with_several_shelves_per_book():
    books = Books(parse_goodreads, "goodreads", "bsanser-mapmyreads__goodreads_library_export.csv")
    peru = sorted(book.title for book in books.items if "peru" in book.tags)
    assert peru == ["Conversación en la catedral", "Historia mínima de Perú (Spanish Edition)",
                    "Los ríos profundos"]
    assert books["Los ríos profundos"].status == "to-read" and books["Los ríos profundos"].tags == ("peru",)
    [creativity] = [book for book in books.items if book.title.startswith("Creativity, Inc.: Overcoming")]
    assert (creativity.authors, creativity.isbn) == (("Ed Catmull", "Amy Wallace"), "9780812993011")
    assert books["Misery"].authors == ("Stephen King",)


def test_real_storygraph_export_with_crlf_asins_and_a_reversed_range():
    books = Books(parse_storygraph, "storygraph", "bsanser-mapmyreads__storygraph_export.csv")
    assert len(books) == 193
    dream = books["Dream Count"]   # Dates Read 2025/04/14-2025/04/04
    assert (dream.started, dream.finished) == (date(2025, 4, 4), date(2025, 4, 14))
    kaigen = books["The Sword of Kaigen"]
    assert (kaigen.isbn, kaigen.source_id, kaigen.rating, kaigen.started, kaigen.finished) == (
        None, "B07MNWKF2M", 5.0, date(2025, 5, 18), date(2025, 5, 26))
    secret = books["The Secret History"]
    assert (secret.status, secret.finished, secret.tags) == (
        "abandoned", date(2021, 7, 11), ("almost-finished",))
    assert books["The Handmaid's Tale"].isbn is None   # a truncated number, not an ISBN
    assert books["Indira"].isbn == "9788418897825"     # an ISBN-10 in ISBN/UID
    assert books["Neverwhere"] == NewReading(
        title="Neverwhere", authors=("Neil Gaiman",), isbn="9780060557812", status="finished",
        added=date(2014, 6, 4), started=date(2023, 5, 23), finished=date(2023, 6, 7), source="storygraph",
        source_id="9780060557812")
    assert books["The Undoing Project"].rating == 4.25
    assert books["The Argonauts"].rating == 4.5


def test_real_storygraph_export_in_spanish_with_an_abandoned_tag():
    books = Books(parse_storygraph, "storygraph", "IvanAlba97-LectorFlow__storygraph.csv")
    assert len(books) == 124
    carrie = books["Carrie"]   # empty Read Status, Date Added and Read Count; tag abandonados; an ASIN
    assert carrie == NewReading(title="Carrie", authors=("Stephen King",), status="to-read",
                                tags=("abandonados",), source="storygraph", source_id="B0084FWN26")
    march = books["La larga marcha"]
    assert (march.authors, march.rating, march.finished) == (
        ("Stephen King", "Richard Bachman"), 4.0, date(2021, 5, 21))
    assert books["Palabras radiantes"].started == date(2025, 2, 6)
    darkness = books.by_id("9788401032769")   # currently-reading, no Dates Read: no start day is made up
    assert (darkness.title, darkness.status, darkness.added, darkness.started, darkness.finished) == (
        "Si te gusta la oscuridad", "reading", date(2025, 7, 12), None, None)
    assert books["El marciano"].source_id == "el marciano|javier guerrero, andy weir"


def test_the_same_book_gets_the_same_isbn_from_goodreads_and_storygraph():
    from_goodreads = Books(parse_goodreads, "goodreads", "bsanser-mapmyreads__goodreads_library_export.csv")
    from_storygraph = Books(parse_storygraph, "storygraph", "bsanser-mapmyreads__storygraph_export.csv")
    # Goodreads: ISBN ="0393354776", ISBN13 ="9780393354775"; StoryGraph: ISBN/UID 9780393354775.
    assert (from_goodreads["The Undoing Project: A Friendship That Changed Our Minds"].isbn
            == from_storygraph["The Undoing Project"].isbn == "9780393354775")
    # Goodreads ISBN-10 ends in X; StoryGraph carries the ISBN-13.
    assert (from_goodreads["Wanderers: A History of Women Walking"].isbn
            == from_storygraph["Wanderers: A History of Women Walking"].isbn == "9781789143423")
    shared = {book.isbn for book in from_goodreads.items} & {book.isbn for book in from_storygraph.items}
    assert len(shared - {None}) >= 100

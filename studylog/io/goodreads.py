"""Goodreads library export (``goodreads_library_export.csv``) -> reading items.

Columns are found by name: the export has had 31, 24 and 23 columns over the years. Only Title, Author
and Exclusive Shelf are required; every other column may be missing.
"""

from __future__ import annotations

from studylog.domain.values import NewReading
from studylog.io.common import Parsed
from studylog.io.csvfile import (
    Fields,
    clean_line,
    clean_tag,
    html_to_text,
    isbn13,
    means_abandoned,
    parse_count,
    parse_csv,
    parse_date,
    parse_rating,
    reading_key,
    split_names,
    split_tags,
    unique,
)

SOURCE = "goodreads"
REQUIRED = ("Title", "Author", "Exclusive Shelf")
OPTIONAL = ("Book Id", "Author l-f", "Additional Authors", "ISBN", "ISBN13", "My Rating", "Number of Pages",
            "Date Read", "Date Added", "Bookshelves", "My Review")

# The three shelves every Goodreads account has, and what they mean here.
STANDARD_SHELVES = {"read": "finished", "to-read": "to-read", "currently-reading": "reading"}


def parse_goodreads(data: bytes, name: str) -> Parsed[NewReading]:
    """The books in a Goodreads export; rows without a title are skipped."""
    return parse_csv(data, name, what="a Goodreads export", required=REQUIRED, optional=OPTIONAL,
                     convert=_reading)


def _status(shelf: str) -> tuple[str, bool]:
    """The status an exclusive shelf means, and whether the shelf name is kept as a tag."""
    if shelf in STANDARD_SHELVES:
        return STANDARD_SHELVES[shelf], False
    if not shelf:
        return "to-read", False
    if means_abandoned(shelf):
        return "abandoned", False
    return "to-read", True


def _authors(fields: Fields) -> tuple[str, ...]:
    main = split_names(fields["Author"])
    if not main:  # only 'Last, First' is there: turn it round
        last, _, first = (part.strip() for part in fields["Author l-f"].partition(","))
        main = split_names(last if first in ("", last) else f"{first} {last}")  # 'Brom, Brom' is Brom
    return unique((*main, *split_names(fields["Additional Authors"])))


def _reading(fields: Fields) -> NewReading | str:
    title = clean_line(fields["Title"])
    if not title:
        return "the row has no title"
    authors = _authors(fields)
    shelf = clean_tag(fields["Exclusive Shelf"])
    status, keep_shelf = _status(shelf)
    tags = [tag for tag in split_tags(fields["Bookshelves"])
            if tag not in STANDARD_SHELVES and (keep_shelf or tag != shelf)]
    if keep_shelf:
        tags.append(shelf)
    finished = parse_date(fields["Date Read"]) if status in ("finished", "abandoned") else None
    return NewReading(
        title=title,
        kind="book",
        authors=authors,
        isbn=isbn13(fields["ISBN13"]) or isbn13(fields["ISBN"]),
        pages=parse_count(fields["Number of Pages"]),
        status=status,
        added=parse_date(fields["Date Added"]),
        started=None,
        finished=finished,
        rating=parse_rating(fields["My Rating"]),
        review=html_to_text(fields["My Review"]),
        tags=unique(tags),
        source=SOURCE,
        source_id=clean_line(fields["Book Id"]) or reading_key(title, authors),
    )

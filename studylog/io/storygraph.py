"""StoryGraph export CSV -> reading items.

Columns are found by name; only Title, Authors and Read Status are required. ``Dates Read`` holds a date or
a ``start-end`` range (sometimes reversed), several of them separated by commas for re-reads.
"""

from __future__ import annotations

import re
from datetime import date

from studylog.domain.values import NewReading
from studylog.io.common import Parsed
from studylog.io.csvfile import (
    Fields,
    clean_line,
    clean_tag,
    html_to_text,
    isbn13,
    looks_like_html,
    means_abandoned,
    parse_csv,
    parse_date,
    parse_rating,
    reading_key,
    split_names,
    split_tags,
    unique,
)
from studylog.text import clean

SOURCE = "storygraph"
REQUIRED = ("Title", "Authors", "Read Status")
OPTIONAL = ("ISBN/UID", "Date Added", "Last Date Read", "Dates Read", "Star Rating", "Review", "Tags")

STATUSES = {"read": "finished", "to-read": "to-read", "currently-reading": "reading",
            "did-not-finish": "abandoned", "paused": "reading", "": "to-read"}

_DAY = r"[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}"
_READ = re.compile(rf"\s*(?:(?P<day>{_DAY})|(?P<start>{_DAY})?\s*-\s*(?P<end>{_DAY})?)\s*")


def parse_storygraph(data: bytes, name: str) -> Parsed[NewReading]:
    """The books in a StoryGraph export; rows without a title are skipped."""
    return parse_csv(data, name, what="a StoryGraph export", required=REQUIRED, optional=OPTIONAL,
                     convert=_reading)


def last_read(value: str) -> tuple[date | None, date | None, bool]:
    """(start, end, single) of the latest reading in ``Dates Read``; a reversed range is put right and
    a single date comes back as (None, day, True). Unreadable parts are ignored."""
    best: tuple[date | None, date | None, bool] = (None, None, False)
    best_day: date | None = None
    for piece in value.split(","):
        match = _READ.fullmatch(piece)
        if not match or not piece.strip():
            continue
        if match["day"]:
            start, end, single = None, parse_date(match["day"]), True
        else:
            start, end, single = parse_date(match["start"] or ""), parse_date(match["end"] or ""), False
            if start and end and start > end:
                start, end = end, start
        day = end or start
        if day and (best_day is None or day >= best_day):
            best, best_day = (start, end, single), day
    return best


def _status(value: str) -> tuple[str, tuple[str, ...]]:
    """The status a Read Status means, and tags it adds ('paused'; an unknown status is kept as a tag)."""
    if value in STATUSES:
        return STATUSES[value], ("paused",) if value == "paused" else ()
    if means_abandoned(value):
        return "abandoned", ()
    return "to-read", (value,)


def _dates(status: str, fields: Fields) -> tuple[date | None, date | None]:
    """(started, finished) as far as the status allows: to-read has neither, reading only a start."""
    start, end, single = last_read(fields["Dates Read"])
    if status == "reading":
        return (end if single else start), None
    if status == "to-read":
        return None, None
    end = end or parse_date(fields["Last Date Read"])
    if start and end and start > end:
        start, end = end, start
    return start, end


def _reading(fields: Fields) -> NewReading | str:
    title = clean_line(fields["Title"])
    if not title:
        return "the row has no title"
    authors = split_names(fields["Authors"])
    status, extra_tags = _status(clean_tag(fields["Read Status"]))
    started, finished = _dates(status, fields)
    uid = clean_line(fields["ISBN/UID"])
    review = fields["Review"]
    return NewReading(
        title=title,
        kind="book",
        authors=authors,
        isbn=isbn13(uid) if uid else None,
        pages=None,
        status=status,
        added=parse_date(fields["Date Added"]),
        started=started,
        finished=finished,
        rating=parse_rating(fields["Star Rating"]),
        review=html_to_text(review) if looks_like_html(review) else clean(review),
        tags=unique((*split_tags(fields["Tags"]), *extra_tags)),
        source=SOURCE,
        source_id=uid or reading_key(title, authors),
    )

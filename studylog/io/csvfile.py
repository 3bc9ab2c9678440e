"""What the Goodreads and StoryGraph importers share: reading a CSV export by column name, and turning its
values (dates, ISBNs, name and tag lists, Goodreads-style HTML) into plain values.

Pure and linear in the size of the file: the csv module does the reading, every pattern below is bounded
by the next delimiter so that no input makes it backtrack over the rest of a field.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from studylog.domain.values import NewReading, Skipped
from studylog.io.common import FileRejected, Parsed, decode_text
from studylog.text import clean, tag

# The columns that identify each export, to say what a refused file looks like instead.
KNOWN_EXPORTS = {
    "a Goodreads export": ("Title", "Author", "Exclusive Shelf"),
    "a StoryGraph export": ("Title", "Authors", "Read Status"),
}


def column_key(column: str) -> str:
    """A header cell as it is compared: surrounding spaces dropped, inner spaces collapsed, lower case."""
    return " ".join(column.split()).lower()


class Fields:
    """One CSV record, read by column name: a column the file does not have reads as ``""``."""

    __slots__ = ("_positions", "_values")

    def __init__(self, positions: dict[str, int | None], values: list[str]) -> None:
        self._positions = positions
        self._values = values

    def __getitem__(self, column: str) -> str:
        position = self._positions[column]  # KeyError: the importer did not declare the column
        return "" if position is None else self._values[position]


Convert = Callable[[Fields], "NewReading | str"]


def _names(columns: Sequence[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return columns[0] if len(columns) == 1 else f"{', '.join(columns[:-1])} or {columns[-1]}"


def _blank(row: list[str]) -> bool:
    return not "".join(row).strip()  # (no value holds anything but blanks)


def parse_csv(data: bytes, name: str, *, what: str, required: Sequence[str], optional: Sequence[str],
              convert: Convert) -> Parsed[NewReading]:
    """Read an export: the header is the first non-blank record, columns are found by name, each record
    goes through ``convert`` (which returns the value, or why the record is skipped).

    Line numbers are the physical line where a record starts (a quoted field may span several lines).
    """
    text = decode_text(data, name, "a CSV export")
    items: list[tuple[int | None, NewReading]] = []
    skipped: list[Skipped] = []
    header: list[str] | None = None
    positions: dict[str, int | None] = {}
    with long_fields():
        for start, row in records(text, name):
            if header is None:
                header = row
                positions = _positions(header, name, what, required, optional)
                continue
            if len(row) != len(header):
                skipped.append(Skipped(name, start, f"the row has {len(row)} fields where the header has "
                                                    f"{len(header)}"))
                continue
            result = convert(Fields(positions, row))
            if isinstance(result, str):
                skipped.append(Skipped(name, start, result))
            else:
                items.append((start, result))
    if header is None:
        _positions([], name, what, required, optional)
    return Parsed(tuple(items), tuple(skipped))


# The longest field read (the csv module's default is 131,072 characters: a long review, such as some
# Goodreads members write, was refused as "probably a quote that is never closed").
FIELD_LIMIT = 1024 * 1024  # (a review of some 170,000 words)


@contextlib.contextmanager
def long_fields() -> Iterator[None]:
    """Fields up to FIELD_LIMIT while the block runs (the csv module's limit is the process's: given back)."""
    limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text that hold anything but blanks, each with the physical line it starts on;
    a text that is not well-formed CSV is refused (FileRejected naming the record's line)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not _blank(row):
                yield start, row
    except csv.Error as exc:
        problem = str(exc)
        if "field limit" in problem:
            problem = (f"a field is longer than {csv.field_size_limit()} characters, probably a quote that "
                       f"is never closed")
        raise FileRejected(f"{name} is not a well-formed CSV file: {problem} (in the record that starts on "
                           f"line {line})") from None


def _positions(header: list[str], name: str, what: str, required: Sequence[str],
               optional: Sequence[str]) -> dict[str, int | None]:
    found: dict[str, int] = {}
    for position, column in enumerate(header):
        found.setdefault(column_key(column), position)
    missing = [column for column in required if column_key(column) not in found]
    if missing:
        looks = next((other for other, columns in KNOWN_EXPORTS.items()
                      if other != what and all(column_key(c) in found for c in columns)), None)
        hint = f" (it looks like {looks})" if looks else ""
        raise FileRejected(f"{name} does not look like {what}: it has no {_names(missing)} column{hint}")
    return {column: found.get(column_key(column)) for column in (*required, *optional)}


# ------------------------------------------------------------------------------------------------ values

def clean_line(value: str) -> str | None:
    """A cleaned single-line value: control characters removed, whitespace runs collapsed."""
    return clean(value, multiline=False)


_DATE = re.compile(r"\s*([0-9]{4})[/-]([0-9]{1,2})[/-]([0-9]{1,2})\s*")


def parse_date(value: str) -> date | None:
    """``YYYY/MM/DD`` (or ``YYYY-MM-DD``); None when empty or not a real date."""
    if not value:
        return None
    if len(value) == 10 and value[4] in "/-" and value[7] in "/-":  # (the usual form, without the pattern)
        digits = value[:4] + value[5:7] + value[8:]
        if digits.isascii() and digits.isdigit():
            try:
                return date(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                return None
    match = _DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


_NUMBER = re.compile(r"\s*([0-9]{1,3}(?:\.[0-9]{1,6})?)\s*")


def parse_rating(value: str) -> float | None:
    """A star rating above 0 and at most 5 (0 means unrated in Goodreads); None otherwise."""
    match = _NUMBER.fullmatch(value)
    if not match:
        return None
    rating = float(match[1])
    return rating if 0 < rating <= 5 else None


_COUNT = re.compile(r"\s*([0-9]{1,6})\s*")


def parse_count(value: str) -> int | None:
    """A positive whole number such as a page count; None when empty, zero or not a number."""
    match = _COUNT.fullmatch(value)
    if not match:
        return None
    return int(match[1]) or None


# ------------------------------------------------------------------------------------------------- ISBNs

_ISBN_JUNK = str.maketrans("", "", "=\"' -\t")


def _isbn10_valid(digits: str) -> bool:
    if not (len(digits) == 10 and digits[:9].isascii() and digits[:9].isdigit()
            and (digits[9] in "0123456789X")):
        return False
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_check(first12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def isbn13(value: str) -> str | None:
    """The 13-digit ISBN in ``value`` (``="0441013597"``, ``978-0-441-01359-7``, ``044101359X``...):
    an ISBN-13 (978/979) with a valid check digit, or a valid ISBN-10 converted with the 978 prefix.
    Anything else (an ASIN, a truncated number, garbage) is None."""
    digits = value.translate(_ISBN_JUNK).upper()
    if len(digits) == 13 and digits.isascii() and digits.isdigit():
        if digits.startswith(("978", "979")) and _isbn13_check(digits[:12]) == digits[12]:
            return digits
        return None
    if _isbn10_valid(digits):
        first12 = "978" + digits[:9]
        return first12 + _isbn13_check(first12)
    return None


# ------------------------------------------------------------------------------------------------ lists

_SUFFIX = re.compile(r"(?:jr|sr|ii|iii|iv|phd|md)\.?", re.IGNORECASE)


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """In order, without repeats (compared case-insensitively)."""
    seen: set[str] = set()
    kept = []
    for value in values:
        key = value.lower()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)


def split_names(value: str) -> tuple[str, ...]:
    """'Stephen  King, Richard Bachman' -> ('Stephen King', 'Richard Bachman'); a lone 'Jr.' stays with
    the name before it."""
    names: list[str] = []
    if not value or value.isspace():
        return ()
    for piece in value.split(","):
        cleaned = clean_line(piece)
        if not cleaned:
            continue
        if names and _SUFFIX.fullmatch(cleaned):
            names[-1] = f"{names[-1]}, {cleaned}"
        else:
            names.append(cleaned)
    return unique(names)


def clean_tag(value: str) -> str:
    """A tag as studylog stores them (``studylog.text.tag``): 'Big Ideas' -> 'big-ideas'."""
    return tag(clean_line(value) or "")


def split_tags(value: str) -> tuple[str, ...]:
    """'to-read, Peru, Big Ideas' -> ('to-read', 'peru', 'big-ideas')."""
    if not value or value.isspace():
        return ()
    return unique(name for name in (clean_tag(piece) for piece in value.split(",")) if name)


_ABANDONED = ("abandon", "dnf", "dropped", "stopped", "didnotfinish", "didntfinish", "notfinished",
              "unfinished", "gaveup", "givenup")


def means_abandoned(shelf: str) -> bool:
    """Whether a shelf or status name says the book was left unfinished ('dropped', 'stopped-reading',
    'did-not-finish', 'DNF', 'abandonados'...)."""
    letters = re.sub(r"[^a-z]", "", shelf.lower())
    return any(word in letters for word in _ABANDONED)


def reading_key(title: str, authors: Iterable[str]) -> str:
    """A stable id for a book that has none in its file: title and authors, lower case, spaces collapsed."""
    def norm(value: str) -> str:
        return " ".join(value.lower().split())
    return f"{norm(title)}|{', '.join(norm(a) for a in authors)}"


# ------------------------------------------------------------------------------------------------- HTML

# Goodreads links: [b:Title|id|Full title|Author|cover|id] and [a:Name|id|Name|photo].
_GOODREADS_LINK = re.compile(r"\[(?:b|a|book|author):([^|\[\]]*)\|[^\[\]]*\]")
# (<br>, <p> and <div>, '<' and '>' taken out of the three: the same matches, found twice as fast)
_BREAK = re.compile(r"<(?:br\s*/?|/?p(?:\s[^<>]*)?|/?div(?:\s[^<>]*)?)>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\s[^<>]*?href\s*=\s*[\"']([^\"'<>]*)[\"'][^<>]*>([^<]*)</a\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")  # (what html_to_text does line by line: the tests compare them)
_BLANK_LINES = re.compile(r"\n{3,}")


def _anchor(match: re.Match[str]) -> str:
    url, label = match[1].strip(), match[2].strip()
    if not label or label == url:
        return url
    return f"{label} ({url})" if url.startswith(("http://", "https://")) else label


def looks_like_html(value: str) -> bool:
    return _TAG.search(value) is not None


def html_to_text(value: str) -> str | None:
    """Goodreads review HTML as plain text: <br/> and paragraphs become newlines, links keep their text
    (and address), book and author links become their title or name, other tags go, entities are decoded."""
    if not value.strip():
        return None
    # (each pattern only where its first character is: most reviews hold no link and few tags)
    if "[" in value:
        value = _GOODREADS_LINK.sub(lambda m: m[1].strip(), value)
    if "<" in value:
        value = _BREAK.sub("\n", value)
        if "<a" in value or "<A" in value:
            value = _ANCHOR.sub(_anchor, value)
        value = _TAG.sub("", value)
    value = html.unescape(value).replace("\xa0", " ")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if " \n" in value or "\t\n" in value:  # spaces and tabs at the end of a line go
        lines = value.split("\n")
        value = "\n".join([*(line.rstrip(" \t") for line in lines[:-1]), lines[-1]])
    if "\n\n\n" in value:
        value = _BLANK_LINES.sub("\n\n", value)
    return clean(value)

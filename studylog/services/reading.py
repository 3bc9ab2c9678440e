"""The reading list: books, papers, articles, newsletters, blogs and talks; and imports into it."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from studylog import text
from studylog.db.sqlite import (
    from_json_list,
    from_sql_date,
    from_sql_ts,
    insert_rows,
    inserted_id,
    to_json_list,
    to_sql_date,
    to_sql_ts,
    transaction,
)
from studylog.domain.errors import Ambiguous, Duplicate, NotFound  # noqa: F401 (callers catch them here too)
from studylog.domain.values import (
    READING_KINDS,
    READING_STATUSES,
    ImportSummary,
    NewReading,
    ReadingItem,
    Skipped,
)
from studylog.limits import MAX_PAGES, Implausible, check_number, day_problem

COLUMNS = (
    "id, kind, title, authors, url, isbn, pages, status, added, started, finished, rating, review, tags, "
    "source, source_id, created_at, updated_at"
)
SQL_INSERT = (
    "INSERT INTO reading_item (kind, title, authors, url, isbn, pages, status, added, started, finished, "
    "rating, review, tags, source, source_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM reading_item WHERE id = ?"
SQL_BY_TITLE = f"SELECT {COLUMNS} FROM reading_item WHERE title = ? COLLATE NOCASE ORDER BY id"
SQL_BY_URL = f"SELECT {COLUMNS} FROM reading_item WHERE url = ? ORDER BY id LIMIT 1"
SQL_TITLE_LIKE = f"SELECT {COLUMNS} FROM reading_item WHERE title LIKE ? ESCAPE '\\' ORDER BY id LIMIT 20"
SQL_LIST = (
    f"SELECT {COLUMNS} FROM reading_item "
    "WHERE (:status IS NULL OR status = :status) AND (:kind IS NULL OR kind = :kind) "
    "AND (:year IS NULL OR substr(COALESCE(finished, started, added), 1, 4) = :year) "
    "ORDER BY CASE status WHEN 'reading' THEN 0 WHEN 'to-read' THEN 1 ELSE 2 END, "
    "COALESCE(finished, started, added) DESC, id DESC LIMIT :limit OFFSET :offset"
)
SQL_UPDATE = (
    "UPDATE reading_item SET kind = ?, title = ?, authors = ?, url = ?, isbn = ?, pages = ?, status = ?, "
    "added = ?, started = ?, finished = ?, rating = ?, review = ?, tags = ?, updated_at = ? WHERE id = ?"
)
SQL_DELETE = "DELETE FROM reading_item WHERE id = ?"
SQL_RESTORE = f"INSERT INTO reading_item ({COLUMNS}) VALUES ({', '.join('?' * 18)})"
SQL_KEYS = "SELECT id, kind, source, source_id, isbn, title, authors FROM reading_item"
SQL_COUNT = "SELECT COUNT(*) FROM reading_item"
# (each of the three days through its own index, 0008: the items of those days, not every item)
SQL_TOUCHED = (
    f"SELECT {COLUMNS} FROM reading_item WHERE id IN ("
    "SELECT id FROM reading_item WHERE added BETWEEN :since AND :until "
    "UNION ALL SELECT id FROM reading_item WHERE started BETWEEN :since AND :until "
    "UNION ALL SELECT id FROM reading_item WHERE finished BETWEEN :since AND :until) ORDER BY id"
)
SQL_FINISHED_BETWEEN = (
    f"SELECT {COLUMNS} FROM reading_item WHERE status = 'finished' AND finished BETWEEN ? AND ? "
    "ORDER BY finished, id"
)
SQL_FINISHED_BY_KIND = (
    "SELECT kind, COUNT(*), COALESCE(CAST(TOTAL(pages) AS INTEGER), 0) FROM reading_item WHERE status = 'finished' "
    "AND finished BETWEEN ? AND ? GROUP BY kind"
)
SQL_FINISHED_TOTALS = (
    "SELECT COUNT(*), COALESCE(CAST(TOTAL(pages) AS INTEGER), 0) FROM reading_item WHERE status = 'finished' "
    "AND finished BETWEEN ? AND ?"
)


def from_row(row: sqlite3.Row) -> ReadingItem:
    return ReadingItem(
        id=row["id"], kind=row["kind"], title=row["title"], authors=from_json_list(row["authors"]),
        url=row["url"], isbn=row["isbn"], pages=row["pages"], status=row["status"],
        added=from_sql_date(row["added"]), started=from_sql_date(row["started"]),
        finished=from_sql_date(row["finished"]), rating=row["rating"], review=row["review"],
        tags=from_json_list(row["tags"]), source=row["source"], source_id=row["source_id"],
        created_at=from_sql_ts(row["created_at"]), updated_at=from_sql_ts(row["updated_at"]),
    )


def check_rating(rating: float | None) -> float | None:
    """0-5 in half steps when typed; imports may carry quarter steps (StoryGraph) and keep them."""
    if rating is None:
        return None
    if not 0 <= rating <= 5:
        raise ValueError(f"a rating is between 0 and 5, not {rating:g}")
    return rating


def _link(url: str | None) -> str | None:
    """A web link stored once (tracking parameters dropped, as resources' links are); other text cleaned."""
    if url is None:
        return None
    from studylog.io.urls import NotAWebLink, is_web_url, normalise_url

    cleaned = text.clean(url, multiline=False)
    if cleaned and is_web_url(cleaned):
        try:
            return normalise_url(cleaned)
        except NotAWebLink:
            return cleaned
    return cleaned


def _clean(new: NewReading, added: date | None = None) -> NewReading:
    """``new`` checked and its text cleaned as stored; ``added`` the day it was added when it does not say."""
    if new.kind not in READING_KINDS:
        raise ValueError(f"unknown kind {new.kind!r}; one of {', '.join(READING_KINDS)}")
    if new.status not in READING_STATUSES:
        raise ValueError(f"unknown status {new.status!r}; one of {', '.join(READING_STATUSES)}")
    clean = text.clean
    title = clean(new.title, multiline=False)
    if not title:
        raise ValueError("a reading item needs a title")
    check_number(new.pages, 0, MAX_PAGES, "a page count of")
    if new.started and new.finished and new.finished < new.started:
        ended = "abandoned" if new.status == "abandoned" else "finished"
        raise Implausible(f"{ended} on {new.finished.isoformat()}, before it was started on "
                          f"{new.started.isoformat()}")
    return NewReading(  # (every field: _FIELDS below says which they are)
        title=title, kind=new.kind,
        authors=tuple([c for a in new.authors if (c := clean(a, multiline=False))]),
        url=_link(new.url), isbn=clean(new.isbn, multiline=False), pages=new.pages, status=new.status,
        added=new.added or added, started=new.started, finished=new.finished, rating=check_rating(new.rating),
        review=clean(new.review), tags=tuple([c for t in new.tags if (c := clean(t, multiline=False))]),
        source=new.source, source_id=new.source_id,
    )


# The fields _clean writes out one by one (quicker than _replace): a new one must be added there too.
_FIELDS = ("title", "kind", "authors", "url", "isbn", "pages", "status", "added", "started", "finished", "rating",
           "review", "tags", "source", "source_id")
if NewReading._fields != _FIELDS:  # pragma: no cover
    raise ImportError(f"reading._clean writes {_FIELDS}, NewReading has {NewReading._fields}")


def _values(new: NewReading) -> tuple:
    return (new.kind, new.title, to_json_list(new.authors), new.url, new.isbn, new.pages, new.status,
            to_sql_date(new.added), to_sql_date(new.started), to_sql_date(new.finished), new.rating,
            new.review, to_json_list(new.tags))


def add(conn: sqlite3.Connection, new: NewReading, *, now: datetime, today: date) -> ReadingItem:
    """Put an item on the reading list; one that is there already (its link, or for a book its title and
    first author) is refused with the stored one's id (Duplicate)."""
    new = _clean(new, today)
    stamp = to_sql_ts(now)
    with transaction(conn):
        same = _already_listed(conn, new)
        if same is not None:
            raise Duplicate(f"already on your reading list: #{same.id} \"{same.title}\" ({same.status}); "
                            f"studylog read start {same.id} starts it")
        cur = conn.execute(SQL_INSERT, (*_values(new), new.source, new.source_id, stamp, stamp))
        return get(conn, inserted_id(cur))


def _already_listed(conn: sqlite3.Connection, new: NewReading) -> ReadingItem | None:
    if new.url:
        row = conn.execute(SQL_BY_URL, (new.url,)).fetchone()
        if row is not None:
            return from_row(row)
    if new.kind == "book":
        key = title_key(new.title, new.authors)
        for row in conn.execute(SQL_BY_TITLE, (new.title,)):
            item = from_row(row)
            if item.kind == "book" and title_key(item.title, item.authors) == key:
                return item
    return None


def get(conn: sqlite3.Connection, item_id: int) -> ReadingItem:
    row = conn.execute(SQL_GET, (item_id,)).fetchone()
    if row is None:
        raise NotFound(f"no reading item with id {item_id}")
    return from_row(row)


def find(conn: sqlite3.Connection, ref: str) -> ReadingItem:
    """One item by id, by exact title (any case), or by a unique part of its title."""
    from studylog.services.naming import find as find_named

    return find_named(conn, ref, noun="reading item", plural="items", get=get, from_row=from_row,
                      exact_sql=SQL_BY_TITLE, like_sql=SQL_TITLE_LIKE)


def list_items(conn: sqlite3.Connection, *, status: str | None = None, kind: str | None = None,
               year: int | None = None, limit: int | None = None, offset: int = 0) -> list[ReadingItem]:
    """Reading first, then to-read, then the rest; newest activity first within each."""
    params = {"status": status, "kind": kind, "year": None if year is None else f"{year:04d}",
              "limit": -1 if limit is None else limit, "offset": offset}
    return [from_row(r) for r in conn.execute(SQL_LIST, params)]


def _as_new(item: ReadingItem) -> NewReading:
    return NewReading(**{name: getattr(item, name) for name in NewReading._fields})


def update(conn: sqlite3.Connection, item_id: int, changes: dict[str, Any], *, now: datetime,
           today: date | None = None) -> ReadingItem:
    with transaction(conn):
        old = get(conn, item_id)
        current = _as_new(old)
        if all(getattr(current, name) == value for name, value in changes.items()):
            return old  # nothing to change: not even updated_at
        merged = _clean(current._replace(**changes))
        if merged == current:
            return old
        conn.execute(SQL_UPDATE, (*_values(merged), to_sql_ts(now), item_id))
        return get(conn, item_id)


def start(conn: sqlite3.Connection, item_id: int, day: date, *, now: datetime) -> ReadingItem:
    return update(conn, item_id, {"status": "reading", "started": day, "finished": None}, now=now)


def finish(conn: sqlite3.Connection, item_id: int, day: date, *, now: datetime, rating: float | None = None,
           review: str | None = None) -> ReadingItem:
    changes: dict[str, object] = {"status": "finished", "finished": day}
    if rating is not None:
        changes["rating"] = rating
    if review is not None:
        changes["review"] = review
    return update(conn, item_id, changes, now=now)


def abandon(conn: sqlite3.Connection, item_id: int, day: date, *, now: datetime) -> ReadingItem:
    """Stopped reading: the day it ended is kept in ``finished`` (with status 'abandoned')."""
    return update(conn, item_id, {"status": "abandoned", "finished": day}, now=now)


def delete(conn: sqlite3.Connection, item_id: int) -> ReadingItem:
    with transaction(conn):
        old = get(conn, item_id)
        conn.execute(SQL_DELETE, (item_id,))
        return old


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


# --------------------------------------------------------------------------------------------- imports

def title_key(title: str, authors: Iterable[str]) -> str:
    """The same book from two places: title without subtitle or series, and the first author's surname,
    compared without case, accents or punctuation."""
    main = _TITLE_END.split(title, maxsplit=1)[0]
    first = next(iter(authors), "")
    surname = first.replace(",", " ").split()[-1] if first.strip() else ""
    if "," in first:  # "Last, First"
        surname = first.split(",")[0].strip()
    raw = f"{main} {surname}"
    folded = raw.casefold()
    if not folded.isascii():  # (ASCII has nothing to decompose)
        folded = unicodedata.normalize("NFKD", folded)
    return " ".join(_NOT_ALNUM_OR_SPACE.sub("", folded).split())


_TITLE_END = re.compile(r"[:(\[]")
_NOT_ALNUM_OR_SPACE = re.compile(r"[^\w\s]|_")  # (\w is str.isalnum() and "_"; \s is str.isspace())


IMPORT_BATCH = 500  # new rows an import stores with one statement (db.sqlite.insert_rows says why)


def import_items(conn: sqlite3.Connection, file: str, found: Iterable[tuple[int | None, NewReading]],
                 skipped: Iterable[Skipped], *, now: datetime, today: date,
                 progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Store what an importer found, in one transaction. An item already stored (the same source id,
    the same ISBN, or the same title and first author from another source) is not added again; what
    the stored one lacks (dates, rating, review, pages, ISBN) is filled in from the file. An item dated
    after today (or before 1900) is skipped, as a typed one is refused.

    New rows are inserted ``IMPORT_BATCH`` at a time, in one statement. Until then the keys of one stand for it by its
    place among the file's new rows (``-1 - place``); an item of the file that is the same as one of
    them has the rows waiting inserted first, to be given the stored row's id, in the order of the file
    as ever."""
    from studylog.services.indexing import DeferredIndex

    skipped = list(skipped)
    stamp = to_sql_ts(now)
    added = already = updated = 0
    with transaction(conn), DeferredIndex(conn, "reading_item") as index:
        by_source: dict[tuple[str, str], int] = {}
        by_isbn: dict[str, int] = {}
        by_title: dict[str, tuple[int, str]] = {}  # books only: feeds and papers share titles too often
        for row in conn.execute(SQL_KEYS):
            if row["source_id"]:
                by_source[(row["source"], row["source_id"])] = row["id"]
            if row["isbn"]:
                by_isbn.setdefault(row["isbn"], row["id"])
            if row["kind"] == "book":
                by_title.setdefault(title_key(row["title"], from_json_list(row["authors"])),
                                    (row["id"], row["source"]))
        new_ids: list[int] = []  # the ids of this file's new rows inserted so far, in the file's order
        waiting: list[tuple[Any, ...]] = []  # the values of the next new rows, not inserted yet

        def insert_waiting() -> None:
            new_ids.extend(insert_rows(conn, SQL_INSERT, waiting, "reading_item", batch=IMPORT_BATCH))
            waiting.clear()

        for n, (line, new) in enumerate(found, 1):
            if progress and n % 1000 == 0:
                progress(n)
            try:
                new = _clean(new, today)
            except ValueError as exc:
                skipped.append(Skipped(file, line, str(exc)))
                continue
            late = None
            for name, day in (("started", new.started), ("finished", new.finished), ("added", new.added)):
                if day is not None and (why := day_problem(day, today, "it")):
                    late = f"{name} {why}"
                    break
            if late:
                skipped.append(Skipped(file, line, f"not imported: {late}"))
                continue
            source, source_id, isbn, book = new.source, new.source_id, new.isbn, new.kind == "book"
            key = title_key(new.title, new.authors)
            same_title = by_title.get(key) if book else None
            existing = (by_source.get((source, source_id)) if source_id else None) or (
                by_isbn.get(isbn) if isbn else None) or (
                same_title[0] if same_title and same_title[1] != source else None)
            if existing is not None:
                already += 1
                if existing < 0:  # one of this file's
                    if -1 - existing >= len(new_ids):
                        insert_waiting()
                    existing = new_ids[-1 - existing]
                if index.pending(existing):  # (one of this file's: its search entry first)
                    index.flush()
                if _fill_in(conn, existing, new, stamp):
                    updated += 1
                continue
            waiting.append((*_values(new), source, source_id, stamp, stamp))
            ref = -1 - added
            added += 1
            if source_id:
                by_source[(source, source_id)] = ref
            if isbn:
                by_isbn.setdefault(isbn, ref)
            if book:
                by_title.setdefault(key, (ref, source))
            if len(waiting) >= IMPORT_BATCH:
                insert_waiting()
        insert_waiting()
    return ImportSummary(file=file, added=added, already=already, skipped=tuple(skipped), updated=updated)


_FILLABLE = ("isbn", "pages", "started", "finished", "rating", "review", "url")


def _fill_in(conn: sqlite3.Connection, item_id: int, new: NewReading, stamp: str) -> bool:
    """Give a stored item what it lacks from another source's copy; True if anything changed."""
    old = get(conn, item_id)
    changes = {name: getattr(new, name) for name in _FILLABLE
               if getattr(old, name) in (None, "") and getattr(new, name) not in (None, "")}
    rank = {"to-read": 0, "reading": 1, "abandoned": 2, "finished": 3}
    if rank[new.status] > rank[old.status]:
        changes["status"] = new.status
    merged = _as_new(old)._replace(**changes)
    if merged.started and merged.finished and merged.started > merged.finished:
        # Two reads of one book (finished in 2012, read again in 2023): the days of one read are never
        # paired with those of the other; the stored read stays as it was.
        for name in ("started", "finished"):
            changes.pop(name, None)
        merged = _as_new(old)._replace(**changes)
    if not changes:
        return False
    conn.execute(SQL_UPDATE, (*_values(merged), stamp, item_id))
    return True


def touched(conn: sqlite3.Connection, since: date, until: date) -> list[ReadingItem]:
    """Items added, started or finished between two days."""
    return [from_row(r) for r in conn.execute(SQL_TOUCHED, {"since": since.isoformat(), "until": until.isoformat()})]


def finished_between(conn: sqlite3.Connection, since: date, until: date) -> list[ReadingItem]:
    return [from_row(r) for r in conn.execute(SQL_FINISHED_BETWEEN, (since.isoformat(), until.isoformat()))]


def finished_by_kind(conn: sqlite3.Connection, since: date, until: date) -> dict[str, tuple[int, int]]:
    """kind -> (items finished, their pages) between two days."""
    return {kind: (n, pages) for kind, n, pages in
            conn.execute(SQL_FINISHED_BY_KIND, (since.isoformat(), until.isoformat()))}


def finished_totals(conn: sqlite3.Connection, since: date, until: date) -> tuple[int, int]:
    """(items finished, their pages) between two days."""
    count, pages = conn.execute(SQL_FINISHED_TOTALS, (since.isoformat(), until.isoformat())).fetchone()
    return count, pages


def restore(conn: sqlite3.Connection, item: ReadingItem) -> ReadingItem:
    """Put a deleted item back as it was: the same id, content and timestamps (ids are never reused, so
    its id is free; the search index follows by its triggers). ValueError if it is back already."""
    with transaction(conn):
        if conn.execute(SQL_GET, (item.id,)).fetchone() is not None:
            raise ValueError(f"{item.kind} #{item.id} is already there")
        conn.execute(SQL_RESTORE, (item.id, *_values(_as_new(item)), item.source, item.source_id,
                                   to_sql_ts(item.created_at), to_sql_ts(item.updated_at)))
        return get(conn, item.id)

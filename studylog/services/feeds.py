"""Subscriptions: the newsletters, blogs and podcasts a person follows (from a feed reader's OPML file).

A feed is a kind of its own, kept in the ``feed`` table: it is not on the reading list and never counts
as reading (reading goals, reviews and the Reading screen read ``reading_item`` only).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, datetime

from studylog import text
from studylog.db.sqlite import (
    from_json_list,
    from_sql_date,
    from_sql_ts,
    inserted_id,
    to_json_list,
    to_sql_date,
    to_sql_ts,
    transaction,
)
from studylog.domain.errors import NotFound  # noqa: F401 (callers catch them here too)
from studylog.domain.values import FEED_KINDS, Feed, ImportSummary, NewFeed, Skipped

MAX_TAGS = 16  # per feed, folders merged from several files included (as studylog.io.opml keeps for one file)

COLUMNS = "id, kind, title, url, tags, added, source, source_id, created_at, updated_at"
SQL_INSERT = (
    "INSERT INTO feed (kind, title, url, tags, added, source, source_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM feed WHERE id = ?"
SQL_LIST = (
    f"SELECT {COLUMNS} FROM feed WHERE (:kind IS NULL OR kind = :kind) "
    "ORDER BY added IS NULL, added DESC, id DESC LIMIT :limit OFFSET :offset"
)
SQL_COUNT = "SELECT COUNT(*) FROM feed WHERE (:kind IS NULL OR kind = :kind)"
SQL_DELETE = "DELETE FROM feed WHERE id = ?"
SQL_KEYS = "SELECT id, source, source_id, url, tags FROM feed WHERE source_id IS NOT NULL"
SQL_MERGE = "UPDATE feed SET url = ?, tags = ?, updated_at = ? WHERE id = ?"


def from_row(row: sqlite3.Row) -> Feed:
    return Feed(
        id=row["id"], kind=row["kind"], title=row["title"], url=row["url"], tags=from_json_list(row["tags"]),
        added=from_sql_date(row["added"]), source=row["source"], source_id=row["source_id"],
        created_at=from_sql_ts(row["created_at"]), updated_at=from_sql_ts(row["updated_at"]),
    )


def _tags(values: Iterable[str]) -> tuple[str, ...]:
    """Cleaned, without repeats, in order, at most ``MAX_TAGS``."""
    out: list[str] = []
    for value in values:
        tag = text.clean(value, multiline=False)
        if tag and tag not in out:
            out.append(tag)
    return tuple(out[:MAX_TAGS])


def _clean(new: NewFeed) -> NewFeed:
    if new.kind not in FEED_KINDS:
        raise ValueError(f"unknown kind {new.kind!r}; one of {', '.join(FEED_KINDS)}")
    title = text.clean(new.title, multiline=False)
    if not title:
        raise ValueError("a feed needs a title")
    return new._replace(title=title, url=text.clean(new.url, multiline=False), tags=_tags(new.tags),
                        source=text.clean(new.source, multiline=False) or "manual",
                        source_id=text.clean(new.source_id, multiline=False))


def _values(new: NewFeed, stamp: str) -> tuple:
    return (new.kind, new.title, new.url, to_json_list(new.tags), to_sql_date(new.added), new.source,
            new.source_id, stamp, stamp)


def add(conn: sqlite3.Connection, new: NewFeed, *, now: datetime, today: date) -> Feed:
    new = _clean(new._replace(added=new.added or today))
    with transaction(conn):
        cur = conn.execute(SQL_INSERT, _values(new, to_sql_ts(now)))
        return get(conn, inserted_id(cur))


def get(conn: sqlite3.Connection, feed_id: int) -> Feed:
    row = conn.execute(SQL_GET, (feed_id,)).fetchone()
    if row is None:
        raise NotFound(f"no feed with id {feed_id}")
    return from_row(row)


def list_feeds(conn: sqlite3.Connection, *, kind: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[Feed]:
    """Newest first (the day added, then the id)."""
    params = {"kind": kind, "limit": -1 if limit is None else limit, "offset": offset}
    return [from_row(r) for r in conn.execute(SQL_LIST, params)]


def count(conn: sqlite3.Connection, *, kind: str | None = None) -> int:
    return conn.execute(SQL_COUNT, {"kind": kind}).fetchone()[0]


def delete(conn: sqlite3.Connection, feed_id: int) -> Feed:
    with transaction(conn):
        old = get(conn, feed_id)
        conn.execute(SQL_DELETE, (feed_id,))
        return old


# --------------------------------------------------------------------------------------------- imports

def import_feeds(conn: sqlite3.Connection, label: str, found: Iterable[tuple[int | None, NewFeed]],
                 skipped: Iterable[Skipped], *, now: datetime, today: date | None = None,
                 progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Store what an importer found, in one transaction (``label`` names the file in the summary). A feed
    already stored (the same source and source id: the same feed from this or another OPML file) is not
    added again; folders it is in that the stored one lacks join its tags, and a site address it lacks
    is filled in ("updated" in the summary). New feeds are added on ``today`` (else the day of ``now``)."""
    skipped = list(skipped)
    stamp = to_sql_ts(now)
    day = today or now.date()
    added = already = 0
    updated: set[int] = set()
    with transaction(conn):
        stored: dict[tuple[str, str], tuple[int, str | None, tuple[str, ...]]] = {
            (row["source"], row["source_id"]): (row["id"], row["url"], from_json_list(row["tags"]))
            for row in conn.execute(SQL_KEYS)}
        for n, (line, new) in enumerate(found, 1):
            if progress and n % 1000 == 0:
                progress(n)
            try:
                new = _clean(new._replace(added=new.added or day))
            except ValueError as exc:
                skipped.append(Skipped(label, line, str(exc)))
                continue
            key = (new.source, new.source_id) if new.source_id else None
            if key is not None and key in stored:
                already += 1
                feed_id, url, tags = stored[key]
                extra = tuple(t for t in new.tags if t not in tags)[: max(0, MAX_TAGS - len(tags))]
                merged_url, merged_tags = url or new.url, tags + extra
                if (merged_url, merged_tags) != (url, tags):
                    conn.execute(SQL_MERGE, (merged_url, to_json_list(merged_tags), stamp, feed_id))
                    stored[key] = (feed_id, merged_url, merged_tags)
                    updated.add(feed_id)
                continue
            cur = conn.execute(SQL_INSERT, _values(new, stamp))
            added += 1
            if key is not None:
                stored[key] = (inserted_id(cur), new.url, new.tags)
    return ImportSummary(file=label, added=added, already=already, skipped=tuple(skipped),
                         updated=len(updated))

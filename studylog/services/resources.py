"""Learning resources by topic, and the resource lists mentors share."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from studylog.db.sqlite import (
    from_sql_date,
    from_sql_ts,
    insert_rows,
    inserted_id,
    to_sql_date,
    to_sql_ts,
    transaction,
)
from studylog.domain.errors import NotFound, UnknownList  # noqa: F401 (callers catch them here too)
from studylog.domain.values import (
    RESOURCE_KINDS,
    RESOURCE_STATUSES,
    ImportSummary,
    NewResource,
    Resource,
    ResourceListInfo,
    Skipped,
)
from studylog.io.markdown_list import ExportDoc, ExportItem, ExportSection, ParsedList
from studylog.io.urls import guess_kind, normalise_url
from studylog.services import study
from studylog.text import clean_topic  # noqa: F401 (callers use it from here too)
from studylog.text import storable as _cleaned

COLUMNS = "id, url, title, topic, kind, description, status, added, done, note, created_at, updated_at"
SQL_INSERT = (
    "INSERT INTO resource (url, title, topic, kind, description, status, added, done, note, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM resource WHERE id = ?"
SQL_BY_URL = f"SELECT {COLUMNS} FROM resource WHERE url = ?"
SQL_BY_NAME = f"SELECT {COLUMNS} FROM resource WHERE title = ?1 COLLATE NOCASE OR url = ?1 ORDER BY id"
SQL_NAME_LIKE = (  # (by its title or its link)
    f"SELECT {COLUMNS} FROM resource WHERE title LIKE ?1 ESCAPE '\\' OR url LIKE ?1 ESCAPE '\\' ORDER BY id LIMIT 20"
)
SQL_LIST = (
    f"SELECT {COLUMNS} FROM resource "
    # a topic by its whole path or by a run of its parts, in any case: "Transformers" finds
    # "Deep Learning/Transformers" (and what is under it); which topics those are is found in Python
    "WHERE (:topics IS NULL OR topic IN (SELECT value FROM json_each(:topics))) "
    "AND (:status IS NULL OR status = :status) "
    "ORDER BY topic IS NULL, topic, id LIMIT :limit"
)
SQL_DISTINCT_TOPICS = "SELECT DISTINCT topic FROM resource WHERE topic IS NOT NULL"
SQL_SET_STATUS = "UPDATE resource SET status = ?, done = ?, updated_at = ? WHERE id = ?"
SQL_DELETE = "DELETE FROM resource WHERE id = ?"
SQL_RESTORE = f"INSERT INTO resource ({COLUMNS}) VALUES ({', '.join('?' * 12)})"
SQL_MEMBERSHIPS = (
    "SELECT id, list_id, position, section FROM resource_list_item WHERE resource_id = ? ORDER BY id"
)
SQL_RESTORE_MEMBER = (
    "INSERT INTO resource_list_item (id, list_id, resource_id, position, section) "
    "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM resource_list WHERE id = ?)"
)
SQL_UPDATE = (
    "UPDATE resource SET url = ?, title = ?, topic = ?, kind = ?, description = ?, status = ?, done = ?, note = ?, "
    "updated_at = ? WHERE id = ?"
)
SQL_TOPICS = (
    "SELECT topic, COUNT(*) AS total, SUM(status = 'done') AS done FROM resource GROUP BY topic ORDER BY topic"
)
SQL_URL_IDS = "SELECT url, id FROM resource"
SQL_URL_STATUSES = "SELECT url, id, status FROM resource"
SQL_LIST_BY_NAME = "SELECT id, name, curator, description, origin FROM resource_list WHERE name = ?"
SQL_INSERT_LIST = (
    "INSERT INTO resource_list (name, curator, description, origin, created_at) VALUES (?, ?, ?, ?, ?)"
)
SQL_UPDATE_LIST = "UPDATE resource_list SET curator = ?, description = ?, origin = ? WHERE id = ?"
SQL_MEMBERS = "SELECT resource_id, position FROM resource_list_item WHERE list_id = ?"
SQL_INSERT_MEMBER = (
    "INSERT INTO resource_list_item (list_id, resource_id, position, section) VALUES (?, ?, ?, ?)"
)
SQL_LISTS = (
    "SELECT l.id, l.name, l.curator, l.description, l.origin, COUNT(i.id) AS size FROM resource_list l "
    "LEFT JOIN resource_list_item i ON i.list_id = l.id GROUP BY l.id ORDER BY l.name"
)
SQL_LIST_ITEMS = (
    "SELECT r.url, r.title, r.description, r.status, r.kind, r.note, r.added, r.done, i.section "
    "FROM resource_list_item i "
    "JOIN resource r ON r.id = i.resource_id WHERE i.list_id = ? ORDER BY i.position"
)
SQL_COUNT = "SELECT COUNT(*) FROM resource"
SQL_DONE_BETWEEN = f"SELECT {COLUMNS} FROM resource WHERE status = 'done' AND done BETWEEN ? AND ? ORDER BY done, id"
SQL_DONE_COUNT = "SELECT COUNT(*) FROM resource WHERE status = 'done' AND done BETWEEN ? AND ?"


class Membership(NamedTuple):
    """A resource's place in a list (a resource_list_item row), kept by a delete so undo can put it back."""

    id: int
    list_id: int
    position: int
    section: str | None


class DeletedResource(NamedTuple):
    """What a delete took away: the resource, its places in lists, and the study sessions spent on it
    (which stay, without it)."""

    resource: Resource
    memberships: tuple[Membership, ...]
    studied: tuple[int, ...] = ()


def from_row(row: sqlite3.Row) -> Resource:
    return Resource(
        id=row["id"], url=row["url"], title=row["title"], topic=row["topic"], kind=row["kind"],
        description=row["description"], status=row["status"], added=from_sql_date(row["added"]),
        done=from_sql_date(row["done"]), note=row["note"], created_at=from_sql_ts(row["created_at"]),
        updated_at=from_sql_ts(row["updated_at"]),
    )


def _clean(new: NewResource) -> NewResource:
    """A resource as stored: its kind guessed if not given, kind and status checked, its link normalised,
    its texts cleaned (an import does the same for a parsed list's links, normalised already)."""
    if new.kind is None:
        new = new._replace(kind=guess_kind(new.url))
    _check(new.kind, new.status)
    return new._replace(url=normalise_url(new.url), title=_cleaned(new.title),
                        topic=clean_topic(new.topic),
                        description=_cleaned(new.description), note=_cleaned(new.note, multiline=True))


def _check(kind: str | None, status: str) -> None:
    if kind not in RESOURCE_KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(RESOURCE_KINDS)}")
    if status not in RESOURCE_STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(RESOURCE_STATUSES)}")


def _insert(conn: sqlite3.Connection, new: NewResource, today: date, stamp: str, *, added: date | None = None,
            done: date | None = None) -> int:
    """Store a cleaned resource added ``added`` (default today), done ``done`` (default today) if it is."""
    return inserted_id(conn.execute(SQL_INSERT, _row(new, today, stamp, added=added, done=done)))


def _row(new: NewResource, today: date, stamp: str, *, added: date | None = None,
         done: date | None = None) -> tuple[Any, ...]:
    """The values of SQL_INSERT for a cleaned resource (see _insert)."""
    added = added or today
    finished = (done or today) if new.status == "done" else None
    return (new.url, new.title, new.topic, new.kind, new.description, new.status, added.isoformat(),
            to_sql_date(finished), new.note, stamp, stamp)


def add(conn: sqlite3.Connection, new: NewResource, *, now: datetime, today: date) -> tuple[Resource, bool]:
    """Store a resource; (the stored one, True) or, for a URL already known, (that one, False)."""
    new = _clean(new)
    with transaction(conn):
        row = conn.execute(SQL_BY_URL, (new.url,)).fetchone()
        if row is not None:
            return from_row(row), False
        return get(conn, _insert(conn, new, today, to_sql_ts(now))), True


def get(conn: sqlite3.Connection, resource_id: int) -> Resource:
    row = conn.execute(SQL_GET, (resource_id,)).fetchone()
    if row is None:
        raise NotFound(f"no resource with id {resource_id}")
    return from_row(row)


def find(conn: sqlite3.Connection, ref: str) -> Resource:
    """A resource by its id, its title (any case) or link, or a part of its title only it has
    (NotFound; Ambiguous with the matches)."""
    from studylog.services.naming import find as find_named

    return find_named(conn, ref, noun="resource", plural="resources", get=get, from_row=from_row,
                      exact_sql=SQL_BY_NAME, like_sql=SQL_NAME_LIKE)


def set_status(conn: sqlite3.Connection, resource_id: int, status: str, *, now: datetime, today: date) -> Resource:
    if status not in RESOURCE_STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(RESOURCE_STATUSES)}")
    with transaction(conn):
        old = get(conn, resource_id)
        done = (old.done or today) if status == "done" else None
        conn.execute(SQL_SET_STATUS, (status, to_sql_date(done), to_sql_ts(now), resource_id))
        return get(conn, resource_id)


def list_resources(conn: sqlite3.Connection, *, topic: str | None = None, status: str | None = None,
                   limit: int | None = None) -> list[Resource]:
    """Resources under a topic (its subtopics included), ordered by topic then as added."""
    from studylog.limits import MAX_QUERY_BYTES

    topic = clean_topic(topic)
    if topic is not None and len(topic.encode("utf-8", "replace")) > MAX_QUERY_BYTES:
        return []  # (no topic is that long; SQLite would refuse the pattern)
    import json

    from studylog.reports.dossier import matches_topic

    named = None if topic is None else json.dumps(
        [t for (t,) in conn.execute(SQL_DISTINCT_TOPICS) if matches_topic(t, topic)])
    params = {"topics": named, "status": status, "limit": -1 if limit is None else limit}
    return [from_row(r) for r in conn.execute(SQL_LIST, params)]


def topic_counts(conn: sqlite3.Connection) -> list[tuple[str | None, int, int]]:
    """(topic, resources, done) for every topic that holds resources directly."""
    return [(r["topic"], r["total"], r["done"] or 0) for r in conn.execute(SQL_TOPICS)]


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


def lists(conn: sqlite3.Connection) -> list[ResourceListInfo]:
    return [ResourceListInfo(r["id"], r["name"], r["curator"], r["description"], r["origin"], r["size"])
            for r in conn.execute(SQL_LISTS)]


# ------------------------------------------------------------------------------------ import and export

def _past(day: date | None, today: date) -> date | None:
    """A day from a file, if it is not after today (a file cannot say something was done tomorrow)."""
    return day if day is not None and day <= today else None


def import_list(conn: sqlite3.Connection, parsed: ParsedList, *, file: str, name: str, curator: str | None,
                now: datetime, today: date, progress: Callable[[int], None] | None = None,
                take_progress: bool = False) -> ImportSummary:
    """Store a Markdown list in one transaction: each link a resource (a known URL is not added again),
    and the file a ResourceList keeping order and sections so that it can be shared again as it was.
    Importing the same file twice adds nothing. ``curator`` is the one the user named, if any: it wins;
    the file's own "Curated by" line only fills a blank. Names (the list's, the curator's, the file's) and
    skip reasons are stored and reported without control characters (studylog.text.clean).

    A new resource takes the kind and note the file gives (else the kind is guessed from its link). What the
    file says of progress (status, added and done days: ``res export --with-progress``) becomes the
    importer's own when the list is new to them, or with ``take_progress``; days after today are not taken.
    A resource the importer already has keeps its kind, note and status, unless ``take_progress``: then its
    status (and done day) become the file's, counted in ``updated``. Statuses not taken are counted in one
    note of the summary."""
    stamp = to_sql_ts(now)
    file = _cleaned(file) or "(no name)"
    name = _cleaned(name) or file
    curator = _cleaned(curator)
    parsed = parsed._replace(curator=_cleaned(parsed.curator), description=_cleaned(parsed.description))
    from studylog.services.indexing import DeferredIndex

    skipped = [Skipped(file, s.line, _cleaned(s.reason) or "skipped") for s in parsed.skipped]
    added = already = updated = not_taken = 0
    sections: dict[str | None, str | None] = {}  # a section as stored (sections repeat: cleaned once each)
    with transaction(conn), DeferredIndex(conn, "resource") as index:
        row = conn.execute(SQL_LIST_BY_NAME, (name,)).fetchone()
        statuses = take_progress or row is None  # (a list new to the importer: its progress is theirs)
        if row is None:
            list_id = conn.execute(SQL_INSERT_LIST, (name, curator or parsed.curator, parsed.description, file,
                                                     stamp)).lastrowid
        else:
            list_id = row["id"]
            conn.execute(SQL_UPDATE_LIST, (curator or row["curator"] or parsed.curator,
                                           row["description"] or parsed.description, file, list_id))
        ids: dict[str, int] = {}
        known: dict[str, str] = {}  # the status of each link stored
        for url, rid, status in conn.execute(SQL_URL_STATUSES).fetchall():
            ids[url], known[url] = rid, status
        members = dict(conn.execute(SQL_MEMBERS, (list_id,)).fetchall())
        position = max(members.values(), default=-1) + 1
        # The list's new members (a new resource's by its link until it is stored), and the new resources
        # not stored yet: stored together, in order (the same ids as one at a time), a thousand at a time.
        joined: list[tuple[int | None, int | str, int, str | None]] = []
        rows: list[tuple[Any, ...]] = []
        waiting: dict[str, int] = {}  # their links, and their places in ``joined``

        def store_waiting() -> None:
            if not rows:
                return
            for at, rid in zip(waiting.values(), insert_rows(conn, SQL_INSERT, rows, "resource", batch=1000),
                               strict=True):
                member = joined[at]
                link = member[1]
                assert isinstance(link, str)  # (a new member's link until it is stored)
                ids[link] = rid  # (keyed by the entry's own link: no copy kept of each link)
                joined[at] = (member[0], rid, member[2], member[3])
                members[rid] = member[2]
            rows.clear()
            waiting.clear()

        for n, entry in enumerate(parsed.entries, 1):
            if n % 1000 == 0:
                store_waiting()
                if progress:
                    progress(n)
            if entry.url in waiting:  # (a link twice in a list made by hand: the first one stored first)
                store_waiting()
            resource_id = ids.get(entry.url)
            said = entry.status if entry.status in RESOURCE_STATUSES else None
            if resource_id is None:
                status = (said if statuses else None) or "new"
                not_taken += said is not None and said != status
                # What _clean does, without a NewResource made three times; the link is normalised (see
                # ListEntry.url), the section cleaned once for all its links.
                kind = entry.kind if entry.kind in RESOURCE_KINDS else guess_kind(entry.url)
                try:
                    _check(kind, status)
                except ValueError as exc:
                    skipped.append(Skipped(file, entry.line, _cleaned(str(exc)) or "not a resource"))
                    continue
                if entry.section not in sections:
                    sections[entry.section] = clean_topic(entry.section)
                new = NewResource(url=entry.url, title=_cleaned(entry.title), topic=sections[entry.section],
                                  kind=kind, description=_cleaned(entry.description), status=status,
                                  note=_cleaned(entry.note, multiline=True))
                added_on = _past(entry.added_on, today) if statuses else None
                done_on = _past(entry.done_on, today) if statuses else None
                if added_on and done_on and done_on < added_on:
                    added_on = done_on
                rows.append(_row(new, today, stamp, added=added_on, done=done_on))
                waiting[entry.url] = len(joined)
                known[entry.url] = status
                added += 1
                joined.append((list_id, entry.url, position, sections[entry.section]))
                position += 1
                continue
            already += 1
            mine = known[entry.url]
            if said is not None and said != mine:
                if take_progress:
                    if index.pending(resource_id):  # (one of this file's: its search entry first)
                        index.flush()
                    done_on = (_past(entry.done_on, today) or today) if said == "done" else None
                    conn.execute(SQL_SET_STATUS, (said, to_sql_date(done_on), stamp, resource_id))
                    known[entry.url] = said
                    updated += 1
                else:
                    not_taken += 1
            if resource_id not in members:
                if entry.section not in sections:
                    sections[entry.section] = clean_topic(entry.section)
                joined.append((list_id, resource_id, position, sections[entry.section]))
                members[resource_id] = position
                position += 1
        store_waiting()
        conn.executemany(SQL_INSERT_MEMBER, joined)  # (in order: the same ids as one at a time)
    notes: tuple[Skipped, ...] = ()
    if not_taken:
        notes = (Skipped(file, None, f"{not_taken:,} status{'es' if not_taken != 1 else ''} in the file not taken: "
                         "you had the list or the resource already, and keep your own (--progress takes "
                         "the file's)"),)
    return ImportSummary(file=file, added=added, already=already, skipped=tuple(skipped), updated=updated,
                         notes=notes)


# The resources without a topic: written under "General" by an export, shown as "(no topic)" in the app.
NO_TOPIC_NAMES = ("general", "(no topic)")


def export_doc(conn: sqlite3.Connection, *, list_names: Sequence[str] = (), topics: Sequence[str] = (),
               with_progress: bool = False, today: date) -> ExportDoc:
    """What ``studylog res export`` writes: one list as it was imported (order, sections, curator), or
    the resources under some topics (or all of them), one section per topic."""
    runs: list[tuple[str, list[ExportItem]]] = []  # sections in order; a topic may come back later

    def put(topic: str, item: ExportItem) -> None:
        if not runs or runs[-1][0] != topic:
            runs.append((topic, []))
        runs[-1][1].append(item)

    title, curator, description = "Learning resources", None, None
    seen: set[str] = set()
    for n, name in enumerate(list_names):
        row = conn.execute(SQL_LIST_BY_NAME, (_cleaned(name) or "",)).fetchone()  # (names are stored cleaned)
        if row is None:
            known = ", ".join(info.name for info in lists(conn)) or "none yet"
            raise UnknownList(f"no resource list named {name!r} (lists: {known})")
        if n == 0 and len(list_names) == 1:
            title, curator, description = row["name"], row["curator"], row["description"]
        for r in conn.execute(SQL_LIST_ITEMS, (row["id"],)):
            if r["url"] not in seen:
                seen.add(r["url"])
                put(r["section"] or "General", ExportItem(
                    r["title"], r["url"], r["description"], r["status"] == "done", status=r["status"], kind=r["kind"],
                    note=r["note"], added_on=from_sql_date(r["added"]), done_on=from_sql_date(r["done"])))
    if topics or not list_names:
        if topics and not list_names:
            title = "Learning resources: " + ", ".join(clean_topic(t) or t for t in topics)
        wanted: Sequence[str | None] = topics or [None]  # (None: every topic)
        for topic in wanted:
            named = clean_topic(topic) if topic is not None else None
            if topic is not None and named is None:  # ("", "/": no topic, not every one)
                raise UnknownList(f"a topic to export needs a name, not {topic!r} (--topic GPUs)")
            found = list_resources(conn, topic=topic)
            if named is not None and named.casefold() in NO_TOPIC_NAMES:  # (how the export and the app name them)
                found += [r for r in list_resources(conn) if r.topic is None]
            if topic is not None and not found:  # (a topic mistyped would be left out without a word)
                tops = sorted({t.split("/")[0] for (t,) in conn.execute(SQL_DISTINCT_TOPICS) if t})
                raise UnknownList(f"no resources under the topic {named!r} "
                                  f"(topics: {', '.join(tops) or 'none yet'})")
            # (in the order of the topics written: resources without one are written, and read back, under
            # "General", so they go where "General" goes; sorted is stable, ids stay in order within a topic)
            for r in sorted(found, key=lambda r: r.topic or "General"):
                if r.url not in seen:
                    seen.add(r.url)
                    put(r.topic or "General", ExportItem(r.title, r.url, r.description, r.status == "done",
                                                         status=r.status, kind=r.kind, note=r.note,
                                                         added_on=r.added, done_on=r.done))
    return ExportDoc(title=title, curator=curator, description=description, exported=today,
                     sections=tuple(ExportSection(topic, tuple(items)) for topic, items in runs),
                     with_progress=with_progress)


def done_between(conn: sqlite3.Connection, since: date, until: date) -> list[Resource]:
    return [from_row(r) for r in conn.execute(SQL_DONE_BETWEEN, (since.isoformat(), until.isoformat()))]


def done_count(conn: sqlite3.Connection, since: date, until: date) -> int:
    return conn.execute(SQL_DONE_COUNT, (since.isoformat(), until.isoformat())).fetchone()[0]


def delete(conn: sqlite3.Connection, resource_id: int) -> DeletedResource:
    """Delete a resource (it leaves the lists it was in) and return what it held, its places in lists
    included, for restore()."""
    with transaction(conn):
        old = get(conn, resource_id)
        places = tuple(Membership(*row) for row in conn.execute(SQL_MEMBERSHIPS, (resource_id,)))
        studied = study.of_resource(conn, resource_id)
        conn.execute(SQL_DELETE, (resource_id,))
        return DeletedResource(old, places, studied)


def restore(conn: sqlite3.Connection, deleted: DeletedResource | Resource) -> Resource:
    """Put a deleted resource back as it was, in one transaction: the same id, fields and timestamps,
    the same place and section in each list it was in (a list deleted since is left out), and the
    study sessions spent on it pointing at it again. Ids are
    never reused, so the old ones are free. ValueError if it is back already or its link is now another
    resource's."""
    if isinstance(deleted, Resource):
        deleted = DeletedResource(deleted, ())
    r = deleted.resource
    with transaction(conn):
        if conn.execute(SQL_GET, (r.id,)).fetchone() is not None:
            raise ValueError(f"resource #{r.id} is already there")
        other = conn.execute(SQL_BY_URL, (r.url,)).fetchone()
        if other is not None:
            raise ValueError(f"{r.url} is resource #{other['id']} now; resource #{r.id} was not brought back")
        conn.execute(SQL_RESTORE, (r.id, r.url, r.title, r.topic, r.kind, r.description, r.status,
                                   to_sql_date(r.added), to_sql_date(r.done), r.note, to_sql_ts(r.created_at),
                                   to_sql_ts(r.updated_at)))
        conn.executemany(SQL_RESTORE_MEMBER, [(m.id, m.list_id, r.id, m.position, m.section, m.list_id)
                                              for m in deleted.memberships])
        study.relink(conn, r.id, deleted.studied)
        return get(conn, r.id)


def update(conn: sqlite3.Connection, resource_id: int, changes: dict[str, Any], *, now: datetime,
           today: date) -> Resource:
    """Change some fields (names as in NewResource) of a resource; a new URL must not be taken already."""
    with transaction(conn):
        old = get(conn, resource_id)
        current = NewResource(url=old.url, title=old.title, topic=old.topic, kind=old.kind,
                              description=old.description, status=old.status, note=old.note)
        if all(getattr(current, name) == value for name, value in changes.items()):
            return old  # nothing to change: not even updated_at
        merged = _clean(current._replace(**changes))
        if merged == current:
            return old
        other = conn.execute(SQL_BY_URL, (merged.url,)).fetchone()
        if other is not None and other["id"] != resource_id:
            raise ValueError(f"{merged.url} is already resource #{other['id']}")
        done = (old.done or today) if merged.status == "done" else None
        conn.execute(SQL_UPDATE, (merged.url, merged.title, merged.topic, merged.kind, merged.description,
                                  merged.status, to_sql_date(done), merged.note, to_sql_ts(now), resource_id))
        return get(conn, resource_id)

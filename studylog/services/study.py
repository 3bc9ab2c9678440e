"""Study sessions: time spent studying on a day, under a topic, a resource, or both; and the time per
topic and per resource that the Resources screen, the reviews and study goals count."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from studylog import text
from studylog.db.sqlite import from_sql_ts, inserted_id, stored_date, to_sql_date, to_sql_ts, transaction
from studylog.domain.errors import NotFound
from studylog.domain.values import NewStudy, StudySession, StudyTime
from studylog.limits import MAX_STUDY_S as MAX_SESSION_S

COLUMNS = ("s.id, s.day, s.duration_s, s.topic, s.resource_id, s.note, s.created_at, s.updated_at, "
           "COALESCE(r.title, r.url) AS resource_title")
FROM = "study_session AS s LEFT JOIN resource AS r ON r.id = s.resource_id"
SQL_INSERT = (
    "INSERT INTO study_session (day, duration_s, topic, resource_id, note, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM {FROM} WHERE s.id = ?"
SQL_LIST = (
    f"SELECT {COLUMNS} FROM {FROM} "
    "WHERE (:since IS NULL OR s.day >= :since) AND (:until IS NULL OR s.day <= :until) "
    "ORDER BY s.day DESC, s.id DESC LIMIT :limit OFFSET :offset"
)
SQL_UPDATE = (
    "UPDATE study_session SET day = ?, duration_s = ?, topic = ?, resource_id = ?, note = ?, updated_at = ? "
    "WHERE id = ?"
)
SQL_DELETE = "DELETE FROM study_session WHERE id = ?"
SQL_RESTORE = (
    "INSERT INTO study_session (id, day, duration_s, topic, resource_id, note, created_at, updated_at) "
    "SELECT ?, ?, ?, ?, (SELECT id FROM resource WHERE id = ?), ?, ?, ?"
)
SQL_COUNT = "SELECT COUNT(*) FROM study_session"
SQL_DAY_TOTAL = "SELECT COALESCE(SUM(duration_s), 0) FROM study_session WHERE day = ? AND id IS NOT ?"
SQL_OF_RESOURCE = "SELECT id FROM study_session WHERE resource_id = ? ORDER BY id"
SQL_RELINK = "UPDATE study_session SET resource_id = ? WHERE id = ? AND resource_id IS NULL"
SQL_RESOURCE_TOPIC = "SELECT topic FROM resource WHERE id = ?"
SQL_RESOURCE_EXISTS = "SELECT 1 FROM resource WHERE id = ?"
# Every topic named anywhere (resources and sessions), to write a typed topic as it is already written.
SQL_TOPICS = (
    "SELECT topic FROM resource WHERE topic IS NOT NULL UNION SELECT topic FROM study_session "
    "WHERE topic IS NOT NULL"
)
# Time per topic (sessions without one: their resource's topic) and per resource, between two days.
SQL_BY_TOPIC = (
    "SELECT COALESCE(s.topic, r.topic) AS name, SUM(s.duration_s) AS seconds, COUNT(*) AS sessions "
    f"FROM {FROM} WHERE s.day BETWEEN ? AND ? GROUP BY name ORDER BY seconds DESC, name"
)
SQL_BY_RESOURCE = (
    "SELECT COALESCE(r.title, r.url) AS name, SUM(s.duration_s) AS seconds, COUNT(*) AS sessions, r.id AS id "
    f"FROM {FROM} WHERE s.resource_id IS NOT NULL AND s.day BETWEEN ? AND ? GROUP BY r.id "
    "ORDER BY seconds DESC, name"
)
SQL_SECONDS_BY_RESOURCE = (
    "SELECT resource_id, SUM(duration_s) FROM study_session WHERE resource_id IS NOT NULL GROUP BY resource_id"
)
SQL_SECONDS_BY_TOPIC = (
    "SELECT COALESCE(s.topic, r.topic), SUM(s.duration_s) FROM study_session AS s LEFT JOIN resource AS r "
    "ON r.id = s.resource_id GROUP BY 1"
)
SQL_TOTAL = "SELECT COALESCE(SUM(duration_s), 0), COUNT(*) FROM study_session WHERE day BETWEEN ? AND ?"
# One day's study time (a topic's, with the topics under it, when given): what study goals count. The topics
# a typed topic names are found in Python (any case, Unicode included; "%" and "_" are letters there).
SQL_DAILY = (
    "SELECT s.day, SUM(s.duration_s) FROM study_session AS s LEFT JOIN resource AS r ON r.id = s.resource_id "
    "WHERE s.day BETWEEN :since AND :until AND (:topics IS NULL OR COALESCE(s.topic, r.topic) IN "
    "(SELECT value FROM json_each(:topics))) GROUP BY s.day"
)
SQL_SESSION_TOPICS = (
    "SELECT DISTINCT COALESCE(s.topic, r.topic) FROM study_session AS s LEFT JOIN resource AS r "
    "ON r.id = s.resource_id WHERE COALESCE(s.topic, r.topic) IS NOT NULL"
)
# The topics studied between two days: the only ones the sessions of those days can match.
SQL_SESSION_TOPICS_BETWEEN = (
    "SELECT DISTINCT COALESCE(s.topic, r.topic) FROM study_session AS s LEFT JOIN resource AS r "
    "ON r.id = s.resource_id WHERE s.day BETWEEN ? AND ? AND COALESCE(s.topic, r.topic) IS NOT NULL"
)


def from_row(row: sqlite3.Row) -> StudySession:
    return StudySession(
        id=row["id"], day=stored_date(row["day"]), duration_s=row["duration_s"], topic=row["topic"],
        resource_id=row["resource_id"], note=row["note"], created_at=from_sql_ts(row["created_at"]),
        updated_at=from_sql_ts(row["updated_at"]), resource_title=row["resource_title"],
    )


def topic_as_written(conn: sqlite3.Connection, typed: str | None) -> str | None:
    """A topic as it is already written somewhere: "transformers" is "Deep Learning/Transformers" when that
    is the one topic whose whole path or last part it is (in any case); otherwise what was typed, cleaned."""
    topic = text.clean_topic(typed)
    if topic is None:
        return None
    known = [row[0] for row in conn.execute(SQL_TOPICS)]
    folded = topic.casefold()
    whole = [t for t in known if t.casefold() == folded]
    if whole:
        return whole[0]
    last = sorted({t for t in known if t.casefold().rsplit("/", 1)[-1] == folded})
    if len(last) > 1 and "/" not in topic:
        raise ValueError(f"{len(last)} topics end in {topic!r} ({', '.join(last[:5])}): give the whole path")
    return last[0] if len(last) == 1 else topic


def _clean(conn: sqlite3.Connection, new: NewStudy) -> NewStudy:
    from studylog.limits import check_number

    if isinstance(new.duration_s, bool) or not isinstance(new.duration_s, int | float):
        raise ValueError("a study session needs a time, e.g. 45min")
    duration = round(new.duration_s)
    if duration > MAX_SESSION_S:
        raise ValueError("a study session is at most 24h (one day's); log each day's time on its day")
    check_number(duration, 1, MAX_SESSION_S, "a study session of", " seconds")
    resource_id = new.resource_id
    topic = topic_as_written(conn, new.topic)
    if resource_id is not None:
        row = conn.execute(SQL_RESOURCE_TOPIC, (resource_id,)).fetchone()
        if row is None:
            raise NotFound(f"no resource with id {resource_id}")
        if topic is None:
            topic = row["topic"]  # (time on a resource counts under its topic)
    return new._replace(duration_s=duration, topic=topic, resource_id=resource_id, note=text.clean(new.note))


def _fits_the_day(conn: sqlite3.Connection, new: NewStudy, session_id: int | None = None) -> None:
    """No day holds more than 24 hours of study, however many sessions it has."""
    other = conn.execute(SQL_DAY_TOTAL, (new.day.isoformat(), session_id)).fetchone()[0]
    if other + new.duration_s > MAX_SESSION_S:
        from studylog.formatting import format_study_time

        raise ValueError(f"{new.day.isoformat()} holds {format_study_time(other)} of study already: a day has 24 "
                         f"hours (nothing was stored)")


def add(conn: sqlite3.Connection, new: NewStudy, *, now: datetime, today: date | None = None) -> StudySession:
    """Store a session (its topic written as the same topic is already written)."""
    stamp = to_sql_ts(now)
    with transaction(conn):
        new = _clean(conn, new)
        _fits_the_day(conn, new)
        cur = conn.execute(SQL_INSERT, (new.day.isoformat(), new.duration_s, new.topic, new.resource_id, new.note,
                                        stamp, stamp))
        return get(conn, inserted_id(cur))


def get(conn: sqlite3.Connection, session_id: int) -> StudySession:
    row = conn.execute(SQL_GET, (session_id,)).fetchone()
    if row is None:
        raise NotFound(f"no study session with id {session_id}")
    return from_row(row)


def list_sessions(conn: sqlite3.Connection, *, since: date | None = None, until: date | None = None,
                  limit: int | None = None, offset: int = 0) -> list[StudySession]:
    params = {"since": to_sql_date(since), "until": to_sql_date(until), "limit": -1 if limit is None else limit,
              "offset": offset}
    return [from_row(r) for r in conn.execute(SQL_LIST, params)]


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


def _as_new(old: StudySession) -> NewStudy:
    return NewStudy(day=old.day, duration_s=old.duration_s, topic=old.topic, resource_id=old.resource_id,
                    note=old.note)


def update(conn: sqlite3.Connection, session_id: int, changes: dict[str, Any], *, now: datetime,
           today: date | None = None) -> StudySession:
    """Change some fields (names as in NewStudy) of a session; returns the stored result."""
    with transaction(conn):
        old = get(conn, session_id)
        current = _as_new(old)
        if all(getattr(current, name) == value for name, value in changes.items()):
            return old  # nothing to change: not even updated_at
        if changes.get("resource_id") is not None and "topic" not in changes:
            changes = {**changes, "topic": None}  # (another resource: its topic, unless one is given)
        merged = _clean(conn, current._replace(**changes))
        if merged == current:
            return old
        _fits_the_day(conn, merged, session_id)
        conn.execute(SQL_UPDATE, (merged.day.isoformat(), merged.duration_s, merged.topic, merged.resource_id,
                                  merged.note, to_sql_ts(now), session_id))
        return get(conn, session_id)


def delete(conn: sqlite3.Connection, session_id: int) -> StudySession:
    """Delete a session and return what it held (for undo)."""
    with transaction(conn):
        old = get(conn, session_id)
        conn.execute(SQL_DELETE, (session_id,))
        return old


def restore(conn: sqlite3.Connection, session: StudySession) -> StudySession:
    """Put a deleted session back as it was (its resource too, if that is still there); ValueError if it
    is back already."""
    with transaction(conn):
        if conn.execute(SQL_GET, (session.id,)).fetchone() is not None:
            raise ValueError(f"study session #{session.id} is already there")
        conn.execute(SQL_RESTORE, (session.id, session.day.isoformat(), session.duration_s, session.topic,
                                   session.resource_id, session.note, to_sql_ts(session.created_at),
                                   to_sql_ts(session.updated_at)))
        return get(conn, session.id)


def relink(conn: sqlite3.Connection, resource_id: int, session_ids: tuple[int, ...]) -> None:
    """Point sessions back at a resource brought back by undo (its delete had left them without it)."""
    conn.executemany(SQL_RELINK, [(resource_id, n) for n in session_ids])


def of_resource(conn: sqlite3.Connection, resource_id: int) -> tuple[int, ...]:
    """The sessions spent on a resource (what its delete leaves without it)."""
    return tuple(row[0] for row in conn.execute(SQL_OF_RESOURCE, (resource_id,)))


def by_topic(conn: sqlite3.Connection, since: date, until: date) -> list[StudyTime]:
    """Time studied per topic between two days, most first (sessions without a topic: their resource's;
    without either: under "(no topic)")."""
    return [StudyTime(r["name"] or "(no topic)", r["seconds"], r["sessions"])
            for r in conn.execute(SQL_BY_TOPIC, (since.isoformat(), until.isoformat()))]


def by_resource(conn: sqlite3.Connection, since: date, until: date) -> list[StudyTime]:
    """Time studied per resource between two days, most first."""
    return [StudyTime(r["name"], r["seconds"], r["sessions"])
            for r in conn.execute(SQL_BY_RESOURCE, (since.isoformat(), until.isoformat()))]


def total(conn: sqlite3.Connection, since: date, until: date) -> tuple[int, int]:
    """(seconds, sessions) studied between two days."""
    seconds, sessions = conn.execute(SQL_TOTAL, (since.isoformat(), until.isoformat())).fetchone()
    return int(seconds), sessions


def daily(conn: sqlite3.Connection, since: date, until: date, topic: str | None = None) -> dict[date, float]:
    """Seconds studied on each day with study (under ``topic`` and the topics in it, when given)."""
    import json

    from studylog.reports.dossier import matches_topic

    named = None
    if topic is not None:
        named = json.dumps([t for (t,) in conn.execute(SQL_SESSION_TOPICS_BETWEEN, (since.isoformat(), until.isoformat()))
                            if matches_topic(t, topic)])
    params = {"since": since.isoformat(), "until": until.isoformat(), "topics": named}
    return {stored_date(day): float(seconds) for day, seconds in conn.execute(SQL_DAILY, params) if seconds}


def seconds_by_resource(conn: sqlite3.Connection) -> dict[int, int]:
    """Time ever studied on each resource that has any, by its id."""
    return {resource_id: int(seconds) for resource_id, seconds in conn.execute(SQL_SECONDS_BY_RESOURCE)}


def seconds_by_topic(conn: sqlite3.Connection) -> dict[str | None, int]:
    """Time ever studied under each topic (None: sessions with no topic)."""
    return {topic: int(seconds) for topic, seconds in conn.execute(SQL_SECONDS_BY_TOPIC)}

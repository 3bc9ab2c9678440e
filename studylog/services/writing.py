"""Writing entries: add, get, list, edit, delete, and the writing streak."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

from studylog import text
from studylog.db.sqlite import (
    from_json_list,
    from_sql_date,
    from_sql_ts,
    to_json_list,
    to_sql_date,
    to_sql_ts,
    transaction,
)
from studylog.domain.values import ChallengeDay, NewWriting, StreakSummary, WritingEntry
from studylog.reports import streaks

COLUMNS = "id, day, title, words, note, tags, challenge, url, created_at, updated_at"

SQL_INSERT = (
    "INSERT INTO writing_entry (day, title, words, note, tags, challenge, url, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM writing_entry WHERE id = ?"
SQL_LIST = (
    f"SELECT {COLUMNS} FROM writing_entry "
    "WHERE (:since IS NULL OR day >= :since) AND (:until IS NULL OR day <= :until) "
    "ORDER BY day DESC, id DESC LIMIT :limit OFFSET :offset"
)
SQL_UPDATE = (
    "UPDATE writing_entry SET day = ?, title = ?, words = ?, note = ?, tags = ?, challenge = ?, url = ?, "
    "updated_at = ? WHERE id = ?"
)
SQL_DELETE = "DELETE FROM writing_entry WHERE id = ?"
SQL_DAYS = "SELECT DISTINCT day FROM writing_entry WHERE day <= ?"
SQL_SKIPS = "SELECT day FROM skip_day WHERE habit = 'write' AND day <= ?"
SQL_LAST_CHALLENGE = (
    "SELECT challenge, day FROM writing_entry WHERE challenge IS NOT NULL AND day <= ? "
    "ORDER BY day DESC, id DESC LIMIT 1"
)
SQL_CHALLENGE_DAYS = "SELECT COUNT(DISTINCT day) FROM writing_entry WHERE challenge = ? AND day <= ?"
SQL_WEEK = (
    "SELECT COUNT(DISTINCT day), COALESCE(SUM(words), 0) FROM writing_entry WHERE day BETWEEN ? AND ?"
)
SQL_COUNT = "SELECT COUNT(*) FROM writing_entry"
SQL_DAY_WORDS = "SELECT day, SUM(words) FROM writing_entry WHERE day BETWEEN ? AND ? GROUP BY day"


class NotFound(LookupError):
    pass


def from_row(row: sqlite3.Row) -> WritingEntry:
    return WritingEntry(
        id=row["id"], day=date.fromisoformat(row["day"]), title=row["title"], words=row["words"],
        note=row["note"], tags=from_json_list(row["tags"]), challenge=row["challenge"], url=row["url"],
        created_at=from_sql_ts(row["created_at"]), updated_at=from_sql_ts(row["updated_at"]),
    )


def _clean(new: NewWriting) -> NewWriting:
    if new.words < 0:
        raise ValueError("words cannot be negative")
    return new._replace(
        title=text.clean(new.title, multiline=False),
        note=text.clean(new.note),
        challenge=text.clean(new.challenge, multiline=False),
        url=text.clean(new.url, multiline=False),
        tags=tuple(t for t in (text.clean(t, multiline=False) for t in new.tags) if t),
    )


def add(conn: sqlite3.Connection, new: NewWriting, *, now: datetime) -> WritingEntry:
    new = _clean(new)
    stamp = to_sql_ts(now)
    with transaction(conn):
        cur = conn.execute(SQL_INSERT, (new.day.isoformat(), new.title, new.words, new.note,
                                        to_json_list(new.tags), new.challenge, new.url, stamp, stamp))
        return get(conn, cur.lastrowid)


def get(conn: sqlite3.Connection, entry_id: int) -> WritingEntry:
    row = conn.execute(SQL_GET, (entry_id,)).fetchone()
    if row is None:
        raise NotFound(f"no writing entry with id {entry_id}")
    return from_row(row)


def list_entries(conn: sqlite3.Connection, *, since: date | None = None, until: date | None = None,
                 limit: int | None = None, offset: int = 0) -> list[WritingEntry]:
    params = {"since": to_sql_date(since), "until": to_sql_date(until), "limit": -1 if limit is None else limit,
              "offset": offset}
    return [from_row(r) for r in conn.execute(SQL_LIST, params)]


def update(conn: sqlite3.Connection, entry_id: int, changes: dict[str, object], *, now: datetime) -> WritingEntry:
    """Change some fields (names as in NewWriting) of an entry; returns the stored result."""
    with transaction(conn):
        old = get(conn, entry_id)
        merged = _clean(NewWriting(day=old.day, words=old.words, title=old.title, note=old.note,
                                   tags=old.tags, challenge=old.challenge, url=old.url)._replace(**changes))
        conn.execute(SQL_UPDATE, (merged.day.isoformat(), merged.title, merged.words, merged.note,
                                  to_json_list(merged.tags), merged.challenge, merged.url, to_sql_ts(now),
                                  entry_id))
        return get(conn, entry_id)


def delete(conn: sqlite3.Connection, entry_id: int) -> WritingEntry:
    """Delete an entry and return what it held (so a front end can offer to undo)."""
    with transaction(conn):
        old = get(conn, entry_id)
        conn.execute(SQL_DELETE, (entry_id,))
        return old


def restore(conn: sqlite3.Connection, entry: WritingEntry, *, now: datetime) -> WritingEntry:
    """Put a deleted entry back (a new id; the same content and day)."""
    return add(conn, NewWriting(day=entry.day, words=entry.words, title=entry.title, note=entry.note,
                                tags=entry.tags, challenge=entry.challenge, url=entry.url), now=now)


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


def week_totals(conn: sqlite3.Connection, start: date, end: date) -> tuple[int, int]:
    """(days written, words) between start and end inclusive."""
    days, words = conn.execute(SQL_WEEK, (start.isoformat(), end.isoformat())).fetchone()
    return days, words


def streak(conn: sqlite3.Connection, today: date) -> StreakSummary:
    """Current and longest writing streak, and the day of the challenge being written now (if any)."""
    limit = today.isoformat()
    done = [date.fromisoformat(r[0]) for r in conn.execute(SQL_DAYS, (limit,))]
    skipped = [date.fromisoformat(r[0]) for r in conn.execute(SQL_SKIPS, (limit,))]
    current, longest = streaks.current_and_longest(done, skipped, today)
    challenge = None
    row = conn.execute(SQL_LAST_CHALLENGE, (limit,)).fetchone()
    if row is not None and from_sql_date(row["day"]) >= today - timedelta(days=1):
        day_n = conn.execute(SQL_CHALLENGE_DAYS, (row["challenge"], limit)).fetchone()[0]
        challenge = ChallengeDay(row["challenge"], day_n, streaks.challenge_length(row["challenge"]))
    written_today = bool(done) and max(done) == today
    return StreakSummary(current=current, longest=longest, challenge=challenge, written_today=written_today)


def words_by_day(conn: sqlite3.Connection, since: date, until: date) -> dict[date, int]:
    """Words written on each day with writing (a day with entries of 0 words is still a day written)."""
    return {date.fromisoformat(d): w for d, w in conn.execute(SQL_DAY_WORDS, (since.isoformat(), until.isoformat()))}


def skip_days(conn: sqlite3.Connection, until: date) -> set[date]:
    return {date.fromisoformat(r[0]) for r in conn.execute(SQL_SKIPS, (until.isoformat(),))}

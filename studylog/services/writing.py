"""Writing entries: add, get, list, edit, delete, and the writing streak."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from typing import Any

from studylog import text
from studylog.db.sqlite import (
    from_json_list,
    from_sql_ts,
    inserted_id,
    stored_date,
    to_json_list,
    to_sql_date,
    to_sql_ts,
    transaction,
)
from studylog.domain.errors import NotFound  # noqa: F401 (callers catch them here too)
from studylog.domain.values import (
    ChallengeDay,
    ChallengeResult,
    NewWriting,
    Streak,
    StreakSummary,
    WritingEntry,
)
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
# (both days given: a range of the index of days, which the IS NULL form above keeps SQLite from using)
SQL_LIST_BETWEEN = (
    f"SELECT {COLUMNS} FROM writing_entry WHERE day BETWEEN :since AND :until "
    "ORDER BY day DESC, id DESC LIMIT :limit OFFSET :offset"
)
SQL_UPDATE = (
    "UPDATE writing_entry SET day = ?, title = ?, words = ?, note = ?, tags = ?, challenge = ?, url = ?, "
    "updated_at = ? WHERE id = ?"
)
SQL_DELETE = "DELETE FROM writing_entry WHERE id = ?"
SQL_RESTORE = (
    "INSERT INTO writing_entry (id, day, title, words, note, tags, challenge, url, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# A day with entries of no words is not a day written (a title noted for later, an empty draft).
SQL_SKIPS = "SELECT day FROM skip_day WHERE habit = 'write' AND day <= ?"
# The runs of days written or skipped (migration 0009 keeps them, by triggers): the run alive today (it
# reaches yesterday or today), the longest over by today (ties: the most recent; one step down
# ix_writing_run_days) and the run going on past today, if any (a day written or skipped after today: only
# its days up to today count, read from the entries themselves).
SQL_RUNS_KEPT = "SELECT first_day, last_day, days, first_written, last_written FROM writing_run"
_RUN = SQL_RUNS_KEPT + " "
SQL_RUN_ALIVE = _RUN + "WHERE last_day >= ? AND first_day <= ? ORDER BY last_day LIMIT 1"
SQL_LONGEST_RUN = _RUN + "WHERE last_day <= ? AND days > 0 ORDER BY days DESC, last_day DESC LIMIT 1"
SQL_RUN_PAST = _RUN + "WHERE first_day <= ? AND last_day > ? LIMIT 1"
SQL_WRITTEN_BETWEEN = (
    "SELECT count(DISTINCT day), min(day), max(day) FROM writing_entry "
    "WHERE day BETWEEN ? AND ? AND words > 0 AND date(day) IS day"
)
SQL_WRITTEN_ON = "SELECT 1 FROM writing_entry WHERE day = ? AND words > 0 LIMIT 1"
# Every run, made again from the entries and skipped days (as migration 0009's upgrade makes them: the
# triggers keep them since); consecutive days share julianday(day) minus their row number.
SQL_RUNS_MADE = (
    "SELECT min(day) AS first_day, max(day) AS last_day, sum(written) AS days, "
    "min(CASE WHEN written THEN day END) AS first_written, max(CASE WHEN written THEN day END) AS last_written FROM ("
    "SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM ("
    "SELECT day, 1 AS written FROM writing_entry WHERE words > 0 AND date(day) IS day "
    "UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND date(day) IS day"
    ") GROUP BY day) GROUP BY run"
)
# the runs kept that the records do not make, and the runs the records make that are not kept, by first day
SQL_RUNS_ASTRAY = ("SELECT count(*) FROM (SELECT first_day FROM (SELECT * FROM (" + SQL_RUNS_MADE + ") EXCEPT "
                   + SQL_RUNS_KEPT + ") UNION SELECT first_day FROM (SELECT * FROM (" + SQL_RUNS_KEPT
                   + ") EXCEPT SELECT * FROM (" + SQL_RUNS_MADE + ")))")
# The challenge written last, in the last week (CHALLENGE_PAUSE days): one missed day does not end it (its
# Day N waits for the next day written); one not written for longer is not being written now.
CHALLENGE_PAUSE = 7
SQL_LAST_CHALLENGE = (
    "SELECT challenge, day FROM writing_entry WHERE challenge IS NOT NULL AND day BETWEEN ? AND ? "
    "ORDER BY day DESC, id DESC LIMIT 1"
)
SQL_CHALLENGE_DAYS = (
    "SELECT COUNT(DISTINCT day) FROM writing_entry WHERE challenge = ? AND day <= ? AND words > 0"
)
SQL_CHALLENGE_GET = "SELECT id, key, name, days FROM challenge WHERE key = ?"
SQL_CHALLENGE_ADD = "INSERT INTO challenge (key, name, days, created_at) VALUES (?, ?, ?, ?)"
SQL_CHALLENGE_DAYS_SET = "UPDATE challenge SET days = ? WHERE id = ?"
SQL_CHALLENGE_LIST = "SELECT id, key, name, days FROM challenge ORDER BY id"
# Each challenge's written days in order (day, words that day), to find the day it was completed.
SQL_CHALLENGE_PROGRESS = (
    "SELECT day, CAST(TOTAL(words) AS INTEGER) FROM writing_entry WHERE challenge = ? AND words > 0 AND day <= ? GROUP BY day "
    "ORDER BY day"
)
SQL_WEEK = (
    "SELECT COUNT(DISTINCT CASE WHEN words > 0 THEN day END), COALESCE(CAST(TOTAL(words) AS INTEGER), 0) FROM writing_entry "
    "WHERE day BETWEEN ? AND ?"
)
SQL_COUNT = "SELECT COUNT(*) FROM writing_entry"
SQL_DAY_WORDS = (
    "SELECT day, CAST(TOTAL(words) AS INTEGER) FROM writing_entry WHERE day BETWEEN ? AND ? AND words > 0 GROUP BY day"
)


def from_row(row: sqlite3.Row) -> WritingEntry:
    return WritingEntry(
        id=row["id"], day=stored_date(row["day"]), title=row["title"], words=row["words"],
        note=row["note"], tags=from_json_list(row["tags"]), challenge=row["challenge"], url=row["url"],
        created_at=from_sql_ts(row["created_at"]), updated_at=from_sql_ts(row["updated_at"]),
    )


def _clean(new: NewWriting) -> NewWriting:
    from studylog.limits import MAX_WORDS, check_number

    check_number(new.words, 0, MAX_WORDS, "a word count of")
    return new._replace(
        title=text.clean(new.title, multiline=False),
        note=text.clean(new.note),
        challenge=text.clean(new.challenge, multiline=False),
        url=text.clean(new.url, multiline=False),
        tags=tuple(t for t in (text.clean(t, multiline=False) for t in new.tags) if t),
    )


def challenge(conn: sqlite3.Connection, name: str | None, *, now: datetime, days: int | None = None) -> str | None:
    """The challenge's name as first typed ("30-Day Essays" and "30-day essays" are one challenge),
    creating it (with ``days``, else the length its name says) when it is new; ``days`` given for a
    known challenge sets its length. Call inside a transaction."""
    if name is None:
        return None
    key = name.casefold()
    row = conn.execute(SQL_CHALLENGE_GET, (key,)).fetchone()
    if row is None:
        length = days if days is not None else streaks.challenge_length(name)
        conn.execute(SQL_CHALLENGE_ADD, (key, name, length, to_sql_ts(now)))
        return name
    if days is not None and days != row["days"]:
        conn.execute(SQL_CHALLENGE_DAYS_SET, (days, row["id"]))
    return row["name"]


def challenges(conn: sqlite3.Connection) -> list[tuple[str, int | None]]:
    """Every challenge: (name, declared length in days or None)."""
    return [(r["name"], _length(r["days"])) for r in conn.execute(SQL_CHALLENGE_LIST)]


def _length(days: object) -> int | None:
    """A challenge's stored length, or None for one no studylog stores (text, not a whole number of days
    from 1 to 3,660: written outside studylog, and named by `studylog db check`)."""
    return days if type(days) is int and 0 < days <= streaks.MAX_CHALLENGE_DAYS else None


def completed_challenges(conn: sqlite3.Connection, since: date, until: date) -> list[ChallengeResult]:
    """The challenges whose last day was written between two days: "30-day essays: 30 of 30 days"."""
    out = []
    for name, length in challenges(conn):
        if not length:
            continue
        days = conn.execute(SQL_CHALLENGE_PROGRESS, (name, until.isoformat())).fetchall()
        if len(days) < length:
            continue
        done_on = stored_date(days[length - 1][0])
        if since <= done_on <= until:
            words = sum(w for _, w in days[:length])
            first = stored_date(days[0][0])
            out.append(ChallengeResult(name, length, length, words, first, done_on))
    return out


def add(conn: sqlite3.Connection, new: NewWriting, *, now: datetime, today: date | None = None,
        challenge_days: int | None = None) -> WritingEntry:
    """Store an entry; its challenge (if any) is matched whatever its case, and ``challenge_days`` declares
    the challenge's length ("--challenge 'Atomic essays' --days 30")."""
    new = _clean(new)
    stamp = to_sql_ts(now)
    with transaction(conn):
        new = new._replace(challenge=challenge(conn, new.challenge, days=challenge_days, now=now))
        cur = conn.execute(SQL_INSERT, (new.day.isoformat(), new.title, new.words, new.note,
                                        to_json_list(new.tags), new.challenge, new.url, stamp, stamp))
        return get(conn, inserted_id(cur))


def get(conn: sqlite3.Connection, entry_id: int) -> WritingEntry:
    row = conn.execute(SQL_GET, (entry_id,)).fetchone()
    if row is None:
        raise NotFound(f"no writing entry with id {entry_id}")
    return from_row(row)


def list_entries(conn: sqlite3.Connection, *, since: date | None = None, until: date | None = None,
                 limit: int | None = None, offset: int = 0) -> list[WritingEntry]:
    params = {"since": to_sql_date(since), "until": to_sql_date(until), "limit": -1 if limit is None else limit,
              "offset": offset}
    sql = SQL_LIST_BETWEEN if since is not None and until is not None else SQL_LIST
    return [from_row(r) for r in conn.execute(sql, params)]


def update(conn: sqlite3.Connection, entry_id: int, changes: dict[str, Any], *, now: datetime,
           today: date | None = None) -> WritingEntry:
    """Change some fields (names as in NewWriting) of an entry; returns the stored result."""
    with transaction(conn):
        old = get(conn, entry_id)
        current = NewWriting(day=old.day, words=old.words, title=old.title, note=old.note, tags=old.tags,
                             challenge=old.challenge, url=old.url)
        if all(getattr(current, name) == value for name, value in changes.items()):
            return old  # nothing to change: not even updated_at
        merged = _clean(current._replace(**changes))
        merged = merged._replace(challenge=challenge(conn, merged.challenge, now=now))
        if merged == current:
            return old
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


def restore(conn: sqlite3.Connection, entry: WritingEntry) -> WritingEntry:
    """Put a deleted entry back as it was: the same id, content and timestamps (ids are never reused, so
    its id is free; the search index follows by its triggers). ValueError if it is back already."""
    with transaction(conn):
        if conn.execute(SQL_GET, (entry.id,)).fetchone() is not None:
            raise ValueError(f"writing #{entry.id} is already there")
        conn.execute(SQL_RESTORE, (entry.id, entry.day.isoformat(), entry.title, entry.words, entry.note,
                                   to_json_list(entry.tags), entry.challenge, entry.url,
                                   to_sql_ts(entry.created_at), to_sql_ts(entry.updated_at)))
        return get(conn, entry.id)


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


def week_totals(conn: sqlite3.Connection, start: date, end: date) -> tuple[int, int]:
    """(days written, words) between start and end inclusive."""
    days, words = conn.execute(SQL_WEEK, (start.isoformat(), end.isoformat())).fetchone()
    return days, words


def streak(conn: sqlite3.Connection, today: date, *, longest: bool = True) -> StreakSummary:
    """Current and longest writing streak, and the day of the challenge being written now (if any).

    Both the current and the longest streak are read from the runs of days the database keeps (migration
    0009): neither costs more on a long history. ``longest=False`` leaves the longest out
    (``NO_STREAK``) for what shows only the current one (the reviews, `log write`)."""
    limit = today.isoformat()
    streak_now, written_today = _current(conn, today)
    row = conn.execute(SQL_LAST_CHALLENGE, ((today - timedelta(days=CHALLENGE_PAUSE)).isoformat(), limit)).fetchone()
    current = None
    if row is not None:
        day_n = conn.execute(SQL_CHALLENGE_DAYS, (row["challenge"], limit)).fetchone()[0]
        known = conn.execute(SQL_CHALLENGE_GET, (row["challenge"].casefold(),)).fetchone()
        length = _length(known["days"]) if known is not None else streaks.challenge_length(row["challenge"])
        # (a challenge done, not written yesterday or today, is over: not one paused)
        over = length is not None and day_n >= length and row["day"] < (today - timedelta(days=1)).isoformat()
        current = ChallengeDay(row["challenge"], day_n, length) if day_n and not over else None
    best = _longest(conn, today) if longest else streaks.NO_STREAK
    return StreakSummary(current=streak_now, longest=best, challenge=current, written_today=written_today)


def _current(conn: sqlite3.Connection, today: date) -> tuple[Streak, bool]:
    """The streak alive today (as ``streaks.current_and_longest`` says: its run of days written or skipped
    reaches yesterday or today) and whether today is written, from the runs the database keeps."""
    limit = today.isoformat()
    row = conn.execute(SQL_RUN_ALIVE, ((today - timedelta(days=1)).isoformat(), limit)).fetchone()
    written_today = conn.execute(SQL_WRITTEN_ON, (limit,)).fetchone() is not None
    if row is None:
        return streaks.NO_STREAK, written_today
    return _up_to(conn, row, today), written_today


def _longest(conn: sqlite3.Connection, today: date) -> Streak:
    """The longest streak up to today (ties to the most recent), as ``streaks.current_and_longest`` finds it,
    from the runs the database keeps: the cost does not grow with the history."""
    limit = today.isoformat()
    row = conn.execute(SQL_LONGEST_RUN, (limit,)).fetchone()
    best = _up_to(conn, row, today) if row is not None else streaks.NO_STREAK
    past = conn.execute(SQL_RUN_PAST, (limit, limit)).fetchone()
    if past is not None:  # (a run going on after today: its days up to today are a run of their own)
        run = _up_to(conn, past, today)
        if run.days and run.days >= best.days:
            best = run
    return best


def _up_to(conn: sqlite3.Connection, run: sqlite3.Row, today: date) -> Streak:
    """A run kept in ``writing_run`` as a streak on ``today``: the days after today do not count (read from
    the entries for the one run that goes on past today)."""
    first_day, last_day, days, first, last = run
    if last_day > today.isoformat():
        days, first, last = conn.execute(SQL_WRITTEN_BETWEEN, (first_day, today.isoformat())).fetchone()
    if not days:
        return streaks.NO_STREAK
    return Streak(days, stored_date(first), stored_date(last))


def runs_out_of_step(conn: sqlite3.Connection) -> int:
    """How many runs the database keeps (``writing_run``) differ from those of its entries and skipped days
    (0: in step; more only for a database edited by hand)."""
    return conn.execute(SQL_RUNS_ASTRAY).fetchone()[0]


def scratch_rows(conn: sqlite3.Connection) -> int:
    """Rows in the triggers' scratch table (``writing_run_change``): none but while a change is made."""
    return conn.execute("SELECT count(*) FROM writing_run_change").fetchone()[0]


def rebuild_runs(conn: sqlite3.Connection) -> int:
    """Make the runs again from the entries and skipped days (``studylog db reindex``); how many there are."""
    with transaction(conn):  # (all or nothing: never a moment with no runs)
        conn.execute("DELETE FROM writing_run_change")
        conn.execute("DELETE FROM writing_run")
        conn.execute("INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) "
                     + SQL_RUNS_MADE)
    return conn.execute("SELECT count(*) FROM writing_run").fetchone()[0]


def words_by_day(conn: sqlite3.Connection, since: date, until: date) -> dict[date, int]:
    """Words written on each day with writing (a day with entries of 0 words is still a day written)."""
    return {stored_date(d): w for d, w in conn.execute(SQL_DAY_WORDS, (since.isoformat(), until.isoformat()))}


def skip_days(conn: sqlite3.Connection, until: date) -> set[date]:
    return {stored_date(r[0]) for r in conn.execute(SQL_SKIPS, (until.isoformat(),))}

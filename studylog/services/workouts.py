"""Workouts: add, get, list, edit, delete, and weekly totals per sport."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from studylog import text
from studylog.db.sqlite import (
    from_json_list,
    from_sql_time,
    from_sql_ts,
    inserted_id,
    stored_date,
    to_json_list,
    to_sql_date,
    to_sql_time,
    to_sql_ts,
    transaction,
)
from studylog.domain.errors import NotFound  # noqa: F401 (callers catch them here too)
from studylog.domain.values import (
    SPORTS,
    Effort,
    ImportedWorkout,
    ImportSummary,
    NewWorkout,
    RecordEntry,
    Records,
    Skipped,
    SportWeek,
    WeekTotal,
    Workout,
)
from studylog.io.workouts import EFFORT_DISTANCES, EFFORT_NAMES, implausible, whole_workout_efforts

COLUMNS = (
    "id, sport, day, start_time, distance_m, duration_s, elevation_gain_m, avg_hr, pool_length_m, title, "
    "note, tags, source, source_id, created_at, updated_at"
)
SQL_INSERT = (
    "INSERT INTO workout (sport, day, start_time, distance_m, duration_s, elevation_gain_m, avg_hr, "
    "pool_length_m, title, note, tags, source, source_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SQL_GET = f"SELECT {COLUMNS} FROM workout WHERE id = ?"
SQL_LIST = (
    f"SELECT {COLUMNS} FROM workout "
    "WHERE (:since IS NULL OR day >= :since) AND (:until IS NULL OR day <= :until) "
    "AND (:sport IS NULL OR sport = :sport) "
    "ORDER BY day DESC, start_time DESC, id DESC LIMIT :limit OFFSET :offset"
)
# (both days given, any sport: a range of the index of days, which the IS NULL form keeps SQLite from using)
SQL_LIST_BETWEEN = (
    f"SELECT {COLUMNS} FROM workout WHERE day BETWEEN :since AND :until "
    "ORDER BY day DESC, start_time DESC, id DESC LIMIT :limit OFFSET :offset"
)
SQL_UPDATE = (
    "UPDATE workout SET sport = ?, day = ?, start_time = ?, distance_m = ?, duration_s = ?, "
    "elevation_gain_m = ?, avg_hr = ?, pool_length_m = ?, title = ?, note = ?, tags = ?, updated_at = ? "
    "WHERE id = ?"
)
SQL_DELETE = "DELETE FROM workout WHERE id = ?"
SQL_WEEK = (
    "SELECT sport, COUNT(*), COALESCE(SUM(distance_m), 0), COALESCE(SUM(duration_s), 0) FROM workout "
    "WHERE day BETWEEN ? AND ? GROUP BY sport ORDER BY COUNT(*) DESC, sport"
)
SQL_COUNT = "SELECT COUNT(*) FROM workout"
# (a window of days is read through the index of days, "+sport" keeps SQLite from reading the sport's every
# workout through an index of the sport instead)
SQL_IN_WINDOW = (
    "SELECT id, day, distance_m, duration_s FROM workout WHERE +sport = ? AND day BETWEEN ? AND ? ORDER BY day, id"
)
# Is there a workout of a sport before a day (at least as long, at least as long in time, an effort over a
# distance at least as fast)? Each stops at the first one found, and the indexes of 0008 lead it to the only
# rows that can answer (those of the sport at least as long, the efforts over the distance at least as fast),
# so the answer costs the same on 30 years of history as on one.
SQL_ANY_BEFORE = "SELECT 1 FROM workout WHERE sport = ? AND day < ? LIMIT 1"
SQL_LONGER_BEFORE = "SELECT 1 FROM workout WHERE sport = ? AND distance_m >= ? AND day < ? LIMIT 1"
SQL_LONGER_TIME_BEFORE = "SELECT 1 FROM workout WHERE sport = ? AND duration_s >= ? AND day < ? LIMIT 1"
SQL_FASTER_BEFORE = (
    "SELECT 1 FROM workout_effort e CROSS JOIN workout w ON w.id = e.workout_id "
    "WHERE e.distance_m = ? AND e.duration_s <= ? AND w.sport = ? AND w.day < ? LIMIT 1"
)
SQL_BEST_IN_WINDOW = (
    "SELECT distance_m, duration_s, from_track, workout_id, day FROM ("
    " SELECT e.distance_m, e.duration_s, e.from_track, e.workout_id, w.day, ROW_NUMBER() OVER ("
    "  PARTITION BY e.distance_m ORDER BY e.duration_s, w.day, w.id) AS rank"
    " FROM workout_effort e JOIN workout w ON w.id = e.workout_id"
    " WHERE +w.sport = :sport AND w.day BETWEEN :since AND :until"
    ") WHERE rank = 1 ORDER BY distance_m"
)
SQL_ROWS_BETWEEN = (
    "SELECT day, sport, distance_m, duration_s, pool_length_m FROM workout WHERE day BETWEEN ? AND ? ORDER BY day, id"
)
SQL_INSERT_EFFORT = (
    "INSERT OR REPLACE INTO workout_effort (workout_id, distance_m, duration_s, from_track) VALUES (?, ?, ?, ?)"
)
SQL_DELETE_EFFORTS = "DELETE FROM workout_effort WHERE workout_id = ?"
SQL_HAS_TRACK_EFFORTS = "SELECT COUNT(*) FROM workout_effort WHERE workout_id = ? AND from_track"
SQL_BACKFILL_EFFORTS = (
    "INSERT OR IGNORE INTO workout_effort (workout_id, distance_m, duration_s, from_track) "
    "SELECT id, :distance, duration_s * :distance / distance_m, 0 FROM workout "
    "WHERE sport = :sport AND distance_m >= :distance AND duration_s > 0"
)
SQL_IMPORT_KEYS = "SELECT id, sport, source, source_id, day, start_time, distance_m FROM workout"
SQL_LONGEST = (
    "SELECT id, day, distance_m, duration_s FROM workout WHERE sport = :sport AND distance_m IS NOT NULL "
    "AND (:until IS NULL OR day <= :until) ORDER BY distance_m DESC, day, id LIMIT 1"
)
SQL_LONGEST_TIME = (
    "SELECT id, day, distance_m, duration_s FROM workout WHERE sport = :sport AND duration_s IS NOT NULL "
    "AND (:until IS NULL OR day <= :until) ORDER BY duration_s DESC, day, id LIMIT 1"
)
SQL_BEST_EFFORTS = (
    "SELECT distance_m, duration_s, from_track, workout_id, day FROM ("
    " SELECT e.distance_m, e.duration_s, e.from_track, e.workout_id, w.day, ROW_NUMBER() OVER ("
    "  PARTITION BY e.distance_m ORDER BY e.duration_s, w.day, w.id) AS rank"
    " FROM workout_effort e JOIN workout w ON w.id = e.workout_id"
    " WHERE w.sport = :sport AND (:until IS NULL OR w.day <= :until)"
    ") WHERE rank = 1 ORDER BY distance_m"
)
SQL_FIRSTS = (
    "SELECT distance_m, duration_s, workout_id, day FROM ("
    " SELECT e.distance_m, e.duration_s, e.workout_id, w.day, ROW_NUMBER() OVER ("
    "  PARTITION BY e.distance_m ORDER BY w.day, w.start_time, w.id) AS rank"
    " FROM workout_effort e JOIN workout w ON w.id = e.workout_id WHERE w.sport = :sport"
    ") WHERE rank = 1 ORDER BY distance_m"
)
# The firsts on or after a day: the first effort over each distance since then, when there was none before.
SQL_FIRSTS_SINCE = (
    "SELECT distance_m, duration_s, workout_id, day FROM ("
    " SELECT e.distance_m, e.duration_s, e.workout_id, w.day, ROW_NUMBER() OVER ("
    "  PARTITION BY e.distance_m ORDER BY w.day, w.start_time, w.id) AS rank"
    " FROM workout w CROSS JOIN workout_effort e ON e.workout_id = w.id WHERE +w.sport = :sport AND w.day >= :since"
    ") AS f WHERE rank = 1 AND NOT EXISTS ("
    " SELECT 1 FROM workout_effort b CROSS JOIN workout v ON v.id = b.workout_id"
    " WHERE b.distance_m = f.distance_m AND v.sport = :sport AND v.day < :since"
    ") ORDER BY distance_m"
)
SQL_WEEKLY = (
    "SELECT date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6 - :week_start) % 7) || ' days') AS week, "
    "COUNT(*), COALESCE(SUM(distance_m), 0), COALESCE(SUM(duration_s), 0) FROM workout "
    "WHERE +sport = :sport AND day BETWEEN :since AND :until GROUP BY week ORDER BY week"
)
SQL_WINDOW = (
    "SELECT id, day, distance_m, duration_s FROM workout WHERE +sport = :sport AND day BETWEEN :since AND :until "
    "ORDER BY day, id"
)


def from_row(row: sqlite3.Row) -> Workout:
    return Workout(
        id=row["id"], sport=row["sport"], day=stored_date(row["day"]),
        start_time=from_sql_time(row["start_time"]), distance_m=row["distance_m"],
        duration_s=row["duration_s"], elevation_gain_m=row["elevation_gain_m"], avg_hr=row["avg_hr"],
        pool_length_m=row["pool_length_m"], title=row["title"], note=row["note"],
        tags=from_json_list(row["tags"]), source=row["source"], source_id=row["source_id"],
        created_at=from_sql_ts(row["created_at"]), updated_at=from_sql_ts(row["updated_at"]),
    )


def _check(new: NewWorkout, *, numbers: bool = True) -> NewWorkout:
    """The workout cleaned for storing, or Implausible (a ValueError) saying what no one could have done
    (``numbers=False``: its sport, distance and time are not judged again)."""
    from studylog.limits import (
        HEART_RATE,
        MAX_ELEVATION_GAIN_M,
        POOL_LENGTH_M,
        Implausible,
        check_number,
        check_workout,
        nothing_logged,
    )

    if new.sport not in SPORTS:
        raise ValueError(f"unknown sport {new.sport!r}; one of {', '.join(SPORTS)}")
    if numbers:
        check_workout(new.sport, new.distance_m, new.duration_s)
        empty = nothing_logged(new.sport, new.distance_m, new.duration_s)
        if empty:
            raise Implausible(empty)
    check_number(new.avg_hr, *HEART_RATE, "an average heart rate of", " bpm")
    check_number(new.elevation_gain_m, 0, MAX_ELEVATION_GAIN_M, "an elevation gain of", " m")
    check_number(new.pool_length_m, *POOL_LENGTH_M, "a pool length of", " m")
    return new._replace(
        title=text.clean(new.title, multiline=False),
        note=text.clean(new.note),
        tags=tuple(t for t in (text.clean(t, multiline=False) for t in new.tags) if t),
    )


def _values(new: NewWorkout) -> tuple:
    return (new.sport, new.day.isoformat(), to_sql_time(new.start_time), new.distance_m, new.duration_s,
            new.elevation_gain_m, new.avg_hr, new.pool_length_m, new.title, new.note, to_json_list(new.tags))


def add(conn: sqlite3.Connection, new: NewWorkout, *, now: datetime, today: date | None = None,
        efforts: tuple[Effort, ...] = ()) -> Workout:
    """Store a workout and its best efforts (from its track if given, else at its average pace)."""
    new = _check(new)
    stamp = to_sql_ts(now)
    with transaction(conn):
        cur = conn.execute(SQL_INSERT, (*_values(new), new.source, new.source_id, stamp, stamp))
        workout_id = inserted_id(cur)
        _store_efforts(conn, workout_id, new, efforts)
        return get(conn, workout_id)


def _store_efforts(conn: sqlite3.Connection, workout_id: int, new: NewWorkout, track: tuple[Effort, ...]) -> None:
    """Store a workout's best efforts: those of its track that fit its numbers, and the whole workout at its
    average pace for the other standard distances it covers. The rules (never longer than the workout,
    never faster than the record envelope, a longer one never faster than a shorter one) live in
    ``studylog.io.workouts.stored_efforts``, which every importer's ``sane_efforts`` shares."""
    from studylog.io.workouts import stored_efforts

    conn.executemany(SQL_INSERT_EFFORT, [
        (workout_id, e.distance_m, e.duration_s, from_track)
        for e, from_track in stored_efforts(new.sport, new.distance_m, new.duration_s, track)])


def get(conn: sqlite3.Connection, workout_id: int) -> Workout:
    row = conn.execute(SQL_GET, (workout_id,)).fetchone()
    if row is None:
        raise NotFound(f"no workout with id {workout_id}")
    return from_row(row)


def list_workouts(conn: sqlite3.Connection, *, since: date | None = None, until: date | None = None,
                  sport: str | None = None, limit: int | None = None, offset: int = 0) -> list[Workout]:
    params = {"since": to_sql_date(since), "until": to_sql_date(until), "sport": sport,
              "limit": -1 if limit is None else limit, "offset": offset}
    sql = SQL_LIST_BETWEEN if since is not None and until is not None and sport is None else SQL_LIST
    return [from_row(r) for r in conn.execute(sql, params)]


def _as_new(old: Workout) -> NewWorkout:
    return NewWorkout(sport=old.sport, day=old.day, distance_m=old.distance_m, duration_s=old.duration_s,
                      start_time=old.start_time, elevation_gain_m=old.elevation_gain_m, avg_hr=old.avg_hr,
                      pool_length_m=old.pool_length_m, title=old.title, note=old.note, tags=old.tags,
                      source=old.source, source_id=old.source_id)


def update(conn: sqlite3.Connection, workout_id: int, changes: dict[str, Any], *, now: datetime,
           today: date | None = None) -> Workout:
    """Change some fields (names as in NewWorkout) of a workout; returns the stored result."""
    with transaction(conn):
        old = get(conn, workout_id)
        current = _as_new(old)
        if all(getattr(current, name) == value for name, value in changes.items()):
            return old  # nothing to change: not even updated_at
        wanted = current._replace(**changes)
        if (wanted.sport, wanted.distance_m, wanted.duration_s) == (current.sport, current.distance_m,
                                                                    current.duration_s):
            # the numbers stay as they were: a workout stored before today's limits can still be retitled
            merged = _check(wanted, numbers=False)
        else:
            merged = _check(wanted)
        if merged == current:
            return old
        conn.execute(SQL_UPDATE, (*_values(merged), to_sql_ts(now), workout_id))
        if (merged.sport, merged.distance_m, merged.duration_s) == (current.sport, current.distance_m,
                                                                    current.duration_s):
            return get(conn, workout_id)  # the best efforts stand as they were
        # Whole-workout efforts follow the new numbers; the track's stay while they still fit them (and
        # are efforts of the new sport: a run made a ride keeps no "1 km" record).
        standard = EFFORT_DISTANCES.get(merged.sport, ())
        track = tuple(Effort(d, t) for d, t in conn.execute(
            "SELECT distance_m, duration_s FROM workout_effort WHERE workout_id = ? AND from_track", (workout_id,))
            if d in standard)
        conn.execute(SQL_DELETE_EFFORTS, (workout_id,))
        _store_efforts(conn, workout_id, merged, track)
        return get(conn, workout_id)


SQL_RESTORE = f"INSERT INTO workout ({COLUMNS}) VALUES ({', '.join('?' * 16)})"
SQL_EFFORTS_OF = (
    "SELECT distance_m, duration_s, from_track FROM workout_effort WHERE workout_id = ? ORDER BY distance_m"
)
SQL_RESTORE_EFFORT = (
    "INSERT INTO workout_effort (workout_id, distance_m, duration_s, from_track) VALUES (?, ?, ?, ?)"
)


class StoredEffort(NamedTuple):
    """A workout_effort row: a best effort from the track (from_track) or at the whole workout's pace."""

    distance_m: float
    duration_s: float
    from_track: bool


class DeletedWorkout(NamedTuple):
    """What a delete took away: the workout and every best effort it held (its track's ones included)."""

    workout: Workout
    efforts: tuple[StoredEffort, ...]


def delete(conn: sqlite3.Connection, workout_id: int) -> DeletedWorkout:
    """Delete a workout (its efforts go with it) and return what it held, for restore()."""
    with transaction(conn):
        old = get(conn, workout_id)
        efforts = tuple(StoredEffort(r[0], r[1], bool(r[2])) for r in conn.execute(SQL_EFFORTS_OF, (workout_id,)))
        conn.execute(SQL_DELETE, (workout_id,))
        return DeletedWorkout(old, efforts)


def restore(conn: sqlite3.Connection, deleted: DeletedWorkout | Workout) -> Workout:
    """Put a deleted workout back as it was, in one transaction: the same id, fields and timestamps, and
    the same best efforts (those from its track too). Ids are never reused, so the old one is free.
    Given only the Workout, its whole-workout efforts are worked out again. ValueError if it is back
    already."""
    if isinstance(deleted, Workout):
        w = deleted
        efforts = tuple(StoredEffort(e.distance_m, e.duration_s, False)
                        for e in whole_workout_efforts(w.sport, w.distance_m, w.duration_s))
    else:
        w, efforts = deleted
    with transaction(conn):
        if conn.execute(SQL_GET, (w.id,)).fetchone() is not None:
            raise ValueError(f"{w.sport} #{w.id} is already there")
        conn.execute(SQL_RESTORE, (w.id, *_values(_as_new(w)), w.source, w.source_id, to_sql_ts(w.created_at),
                                   to_sql_ts(w.updated_at)))
        conn.executemany(SQL_RESTORE_EFFORT, [(w.id, *e) for e in efforts])
        return get(conn, w.id)


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(SQL_COUNT).fetchone()[0]


def week_by_sport(conn: sqlite3.Connection, start: date, end: date) -> list[SportWeek]:
    return [SportWeek(sport, n, dist, dur)
            for sport, n, dist, dur in conn.execute(SQL_WEEK, (start.isoformat(), end.isoformat()))]


def backfill_efforts(conn: sqlite3.Connection) -> None:
    """Whole-workout efforts for every workout that lacks them (used after bulk inserts)."""
    for sport, distances in EFFORT_DISTANCES.items():
        for distance in distances:
            conn.execute(SQL_BACKFILL_EFFORTS, {"sport": sport, "distance": distance})


# --------------------------------------------------------------------------------------------- imports

SAME_START_SECONDS = 120
SAME_DISTANCE_RATIO = 0.1


def _start_seconds(day: str, start: str | None) -> float | None:
    """A wall-clock start as seconds on one scale (to compare two starts), or None without a time."""
    if start is None:
        return None
    clock = time.fromisoformat(start)
    return stored_date(day).toordinal() * 86400.0 + clock.hour * 3600 + clock.minute * 60 + clock.second


def import_workouts(conn: sqlite3.Connection, label: str,
                    found: Iterable[tuple[str, int | None, ImportedWorkout]], skipped: Iterable[Skipped], *,
                    now: datetime, progress: Callable[[int], None] | None = None,
                    today: date | None = None) -> ImportSummary:
    """Store what workout importers found, in one transaction. A workout already stored is recognised by
    its source id (the same file or Strava activity) or, across sources, by starting within two minutes
    of a stored one with a distance within 10%; then only what the stored one lacks is filled in (its
    track's best efforts, heart rate, elevation). A workout dated after ``today`` is skipped, as a typed
    one is refused."""
    from studylog.limits import day_problem

    skipped = list(skipped)
    notes: list[Skipped] = []
    stamp = to_sql_ts(now)
    added = already = updated = 0
    with transaction(conn):
        by_source: dict[tuple[str, str], int] = {}
        by_day: dict[str, list[_Known]] = {}
        for row in conn.execute(SQL_IMPORT_KEYS):
            if row["source_id"]:
                by_source[(row["source"], row["source_id"])] = row["id"]
            by_day.setdefault(row["day"], []).append(
                _Known(row["id"], _start_seconds(row["day"], row["start_time"]), row["distance_m"], row["sport"],
                       row["source"], row["source_id"]))
        for n, (file, line, imported) in enumerate(found, 1):
            if progress and n % 200 == 0:
                progress(n)
            new = imported.workout
            notes.extend(Skipped(file, line, note) for note in imported.notes)
            reason = implausible(new.sport, new.distance_m, new.duration_s) or (
                day_problem(new.day, today, "a workout", workout=True) if today is not None else None)
            if reason:
                skipped.append(Skipped(file, line, f"not imported: {reason}"))
                continue
            try:
                new = _check(new)
            except ValueError as exc:
                skipped.append(Skipped(file, line, str(exc)))
                continue
            existing = by_source.get((new.source, new.source_id)) if new.source_id else None
            if existing is None:
                existing = _same_activity(by_day, new)
            if existing is not None:
                already += 1
                if _fill_in(conn, existing, new, imported.efforts, stamp):
                    updated += 1
                continue
            cur = conn.execute(SQL_INSERT, (*_values(new), new.source, new.source_id, stamp, stamp))
            workout_id = inserted_id(cur)
            _store_efforts(conn, workout_id, new, imported.efforts)
            added += 1
            if new.source_id:
                by_source[(new.source, new.source_id)] = workout_id
            day = new.day.isoformat()
            by_day.setdefault(day, []).append(_Known(workout_id, _start_seconds(day, to_sql_time(new.start_time)),
                                                     new.distance_m, new.sport, new.source, new.source_id))
    return ImportSummary(file=label, added=added, already=already, skipped=tuple(skipped), updated=updated,
                         notes=tuple(notes))


class _Known(NamedTuple):
    """A stored workout as the de-duplication of an import sees it."""

    id: int
    start: float | None  # wall-clock seconds on one scale (None: no start time)
    distance_m: float | None
    sport: str
    source: str
    source_id: str | None


# Sources whose ids name one activity each: two different ids are two activities, however alike.
ACTIVITY_ID_SOURCES = frozenset({"strava"})


def _same_activity(by_day: dict[str, list[_Known]], new: NewWorkout) -> int | None:
    """A stored workout that is this one from another file: the same sport (or one side's unknown,
    "other"), starts within two minutes (across midnight too), and distances within 10% (a missing
    distance never matches a present one). Two activities of one Strava export are never one."""
    start = _start_seconds(new.day.isoformat(), to_sql_time(new.start_time))
    if start is None:
        return None
    days = (new.day - timedelta(days=1), new.day, new.day + timedelta(days=1))
    for known in (k for day in days for k in by_day.get(day.isoformat(), ())):
        if known.start is None or abs(known.start - start) > SAME_START_SECONDS:
            continue
        if known.sport != new.sport and "other" not in (known.sport, new.sport):
            continue
        if (known.distance_m is None) != (new.distance_m is None):
            continue
        if new.distance_m and known.distance_m and (
                abs(new.distance_m - known.distance_m) > SAME_DISTANCE_RATIO * max(new.distance_m, known.distance_m)):
            continue
        if (known.source == new.source and new.source in ACTIVITY_ID_SOURCES and known.source_id and new.source_id
                and known.source_id != new.source_id):
            continue
        return known.id
    return None


def _fill_in(conn: sqlite3.Connection, workout_id: int, new: NewWorkout, efforts: tuple[Effort, ...],
             stamp: str) -> bool:
    old = get(conn, workout_id)
    changes = {name: getattr(new, name) for name in ("avg_hr", "elevation_gain_m", "pool_length_m", "start_time",
                                                     "duration_s", "distance_m")
               if getattr(old, name) is None and getattr(new, name) is not None}
    if old.sport == "other" and new.sport != "other":  # e.g. a pool swim imported again with --sport swim
        changes["sport"] = new.sport
    merged = _as_new(old)._replace(**changes)
    if implausible(merged.sport, merged.distance_m, merged.duration_s):
        # the two files' numbers together make a workout no one could do (a distance from one, a time from
        # the other): keep what is stored, fill in nothing
        return False
    stored = conn.execute("SELECT distance_m, duration_s, from_track FROM workout_effort WHERE workout_id = ?",
                          (workout_id,)).fetchall()
    track = tuple(Effort(d, t) for d, t, from_track in stored if from_track)
    # A stored track's efforts stay; else the file's, when they are for this sport's distances.
    if not track and efforts and new.sport == merged.sport:
        track = efforts
    elif not changes:
        return False
    if changes:
        conn.execute(SQL_UPDATE, (*_values(merged), stamp, workout_id))
    # The efforts are stored again for the merged numbers (a filled-in distance or time changes them).
    conn.execute(SQL_DELETE_EFFORTS, (workout_id,))
    _store_efforts(conn, workout_id, merged, track)
    now_stored = conn.execute("SELECT distance_m, duration_s, from_track FROM workout_effort WHERE workout_id = ?",
                              (workout_id,)).fetchall()
    return bool(changes) or sorted(map(tuple, now_stored)) != sorted(map(tuple, stored))


# --------------------------------------------------------------------------------------- what it means

def records(conn: sqlite3.Connection, sport: str, *, until: date | None = None) -> Records:
    """Longest distance, longest time and the best effort at each standard distance (up to ``until``)."""
    params = {"sport": sport, "until": to_sql_date(until)}

    def entry(label: str, row: sqlite3.Row | None) -> RecordEntry | None:
        if row is None:
            return None
        return RecordEntry(label, row["distance_m"], row["duration_s"], row["id"], stored_date(row["day"]),
                           False)

    efforts = tuple(
        RecordEntry(EFFORT_NAMES.get(r["distance_m"], f"{r['distance_m']:g} m"), r["distance_m"], r["duration_s"],
                    r["workout_id"], stored_date(r["day"]), bool(r["from_track"]))
        for r in conn.execute(SQL_BEST_EFFORTS, params))
    return Records(sport, entry("longest distance", conn.execute(SQL_LONGEST, params).fetchone()),
                   entry("longest time", conn.execute(SQL_LONGEST_TIME, params).fetchone()), efforts)


def weekly_totals(conn: sqlite3.Connection, sport: str, *, since: date, until: date,
                  week_start: int = 0) -> list[WeekTotal]:
    """Count, distance and time per week (weeks with nothing are left out)."""
    params = {"sport": sport, "since": since.isoformat(), "until": until.isoformat(), "week_start": week_start}
    return [WeekTotal(stored_date(week), n, dist, dur)
            for week, n, dist, dur in conn.execute(SQL_WEEKLY, params)]


def window(conn: sqlite3.Connection, sport: str, *, since: date, until: date) -> list[tuple[date, float | None,
                                                                                             float | None]]:
    """(day, distance, duration) of each workout of a sport in a window, oldest first."""
    params = {"sport": sport, "since": since.isoformat(), "until": until.isoformat()}
    return [(stored_date(r["day"]), r["distance_m"], r["duration_s"]) for r in conn.execute(SQL_WINDOW, params)]


def firsts(conn: sqlite3.Connection, sport: str, *, since: date | None = None) -> list[RecordEntry]:
    """The first workout to cover each standard distance, with its effort over that distance; with
    ``since``, only the firsts on or after that day (read from the workouts since then: what a review or
    the dashboard needs, whatever the length of the history before)."""
    rows = (conn.execute(SQL_FIRSTS, {"sport": sport}) if since is None else
            conn.execute(SQL_FIRSTS_SINCE, {"sport": sport, "since": since.isoformat()}))
    return [RecordEntry(EFFORT_NAMES.get(r["distance_m"], f"{r['distance_m']:g} m"), r["distance_m"],
                        r["duration_s"], r["workout_id"], stored_date(r["day"]), False)
            for r in rows]


def rows_between(conn: sqlite3.Connection, since: date, until: date) -> list[tuple[date, str, float | None,
                                                                                   float | None, float | None]]:
    """(day, sport, metres, seconds, pool length) of every workout between two days: plain rows for reports."""
    return [(stored_date(d), sport, dist, dur, pool) for d, sport, dist, dur, pool in
            conn.execute(SQL_ROWS_BETWEEN, (since.isoformat(), until.isoformat()))]


def records_set(conn: sqlite3.Connection, since: date, until: date) -> list[tuple[str, RecordEntry]]:
    """Records that a workout between two days set: better than everything before ``since``. (The very
    first workouts of a sport set every record: that is not news, so a sport with no history is left out.)
    Each of the window's bests is checked against the history by one indexed question ("anything before
    at least as good?"), never by reading the history."""
    found = []
    first, last = since.isoformat(), until.isoformat()
    for sport in [s for s in SPORTS if s in EFFORT_DISTANCES]:
        rows = conn.execute(SQL_IN_WINDOW, (sport, first, last)).fetchall()
        if not rows or conn.execute(SQL_ANY_BEFORE, (sport, first)).fetchone() is None:
            continue
        best_distance = max((r for r in rows if r["distance_m"]), key=lambda r: r["distance_m"], default=None)
        if best_distance and best_distance["distance_m"] > 0 and conn.execute(
                SQL_LONGER_BEFORE, (sport, best_distance["distance_m"], first)).fetchone() is None:
            found.append((sport, RecordEntry("longest distance", best_distance["distance_m"],
                                             best_distance["duration_s"], best_distance["id"],
                                             stored_date(best_distance["day"]), False)))
        best_time = max((r for r in rows if r["duration_s"]), key=lambda r: r["duration_s"], default=None)
        if best_time and best_time["duration_s"] > 0 and conn.execute(
                SQL_LONGER_TIME_BEFORE, (sport, best_time["duration_s"], first)).fetchone() is None:
            found.append((sport, RecordEntry("longest time", best_time["distance_m"], best_time["duration_s"],
                                             best_time["id"], stored_date(best_time["day"]), False)))
        for r in conn.execute(SQL_BEST_IN_WINDOW, {"sport": sport, "since": first, "until": last}).fetchall():
            if conn.execute(SQL_FASTER_BEFORE, (r["distance_m"], r["duration_s"], sport, first)).fetchone() is None:
                found.append((sport, RecordEntry(EFFORT_NAMES.get(r["distance_m"], f"{r['distance_m']:g} m"),
                                                 r["distance_m"], r["duration_s"], r["workout_id"],
                                                 stored_date(r["day"]), bool(r["from_track"]))))
    return found

"""Everyday reads cost the same on a long history as on a short one (issue 15, point 3), and say the same
as the straightforward computations they replaced: the streak walked back from today, the longest streak
in one pass, the records a window set and the firsts in it asked of the indexes. No timings: the
flatness is checked by counting SQLite's virtual-machine steps (a progress handler), which grow with the
rows a query reads and not with the machine's load."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog.domain.values import RecordEntry
from studylog.io.workouts import EFFORT_DISTANCES, EFFORT_NAMES
from studylog.reports import streaks
from studylog.services import workouts, writing

TODAY = date(2026, 11, 24)
STAMP = "2026-11-24 12:00:00.000000"


# ------------------------------------------------------------------------------------------ helpers

def _write(conn: sqlite3.Connection, days: list[tuple[date, int]]) -> None:
    with conn:
        conn.executemany("INSERT INTO writing_entry (day, words, tags, created_at, updated_at) "
                         "VALUES (?, ?, '[]', ?, ?)", [(d.isoformat(), w, STAMP, STAMP) for d, w in days])


def _skip(conn: sqlite3.Connection, days: list[date], habit: str = "write") -> None:
    with conn:
        conn.executemany("INSERT OR IGNORE INTO skip_day (habit, day, created_at) VALUES (?, ?, ?)",
                         [(habit, d.isoformat(), STAMP) for d in days])


def _workout(conn: sqlite3.Connection, sport: str, day: date, distance: float | None, duration: float | None,
             efforts: dict[float, float] | None = None) -> int:
    cur = conn.execute("INSERT INTO workout (sport, day, distance_m, duration_s, tags, source, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, '[]', 'manual', ?, ?)", (sport, day.isoformat(), distance, duration,
                                                                    STAMP, STAMP))
    workout_id = cur.lastrowid
    assert workout_id is not None
    for distance_m, seconds in (efforts or {}).items():
        conn.execute("INSERT INTO workout_effort (workout_id, distance_m, duration_s, from_track) VALUES (?, ?, ?, 0)",
                     (workout_id, distance_m, seconds))
    return workout_id


@contextmanager
def _steps(conn: sqlite3.Connection) -> Iterator[list[int]]:
    """Count SQLite's virtual-machine steps (in hundreds) while the block runs."""
    counter = [0]

    def tick() -> int:
        counter[0] += 1
        return 0

    conn.set_progress_handler(tick, 100)
    try:
        yield counter
    finally:
        conn.set_progress_handler(None, 0)


def _steps_of(conn: sqlite3.Connection, fn: Callable[[], object]) -> int:
    fn()  # (the first call may prepare statements)
    with _steps(conn) as counter:
        fn()
    return counter[0]


def _reference_streak(conn: sqlite3.Connection, today: date) -> tuple[streaks.Streak, streaks.Streak, bool]:
    """The streak as it was computed before: every day written and skipped, then the pure function."""
    limit = today.isoformat()
    done = [date.fromisoformat(r[0]) for r in conn.execute(
        "SELECT DISTINCT day FROM writing_entry WHERE day <= ? AND words > 0 AND date(day) IS day", (limit,))]
    skipped = [date.fromisoformat(r[0]) for r in conn.execute(
        "SELECT day FROM skip_day WHERE habit = 'write' AND day <= ? AND date(day) IS day", (limit,))]
    current, longest = streaks.current_and_longest(done, skipped, today)
    return current, longest, bool(done) and max(done) == today


# ------------------------------------------------------------------------------------- the streak

days_back = st.integers(min_value=-3, max_value=120)  # (negative: after today, never counted)


@settings(max_examples=60, deadline=None)
@given(written=st.lists(st.tuples(days_back, st.sampled_from([0, 1, 300])), max_size=80),
       skipped=st.lists(days_back, max_size=30), other=st.lists(days_back, max_size=10))
def test_the_streak_is_the_one_computed_from_every_day(tmp_path_factory, written, skipped, other):
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database

    conn = open_database(tmp_path_factory.mktemp("streak") / "s.db", FixedClock(TODAY))
    try:
        _write(conn, [(TODAY - timedelta(days=n), words) for n, words in written])
        _skip(conn, [TODAY - timedelta(days=n) for n in skipped])
        _skip(conn, [TODAY - timedelta(days=n) for n in other], habit="run")  # another habit's skips
        for today in (TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=7)):
            current, longest, written_today = _reference_streak(conn, today)
            summary = writing.streak(conn, today)
            assert (summary.current, summary.longest, summary.written_today) == (current, longest, written_today)
            short = writing.streak(conn, today, longest=False)
            assert (short.current, short.longest, short.challenge) == (current, streaks.NO_STREAK, summary.challenge)
    finally:
        conn.close()


def _runs_kept(conn: sqlite3.Connection) -> list[tuple[str, str, int, str | None, str | None]]:
    return [tuple(row) for row in conn.execute(
        "SELECT first_day, last_day, days, first_written, last_written FROM writing_run ORDER BY first_day")]


def _runs_expected(conn: sqlite3.Connection) -> list[tuple[str, str, int, str | None, str | None]]:
    """Every run of days written or skipped, from every row, as the pure ``streaks.runs`` finds them (it
    gives the days written: the covered span around them is walked here)."""
    def dates(sql: str) -> set[date]:  # (a day that is not a date, as a hand edit may leave, is in no run)
        found = set()
        for (day,) in conn.execute(sql):
            try:
                if date.fromisoformat(day).isoformat() == day:
                    found.add(date.fromisoformat(day))
            except (TypeError, ValueError):
                pass
        return found

    done = dates("SELECT day FROM writing_entry WHERE words > 0")
    skipped = dates("SELECT day FROM skip_day WHERE habit = 'write'")
    covered = sorted(done | skipped)
    out, group = [], []
    for day in covered:
        if group and (day - group[-1]).days != 1:
            out.append(group)
            group = []
        group.append(day)
    if group:
        out.append(group)
    found = []
    for group in out:
        written = [d for d in group if d in done]
        found.append((group[0].isoformat(), group[-1].isoformat(), len(written),
                      written[0].isoformat() if written else None, written[-1].isoformat() if written else None))
    assert [(f[2], f[3], f[4]) for f in found if f[2]] == [
        (r.days, r.start.isoformat(), r.end.isoformat()) for r in streaks.runs(done, skipped)]
    return found


_day = st.integers(min_value=0, max_value=40)
_operation = st.one_of(
    st.tuples(st.just("write"), _day, st.sampled_from([0, 0, 1, 250])),
    st.tuples(st.just("skip"), _day, st.sampled_from(["write", "write", "run"])),
    st.tuples(st.just("delete entry"), st.integers(min_value=0, max_value=60)),
    st.tuples(st.just("delete skip"), st.integers(min_value=0, max_value=60)),
    st.tuples(st.just("move entry"), st.integers(min_value=0, max_value=60), _day),
    st.tuples(st.just("reword entry"), st.integers(min_value=0, max_value=60), st.sampled_from([0, 1, 300])),
    st.tuples(st.just("move skip"), st.integers(min_value=0, max_value=60), _day, st.sampled_from(["write", "run"])),
    # what only a hand edit does: a day with a time or no date at all, the last days of the calendar, a row
    # left in the triggers' scratch table
    st.tuples(st.just("mangle entry"), st.integers(min_value=0, max_value=60),
              st.sampled_from(["T09:00", " 10:00", "x", "-1"])),
    st.tuples(st.just("far"), st.sampled_from(["9999-12-30", "9999-12-31", "0001-01-01", "0001-01-02"]),
              st.sampled_from([0, 5])),
    st.tuples(st.just("scratch"), _day, _day),
)


def _apply(conn: sqlite3.Connection, operation: tuple) -> None:
    start = TODAY - timedelta(days=35)

    def nth(table: str, n: int) -> int | None:
        ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]  # noqa: S608 (a test's own table name)
        return ids[n % len(ids)] if ids else None

    kind, *args = operation
    with conn:
        if kind == "write":
            _write(conn, [(start + timedelta(days=args[0]), args[1])])
        elif kind == "skip":
            _skip(conn, [start + timedelta(days=args[0])], habit=args[1])
        elif kind in ("delete entry", "delete skip"):
            table = "writing_entry" if kind == "delete entry" else "skip_day"
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (nth(table, args[0]),))  # noqa: S608
        elif kind == "move entry":
            conn.execute("UPDATE writing_entry SET day = ? WHERE id = ?",
                         ((start + timedelta(days=args[1])).isoformat(), nth("writing_entry", args[0])))
        elif kind == "mangle entry":
            conn.execute("UPDATE writing_entry SET day = day || ? WHERE id = ?", (args[1], nth("writing_entry", args[0])))
        elif kind == "far":
            conn.execute("INSERT INTO writing_entry (day, words, tags, created_at, updated_at) VALUES (?, ?, '[]', ?, ?)",
                         (args[0], args[1], STAMP, STAMP))
        elif kind == "scratch":
            conn.execute("INSERT INTO writing_run_change (lo, hi) VALUES (?, ?)",
                         (str(start + timedelta(days=min(args))), str(start + timedelta(days=max(args)))))
        elif kind == "reword entry":
            conn.execute("UPDATE writing_entry SET words = ? WHERE id = ?", (args[1], nth("writing_entry", args[0])))
        else:
            conn.execute("UPDATE OR IGNORE skip_day SET day = ?, habit = ? WHERE id = ?",
                         ((start + timedelta(days=args[1])).isoformat(), args[2], nth("skip_day", args[0])))


@settings(max_examples=150, deadline=None)
@given(operations=st.lists(_operation, max_size=40))
def test_the_runs_kept_by_the_database_follow_every_change(tmp_path_factory, operations):
    """Entries written, moved, reworded (to 0 words and back) and deleted, writing days skipped, unskipped and
    moved to another habit, in any order: after each change the runs the triggers keep are those of every row,
    and the streak read from them is the one computed from every day (on days before, on and after the
    last ones written, so some runs go on past "today")."""
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database

    conn = open_database(tmp_path_factory.mktemp("runs") / "r.db", FixedClock(TODAY))
    try:
        for operation in operations:
            _apply(conn, operation)
            if operation[0] == "scratch":  # (said by db check; the next change empties it first)
                assert writing.runs_out_of_step(conn) == 0 and writing.scratch_rows(conn) >= 1
                continue
            assert _runs_kept(conn) == _runs_expected(conn), operation
        for back in (0, 3, 10, 20, 36):
            today = TODAY - timedelta(days=back)
            current, longest, written_today = _reference_streak(conn, today)
            summary = writing.streak(conn, today)
            assert (summary.current, summary.longest, summary.written_today) == (current, longest, written_today)
        assert writing.runs_out_of_step(conn) == 0  # (what db check asks)
        kept = _runs_kept(conn)
        assert writing.rebuild_runs(conn) == len(kept) and _runs_kept(conn) == kept  # (what db reindex does)
        assert writing.scratch_rows(conn) == 0
    finally:
        conn.close()


def test_the_runs_of_an_older_database_are_made_by_its_upgrade(tmp_path):
    """A database written before the runs were kept (revision 0008) gets them from its history on upgrade."""
    from studylog.clock import FixedClock
    from studylog.db import migrate

    path = tmp_path / "old.db"
    migrate.upgrade(path, FixedClock(TODAY), target="0008")
    conn = sqlite3.connect(path)
    _write(conn, [(date(2026, 3, n), 100) for n in (1, 2, 3, 5, 6, 9)] + [(date(2026, 3, 4), 0)])
    _skip(conn, [date(2026, 3, 4), date(2026, 3, 8)])
    conn.close()
    migrate.upgrade(path, FixedClock(TODAY))
    conn = sqlite3.connect(path)
    try:
        assert _runs_kept(conn) == [("2026-03-01", "2026-03-06", 5, "2026-03-01", "2026-03-06"),
                                    ("2026-03-08", "2026-03-09", 1, "2026-03-09", "2026-03-09")]
        assert writing.streak(conn, date(2026, 3, 20)).longest == streaks.Streak(5, date(2026, 3, 1), date(2026, 3, 6))
    finally:
        conn.close()


def test_a_day_that_is_not_a_date_is_left_out_of_the_runs(conn):
    """A database edited by hand: an entry whose day is not a date neither breaks a write nor enters a run."""
    _write(conn, [(date(2026, 3, 1), 100), (date(2026, 3, 2), 100)])
    with conn:
        conn.execute("INSERT INTO writing_entry (day, words, tags, created_at, updated_at) "
                     "VALUES ('2026-03-03x', 50, '[]', ?, ?)", (STAMP, STAMP))
        conn.execute("INSERT INTO skip_day (habit, day, created_at) VALUES ('write', 'someday', ?)", (STAMP,))
    assert _runs_kept(conn) == [("2026-03-01", "2026-03-02", 2, "2026-03-01", "2026-03-02")]
    with conn:
        conn.execute("DELETE FROM writing_entry WHERE day = '2026-03-03x'")
        conn.execute("UPDATE skip_day SET day = '2026-03-03' WHERE day = 'someday'")
    assert _runs_kept(conn) == [("2026-03-01", "2026-03-03", 2, "2026-03-01", "2026-03-02")]


def _history(years: int, seed: int = 3) -> list[tuple[date, int]]:
    """A writer's days: almost every day for ``years`` years, a break two months ago, then every day."""
    rng = random.Random(seed)
    out = []
    for n in range(60, years * 365):
        if rng.random() < 0.9:
            out.append((TODAY - timedelta(days=n), rng.randint(100, 900)))
    return out + [(TODAY - timedelta(days=n), 500) for n in range(0, 58)]  # (days 58, 59: not written)


@pytest.fixture
def short_and_long(tmp_path) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database

    short = open_database(tmp_path / "short.db", FixedClock(TODAY))
    long = open_database(tmp_path / "long.db", FixedClock(TODAY))
    for conn, years in ((short, 1), (long, 12)):
        _write(conn, _history(years))
        _skip(conn, [TODAY - timedelta(days=n) for n in range(30, years * 365, 7)])
    yield short, long
    short.close()
    long.close()


def test_the_streak_reads_only_as_far_back_as_it_goes(short_and_long):
    short, long = short_and_long
    assert writing.streak(short, TODAY, longest=False).current == writing.streak(long, TODAY, longest=False).current
    steps_short = _steps_of(short, lambda: writing.streak(short, TODAY, longest=False))
    steps_long = _steps_of(long, lambda: writing.streak(long, TODAY, longest=False))
    assert steps_long <= steps_short * 1.2 + 2, (steps_short, steps_long)
    # and the longest streak too, read from the runs the database keeps (migration 0009)
    assert writing.streak(short, TODAY).longest != writing.streak(long, TODAY).longest
    steps_short = _steps_of(short, lambda: writing.streak(short, TODAY))
    steps_long = _steps_of(long, lambda: writing.streak(long, TODAY))
    assert steps_long <= steps_short * 1.2 + 2, (steps_short, steps_long)


# ------------------------------------------------------------------------------ records and firsts

def _reference_records_set(conn: sqlite3.Connection, since: date, until: date) -> list[tuple[str, RecordEntry]]:
    """records_set as it was: every earlier workout and effort read and aggregated."""
    from studylog.domain.values import SPORTS

    found = []
    for sport in [s for s in SPORTS if s in EFFORT_DISTANCES]:
        rows = conn.execute(workouts.SQL_IN_WINDOW, (sport, since.isoformat(), until.isoformat())).fetchall()
        if not rows:
            continue
        longest_before, longest_time_before, any_before = conn.execute(
            "SELECT MAX(distance_m), MAX(duration_s), COUNT(*) FROM workout WHERE sport = ? AND day < ?",
            (sport, since.isoformat())).fetchone()
        if not any_before:
            continue
        best_distance = max((r for r in rows if r["distance_m"]), key=lambda r: r["distance_m"], default=None)
        if best_distance and best_distance["distance_m"] > (longest_before or 0):
            found.append((sport, RecordEntry("longest distance", best_distance["distance_m"],
                                             best_distance["duration_s"], best_distance["id"],
                                             date.fromisoformat(best_distance["day"]), False)))
        best_time = max((r for r in rows if r["duration_s"]), key=lambda r: r["duration_s"], default=None)
        if best_time and best_time["duration_s"] > (longest_time_before or 0):
            found.append((sport, RecordEntry("longest time", best_time["distance_m"], best_time["duration_s"],
                                             best_time["id"], date.fromisoformat(best_time["day"]), False)))
        before = dict(conn.execute(
            "SELECT e.distance_m, MIN(e.duration_s) FROM workout_effort e JOIN workout w ON w.id = e.workout_id "
            "WHERE w.sport = ? AND w.day < ? GROUP BY e.distance_m", (sport, since.isoformat())).fetchall())
        for r in conn.execute(workouts.SQL_BEST_IN_WINDOW, {"sport": sport, "since": since.isoformat(),
                                                             "until": until.isoformat()}):
            if r["distance_m"] not in before or r["duration_s"] < before[r["distance_m"]]:
                found.append((sport, RecordEntry(EFFORT_NAMES.get(r["distance_m"], f"{r['distance_m']:g} m"),
                                                 r["distance_m"], r["duration_s"], r["workout_id"],
                                                 date.fromisoformat(r["day"]), bool(r["from_track"]))))
    return found


def _random_workouts(conn: sqlite3.Connection, rng: random.Random, days: int, count: int) -> None:
    paces = {"run": 330.0, "swim": 120.0 / 100 * 100 / 100, "ride": 130.0, "walk": 700.0, "hike": 800.0}
    with conn:
        for _ in range(count):
            sport = rng.choice(["run", "run", "swim", "ride", "walk", "hike", "yoga"])
            day = TODAY - timedelta(days=rng.randint(0, days))
            if sport == "yoga":
                _workout(conn, sport, day, None, rng.choice([None, 1800.0, 3600.0]))
                continue
            distance = rng.choice([None, round(rng.uniform(800, 45000), -2)])
            pace = paces[sport] * rng.uniform(0.8, 1.3) / 1000  # seconds per metre
            duration = round(distance * pace) if distance else rng.choice([None, 2400.0])
            efforts = {d: round(d * pace * rng.uniform(0.9, 1.1)) for d in EFFORT_DISTANCES[sport]
                       if distance and d <= distance}
            _workout(conn, sport, day, distance, duration, efforts)


@pytest.mark.parametrize("seed", range(8))
def test_records_set_are_those_of_every_earlier_workout(conn, seed):
    rng = random.Random(seed)
    _random_workouts(conn, rng, days=900, count=rng.choice([5, 40, 300]))
    for since, until in ((TODAY - timedelta(days=6), TODAY), (date(2026, 1, 1), TODAY),
                         (TODAY - timedelta(days=400), TODAY - timedelta(days=300)), (TODAY, TODAY)):
        assert workouts.records_set(conn, since, until) == _reference_records_set(conn, since, until)


def test_records_set_ties_and_equal_efforts_are_not_records(conn):
    first = _workout(conn, "run", TODAY - timedelta(days=30), 10000.0, 3000.0, {5000.0: 1500.0, 10000.0: 3000.0})
    _workout(conn, "run", TODAY - timedelta(days=2), 10000.0, 3000.0, {5000.0: 1500.0, 10000.0: 3000.0})
    assert first and workouts.records_set(conn, TODAY - timedelta(days=6), TODAY) == []
    _workout(conn, "run", TODAY - timedelta(days=1), 10000.0, 3100.0, {5000.0: 1499.0, 10000.0: 3100.0})
    found = workouts.records_set(conn, TODAY - timedelta(days=6), TODAY)
    assert [(s, r.label, r.duration_s) for s, r in found] == [("run", "longest time", 3100.0), ("run", "5 km", 1499.0)]
    assert found == _reference_records_set(conn, TODAY - timedelta(days=6), TODAY)


@pytest.mark.parametrize("seed", range(6))
def test_firsts_since_a_day_are_the_firsts_ever_from_that_day(conn, seed):
    rng = random.Random(100 + seed)
    _random_workouts(conn, rng, days=700, count=rng.choice([10, 80, 250]))
    for sport in ("run", "swim", "ride", "walk", "hike"):
        every = workouts.firsts(conn, sport)
        for since in (TODAY - timedelta(days=n) for n in (0, 30, 56, 365, 700, 800)):
            assert workouts.firsts(conn, sport, since=since) == [f for f in every if f.day >= since]


def _workout_history(conn: sqlite3.Connection, years: int) -> None:
    """A runner's and swimmer's years: the same last two months whatever came before."""
    rng = random.Random(5)
    with conn:
        for n in range(60, years * 365, 2):
            sport = "run" if n % 4 else "swim"
            distance = 8000.0 if sport == "run" else 1000.0
            pace = 0.33 if sport == "run" else 1.2
            _workout(conn, sport, TODAY - timedelta(days=n), distance, distance * pace * rng.uniform(1, 1.2),
                     {d: d * pace * rng.uniform(1, 1.2) for d in EFFORT_DISTANCES[sport] if d <= distance})
        for n in range(0, 60, 3):  # the recent weeks, faster and longer, and a first half marathon
            distance = 21097.5 if n == 3 else 12000.0
            _workout(conn, "run", TODAY - timedelta(days=n), distance, distance * 0.3,
                     {d: d * 0.3 for d in EFFORT_DISTANCES["run"] if d <= distance})


def test_records_and_firsts_read_as_much_on_a_long_history_as_on_a_short_one(tmp_path):
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database

    short = open_database(tmp_path / "short.db", FixedClock(TODAY))
    long = open_database(tmp_path / "long.db", FixedClock(TODAY))
    try:
        _workout_history(short, 1)
        _workout_history(long, 12)
        week = TODAY - timedelta(days=6)
        def same(found: list[tuple[str, RecordEntry]]) -> list[tuple[str, RecordEntry]]:
            return [(sport, r._replace(workout_id=0)) for sport, r in found]  # (ids differ between the two)

        assert same(workouts.records_set(short, week, TODAY)) == same(workouts.records_set(long, week, TODAY))
        assert [r.label for _, r in workouts.records_set(long, week, TODAY)]  # (records are set: the test bites)
        since = TODAY - timedelta(days=56)
        assert [f.label for f in workouts.firsts(long, "run", since=since)] == ["half marathon"]
        for fn in (lambda c: workouts.records_set(c, week, TODAY),
                   lambda c: workouts.records_set(c, date(2026, 1, 1), TODAY),
                   lambda c: workouts.firsts(c, "run", since=since),
                   lambda c: workouts.list_workouts(c, since=week, until=TODAY)):
            steps_short = _steps_of(short, lambda fn=fn: fn(short))
            steps_long = _steps_of(long, lambda fn=fn: fn(long))
            assert steps_long <= steps_short * 1.2 + 2, (steps_short, steps_long)
    finally:
        short.close()
        long.close()


def test_the_week_list_of_writing_reads_only_the_week(short_and_long):
    short, long = short_and_long
    week = TODAY - timedelta(days=6)
    every = writing.list_entries(long)
    assert writing.list_entries(long, since=week, until=TODAY) == [e for e in every if week <= e.day <= TODAY]
    assert writing.list_entries(long, since=week, until=TODAY, limit=3, offset=2) == \
        [e for e in every if week <= e.day <= TODAY][2:5]
    assert len(writing.list_entries(short, since=week, until=TODAY)) == len(writing.list_entries(long, since=week,
                                                                                                  until=TODAY))
    steps_short = _steps_of(short, lambda: writing.list_entries(short, since=week, until=TODAY))
    steps_long = _steps_of(long, lambda: writing.list_entries(long, since=week, until=TODAY))
    assert steps_long <= steps_short * 1.2 + 2, (steps_short, steps_long)


# ------------------------------------------------------------------ the everyday reads, all together

def _prepend_history(conn: sqlite3.Connection, copies: int) -> None:
    """Copies of every workout (with its efforts), writing entry, skip day, habit log, study session, book
    and resource, 2, 4, ... years earlier: the same recent weeks on top of a longer history."""
    top = {table: conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0
           for table in ("workout", "writing_entry", "skip_day", "habit_log", "study_session", "reading_item",
                         "resource")}
    with conn:
        for k in range(1, copies + 1):
            shift, mark, offset = f"-{2 * k} years", f"#{k}", 1_000_000 * k
            conn.execute(
                "INSERT INTO workout (id, sport, day, start_time, distance_m, duration_s, elevation_gain_m, avg_hr, "
                "pool_length_m, title, note, tags, source, source_id, created_at, updated_at) "
                "SELECT id + ?, sport, date(day, ?), start_time, distance_m, duration_s, elevation_gain_m, avg_hr, "
                "pool_length_m, title, note, tags, source, source_id || ?, created_at, updated_at FROM workout "
                "WHERE id <= ?", (offset, shift, mark, top["workout"]))
            conn.execute("INSERT INTO workout_effort (workout_id, distance_m, duration_s, from_track) "
                         "SELECT workout_id + ?, distance_m, duration_s, from_track FROM workout_effort "
                         "WHERE workout_id <= ?", (offset, top["workout"]))
            conn.execute("INSERT INTO writing_entry (day, title, words, note, tags, challenge, url, created_at, "
                         "updated_at) SELECT date(day, ?), title, words, note, tags, NULL, url, created_at, updated_at "
                         "FROM writing_entry WHERE id <= ?", (shift, top["writing_entry"]))
            conn.execute("INSERT INTO skip_day (habit, day, reason, created_at) SELECT habit, date(day, ?), reason, "
                         "created_at FROM skip_day WHERE id <= ?", (shift, top["skip_day"]))
            conn.execute("INSERT INTO habit_log (habit_id, day, amount, created_at) SELECT habit_id, date(day, ?), "
                         "amount, created_at FROM habit_log WHERE id <= ?", (shift, top["habit_log"]))
            conn.execute("INSERT INTO study_session (day, duration_s, topic, resource_id, note, created_at, updated_at) "
                         "SELECT date(day, ?), duration_s, topic, resource_id, note, created_at, updated_at "
                         "FROM study_session WHERE id <= ?", (shift, top["study_session"]))
            conn.execute(
                "INSERT INTO reading_item (kind, title, authors, url, isbn, pages, status, added, started, finished, "
                "rating, review, tags, source, source_id, created_at, updated_at) SELECT kind, title, authors, url, "
                "isbn, pages, status, date(added, ?1), date(started, ?1), date(finished, ?1), rating, review, tags, "
                "source, source_id || ?2, created_at, updated_at FROM reading_item WHERE id <= ?3",
                (shift, mark, top["reading_item"]))
            conn.execute(
                "INSERT INTO resource (url, title, topic, kind, description, status, added, done, note, created_at, "
                "updated_at) SELECT url || ?2, title, topic, kind, description, status, date(added, ?1), "
                "date(done, ?1), note, created_at, updated_at FROM resource WHERE id <= ?3",
                (shift, mark, top["resource"]))


def test_the_week_the_year_the_dashboard_and_log_write_read_as_much_on_9_years_as_on_1(tmp_path):
    """The demo's year, and the same year on top of eight more (copies of it 2 to 8 years back): every
    everyday read takes as many steps on both, the longest streak included (the database keeps the runs)."""
    from studylog.api import writing as api_writing
    from studylog.clock import FixedClock
    from studylog.db.opening import open_database
    from studylog.domain.values import NewWriting
    from studylog.reports.review import week_review, year_review
    from studylog.services import dashboard, demo, review

    clock = FixedClock(TODAY)
    short = open_database(tmp_path / "short.db", clock)
    demo.generate(short, TODAY, years=1, now=clock.now())
    short.close()
    (tmp_path / "long.db").write_bytes((tmp_path / "short.db").read_bytes())
    short, long = open_database(tmp_path / "short.db", clock), open_database(tmp_path / "long.db", clock)
    try:
        _prepend_history(long, 4)
        assert long.execute("SELECT COUNT(*) FROM workout").fetchone()[0] == \
            5 * short.execute("SELECT COUNT(*) FROM workout").fetchone()[0]
        assert writing.streak(long, TODAY).longest.days >= writing.streak(short, TODAY).longest.days

        class Db:
            def __init__(self, conn: sqlite3.Connection) -> None:
                self.conn, self.clock = conn, clock

            @contextmanager
            def connection(self) -> Iterator[sqlite3.Connection]:
                yield self.conn

        def log_write(conn: sqlite3.Connection) -> None:
            entry, _ = api_writing.log(Db(conn), NewWriting(day=TODAY, words=300, title="Flat"))
            writing.delete(conn, entry.id)

        week = date(2026, 11, 16)
        reads: dict[str, Callable[[sqlite3.Connection], object]] = {
            "week review": lambda c: week_review(review.week_inputs(c, week, TODAY)),
            "last week's review": lambda c: week_review(review.week_inputs(c, week - timedelta(weeks=1), TODAY)),
            "year review": lambda c: year_review(review.year_inputs(c, 2026, TODAY)),
            "streak": lambda c: writing.streak(c, TODAY),
            "dashboard": lambda c: dashboard.load(c, TODAY),
            "log write": log_write,
        }
        for name, read in reads.items():
            steps_short = _steps_of(short, lambda read=read: read(short))
            steps_long = _steps_of(long, lambda read=read: read(long))
            assert steps_long <= steps_short * 1.2 + 2, (name, steps_short, steps_long)
    finally:
        short.close()
        long.close()


# ------------------------------------------------------------------------------ periods met in a year

def _reference_periods_met(goal, daily, skips, first, last, *, week_start=0, since=None, until=None,  # noqa: ANN001, ANN202
                           today=None):
    """periods_met as it was written first: a list of days and a generator for every period."""
    from studylog.reports.goals import _clean, _days, _reached, _within, period_bounds

    met = total = 0
    skipped = set(skips)
    end_of_life = last if until is None else min(last, until)
    values = _clean(daily, end_of_life, since)
    day = first if since is None else max(first, period_bounds(goal.period or "day", since, week_start)[0])
    while day <= last:
        start, end = period_bounds(goal.period or "day", day, week_start)
        day = end + timedelta(days=1)
        holds_today = today is not None and start <= today <= end and start <= last
        if (end > last and not holds_today) or (until is not None and start > until):
            continue
        whole = ((since is None or start >= since) and (until is None or end <= until)
                 and (today is None or end < today))
        days = _days(start, end)
        done = sum(values.get(d, 0.0) for d in days)
        if goal.kind == "limit":
            reached = _within(done, goal.target) and (today is None or end < today)
        else:
            reached = _reached(done, goal.target, goal.metric) or all(d in skipped for d in days)
        if whole or reached:
            total += 1
            met += reached
    return met, total


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["frequency", "amount", "limit"]), period=st.sampled_from(["day", "week", "month"]),
       target=st.sampled_from([0.0, 1.0, 2.0, 2.5, 3.0]),
       done=st.dictionaries(st.integers(0, 500), st.sampled_from([0.5, 1.0, 2.0, 3.0]), max_size=200),
       skipped=st.sets(st.integers(0, 500), max_size=60), since=st.one_of(st.none(), st.integers(0, 400)),
       until=st.one_of(st.none(), st.integers(100, 500)), week_start=st.integers(0, 6))
def test_periods_met_counts_as_the_first_writing_of_it(kind, period, target, done, skipped, since, until, week_start):
    from studylog.domain.values import GoalSpec
    from studylog.reports.goals import periods_met

    start = date(2025, 6, 1)
    goal = GoalSpec(kind, "write", "count", target, period, "a goal")
    daily = {start + timedelta(days=n): v for n, v in done.items()}
    skips = {start + timedelta(days=n) for n in skipped}
    options = {"week_start": week_start, "since": None if since is None else start + timedelta(days=since),
               "until": None if until is None else start + timedelta(days=until), "today": TODAY}
    first, last = date(2026, 1, 1), TODAY
    assert periods_met(goal, daily, skips, first, last, **options) == \
        _reference_periods_met(goal, daily, skips, first, last, **options)

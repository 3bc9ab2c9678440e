"""`db check` leaves out of Python the rows whose rules joining columns or rows SQL can vouch for: a
workout's pace, a best effort beside its workout, a book's days. Those conditions must be strict: a row
they vouch for must be one the Python rule finds nothing in. Held here directly (each condition against
its rule, on numbers at every edge of the limits) and through whole databases checked both ways."""

from __future__ import annotations

import math
import shutil
import sqlite3
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog import limits
from studylog.domain.values import Effort
from studylog.io.workouts import EFFORT_SLACK_M, EFFORT_SLACK_RATIO, EFFORT_SLACK_S, sane_efforts
from studylog.services import transfer

TODAY = date(2026, 11, 24)
SPORTS = [*limits.SPORT_LIMITS, "RUN", "unknown", ""]


def _edges() -> list[float]:
    """Every number a limit is made of, a hair either side of it, and the slack's edges."""
    found = {0.0, -0.0, 1.0, 2.0, 5.0, 10.0, 1e-9, 0.5, 1e308, -1.0}
    for sport_limits in limits.SPORT_LIMITS.values():
        found.update([sport_limits.max_duration_s, sport_limits.top_speed])
        if sport_limits.max_distance_m is not None:
            found.add(sport_limits.max_distance_m)
        for metres, speed in sport_limits.record_speeds:
            found.update([metres, speed, metres / speed])
    found.update([limits.MIN_DISTANCE_M, limits.MIN_DURATION_S, EFFORT_SLACK_M, EFFORT_SLACK_S])
    edges = set()
    for x in found:
        edges.update([x, math.nextafter(x, math.inf), math.nextafter(x, -math.inf)])
    return sorted(edges)


EDGES = _edges()
NUMBERS = st.one_of(st.none(), st.sampled_from(EDGES), st.integers(-5, 3_000_000),
                    st.floats(allow_nan=True, allow_infinity=True), st.floats(0.5, 2_000_000.0))


def _scratch() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE workout (id INTEGER PRIMARY KEY, sport VARCHAR, distance_m FLOAT, duration_s FLOAT)")
    conn.execute("CREATE TABLE workout_effort (workout_id INTEGER, distance_m FLOAT, duration_s FLOAT)")
    return conn


def _own(table: str, columns: list[str]) -> str:
    """The row's own conditions (the joined ones are only asked of rows these vouch for)."""
    checking = transfer.Checking(TODAY, "today", cleaning=False)
    table_rules = transfer.rules()[table]
    return " AND ".join(table_rules[c].plain(f'"{table}"."{c}"', checking) for c in columns)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(SPORTS), NUMBERS, NUMBERS)
def test_a_pace_sql_vouches_for_is_one_workout_problem_accepts(sport, metres, seconds):
    conn = _scratch()
    conn.execute("INSERT INTO workout VALUES (1, ?, ?, ?)", (sport, metres, seconds))
    plain = transfer._joined_plain(conn, "workout", ["id", "sport", "distance_m", "duration_s"])
    own = _own("workout", ["sport", "distance_m", "duration_s"])
    row = conn.execute(f'SELECT sport, distance_m, duration_s, ({own}) AND ({plain}) FROM "workout"').fetchone()
    stored_sport, stored_metres, stored_seconds, vouched = row  # (as stored: NaN is NULL)
    if vouched:
        checking = transfer.Checking(TODAY, "today", cleaning=False)
        stored = {"id": 1, "sport": stored_sport, "distance_m": stored_metres, "duration_s": stored_seconds}
        assert transfer._joined("workout", stored, checking, set()) is None, row
        assert limits.workout_problem(stored_sport, stored_metres, stored_seconds) is None, row


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(SPORTS), NUMBERS, NUMBERS, NUMBERS, NUMBERS)
def test_an_effort_sql_vouches_for_is_one_its_workout_keeps(sport, w_metres, w_seconds, metres, seconds):
    conn = _scratch()
    conn.execute("INSERT INTO workout VALUES (1, ?, ?, ?)", (sport, w_metres, w_seconds))
    conn.execute("INSERT INTO workout_effort VALUES (1, ?, ?)", (metres, seconds))
    plain = transfer._joined_plain(conn, "workout_effort", ["workout_id", "distance_m", "duration_s"])
    own = _own("workout_effort", ["distance_m", "duration_s"])
    e_metres, e_seconds, vouched = conn.execute(
        f'SELECT distance_m, duration_s, ({own}) AND ({plain}) FROM "workout_effort"').fetchone()
    w = conn.execute("SELECT sport, distance_m, duration_s FROM workout").fetchone()
    if vouched:  # (as _joined holds an effort to a workout it noted)
        checking = transfer.Checking(TODAY, "today", cleaning=False)
        checking.workouts[1] = w
        effort = {"workout_id": 1, "distance_m": e_metres, "duration_s": e_seconds, "from_track": 1}
        assert transfer._joined("workout_effort", effort, checking, set()) is None, (w, e_metres, e_seconds)
        if e_metres is not None and e_seconds is not None:
            assert sane_efforts(*w, [Effort(e_metres, e_seconds)]), (w, e_metres, e_seconds)


@pytest.mark.parametrize("sport", [s for s in limits.SPORT_LIMITS if limits.SPORT_LIMITS[s].record_speeds])
def test_efforts_just_past_an_edge_are_left_to_python(sport):
    """Just beyond the slack, or faster than the slowest record: not vouched for (Python decides)."""
    conn = _scratch()
    conn.execute("INSERT INTO workout VALUES (1, ?, 10000.0, 36000.0)", (sport,))
    slowest = min(speed for _, speed in limits.SPORT_LIMITS[sport].record_speeds)
    beyond = 10000.0 * (1 + EFFORT_SLACK_RATIO) + EFFORT_SLACK_M
    for metres, seconds in [(math.nextafter(beyond, math.inf), 36000.0), (1000.0, 1000.0 / slowest),
                            (1000.0, 36000.0 * (1 + EFFORT_SLACK_RATIO) + EFFORT_SLACK_S + 1)]:
        conn.execute("DELETE FROM workout_effort")
        conn.execute("INSERT INTO workout_effort VALUES (1, ?, ?)", (metres, seconds))
        plain = transfer._joined_plain(conn, "workout_effort", ["workout_id", "distance_m", "duration_s"])
        assert conn.execute(f"SELECT ({plain}) FROM workout_effort").fetchone() == (0,), (metres, seconds)




DAYS = st.sampled_from([None, "2020-01-01", "2026-01-01", "2026-01-02", "2025-12-31", "2026-11-24", "2026-11-25",
                        "2026-02-30", "x", 3])


@given(st.data())
def test_workouts_efforts_and_books_spoiled_are_found_with_or_without_sql(demo_database, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("check") / "studylog.db"
    shutil.copy(demo_database, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    ids = [r[0] for r in conn.execute("SELECT DISTINCT workout_id FROM workout_effort ORDER BY 1")]
    for _ in range(data.draw(st.integers(1, 6), label="workouts spoiled")):
        workout = data.draw(st.sampled_from(ids), label="workout")
        column = data.draw(st.sampled_from(["sport", "distance_m", "duration_s"]), label="column")
        value = data.draw(st.sampled_from(SPORTS) if column == "sport" else NUMBERS, label="value")
        effort = data.draw(st.sampled_from(["distance_m", "duration_s"]), label="effort column")
        effort_value = data.draw(NUMBERS, label="effort value")
        try:  # (a value the schema itself refuses, NOT NULL or a duplicate key, is left out)
            conn.execute(f'UPDATE workout SET "{column}" = ? WHERE id = ?', (value, workout))
            conn.execute(f'UPDATE workout_effort SET "{effort}" = ? WHERE rowid = (SELECT min(rowid) FROM '
                         f'workout_effort WHERE workout_id = ?)', (effort_value, workout))
        except sqlite3.Error:
            continue
    books = [r[0] for r in conn.execute("SELECT id FROM reading_item")]
    for _ in range(data.draw(st.integers(0, 4), label="books spoiled")):
        book = data.draw(st.sampled_from(books), label="book")
        column = data.draw(st.sampled_from(["started", "finished"]), label="book column")
        try:
            conn.execute(f'UPDATE reading_item SET "{column}" = ? WHERE id = ?', (data.draw(DAYS), book))
        except sqlite3.Error:
            continue
    conn.commit()
    fast = transfer.stored_value_problems(conn, today=TODAY)
    full = transfer.stored_value_problems(conn, today=TODAY, prefilter=False)
    conn.close()
    assert fast == full

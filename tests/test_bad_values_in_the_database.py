"""A database that holds a value no studylog would store (written with SQL by hand, or by an older
studylog) never stops the app from starting or a read command from answering: a goal that cannot be
measured says so and how to mend it, numbers that are not finite show as unknown, and `studylog db
check` names every such value in one line (table, id, column, value, rule), with exit status 1."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from textual.widgets import Static

from studylog.api import dashboard
from studylog.api import goals as api_goals
from studylog.api.admin import Session
from studylog.clock import FixedClock
from studylog.config import Settings
from studylog.db.opening import open_database
from studylog.domain.values import NewReading, NewWorkout, NewWriting
from studylog.goal_phrases import parse_goal
from studylog.paths import Locations
from studylog.services import goals, reading, workouts, writing

TODAY = date(2026, 11, 24)  # as in conftest
CLOCK = FixedClock(TODAY)
NOW = CLOCK.now()


@pytest.fixture
def db(home):
    """A small history in the shell's database: writing in a challenge, runs and a swim, a book, and
    goals (ids: 1 swim 3 times a week, 2 write every day, 3 run 20 km per week)."""
    path = home / "studylog.db"
    conn = open_database(path, CLOCK)
    try:
        for n in range(5):
            writing.add(conn, NewWriting(day=TODAY - timedelta(days=n), words=400 + n, title=f"Day {5 - n}",
                                         challenge="30-day essays"), now=NOW)
        for n, sport in enumerate(("run", "run", "swim")):
            workouts.add(conn, NewWorkout(sport=sport, day=TODAY - timedelta(days=n + 1),
                                          distance_m=5000.0 if sport == "run" else 1500.0,
                                          duration_s=1800.0 + n, title=f"{sport} {n}"), now=NOW)
        reading.add(conn, NewReading(title="Dune", pages=412, status="finished", finished=TODAY - timedelta(days=2),
                                     rating=4.0), now=NOW, today=TODAY)
        for phrase in ("swim 3 times a week", "write every day", "run 20 km per week"):
            goals.add(conn, parse_goal(phrase, TODAY), now=NOW, since=TODAY - timedelta(days=60))
    finally:
        conn.close()
    return path


def _sql(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        assert conn.execute(statement).rowcount >= 1, statement
    conn.commit()
    conn.close()


def _ok(cli, *args: str):
    result = cli(*args)
    assert result.status == 0, (args, result.err)
    assert "Traceback" not in result.err
    return result


READS = (("goal", "list"), ("goal", "list", "--all"), ("goal", "list", "--json"), ("review", "year"),
         ("review", "year", "--format", "json"), ("review", "year", "--format", "text"), ("review", "week"),
         ("review", "week", "--format", "json"), ("streak",), ("streak", "--json"), ("list", "workouts"),
         ("list", "workouts", "--json"), ("list", "writing"), ("records",), ("progress",), ("read", "list"),
         ("export", "json"))


def _every_read_answers(cli, path) -> None:
    for args in READS:
        _ok(cli, *args)
    store = Session(path, CLOCK)
    dashboard.load(store)
    api_goals.goals(store)


# ------------------------------------------------------------------------------------------------ goals

@pytest.mark.parametrize(("sql", "reason"), [
    ("UPDATE goal SET period = 'fortnight' WHERE id = 1", "unknown period 'fortnight'"),
    ("UPDATE goal SET metric = 'happiness' WHERE id = 1", "unknown measure 'happiness'"),
    ("UPDATE goal SET activity = 'teleport' WHERE id = 1", "unknown activity 'teleport'"),
    ("UPDATE goal SET kind = 'wish' WHERE id = 1", "unknown kind 'wish'"),
    ("UPDATE goal SET target = 9e999 WHERE id = 1", "a target of inf"),
    ("UPDATE goal SET target = 0 WHERE id = 1", "a target of 0"),
    ("UPDATE goal SET target = 'lots' WHERE id = 1", "a target of 'lots'"),
    ("UPDATE goal SET period = NULL WHERE id = 1", "no period"),
    ("UPDATE goal SET active_from = 'soon' WHERE id = 1", "a first day that is not a day from 1900 to 2100"),
    ("UPDATE goal SET end_day = '0001-01-01', start_day = '0001-01-01' WHERE id = 1",
     "a window that is not days from 1900 to 2100"),
])
def test_a_goal_that_cannot_be_measured_says_so_and_the_rest_answers(cli, db, sql, reason):
    _sql(db, sql)
    listed = _ok(cli, "goal", "list")
    line = f"goal #1 cannot be measured ({reason}): studylog goal edit 1"
    assert line in listed.out
    assert "Write every day" in listed.out and "Run 20 km per week" in listed.out  # the others are there
    as_json = _ok(cli, "goal", "list", "--json")
    assert [g["goal"]["id"] for g in json.loads(as_json.out)] == [2, 3]
    assert line in as_json.err
    board = dashboard.load(Session(db, CLOCK))
    assert [g.id for g, _ in board.goals] == [2, 3]
    assert any(text.startswith(line) for text in board.progress), board.progress
    assert [g.id for g, _ in api_goals.goals(Session(db, CLOCK))] == [2, 3]
    _every_read_answers(cli, db)


def test_a_goal_that_cannot_be_measured_is_mended_with_goal_edit(cli, db):
    _sql(db, "UPDATE goal SET period = 'fortnight' WHERE id = 1")
    assert _ok(cli, "goal", "edit", "1", "swim 3 times a week").status == 0
    assert "cannot be measured" not in _ok(cli, "goal", "list", "--all").out


def test_an_archived_goal_that_cannot_be_measured_does_not_stop_the_reviews(cli, db):
    _sql(db, "UPDATE goal SET metric = 'happiness', archived = 1, archived_on = '2026-11-01' WHERE id = 3")
    _every_read_answers(cli, db)
    assert "goal #3 cannot be measured" in _ok(cli, "goal", "list", "--all").out


# ----------------------------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("sql", [
    "UPDATE workout SET duration_s = 9e999 WHERE id = 1",
    "UPDATE workout SET duration_s = -9e999 WHERE id = 1",
    "UPDATE workout SET distance_m = 9e999 WHERE id = 3",
    "UPDATE workout SET distance_m = -1 WHERE id = 2",
    "UPDATE workout SET duration_s = 9e999",
    "UPDATE workout_effort SET duration_s = 9e999",
    "UPDATE writing_entry SET words = 9e999 WHERE id = 1",
    "UPDATE reading_item SET pages = 9e999",
    "UPDATE reading_item SET rating = 9e999",
    "UPDATE challenge SET days = 9e999",
    "UPDATE challenge SET days = 'thirty'",
    "UPDATE challenge SET days = -3",
])
def test_numbers_that_are_not_finite_never_stop_a_read(cli, db, sql):
    _sql(db, sql)
    _every_read_answers(cli, db)


def test_a_workout_with_an_endless_duration_is_listed_with_the_others(cli, db):
    _sql(db, "UPDATE workout SET duration_s = 9e999 WHERE id = 1")
    listed = _ok(cli, "list", "workouts")
    assert "5.00 km" in listed.out and "1,500 m" in listed.out
    rows = json.loads(_ok(cli, "list", "workouts", "--json").out)
    assert len(rows) == 3


# ------------------------------------------------------------------------------------------------ the app

async def test_the_app_starts_on_a_database_with_bad_values(db, tmp_path):
    from studylog.tui.app import StudylogApp

    _sql(db, "UPDATE goal SET period = 'fortnight' WHERE id = 1",
         "UPDATE workout SET duration_s = 9e999 WHERE id = 1")
    app = StudylogApp(Locations(db=db, config=tmp_path / "config.toml"), CLOCK, Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(6):  # until the loads are done (never the change watcher: it runs until the end)
            running = [w for w in app.workers if not w.is_finished and w.group != "watch"]
            if running:
                await app.workers.wait_for_complete(running)
            await pilot.pause()
        assert app.is_running
        assert app.screen.query_one("#cards").display
        assert "goal #1 cannot be measured" in str(app.screen.query_one("#progress", Static).content)


# -------------------------------------------------------------------------------------------------- db check

def test_db_check_names_every_value_out_of_range_and_exits_1(cli, db):
    _sql(db,
         "UPDATE goal SET period = 'fortnight' WHERE id = 1",
         "UPDATE goal SET metric = 'happiness' WHERE id = 2",
         "UPDATE workout SET duration_s = 9e999 WHERE id = 1",
         "UPDATE workout SET sport = 'teleport' WHERE id = 2",
         "UPDATE workout SET day = '2099-01-01' WHERE id = 3",
         "UPDATE writing_entry SET words = 1000000000000000 WHERE id = 1",
         "UPDATE writing_entry SET title = 'Day' || char(27) || '[31m 5' WHERE id = 2",
         "UPDATE writing_entry SET tags = 'not json' WHERE id = 3",
         "UPDATE reading_item SET rating = 99")
    result = cli("db", "check")
    assert result.status == 1 and "Traceback" not in result.err
    lines = result.out.splitlines()
    for expected in (
        'goal id 1: period must be one of day, week, month, year, not "fortnight"',
        'goal id 2: metric must be one of count, words, distance_m, duration_s, books, papers, articles, items, '
        'pages, resources, amount, not "happiness"',
        "workout id 1: duration_s must be a finite number of seconds, not Infinity",
        'workout id 2: sport must be one of run, swim, ride, walk, hike, strength, yoga, other, not "teleport"',
        'workout id 3: day must not be after today (2026-11-24), not "2099-01-01"',
        "writing_entry id 1: words must be from 0 to 500,000 words, not 1000000000000000",
        'writing_entry id 2: title holds control characters, not "Day\\u001b[31m 5"',
        'writing_entry id 3: tags must be a list of strings, not "not json"',
        "reading_item id 1: rating must be from 0 to 5, not 99.0",
    ):
        assert any(line.strip() == expected for line in lines), (expected, result.out)
    assert "values: 9 out of range" in result.out
    assert lines[-1] == "PROBLEMS FOUND"


def test_db_check_of_good_values_says_so(cli, db):
    result = cli("db", "check")
    assert result.status == 0, result.out
    assert "values: ok" in result.out and result.out.strip().endswith("OK")

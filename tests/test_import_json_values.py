"""`import json` checks every value as typed input is checked (issue 12): types, finite numbers, ranges,
known sports, kinds, statuses, goal periods and measures, days (none after the export was made), links;
text is cleaned of control characters as typed text is. A file with one bad value is refused whole, in
one line naming the table, the row, the column and the value; a file that imports leaves a database on
which every read command and the app's first screen work (the property with random changes is in
test_transfer.py, beside the other one, for `make tally`: it uses ``changes`` and ``READS`` from here)."""

from __future__ import annotations

import copy
import functools
import io
import math
import sqlite3
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import strategies as st

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import NewFeed, NewReading, NewResource, NewStudy, NewWorkout, NewWriting
from studylog.goal_phrases import parse_goal
from studylog.services import (
    feeds,
    goals,
    habits,
    reading,
    reflections,
    resources,
    study,
    transfer,
    workouts,
    writing,
)

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CLOCK = FixedClock(TODAY)
TS = "2026-11-20 06:15:00.000000"


def _build(conn: sqlite3.Connection) -> None:
    """One or more rows of every table, stored as the shell stores them."""
    day = timedelta(days=1)
    writing.add(conn, NewWriting(day=TODAY - day, words=650, title="Day 1: why", challenge="30-day essays",
                                 url="https://example.org/essay", tags=("ml",), note="first\nsecond"), now=NOW)
    writing.add(conn, NewWriting(day=TODAY, words=120, title="Day 2"), now=NOW)
    workouts.add(conn, NewWorkout(sport="run", day=TODAY - 2 * day, distance_m=10000.0, duration_s=3000.0,
                                  avg_hr=150, elevation_gain_m=42.5, title="Long run", tags=("long",)), now=NOW)
    workouts.add(conn, NewWorkout(sport="swim", day=TODAY - day, distance_m=1500.0, duration_s=2400.0,
                                  pool_length_m=25.0), now=NOW)
    workouts.add(conn, NewWorkout(sport="yoga", day=TODAY, duration_s=2700.0), now=NOW)
    reading.add(conn, NewReading(title="Dune", authors=("Frank Herbert",), pages=412, status="finished",
                                 started=TODAY - 30 * day, finished=TODAY - 3 * day, rating=4.5,
                                 url="https://example.org/dune", review="Spice."), now=NOW, today=TODAY)
    reading.add(conn, NewReading(title="Attention Is All You Need", kind="paper"), now=NOW, today=TODAY)
    resources.add(conn, NewResource(url="https://arxiv.org/abs/1706.03762", title="Attention",
                                    topic="Deep Learning/Transformers", status="done"), now=NOW, today=TODAY)
    resources.add(conn, NewResource(url="https://example.org/gpus", title="GPUs", topic="GPUs"), now=NOW,
                  today=TODAY)
    conn.execute("INSERT INTO resource_list (name, curator, description, origin, created_at) "
                 "VALUES ('Mentor list', 'Ada', 'For you', 'list.md', ?)", (TS,))
    conn.execute("INSERT INTO resource_list_item (list_id, resource_id, position, section) VALUES (1, 2, 0, 'GPUs')")
    goals.add(conn, parse_goal("swim 3 times a week", TODAY), now=NOW, since=TODAY - 30 * day)
    goals.add(conn, parse_goal("run a half marathon by 2027-10-31", TODAY), now=NOW)
    goals.add(conn, parse_goal("write 500 words per day", TODAY), now=NOW)
    goals.add(conn, parse_goal("study Transformers 2h per week", TODAY), now=NOW)
    study.add(conn, NewStudy(day=TODAY, duration_s=2700, topic="transformers", resource_id=1, note="the paper"),
              now=NOW)
    study.add(conn, NewStudy(day=TODAY - day, duration_s=1200, topic="Maths"), now=NOW)
    coffee = habits.add(conn, "Coffee", unit="cups", now=NOW)
    habits.done(conn, coffee.id, TODAY, 2, now=NOW)
    habits.done(conn, habits.add(conn, "meditate", now=NOW).id, TODAY - day, now=NOW)
    goals.add(conn, parse_goal("at most 2 coffees a day", TODAY, {"coffee": ("Coffee", "cups")}), now=NOW)
    reflections.save(conn, "week", "2026-W47", {"planned": "Three swims", "learned": "Rest"}, now=NOW)
    reflections.save(conn, "year", "2026", {"achieved": "A half marathon"}, now=NOW)
    goals.skip(conn, "write", TODAY - 5 * day, reason="ill", now=NOW)
    feeds.add(conn, NewFeed(title="A blog", kind="blog", url="https://example.org/blog", tags=("ml",),
                            source="opml", source_id="https://example.org/feed.xml"), now=NOW, today=TODAY)


@functools.cache
def base_export_data() -> dict:
    """The export of ``_build``'s database (made once; copy it before changing it)."""
    with tempfile.TemporaryDirectory() as folder:
        conn = open_database(Path(folder) / "base.db", CLOCK)
        try:
            _build(conn)
            data = transfer.export_all(conn, settings={}, now=NOW)
        finally:
            conn.close()
    assert all(data[table] for table in transfer.TABLES), [t for t in transfer.TABLES if not data[t]]
    return data


@pytest.fixture
def base_export() -> dict:
    return copy.deepcopy(base_export_data())


@functools.cache
def empty_database() -> Path:
    """An empty database at the newest schema (made once: copy it; alembic is slow to make a new one)."""
    path = Path(tempfile.mkdtemp(prefix="studylog-empty-")) / "empty.db"
    open_database(path, CLOCK).close()
    return path


@pytest.fixture(scope="module")
def template() -> Path:
    return empty_database()


def _fresh(template: Path) -> sqlite3.Connection:
    source = sqlite3.connect(template)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(conn)
    source.close()
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _counts(conn: sqlite3.Connection) -> set[int]:
    return {conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in transfer.TABLES}


def _refused(template: Path, data: dict) -> str:
    conn = _fresh(template)
    try:
        with pytest.raises(ValueError) as caught:
            transfer.import_all(conn, data, now=NOW)
        assert _counts(conn) == {0}
    finally:
        conn.close()
    message = str(caught.value)
    assert "\n" not in message and message.isprintable(), message
    return message


def _imported(template: Path, data: dict) -> dict:
    """Import, then export again: what the database holds."""
    conn = _fresh(template)
    try:
        transfer.import_all(conn, data, now=NOW)
        return transfer.export_all(conn, settings={}, now=NOW)
    finally:
        conn.close()


def _row(data: dict, table: str, row_id: int) -> dict:
    return next(row for row in data[table] if row.get("id") == row_id)


def _position(data: dict, table: str, row_id: int) -> int:
    return next(n for n, row in enumerate(data[table], 1) if row.get("id") == row_id)


# -------------------------------------------------------------------------------------------- refused

REFUSED = [
    # (table, id, column, value, the message after "TABLE row N (id ID): ")
    ("workout", 1, "duration_s", math.inf, "duration_s must be a finite number of seconds, not Infinity"),
    ("workout", 1, "duration_s", -math.inf, "duration_s must be a finite number of seconds, not -Infinity"),
    ("workout", 1, "duration_s", math.nan, "duration_s must be a finite number of seconds, not NaN"),
    ("workout", 1, "distance_m", math.inf, "distance_m must be a finite number of metres, not Infinity"),
    ("workout", 1, "distance_m", -1, "distance_m must not be negative, not -1"),
    ("workout", 1, "distance_m", 1e308, "distance_m 1e+308 and duration_s 3000.0: a run of more than "
                                        "1,000,000 km, longer than anyone goes in one session"),
    ("workout", 1, "duration_s", 60.0, "distance_m 10000.0 and duration_s 60.0: a run of 10.00 km in 1:00"),
    ("workout", 1, "sport", "teleport", 'sport must be one of run, swim, ride, walk, hike, strength, yoga, '
                                        'other, not "teleport"'),
    ("workout", 1, "day", "2099-01-01", 'day must not be after the day the export was made (2026-11-24), '
                                        'not "2099-01-01"'),
    ("workout", 1, "day", "1950-01-01", 'day must not be before 1970-01-01, not "1950-01-01"'),
    ("workout", 1, "avg_hr", 1000, "avg_hr must be from 20 to 250 beats per minute, not 1000"),
    ("workout", 1, "elevation_gain_m", 1e9, "elevation_gain_m must be from 0 to 50,000 metres, not 1000000000.0"),
    ("workout", 2, "pool_length_m", 0.5, "pool_length_m must be from 5 to 100 metres, not 0.5"),
    ("workout", 1, "start_time", "25:99", 'start_time must be a time such as 07:30:00.000000, not "25:99"'),
    ("writing_entry", 1, "words", 10**15, "words must be from 0 to 500,000 words, not 1000000000000000"),
    ("writing_entry", 1, "words", -1, "words must be from 0 to 500,000 words, not -1"),
    ("writing_entry", 1, "day", "1899-12-31", 'day must not be before 1900-01-01, not "1899-12-31"'),
    ("writing_entry", 1, "day", "2099-01-01", 'day must not be after the day the export was made (2026-11-24), '
                                              'not "2099-01-01"'),
    ("writing_entry", 1, "url", "https://example.org/\x1b[31mred",
     r'url must be a link without control characters or line breaks, not "https://example.org/\u001b[31mred"'),
    ("reading_item", 1, "pages", 10**7, "pages must be from 0 to 100,000 pages, not 10000000"),
    ("reading_item", 1, "rating", 7.5, "rating must be from 0 to 5, not 7.5"),
    ("reading_item", 1, "rating", math.inf, "rating must be a finite number, not Infinity"),
    ("reading_item", 1, "status", "lost", 'status must be one of to-read, reading, finished, abandoned, not "lost"'),
    ("reading_item", 1, "kind", "comic", 'kind must be one of book, paper, article, newsletter, blog, talk, '
                                         'not "comic"'),
    ("reading_item", 1, "finished", "2026-01-01", 'finished must not be before started (2026-10-25), '
                                                  'not "2026-01-01"'),
    ("reading_item", 1, "title", " \x1b[0m ", 'title must not be empty, not " \\u001b[0m "'),
    ("resource", 1, "url", "javascript:alert(1)", 'url must be an http(s) link, not "javascript:alert(1)"'),
    ("resource", 1, "status", "maybe", 'status must be one of new, studying, done, skipped, not "maybe"'),
    ("resource", 1, "kind", "meme", 'kind must be one of video, article, paper, book, course, repo, tool, '
                                    'other, not "meme"'),
    ("resource", 1, "done", "2099-01-01", 'done must not be after the day the export was made (2026-11-24), '
                                          'not "2099-01-01"'),
    ("feed", 1, "url", "javascript:alert(1)", 'url must be an http(s) link, not "javascript:alert(1)"'),
    ("feed", 1, "kind", "radio", 'kind must be one of newsletter, blog, podcast, not "radio"'),
    ("feed", 1, "source_id", "https://example.org/\u202efeed",
     'source_id must hold no control characters or line breaks, not "https://example.org/\\u202efeed"'),
    ("goal", 1, "period", "fortnight", 'period must be one of day, week, month, year, not "fortnight"'),
    ("goal", 1, "period", None, "period must be one of day, week, month, year for a frequency goal, not null"),
    ("goal", 1, "metric", "happiness", 'metric must be one of count, words, distance_m, duration_s, books, '
                                       'papers, articles, items, pages, resources, amount, not "happiness"'),
    ("goal", 1, "activity", "teleport", 'activity must be one of write, run, swim, ride, walk, hike, strength, '
                                        'yoga, workout, read, study, habit, not "teleport"'),
    ("goal", 1, "kind", "wish", 'kind must be one of frequency, amount, milestone, limit, not "wish"'),
    ("goal", 1, "target", math.inf, "target must be a finite number, not Infinity"),
    ("goal", 1, "target", 0, "target must be more than 0, not 0"),
    ("goal", 1, "target", -3.0, "target must be more than 0, not -3.0"),
    ("goal", 2, "end_day", "2999-01-01", 'end_day must be from 1900-01-01 to 2100-12-31, not "2999-01-01"'),
    ("reflection", 1, "period", "2026-W99", 'period must be a week such as 2026-W47, not "2026-W99"'),
    ("reflection", 1, "period_kind", "fortnight", 'period_kind must be one of week, year, not "fortnight"'),
    ("skip_day", 1, "habit", "", "habit must not be empty"),  # (an activity or a habit's own name)
    ("challenge", 1, "days", 10**6, "days must be from 1 to 3,660 days, not 1000000"),
    ("workout", 1, "created_at", "yesterday", 'created_at must be a timestamp such as '
                                              '2026-11-24 12:00:00.000000, not "yesterday"'),
]


@pytest.mark.parametrize(("table", "row_id", "column", "value", "message"), REFUSED,
                         ids=[f"{t}.{c}={v!r}" for t, _, c, v, _ in REFUSED])
def test_a_bad_value_refuses_the_file_whole_naming_its_place(template, base_export, table, row_id, column, value,
                                                             message):
    data = copy.deepcopy(base_export)
    _row(data, table, row_id)[column] = value
    found = _refused(template, data)
    where = f"{table} row {_position(data, table, row_id)} (id {row_id}): "
    assert found.startswith(where + message), found


def test_a_best_effort_its_workout_cannot_hold_is_refused(template, base_export):
    data = copy.deepcopy(base_export)
    effort = next(e for e in data["workout_effort"] if e["workout_id"] == 1 and e["distance_m"] == 5000.0)
    effort["duration_s"] = 60.0  # 5 km in a minute
    position = data["workout_effort"].index(effort) + 1
    assert _refused(template, data).startswith(
        f"workout_effort row {position} (workout_id 1, distance_m 5000.0): distance_m 5000.0 and duration_s 60.0 "
        f"is not a best effort workout 1 can hold")


def test_a_day_after_the_export_is_refused_even_when_the_export_is_new(template, base_export):
    """The file says when it was made: a workout dated after that is refused, and so is one after today
    for a file that claims to come from the future."""
    data = copy.deepcopy(base_export)
    data["exported_at"] = "2030-01-01T00:00:00+00:00"
    _row(data, "workout", 1)["day"] = "2029-06-01"
    assert "day must not be after" in _refused(template, data)
    data["exported_at"] = "not a time"
    _row(data, "workout", 1)["day"] = "2026-11-20"
    assert _refused(template, data).startswith("not a studylog export (exported_at must be a timestamp")


def test_the_first_bad_value_is_named_when_there_are_several(template, base_export):
    data = copy.deepcopy(base_export)
    _row(data, "workout", 3)["sport"] = "teleport"
    _row(data, "workout", 2)["duration_s"] = math.inf
    _row(data, "goal", 1)["period"] = "fortnight"
    assert _refused(template, data).startswith("workout row 2 (id 2): duration_s must be a finite number")


# ------------------------------------------------------------------------------------------ cleaned text

def test_text_is_cleaned_of_control_characters_as_typed_text_is(template, base_export):
    data = copy.deepcopy(base_export)
    _row(data, "writing_entry", 1).update(
        title="\x1b[31mDay 1:\x1b[0m \u202ewhy\u202c\u200b", note="line one\x07\r\nline two\x9b2J\n\tindented",
        tags=["m\x1bl", "\u200b", "ok"], challenge="30-day\x1b[2J essays")
    _row(data, "goal", 1)["title"] = "Swim\n3 times\x1b]0;pwned\x07 a week"
    _row(data, "reading_item", 1)["authors"] = ["Frank\u202e Herbert"]
    _row(data, "resource", 2)["topic"] = "GPUs /\x1b[1m CUDA/"
    _row(data, "challenge", 1).update(name="30-day\x1b[2J essays", key="30-day\x1b[2j essays")
    _row(data, "feed", 1)["title"] = "A\x00 blog"
    again = _imported(template, data)
    entry = _row(again, "writing_entry", 1)
    assert entry["title"] == "Day 1: why"
    assert entry["note"] == "line one\nline two\n\tindented"  # its lines and tabs kept (the 8-bit CSI "\x9b2J" gone whole)
    assert entry["tags"] == ["ml", "ok"]
    assert entry["challenge"] == "30-day essays"
    assert _row(again, "goal", 1)["title"] == "Swim 3 times a week"
    assert _row(again, "reading_item", 1)["authors"] == ["Frank Herbert"]
    assert _row(again, "resource", 2)["topic"] == "GPUs/CUDA"
    assert _row(again, "challenge", 1)["name"] == "30-day essays"
    assert _row(again, "feed", 1)["title"] == "A blog"


def test_an_export_of_clean_text_imports_unchanged(template, base_export):
    again = _imported(template, base_export)
    assert {k: v for k, v in again.items() if k != "exported_at"} == \
        {k: v for k, v in base_export.items() if k != "exported_at"}


def test_typed_input_accepts_what_import_accepts_at_the_edges(template, base_export):
    data = copy.deepcopy(base_export)
    _row(data, "writing_entry", 1).update(day="1900-01-01", words=500_000)
    _row(data, "workout", 1).update(day="1970-01-01", avg_hr=250, elevation_gain_m=50_000)
    _row(data, "workout", 2)["pool_length_m"] = 100.0
    _row(data, "reading_item", 1).update(pages=100_000, rating=0, started=None)
    _row(data, "writing_entry", 2)["url"] = "javascript:void(0)"  # a note of a link, typed as any text
    data["exported_at"] = "2026-11-24T23:30:00+00:00"
    _row(data, "writing_entry", 2)["day"] = "2026-11-25"  # already the 25th east of Greenwich
    _imported(template, data)


# ------------------------------------------------------------------------------------------------ the CLI

def test_import_json_refuses_infinity_in_one_line_from_the_shell(cli, tmp_path, base_export):
    data = copy.deepcopy(base_export)
    _row(data, "workout", 1)["duration_s"] = math.inf
    file = tmp_path / "bad.json"
    file.write_text(transfer.dumps(data), encoding="utf-8")
    assert '"duration_s": Infinity' in file.read_text(encoding="utf-8")
    new = tmp_path / "new.db"
    result = cli("--db", str(new), "import", "json", str(file))
    assert result.status == 1 and result.out == ""
    assert result.err == (f"studylog: {file}: workout row 1 (id 1): duration_s must be a finite number of "
                          f"seconds, not Infinity; nothing was imported\n")
    assert cli("--db", str(new), "list", "workouts", "--json").out.strip() in ("", "[]")


def test_import_json_of_a_goal_with_an_unknown_period_is_refused_and_the_app_starts(cli, tmp_path, base_export):
    data = copy.deepcopy(base_export)
    _row(data, "goal", 1)["period"] = "fortnight"
    file = tmp_path / "bad.json"
    file.write_text(transfer.dumps(data), encoding="utf-8")
    new = tmp_path / "new.db"
    result = cli("--db", str(new), "import", "json", str(file))
    assert result.status == 1 and "goal row 1 (id 1): period must be one of day, week, month, year" in result.err
    assert cli("--db", str(new), "goal", "list").status == 0


# ----------------------------------------------------------------- random changes: refused, or all works

_GOOD_DAYS = ["2026-11-01", "2026-11-24", "1970-01-01", "1900-01-01", "2027-10-31", None]
_BAD_DAYS = ["2026-11-26", "2099-01-01", "1950-01-01", "1899-12-31", "0001-01-01", "9999-12-31", "2026-02-30", "soon"]
_GOOD_NUMBERS = [0, 1, 3, 60.0, 250, 5000.0, 21097.5, 4.5, 100_000, None]
_BAD_NUMBERS = [math.inf, -math.inf, math.nan, 1e308, -1, 0.5, 10**15, 2**63 - 1, 1e-9, "12"]
_GOOD_TEXT = ["ok", "[b]markup[/b]", "x" * 300, "Ünïcödé 🎉", None]
_BAD_TEXT = ["\x1b[31mred\x1b[0m", "\u202eevil", "", " ", "a\x00b", "two\nlines"]
_NUMBER_COLUMNS = ("distance_m", "duration_s", "elevation_gain_m", "pool_length_m", "rating", "target", "words",
                   "pages", "avg_hr", "days", "position")
_DAY_COLUMNS = ("day", "added", "started", "finished", "done", "start_day", "end_day", "active_from", "archived_on")
_TEXT_COLUMNS = ("title", "note", "review", "description", "name", "curator", "challenge", "reason", "planned",
                 "achieved", "learned", "topic", "section", "isbn", "key", "source", "source_id", "origin")
# What each column is set to: its own kind of value (the kinds of every table mixed), good ones and bad ones.
GOOD: dict[str, list] = {
    "period": ["day", "week", "month", "year", "2026-W47", "2026", None],
    "metric": ["count", "words", "distance_m", "duration_s", "books", "pages", "resources"],
    "activity": ["write", "run", "swim", "workout", "read", "study", "habit"],
    "habit": ["write", "run", "swim", "meditate"],
    "sport": ["run", "swim", "ride", "walk", "hike", "strength", "yoga", "other"],
    "kind": ["frequency", "amount", "milestone", "book", "paper", "video", "repo", "blog", "podcast", "week"],
    "status": ["to-read", "reading", "finished", "abandoned", "new", "studying", "done", "skipped"],
    "period_kind": ["week", "year"], "start_time": ["07:30:00.000000", "23:59:59", None],
    "from_track": [True, False], "archived": [True, False],
    "url": ["https://example.org/ok", "http://example.org/a?b=1#c", None],
    "tags": [[], ["ok"], ["a", "b"]], "authors": [[], ["Ursula K. Le Guin"]],
    **{name: _GOOD_DAYS for name in _DAY_COLUMNS}, **{name: _GOOD_NUMBERS for name in _NUMBER_COLUMNS},
    **{name: _GOOD_TEXT for name in _TEXT_COLUMNS},
}
BAD: dict[str, list] = {
    "period": ["fortnight", "", "2026-W99", "1899", "week "], "metric": ["happiness", "distance", ""],
    "activity": ["teleport", "Run", ""], "habit": ["", "a\x1b[2Jb"], "sport": ["teleport", "Run", ""],
    "kind": ["wish", "comic", ""], "status": ["lost", "read", ""], "period_kind": ["fortnight", ""],
    "start_time": ["25:99", "", "7"], "from_track": [2, "yes"], "archived": [2, "yes"],
    "url": ["javascript:alert(1)", "https://example.org/\x1b[2J", "ftp://example.org", " https://example.org ", ""],
    "tags": [["a", "\x1b[1mb"], ["", " "], "not json", "[1]", [1]], "authors": [["Frank\u202e Herbert"], ["\x00"]],
    **{name: _BAD_DAYS for name in _DAY_COLUMNS}, **{name: _BAD_NUMBERS for name in _NUMBER_COLUMNS},
    **{name: _BAD_TEXT for name in _TEXT_COLUMNS},
}


@st.composite
def changes(draw) -> list[tuple[str, int, str, object]]:
    """One to three (table, row, column, value): in a table drawn first (each as likely), a value of the
    column's own kind (a sport, a day, a number...), good or bad, or now and then anything."""
    valid = base_export_data()
    out = []
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(transfer.TABLES))
        places = [(n, column) for n, row in enumerate(valid[table]) for column in row if column in GOOD]
        n, column = draw(st.sampled_from(places))
        pool = draw(st.sampled_from([GOOD[column], BAD[column], None]))
        out.append((table, n, column,
                    draw(st.sampled_from(pool) if pool is not None else st.floats() | st.integers() | st.text(max_size=8))))
    return out


READS = (("list", "writing"), ("list", "workouts"), ("read", "list"), ("res", "list"), ("goal", "list"),
         ("goal", "list", "--all", "--json"), ("streak",), ("records",), ("records", "--sport", "swim"),
         ("progress",), ("review", "week"), ("review", "week", "--format", "json"), ("review", "year"),
         ("review", "year", "--format", "text"), ("feeds",), ("export", "json"))


def run_cli(*args: str) -> tuple[int, str, str]:
    from studylog.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args), clock=CLOCK)
    return status, out.getvalue(), err.getvalue()


def test_a_column_left_out_is_judged_as_the_null_it_would_store(template, base_export):
    """Found by the round-trip property: a weekly goal without its "period" key was stored with no period,
    and the export made from it was then refused. The rules judge the row as the database would store it;
    a column that has a default (tags: []) may still be left out."""
    data = copy.deepcopy(base_export)
    goal = next(g for g in data["goal"] if g.get("kind") == "frequency")
    del goal["period"]
    message = _refused(template, data)
    assert f"goal row {_position(data, 'goal', goal['id'])} (id {goal['id']}): period must be one of" in message
    assert message.endswith("not null"), message
    data = copy.deepcopy(base_export)
    entry = data["writing_entry"][0]
    del entry["tags"]
    assert _row(_imported(template, data), "writing_entry", entry["id"])["tags"] == []

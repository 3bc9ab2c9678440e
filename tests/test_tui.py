"""The app driven as a person would, with Pilot; one snapshot per screen at 80x24 on a fixed clock."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from studylog.clock import FixedClock
from studylog.config import Settings
from studylog.db.schema import open_database
from studylog.domain.values import NewWorkout, NewWriting
from studylog.paths import Locations
from studylog.services import store as store_module
from studylog.services import workouts, writing
from studylog.tui.app import StudylogApp

TODAY = date(2026, 11, 24)
CLOCK = FixedClock(TODAY)


@pytest.fixture(autouse=True)
def database_only_off_the_event_loop(monkeypatch):
    """Every database call the app makes must run in a worker thread, never on the event loop."""
    calls = []

    def guarded(real):
        def wrapper(*args, **kwargs):
            calls.append(real.__name__)
            assert threading.current_thread() is not threading.main_thread(), "database call on the event loop"
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(store_module, "connect", guarded(store_module.connect))
    monkeypatch.setattr(store_module, "ensure_database", guarded(store_module.ensure_database))
    return calls


def make_app(tmp_path: Path, *, seeded: bool = True) -> StudylogApp:
    db = tmp_path / "studylog.db"
    if seeded:
        conn = open_database(db, CLOCK)
        now = CLOCK.now()
        for n in range(12, 0, -1):
            writing.add(conn, NewWriting(day=TODAY - timedelta(days=n - 1), words=500 + 10 * n,
                                         title=f"Day {13 - n}: essay", challenge="30-day essays",
                                         tags=("essay",)), now=now)
        writing.add(conn, NewWriting(day=TODAY - timedelta(days=20), words=300, title="[bold red]not markup[/]"),
                    now=now)
        workouts.add(conn, NewWorkout(sport="run", day=TODAY - timedelta(days=1), distance_m=5000,
                                      duration_s=1710, title="Park loop"), now=now)
        workouts.add(conn, NewWorkout(sport="swim", day=TODAY, distance_m=1500, duration_s=2400,
                                      title="Pool"), now=now)
        workouts.add(conn, NewWorkout(sport="yoga", day=TODAY - timedelta(days=3), duration_s=2700), now=now)
        conn.close()
    return StudylogApp(Locations(db=db, config=tmp_path / "config.toml"), CLOCK, Settings())


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_text(table: DataTable) -> list[str]:
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_dashboard_shows_streak_challenge_week_and_latest(tmp_path, database_only_off_the_event_loop):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        streak = str(app.screen.query_one("#streak-card", Static).content)
        assert "12 days in a row" in streak and "Day 12 of 30 · 30-day essays" in streak
        week = str(app.screen.query_one("#week-card", Static).content)
        assert "Writing: 2 of 7 days" in week and "Runs: 1 · 5.00 km · 28:30" in week
        assert "Swims: 1 · 1,500 m · 40:00" in week
        rows = table_text(app.screen.query_one("#latest", DataTable))
        assert rows[0].startswith("2026-11-24")
        assert not app.screen.query_one("#welcome").display
    assert database_only_off_the_event_loop  # the data did come from the database


async def test_empty_database_shows_how_to_start(tmp_path):
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        welcome = app.screen.query_one("#welcome", Static)
        assert welcome.display and "Press a" in str(welcome.content)
        assert not app.screen.query_one("#cards").display


async def test_quick_add_previews_refuses_inline_and_stores(tmp_path):
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.press(*"run 5k soon")
        preview = app.screen.query_one("#preview", Static)
        assert "can't read" not in str(preview.content)  # 'soon' is the title so far: still a valid run
        app.screen.query_one("#phrase", Input).value = "run fast"
        await pilot.pause()
        assert "needs a distance" in str(preview.content) and preview.has_class("error")
        await pilot.press("enter")  # refused: the bar stays open with the error
        assert app.screen.query_one("#phrase", Input).value == "run fast"
        app.screen.query_one("#phrase", Input).value = ""
        await pilot.press(*"run 5k 28:30 yesterday")
        await pilot.pause()
        assert "Will store: run  5.00 km · 28:30 · 5:42 /km  on 2026-11-23 (yesterday)" in str(preview.content)
        await pilot.press("enter")
        await settle(pilot)
        rows = table_text(app.screen.query_one("#latest", DataTable))
        assert rows and rows[0].startswith("2026-11-23 run 5.00 km · 28:30")
        await pilot.press("3")
        await settle(pilot)
        assert table_text(app.screen.query_one(DataTable))[0].startswith("2026-11-23 run 5.00 km 28:30 5:42 /km")


async def test_quick_add_writing_appears_in_the_writing_list(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        before = app.screen.query_one(DataTable).row_count
        await pilot.press("a", *"write 650 words Day 13: Prompting", "enter")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == before + 1
        assert "650 Day 13: Prompting" in table_text(table)[0]


async def test_delete_asks_first_and_escape_keeps_the_entry(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("d")
        await pilot.pause()
        assert "Delete swim #2" in str(app.screen.query_one("#question").content)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 3
        await pilot.press("d", "y")
        await settle(pilot)
        rows = table_text(app.screen.query_one(DataTable))
        assert len(rows) == 2 and not any("swim" in r for r in rows)


async def test_user_text_that_looks_like_markup_is_shown_as_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert any("[bold red]not markup[/]" in r for r in table_text(app.screen.query_one(DataTable)))


# ----------------------------------------------------------------------------------------- snapshots

async def _ready(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize(("name", "keys", "seeded"), [
    ("dashboard", (), True),
    ("dashboard_empty", (), False),
    ("writing", ("2",), True),
    ("workouts", ("3",), True),
    ("quick_add", ("a", *"swim 1500m 40min"), True),
])
def test_snapshot(snap_compare, tmp_path, name, keys, seeded):
    app = make_app(tmp_path, seeded=seeded)

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_a_screen_loads_once_when_first_shown(tmp_path, database_only_off_the_event_loop):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert database_only_off_the_event_loop.count("connect") == 1
        await pilot.press("2")
        await settle(pilot)
        assert database_only_off_the_event_loop.count("connect") == 2

"""App-wide things: help, settings, undo, live refresh from the shell, the command palette, the demo."""

from __future__ import annotations

import asyncio
import tomllib

from test_tui import CLOCK, TODAY, make_app, settle, table_text
from textual.widgets import DataTable

from studylog.db.schema import open_database
from studylog.domain.values import NewWriting
from studylog.services import writing


async def test_help_lists_the_keys_of_every_screen(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(str(s.content) if hasattr(s.content, "__str__") else "" for s in app.screen.query("Static"))
        assert type(app.screen).__name__ == "HelpScreen"
        for expected in ("Everywhere", "Undo delete", "Settings", "Reading", "Finish", "Resources", "Open link",
                         "Goals", "New goal", "Review", "Week/year"):
            assert expected in text or expected in _table_text(app.screen), expected
        assert "Focus Next" not in _table_text(app.screen)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "DashboardScreen"


def _table_text(screen) -> str:
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    console = Console(file=out, width=120)
    for static in screen.query("Static"):
        console.print(static.content)
    return out.getvalue()


async def test_settings_are_saved_to_the_config_file_and_used(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "5.00 km" in table_text(app.screen.query_one(DataTable))[1]
        await pilot.press("comma")
        await pilot.pause()
        form = app.screen
        form.query_one("#units").value = "imperial"
        form.query_one("#daily_word_target").value = "-5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "cannot be negative" in str(form.query_one("#daily_word_target-error").content)
        form.query_one("#daily_word_target").value = "750"
        form.query_one("#theme").value = "textual-light"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.theme == "textual-light" and app.settings.units == "imperial"
        assert "3.11 mi" in table_text(app.screen.query_one(DataTable))[1]
    saved = tomllib.loads((tmp_path / "config.toml").read_text())
    assert saved == {"units": "imperial", "week_start": "monday", "daily_word_target": 750, "theme": "textual-light"}


async def test_u_brings_back_the_last_deleted_entry(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        before = table_text(app.screen.query_one(DataTable))
        await pilot.press("d", "y")
        await settle(pilot)
        assert len(table_text(app.screen.query_one(DataTable))) == len(before) - 1
        await pilot.press("u")
        await settle(pilot)
        assert table_text(app.screen.query_one(DataTable)) == before
        await pilot.press("u")  # nothing more to undo
        await settle(pilot)
        assert table_text(app.screen.query_one(DataTable)) == before


async def test_a_record_added_from_the_shell_appears_without_a_restart(tmp_path):
    app = make_app(tmp_path, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        rows = len(table_text(app.screen.query_one(DataTable)))
        other = open_database(tmp_path / "studylog.db", CLOCK)  # another process's connection
        writing.add(other, NewWriting(day=TODAY, words=123, title="Written in a shell"), now=CLOCK.now())
        other.close()
        for _ in range(40):  # within a second or two
            await asyncio.sleep(0.1)
            await pilot.pause()
            if len(table_text(app.screen.query_one(DataTable))) == rows + 1:
                break
        assert any("Written in a shell" in r for r in table_text(app.screen.query_one(DataTable)))


async def test_the_palette_offers_every_action(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
    for expected in ("Add: log writing, a workout or a book", "Import workouts (GPX, TCX, FIT, Strava export)",
                     "Import reading history: goodreads", "Import a resource list (Markdown)",
                     "Export resources as Markdown", "Export this week's review (Markdown)",
                     "Export this year's review (Markdown)", "Settings", "Open the demo database", "Theme"):
        assert any(t.startswith(expected) for t in titles), expected


async def test_export_the_weeks_review_from_the_palette(tmp_path):
    app = make_app(tmp_path)
    target = tmp_path / "week.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_export_review("week")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    assert target.read_text().startswith("# Week 2026-W48")


async def test_open_the_demo_database(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#welcome").display
        app.action_open_demo()
        await settle(pilot)
        assert app.title == "studylog (demo)" and not app.screen.query_one("#welcome").display
        assert (tmp_path / "home" / "demo.db").exists()

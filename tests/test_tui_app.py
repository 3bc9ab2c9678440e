"""App-wide things: help, settings, undo, live refresh from the shell, the command palette, the demo."""

from __future__ import annotations

import asyncio
import tomllib

from test_tui import CLOCK, TODAY, make_app, settle, table_text
from textual.widgets import DataTable

from studylog.api import search
from studylog.api import writing as api_writing
from studylog.db import backups
from studylog.db.opening import open_database
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
        for expected in ("Everywhere", "Undo delete", "Settings", "Reading", "Finish", "Resources", "Open the link in your browser", "Log time spent on it today",
                         "Goals", "New goal", "Show archived", "Review", "Week/year",
                         # (Textual's keys every list has: second newcomer)
                         "In lists", "ctrl+end", "ctrl+home", "The whole record"):
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
        assert "must be 0 to 500,000 words" in str(form.query_one("#daily_word_target-error").content)
        form.query_one("#daily_word_target").value = "750"
        form.query_one("#theme").value = "textual-light"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.theme == "textual-light" and app.settings.units == "imperial"
        assert "3.11 mi" in table_text(app.screen.query_one(DataTable))[1]
    saved = tomllib.loads((tmp_path / "config.toml").read_text())
    assert saved == {"units": "imperial", "week_start": "monday", "daily_word_target": 750, "theme": "textual-light",
                     "pool": ""}


async def test_a_theme_picked_in_the_palette_is_kept_for_the_next_start(tmp_path):
    """Newcomer: ctrl+p, Change theme, textual-light: applied, but config.toml kept textual-dark."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"  # (what the palette's "Change theme" command does)
        await pilot.pause()
        assert app.settings.theme == "textual-light"
    saved = tomllib.loads((tmp_path / "config.toml").read_text())
    assert saved["theme"] == "textual-light" and saved["units"] == "metric"


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


# ----------------------------------------------------------------------------- long work, stoppable

def _link_list(path, links: int):
    path.write_text("# Big list\n\n## Links\n\n" + "".join(f"- [Link {n}](https://example.org/{n}) - about {n}\n"
                                                        for n in range(links)))
    return path


def _resource_count(tmp_path) -> int:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "studylog.db")
    try:
        return conn.execute("SELECT COUNT(*) FROM resource").fetchone()[0]
    finally:
        conn.close()


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_import_shows_progress_and_esc_stops_it_with_nothing_stored(tmp_path):
    import threading

    from studylog.tui.dialogs.progress import ProgressDialog

    big = _link_list(tmp_path / "big.md", 3000)
    app = make_app(tmp_path)
    before = _resource_count(tmp_path)
    reached, go_on = threading.Event(), threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        real = app.files._import_resources

        def held(path, progress):  # the first thousand links are stored; then it waits for the test
            def step(n, total):
                progress(n, total)
                if n == 1000:
                    reached.set()
                    go_on.wait(10)
                    progress(n, total)  # the next report after Esc: raises Cancelled
            return real(path, step)

        app.files._import_resources = held
        app.action_import_resources()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(big)
        await pilot.press("enter")
        for _ in range(100):
            if reached.is_set():
                break
            await asyncio.sleep(0.05)
        assert reached.is_set()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ProgressDialog)
        assert dialog.query_one("#progress-bar").progress == 1000
        assert dialog.query_one("#progress-bar").total == 3000
        await pilot.press("ctrl+p", "a", "2", "question_mark")  # nothing opens on top of the work
        await pilot.pause()
        assert app.screen is dialog and len(app.screen_stack) == 2
        await pilot.press("escape")
        go_on.set()
        await settle(pilot)
        assert not isinstance(app.screen, ProgressDialog)
        assert any("Stopped: importing big.md; nothing was changed" in n for n in _notes(app))
    assert _resource_count(tmp_path) == before


async def test_rebuild_the_search_index_from_the_palette(tmp_path):
    import sqlite3

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any(c.title == "Rebuild the search index" for c in app.get_system_commands(app.screen))
        before = [h.title for h in search.search(app.db, "essay")]
        conn = sqlite3.connect(tmp_path / "studylog.db")
        conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")  # an index that lost everything
        conn.commit()
        conn.close()
        assert search.search(app.db, "essay") == []
        app.action_rebuild_search()
        await settle(pilot)
        assert any(n.startswith("The search index holds") for n in _notes(app))
        assert [h.title for h in search.search(app.db, "essay")] == before and before


async def test_export_everything_from_the_palette_asks_before_replacing_a_file(tmp_path):
    import json

    app = make_app(tmp_path)
    target = tmp_path / "all.json"
    target.write_text("an older export")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_export_everything()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text() == "an older export"
        app.action_export_everything()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(target)
        await pilot.press("enter", "y")
        await settle(pilot)
    data = json.loads(target.read_text())
    assert len(data["writing_entry"]) == 13 and len(data["workout"]) == 3
    assert oct(target.stat().st_mode & 0o777) == "0o600"


async def test_a_damaged_database_is_explained_on_the_dashboard_not_left_loading(tmp_path):
    import os


    db = tmp_path / "studylog.db"
    app = make_app(tmp_path)  # seeds the database
    backups.backup(db, CLOCK)
    os.truncate(db, db.stat().st_size // 2)
    damaged = db.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.screen.query_one("#welcome").display:
                break
        text = str(app.screen.query_one("#welcome").content)
        assert "studylog cannot use its database." in text and "is damaged (it is cut short" in text
        assert "run 'studylog db restore' in a shell" in text
        assert not app.screen.query_one("#dash-columns").display
        assert any("is damaged" in n for n in _notes(app))
    assert db.read_bytes() == damaged


# ------------------------------------------------------------------------ the app shell and its threads

async def test_the_demo_is_made_in_a_worker_and_taken_on_the_event_loop_and_the_old_watcher_let_go(
        tmp_path, monkeypatch):
    """Issue 13: the demo's store was made and assigned in the worker, so other threads could see a half
    switched app, and the watcher kept its connection to the old file open for good."""
    import threading

    from studylog.api.admin import Session

    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("studylog.tui.app.REFRESH_SECONDS", 0.2)
    app = make_app(tmp_path, watch=True)
    loop_thread = threading.get_ident()
    taken: list[int] = []
    take = app._opened_demo
    before: list = []  # the database the app used when the demo was handed over: still the user's

    def handed_over(*args):
        taken.append(threading.get_ident())
        before.append((app._db.path, app.locations.db))
        take(*args)

    monkeypatch.setattr(app, "_opened_demo", handed_over)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.db
        for _ in range(50):  # the watcher opens its connection to the user's database
            if first._watcher is not None:
                break
            await asyncio.sleep(0.05)
        assert first._watcher is not None
        app.action_open_demo()
        await settle(pilot)
        assert taken == [loop_thread]
        assert before == [(tmp_path / "studylog.db", tmp_path / "studylog.db")]
        assert isinstance(app.db, Session) and app.db is not first
        assert app.db.path == tmp_path / "home" / "demo.db" == app.locations.db
        for _ in range(50):  # the watcher moves to the demo and closes the connection it had
            if first._watcher is None and app.db._watcher is not None:
                break
            await asyncio.sleep(0.05)
        assert first._watcher is None and app.db._watcher is not None


def test_threads_asking_for_the_database_at_once_get_one_session(tmp_path, monkeypatch):
    import threading
    import time

    from studylog.services import session as session_module

    made = []
    real_init = session_module.Session.__init__

    def slow_init(self, *args, **kwargs):
        time.sleep(0.05)  # (a window in which a second thread would make its own)
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(session_module.Session, "__init__", slow_init)
    app = make_app(tmp_path)
    got = []
    threads = [threading.Thread(target=lambda: got.append(app.db)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len(got) == 8 and all(s is got[0] for s in got)


async def test_a_folder_of_workouts_is_listed_in_a_worker_not_on_the_event_loop(tmp_path, monkeypatch):
    import threading

    from studylog.api import imports as imports_module

    folder = tmp_path / "watch"
    folder.mkdir()
    listed_on: list[int] = []
    real = imports_module.workout_files
    monkeypatch.setattr(imports_module, "workout_files",
                        lambda path: (listed_on.append(threading.get_ident()), real(path))[1])
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_import_workouts()
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        assert listed_on and listed_on[0] != threading.get_ident()
        assert any("No .gpx, .tcx or .fit files in" in str(n.message) for n in app._notifications)


async def test_an_undo_never_brings_a_record_of_one_database_into_another(tmp_path, monkeypatch):
    """Found by review: a delete made just before the demo was opened could be undone into the demo."""
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        entry = api_writing.entries(app.db, limit=1)[0]
        app.delete_record(entry)
        await settle(pilot)
        app.action_open_demo()
        await settle(pilot)
        demo_entries = len(api_writing.entries(app.db, limit=None))
        await pilot.press("u")
        await settle(pilot)
        assert len(api_writing.entries(app.db, limit=None)) == demo_entries
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


async def test_a_typed_path_that_cannot_be_looked_at_is_said_in_the_prompt(tmp_path):
    """Found by the hostile tester: `~nobody/x.gpx` or a name of 300 letters ended the app with a traceback."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for typed in ("~no-such-user-here/x.gpx", str(tmp_path / ("a" * 300 + ".gpx"))):
            app.action_import_workouts()
            await pilot.pause()
            app.screen.query_one("#prompt-input").value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert type(app.screen).__name__ == "PromptDialog" and app.is_running
            await pilot.press("escape")
            await pilot.pause()


async def test_opening_another_database_closes_the_question_about_a_record_of_this_one(tmp_path, monkeypatch):
    """Found by the hostile tester: a delete confirmed while the demo was opening deleted the demo's row
    with the same id."""
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        before = len(api_writing.entries(app.db, limit=None))
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        app.action_open_demo()
        await settle(pilot)
        assert type(app.screen).__name__ != "ConfirmDialog"
        demo_rows = len(api_writing.entries(app.db, limit=None))
        await pilot.press("y")
        await settle(pilot)
        assert len(api_writing.entries(app.db, limit=None)) == demo_rows
        from studylog.api.admin import Session

        assert len(api_writing.entries(Session(tmp_path / "studylog.db", CLOCK), limit=None)) == before


async def test_asking_for_the_demo_twice_builds_it_once(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYLOG_HOME", str(tmp_path / "home"))
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_demo()
        app.action_open_demo()
        await settle(pilot)
        assert not [n for n in app._notifications if n.severity == "error"]
        assert app.title == "studylog (demo)"


async def test_after_a_delete_the_cursor_stays_where_it_was_on_the_next_row(tmp_path):
    """The cursor went back to the top of the list after a delete (hostile tester)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        table.move_cursor(row=4)
        await pilot.pause()
        following = screen.view[5].id
        await pilot.press("d", "y")
        await settle(pilot)
        assert table.cursor_row == 4 and screen.highlighted().id == following
        last = len(screen.view) - 1
        table.move_cursor(row=last)
        await pilot.pause()
        before_last = screen.view[last - 1].id
        await pilot.press("d", "y")  # the last row: the one before it takes the cursor
        await settle(pilot)
        assert screen.highlighted().id == before_last

"""The shell and the app import the same files into the same records (issue 13: a Strava export with an
unreadable activity gave "2 added" from the shell and "0 added, activities.csv: cannot read it" in the
app). Both read files through studylog.api.imports; here the same inputs go through `studylog import`
and through the store the app calls, into two databases that must end up alike."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from studylog.api import imports, reviews
from studylog.api.admin import Session
from studylog.api.imports import workout_files

TABLE_COLUMNS = {  # what a person would see of each record (ids and timestamps differ between runs)
    "workout": "sport, day, start_time, distance_m, duration_s, title, note, source, source_id",
    "reading_item": "kind, title, authors, isbn, pages, status, added, started, finished, rating, source, source_id",
    "feed": "kind, title, url, added, source, source_id",
    "resource": "url, title, topic, kind, description, status, added",
}


def _gpx(day: int) -> str:
    points = "".join(f'<trkpt lat="46.0" lon="{14 + i * 0.001:.3f}"><time>2026-11-{day:02d}T07:{i:02d}:00Z</time>'
                     f"</trkpt>" for i in range(30))
    return ('<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
            f"<trk><trkseg>{points}</trkseg></trk></gpx>")


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    strava = tmp_path / "strava"
    (strava / "activities").mkdir(parents=True)
    (strava / "activities" / "1.gpx").write_text(_gpx(1))
    (strava / "activities" / "2.gpx").write_text(_gpx(2))
    os.mkfifo(strava / "activities" / "3.gpx")  # an activity that cannot be read (it would hang a reader)
    (strava / "activities.csv").write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename\n"
        '1,"Nov 1, 2026, 7:00:00 AM",Run one,Run,1740,5.0,activities/1.gpx\n'
        '2,"Nov 2, 2026, 7:00:00 AM",Run two,Run,1740,5.0,activities/2.gpx\n'
        '3,"Nov 3, 2026, 7:00:00 AM",Run three,Run,1740,5.0,activities/3.gpx\n')
    folder = tmp_path / "watch"
    folder.mkdir()
    (folder / "a.gpx").write_text(_gpx(5))
    (folder / "b.gpx").write_text(_gpx(6))
    (folder / "broken\x1b]0;owned\x07.gpx").write_text("<gpx>not closed")  # a name that sets the title
    goodreads = tmp_path / "goodreads.csv"
    goodreads.write_text(
        "Book Id,Title,Author,Additional Authors,My Rating,Number of Pages,Date Read,Date Added,"
        "Exclusive Shelf\n"
        "1,Deep Work,Cal Newport,,5,296,2026/03/01,2026/01/10,read\n"
        "2,The Pragmatic Programmer,David Thomas,Andrew Hunt,4,352,,2026/02/01,currently-reading\n")
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body>'
                    '<outline type="rss" text="Lil\'Log" xmlUrl="https://lilianweng.github.io/index.xml" '
                    'htmlUrl="https://lilianweng.github.io/"/></body></opml>')
    markdown = tmp_path / "list.md"
    markdown.write_text("# GPUs\n\n## Kernels\n\n- [Triton](https://triton-lang.org) - a language\n"
                        "- [CUDA guide](https://docs.nvidia.com/cuda/) - the manual\n")
    return {"strava": strava, "folder": folder, "goodreads": goodreads, "opml": opml, "markdown": markdown}


def _rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {table: sorted(conn.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
                for table, columns in TABLE_COLUMNS.items()}
    finally:
        conn.close()


def _summary(data) -> tuple:
    """An import's summary as the shell prints it (--json) or the app gets it, in one shape."""
    if not isinstance(data, dict):
        data = data._asdict()

    def lines(rows) -> list[tuple]:
        return [(r["file"], r["line"], r["reason"]) if isinstance(r, dict) else tuple(r) for r in rows]

    return (data["file"], data["added"], data["already"], data["updated"], lines(data["skipped"]),
            lines(data["notes"]))


def test_the_same_files_give_the_same_records_from_the_shell_and_the_app(cli, home, clock, tmp_path, inputs):
    shell_db, app_db = tmp_path / "shell.db", tmp_path / "app.db"
    store = Session(app_db, clock)
    said_by_shell, said_by_app = [], []

    def shell(*args: str) -> None:
        result = cli("--db", str(shell_db), *args, "--json")
        assert result.status == 0, result.err
        said_by_shell.append(_summary(json.loads(result.out)))

    shell("import", "strava", str(inputs["strava"]))
    said_by_app.append(_summary(imports.import_workout_files(store, workout_files(inputs["strava"]))))
    shell("import", "gpx", str(inputs["folder"]))
    said_by_app.append(_summary(imports.import_workout_files(store, workout_files(inputs["folder"]))))
    shell("import", "goodreads", str(inputs["goodreads"]))
    said_by_app.append(_summary(imports.import_reading_file(store, inputs["goodreads"], "goodreads")))
    shell("import", "opml", str(inputs["opml"]))
    said_by_app.append(_summary(imports.import_reading_file(store, inputs["opml"], "opml")))
    shell("res", "import", str(inputs["markdown"]))
    said_by_app.append(_summary(imports.import_resource_file(store, inputs["markdown"])))

    assert said_by_shell == said_by_app
    assert _rows(shell_db) == _rows(app_db)
    rows = _rows(app_db)
    assert len(rows["workout"]) == 5 and len(rows["reading_item"]) == 2  # (the runs of Nov 1, 2, 3, 5, 6)
    assert len(rows["feed"]) == 1 and len(rows["resource"]) == 2
    strava, folder = said_by_app[0], said_by_app[1]
    assert strava[1] == 3 and any("named pipe" in note[2] for note in strava[5])  # (its row, without the track)
    assert folder[1] == 2 and len(folder[4]) == 1  # the broken file skipped, with its reason
    assert not any("\x1b" in str(part) for said in said_by_app for part in said)  # names cleaned alike


def test_the_shell_and_the_app_write_the_same_reviews(cli, home, clock, tmp_path, inputs):
    """One review chain (studylog.api.reviews): `studylog review week|year -o` and the app's export of
    the Review screen write the same Markdown, in the person's settings."""
    from datetime import date

    from studylog.config import Settings

    db = tmp_path / "both.db"
    assert cli("--db", str(db), "import", "gpx", str(inputs["folder"])).status == 0
    assert cli("--db", str(db), "import", "goodreads", str(inputs["goodreads"])).status == 0
    assert cli("--db", str(db), "log", "write", "notes", "--words", "650", "--date", "2026-11-02").status == 0
    assert cli("config", "set", "units", "imperial").status == 0
    assert cli("config", "set", "week_start", "sunday").status == 0
    settings = Settings(units="imperial", week_start="sunday")
    store = Session(db, clock)
    for kind, when, app_markdown in (
            ("week", "2026-11-02", reviews.week_markdown(store, date(2026, 11, 1), settings)),
            ("year", "2026", reviews.year_markdown(store, 2026, settings))):
        out = tmp_path / f"{kind}.md"
        result = cli("--db", str(db), "review", kind, when, "-o", str(out))
        assert result.status == 0, result.err
        assert out.read_text() == app_markdown
        assert " mi" in app_markdown and "650" in app_markdown


# ------------------------------------------------------------- what the hostile tester found (issue 13)

def test_paths_that_cannot_be_looked_at_are_one_line_from_the_shell(cli, home, tmp_path):
    long_name = tmp_path / ("a" * 300 + ".gpx")
    for args in (("import", "gpx", str(long_name)), ("import", "strava", str(long_name)),
                 ("import", "gpx", str(tmp_path / "gone"))):
        result = cli(*args)
        assert result.status == 1 and len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err and "cannot write" not in result.err
    assert "no such file" in cli("import", "gpx", str(tmp_path / "gone")).err


def test_a_folder_holding_one_unreadable_file_skips_it_in_the_shell_as_in_the_app(cli, home, clock, tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    os.mkfifo(folder / "pipe.gpx")
    result = cli("import", "gpx", str(folder), "--json")
    assert result.status == 0, result.err
    shell = _summary(json.loads(result.out))
    app = _summary(imports.import_workout_files(Session(tmp_path / "app.db", clock), workout_files(folder)))
    assert shell == app and shell[1] == 0 and "named pipe" in shell[4][0][2]


def test_a_folder_gone_after_it_was_chosen_is_said_alike(cli, home, clock, tmp_path):
    gone = tmp_path / "gone_folder"
    shell = cli("import", "gpx", str(gone)).err.strip()
    app = _summary(imports.import_workout_files(Session(tmp_path / "app.db", clock), workout_files(gone)))
    assert "no such file" in shell and "no such file" in app[4][0][2]


def test_a_size_of_four_hundred_digits_is_one_line(cli, home, tmp_path):
    (tmp_path / "a.gpx").write_text(_gpx(1))
    result = cli("import", "gpx", str(tmp_path / "a.gpx"), "--max-size=" + "9" * 400)
    assert result.status == 2 and "not a size" in result.err and "Traceback" not in result.err


def test_a_demo_build_that_fails_leaves_no_demo_behind(tmp_path, clock, monkeypatch):
    from studylog.services import demo as demo_module
    from studylog.services.session import make_demo

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(demo_module, "generate", broken)
    with pytest.raises(OSError):
        make_demo(tmp_path / "demo.db", clock)
    assert list(tmp_path.iterdir()) == []  # no demo.db, no partial file, no -wal


def test_a_gpx_that_grows_past_its_limit_while_it_is_read_is_refused(tmp_path, clock, monkeypatch):
    """Found by the hostile tester: the size limit of a GPX was checked only when it was opened, so a file
    growing meanwhile was read whole (other formats were checked as they were read)."""
    import io

    from studylog.api import imports
    from studylog.io import common
    from studylog.io.common import Unreadable

    small, grown = _gpx(1).encode(), _gpx(2).encode() * 40  # opened at 2 KB, 60 KB by the time it is read
    path = tmp_path / "growing.gpx"
    path.write_bytes(small)
    monkeypatch.setattr(common, "open_file", lambda *args, **kwargs: (io.BytesIO(grown), len(small)))
    with pytest.raises(Unreadable, match="more than studylog reads"):
        imports.read_workout_file(path, "gpx", zone=clock.zone(), max_size=len(small) + 10)
    monkeypatch.undo()
    assert imports.read_workout_file(path, "gpx", zone=clock.zone(), max_size=len(small) + 10).items


# --------------------------------------------------- a person's day, in the shell and in the app (issue 13)

DAY_COLUMNS = {  # what a person would see of each record (ids, timestamps and the order of rows aside)
    "writing_entry": "day, title, words, note, tags, challenge, url",
    "workout": "sport, day, start_time, distance_m, duration_s, title, note, pool_length_m",
    "reading_item": "kind, title, authors, status, added, started, finished, rating",
    "resource": "url, title, topic, kind, status, added, done, note",
    "goal": "kind, title, activity, metric, target, period, start_day, end_day, archived, active_from, archived_on, "
            "subject",
    "study_session": "day, duration_s, topic, resource_id, note",
}


def _day_rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {table: sorted(conn.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
                for table, columns in DAY_COLUMNS.items()}
    finally:
        conn.close()


async def test_a_day_in_the_shell_and_the_same_day_in_the_app_leave_the_same_records(cli, home, tmp_path):
    """Every workflow goes through studylog.api: the same things done by commands and by keys in the app
    (quick add, a goal, finishing a book, marking a resource done, a delete and its undo, exporting the
    resources) leave the same records and write the same list."""
    from test_tui import CLOCK, make_app, settle, table_text
    from textual.widgets import DataTable

    shell_db = tmp_path / "shell.db"
    shell_list, app_list = tmp_path / "shell.md", tmp_path / "app" / "resources.md"
    for args in (("log", "run", "5k", "28:30", "--date", "yesterday"),
                 ("log", "write", "--title", "Day 13: Prompting", "--words", "650"),
                 ("read", "add", "Deep Work", "--author", "Cal Newport"),
                 ("goal", "add", "run 3 times per week"),
                 ("read", "finish", "deep work"),
                 ("res", "add", "https://arxiv.org/abs/1706.03762", "--title", "Attention Is All You Need",
                  "--topic", "Deep Learning/Transformers"),
                 ("res", "done", "1"),
                 ("log", "study", "45min", "--topic", "transformers"),
                 ("goal", "add", "study Transformers 2h per week"),
                 ("res", "export", "-o", str(shell_list))):
        result = cli("--db", str(shell_db), *args)
        assert result.status == 0, (args, result.err)

    (tmp_path / "app").mkdir()
    app = make_app(tmp_path / "app", seeded=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for phrase in ("run 5k 28:30 yesterday", "write 650 words Day 13: Prompting", "read Deep Work by Cal Newport"):
            await pilot.press("a", *phrase, "enter")
            await settle(pilot)
        await pilot.press("6", "g")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "run 3 times per week"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-url").value = "https://arxiv.org/abs/1706.03762"
        form.query_one("#field-title").value = "Attention Is All You Need"
        form.query_one("#field-topic").value = "Deep Learning/Transformers"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("a", *"study 45min transformers", "enter")
        await settle(pilot)
        await pilot.press("6", "g")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "study Transformers 2h per week"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert table_text(app.screen.query_one("#records", DataTable))[0].startswith("2026-11-23 run")
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.screen.query_one("#records", DataTable).row_count == 0
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.query_one("#records", DataTable).row_count == 1
        from studylog.api import resources

        resources.export_file(app.db, app_list)  # (what the palette's "Export resources" runs)

    app_rows, shell_rows = _day_rows(tmp_path / "app" / "studylog.db"), _day_rows(shell_db)
    assert app_rows == shell_rows
    assert [r[:3] for r in app_rows["reading_item"]] == [("book", "Deep Work", '["Cal Newport"]')]
    assert app_rows["reading_item"][0][3] == "finished" and app_rows["resource"][0][4] == "done"
    assert app_rows["workout"][0][:2] == ("run", "2026-11-23") and len(app_rows["goal"]) == 2
    assert app_rows["study_session"] == [("2026-11-24", 2700, "Deep Learning/Transformers", None, None)]
    assert app_list.read_text() == shell_list.read_text() and "Attention Is All You Need" in app_list.read_text()
    assert CLOCK.today().isoformat() == "2026-11-24"  # (the clock both front ends were given)


# -------------------------------------------------- what the hostile tester found in the api layer (issue 13)

def test_a_database_moved_while_a_delete_waits_for_its_answer_is_never_made_anew(cli, home, tmp_path, monkeypatch):
    db = tmp_path / "m.db"
    assert cli("--db", str(db), "log", "run", "5k", "30:00").status == 0

    def answer_after_the_move(question: str) -> str:
        db.rename(tmp_path / "m.db.moved")
        return "y"

    monkeypatch.setattr("builtins.input", answer_after_the_move)
    result = cli("--db", str(db), "delete", "workout", "1")
    assert result.status == 1 and "was moved, deleted or replaced" in result.err, result.err
    assert not db.exists()  # no empty database made in its place
    assert cli("--db", str(tmp_path / "m.db.moved"), "list", "workouts", "--json").out.count('"id"') == 1


def test_a_reflection_written_while_the_database_was_moved_is_not_saved_elsewhere(cli, home, tmp_path, monkeypatch):
    from studylog.cli import review

    db = tmp_path / "r.db"
    assert cli("--db", str(db), "log", "run", "5k", "30:00").status == 0

    def slow_editor(text: str) -> str:
        db.rename(tmp_path / "r.db.moved")
        return text + "\n## Learned\nLearned the hard way\n"

    monkeypatch.setattr(review, "edit_in_editor", slow_editor)
    result = cli("--db", str(db), "reflect", "week")
    assert result.status == 1 and "was moved" in result.err and not db.exists()


def test_one_command_opens_the_database_once_however_many_records_it_marks(cli, home, monkeypatch):
    """Found by the hostile tester: `res done` of 1,000 ids took ten times as long once each api call
    opened its own connection (a leftover scan, a header check and a checkpoint each)."""
    from studylog.db import opening

    for n in range(30):
        assert cli("res", "add", f"https://example.org/{n}", "--title", f"Link {n}").status == 0
    opened = []
    real = opening.open_database
    monkeypatch.setattr(opening, "open_database", lambda *a, **k: opened.append(a) or real(*a, **k))
    result = cli("res", "done", *[str(n) for n in range(1, 31)])
    assert result.status == 0 and result.out.count("Marked") == 30
    assert len(opened) == 1


def test_a_killed_demos_lock_is_removed_with_its_other_leftovers(tmp_path):
    from studylog.db.leftovers import remove_leftovers

    dead = 2**22 + 12345  # (no such process)
    lock = tmp_path / f".d.db.partial-{dead}.lock"
    lock.write_text("")
    removed = remove_leftovers(tmp_path / "x.db")
    assert lock in removed and not lock.exists()


def test_the_demo_never_replaces_a_special_file_and_cleans_the_path_it_names(cli, home, tmp_path):
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    refused = cli("demo", "--db", str(pipe), "--no-tui")
    assert refused.status == 2 and "already exists" in refused.err and pipe.is_fifo()
    odd = tmp_path / "e\x1b[31mx.db"
    made = cli("demo", "--db", str(odd), "--no-tui")
    assert made.status == 0 and "\x1b" not in made.out and odd.exists()


def test_output_through_a_link_writes_its_target_and_a_special_file_is_refused(cli, home, tmp_path):
    target, link, pipe = tmp_path / "target.md", tmp_path / "link.md", tmp_path / "pipe.md"
    target.write_text("orig")
    link.symlink_to(target)
    os.mkfifo(pipe)
    assert cli("log", "run", "5k", "30:00").status == 0
    assert cli("review", "week", "-o", str(link), "--force").status == 0
    assert link.is_symlink() and target.read_text().startswith("# Week")
    refused = cli("review", "week", "-o", str(pipe), "--force")
    assert refused.status == 2 and "not a regular file" in refused.err and pipe.is_fifo()


def test_a_special_file_given_as_the_database_is_one_line_and_never_waited_on(tmp_path):
    import subprocess
    import sys

    pipe, folder = tmp_path / "f.db", tmp_path / "d.db"
    os.mkfifo(pipe)
    folder.mkdir()
    for path in (pipe, folder):
        for args in (("db", "check"), ("db", "backup"), ("streak",), ("log", "run", "5k", "30:00")):
            run = subprocess.run([sys.executable, "-m", "studylog", "--db", str(path), *args], capture_output=True,
                                 text=True, timeout=60, env={**os.environ, "STUDYLOG_HOME": str(tmp_path / "h")})
            assert run.returncode == 1 and "Traceback" not in run.stderr, (path, args, run.stderr)
            said = run.stderr + run.stdout
            assert "named pipe" in said or "folder" in said, said


def test_names_too_long_to_look_for_are_one_line(cli, home):
    huge = "a" * 49_999
    for args in (("read", "finish", huge), ("read", "start", huge), ("res", "list", "--topic", huge),
                 ("log", "study", "30min", "--res", huge)):
        result = cli(*args)
        assert result.status in (0, 1) and "Traceback" not in result.err and len(result.err.splitlines()) <= 1
    assert "that long" in cli("read", "finish", huge).err


def test_an_editor_that_removes_its_file_is_one_line(cli, home, monkeypatch):
    monkeypatch.setenv("EDITOR", "rm")
    result = cli("reflect", "week")
    assert result.status == 1 and "left no file" in result.err


def test_progress_of_a_sport_not_done_names_that_sport(cli, home):
    cli("log", "run", "5k", "30:00")
    said = cli("progress", "--sport", "swim").out
    assert said.startswith("No swim workouts in the last 8 weeks")


def test_goal_edits_that_change_nothing_or_reach_before_the_goals_year_are_refused(cli, home):
    cli("goal", "add", "read 24 books in 2026")
    blank = cli("goal", "edit", "1", "--title", "   ")
    assert blank.status == 2 and "nothing to change" in blank.err
    early = cli("goal", "edit", "1", "--from", "2025-01-01")
    assert early.status == 2 and "cannot start before" in early.err


def test_the_application_layer_judges_what_it_is_given_not_what_a_front_end_checked(tmp_path, clock):
    from datetime import date

    from studylog.api import goals, reading, records, reviews
    from studylog.domain.values import NewReading

    db = Session(tmp_path / "api.db", clock)
    goal = goals.add(db, "run 5 km per week")
    goals.edit(db, goal, "run 3 km per week")  # (today: edited in place)
    stale = goal  # the app's list still shows the 5 km goal
    titled = goals.edit(db, stale, title="Easy weeks")
    assert (titled.target, titled.title) == (3000, "Easy weeks")  # the stored target, not the stale one
    with pytest.raises(ValueError):
        goals.edit(db, titled, since=date(2030, 1, 1))
    item = records.add(db, NewReading(title="Dune"))
    with pytest.raises(ValueError):
        reading.act(db, item, "finish", day=date(2030, 1, 1))
    with pytest.raises(ValueError, match="a week or a year"):
        reviews.save_reflection(db, "month", "2026-11", {"learned": "x"})


def test_an_import_that_finds_the_database_filled_meanwhile_says_so_in_its_own_words(tmp_path, clock):
    from studylog.domain.errors import NotEmpty
    from studylog.services import transfer

    db = Session(tmp_path / "full.db", clock)
    with db.connection() as conn:
        export = transfer.export_all(conn, settings={}, now=clock.now())  # (of the empty database)
        conn.execute("INSERT INTO challenge (key, name, days, created_at) VALUES ('x', 'x', 30, '2026-11-24')")
        conn.commit()
        with pytest.raises(NotEmpty):
            transfer.import_all(conn, export, now=clock.now())


def test_summaries_of_big_imports_group_their_thousands(cli, home, tmp_path):
    rows = "\n".join(f"{n},Book {n},Author {n},,,,,,,to-read" for n in range(1, 1201))
    csv = tmp_path / "gr.csv"
    csv.write_text("Book Id,Title,Author,Additional Authors,ISBN,My Rating,Number of Pages,Date Read,Date Added,"
                   "Exclusive Shelf\n" + rows + "\n")
    result = cli("import", "goodreads", str(csv))
    assert "1,200 added" in result.out, result.out

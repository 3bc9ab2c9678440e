"""A whole record (issue 14, point 9): `studylog show`, Enter on a row in the app, the note in $EDITOR
(`log write --edit`, ctrl+e in the app), and one line when there is no editor."""

from __future__ import annotations

import contextlib
import json
import os

import pytest
from test_tui import make_app, settle, table_text
from textual.widgets import DataTable


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """An editor that appends two paragraphs to the file it is given."""
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\nprintf 'Day 14: attention\\n\\nWrote about softmax and scaling.\\n' >> \"$1\"\n")
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return script


def test_show_prints_every_field_and_the_whole_note(cli):
    note = "First paragraph, long enough to matter.\n\nSecond paragraph: the part the list never showed."
    cli("log", "write", note, "--title", "Day 12: Prompting", "--challenge", "30-day essays", "--tag", "ml")
    shown = cli("show", "writing", "1")
    assert shown.status == 0
    assert shown.out.splitlines() == [
        "writing #1", "Date       2026-11-24", "Words      14 words", "Title      Day 12: Prompting",
        "Challenge  30-day essays", "Tags       #ml", "", "Note:", "  First paragraph, long enough to matter.", "",
        "  Second paragraph: the part the list never showed."]
    cli("log", "swim", "1500m", "40min", "--pool", "25m", "--hr", "140", "--note", "drills")
    swim = [" ".join(line.split()) for line in cli("show", "workout", "1").out.splitlines()]
    for expected in ("swim #1", "Distance 1,500 m", "Pool 60 × 25 m", "Time 40:00", "Pace 2:40 /100m",
                     "Heart rate 140 bpm", "drills"):
        assert expected in swim, swim
    cli("read", "add", "Deep Work", "--author", "Cal Newport")
    cli("read", "finish", "deep work", "--rating", "4.5", "--review", "Focus is a skill.")
    book = cli("show", "read", "1").out
    assert "4.5/5" in book and "Review:\n  Focus is a skill." in book
    cli("res", "add", "https://arxiv.org/abs/1706.03762", "--title", "Attention", "--description", "the paper")
    assert "Description:\n  the paper" in cli("show", "res", "1").out
    cli("log", "study", "45min", "--res", "1", "--note", "section 3")
    assert "Resource  Attention" in cli("show", "study", "1").out  # (its topic: none; the resource's none)
    assert json.loads(cli("show", "writing", "1", "--json").out)["note"] == note


def test_show_of_what_is_not_there_is_one_line(cli):
    result = cli("show", "workout", "7")
    assert result.status == 1 and result.err.strip() == "studylog: no workout with id 7"


def test_log_write_edit_takes_the_note_from_the_editor(cli, editor):
    stored = cli("log", "write", "--edit", "--title", "Day 14")
    assert stored.status == 0 and "8 words" in stored.out, stored.err
    shown = cli("show", "writing", "1").out
    assert "  Day 14: attention\n\n  Wrote about softmax and scaling." in shown


def test_a_missing_editor_is_one_line_and_nothing_is_stored(cli, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent")
    for args in (("log", "write", "--edit"), ("reflect", "week")):
        result = cli(*args)
        assert result.status == 1 and len(result.err.splitlines()) == 1 and "Traceback" not in result.err
        assert "cannot start the editor '/nonexistent'" in result.err
    assert json.loads(cli("list", "writing", "--json").out) == []


async def test_enter_opens_the_whole_record_and_e_edits_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordView"
        body = str(app.screen.query_one("#record-fields").render())
        assert body.splitlines()[0].split() == ["Date", "2026-11-24"] and "Title" in body
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordForm"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("5")
        await settle(pilot)
        app.screen.query_one("#resources").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordView" and "Link" in str(
            app.screen.query_one("#record-fields").render())
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ResourcesScreen"


async def test_ctrl_e_writes_a_writing_entrys_note_in_the_editor(tmp_path, editor, monkeypatch):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # (a test terminal cannot hand over)
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await settle(pilot)
        from studylog.api import admin, writing

        newest = writing.entries(admin.session(tmp_path / "studylog.db", app.clock), limit=1)[0]
        assert newest.note.endswith("Day 14: attention\n\nWrote about softmax and scaling.")
        assert "Day 12" in table_text(app.screen.query_one("#records", DataTable))[0]


async def test_no_editor_in_the_app_is_a_warning_and_nothing_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter", "ctrl+e")
        await settle(pilot)
        assert any("cannot start the editor" in str(n.message) for n in app._notifications)
    assert os.environ["EDITOR"] == "/nonexistent"

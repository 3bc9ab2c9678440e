"""The Search screen as someone types (issue 15, point 2: results painted within 50 ms of a key): the list
is built in one go and only when the hits change, one line a hit, newest first, stale results dropped."""

from __future__ import annotations

from datetime import timedelta

from test_tui import CLOCK, TODAY, make_app, settle
from textual.widgets import Input, Label, OptionList

from studylog.db.opening import open_database
from studylog.domain.values import NewWriting
from studylog.services import writing
from studylog.tui.screens.search import Results


async def test_typing_a_word_to_its_end_keeps_the_list_when_the_hits_are_the_same(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"essa")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        before = list(results.options)
        assert len(before) == 13 and before[1].id  # (Writing (12), then the twelve entries)
        await pilot.press("y")  # "essay": the same twelve entries
        await settle(pilot)
        assert all(a is b for a, b in zip(results.options, before, strict=True))  # (not rebuilt)
        assert str(app.screen.query_one("#search-status", Label).content) == "12 found"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"park")
        await settle(pilot)
        assert [o.id for o in results.options if o.id] == ["workout:1"]


async def test_each_hit_is_one_line_however_long_its_title_and_note(tmp_path):
    conn = open_database(tmp_path / "studylog.db", CLOCK)
    for n in range(3):
        writing.add(conn, NewWriting(day=TODAY - timedelta(days=n), title="A very long title about tokenizers " * 6,
                                     note="and a note that goes on about tokenizers " * 20), now=CLOCK.now())
    conn.close()
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"tokenizers")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count == 4
        assert results.virtual_size.height == 4  # (a header and three hits, each cut with "…")


async def test_results_of_an_older_query_are_not_shown(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"pool")
        await settle(pilot)
        screen = app.screen
        results = screen.query_one("#search-results", OptionList)
        shown = [o.id for o in results.options]
        screen.post_message(Results("essay", []))  # (a search for what the field held before)
        await settle(pilot)
        assert screen.query_one("#search-input", Input).value == "pool"
        assert [o.id for o in results.options] == shown


async def test_a_full_list_says_there_are_more_rather_than_how_many_were_found(tmp_path):
    """It said "40 found (the first 40)" where 295 matched."""
    conn = open_database(tmp_path / "studylog.db", CLOCK)
    for n in range(45):
        writing.add(conn, NewWriting(day=TODAY - timedelta(days=n), words=100, title=f"zebra day {n}"), now=CLOCK.now())
    conn.close()
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"zebra")
        await settle(pilot)
        status = str(app.screen.query_one("#search-status", Label).content)
        assert status == "the first 40 shown (there are more: another word narrows them)"

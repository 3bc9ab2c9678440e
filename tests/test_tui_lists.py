"""The lists people live in: filter as you type, sort, page through years, forms, search."""

from __future__ import annotations

from datetime import timedelta

from test_tui import CLOCK, TODAY, make_app, settle, table_text
from textual.widgets import DataTable

from studylog.db.schema import open_database
from studylog.services import writing
from studylog.tui.screens.records import CHUNK, PAGE


def _many_entries(tmp_path, n: int) -> None:
    conn = open_database(tmp_path / "studylog.db", CLOCK)
    rows = [(( TODAY - timedelta(days=i)).isoformat(), f"Entry {i}" + (" about attention" if i % 50 == 0 else ""),
             100 + i % 900, "a note", "[]", None, None, "2026-11-24 12:00:00.000000", "2026-11-24 12:00:00.000000")
            for i in range(n)]
    conn.execute("BEGIN")
    conn.executemany(writing.SQL_INSERT, rows)
    conn.execute("COMMIT")
    conn.close()


async def test_years_of_entries_open_a_page_at_a_time_and_load_more_on_scroll(tmp_path):
    _many_entries(tmp_path, 3650)
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#records", DataTable)
        assert table.row_count == CHUNK and len(screen.loaded) == PAGE  # a page read, a chunk shown
        assert str(screen.query_one("#records-status").content) == "1,000+ entries"
        table.move_cursor(row=CHUNK - 1)
        await settle(pilot)
        assert table.row_count == 2 * CHUNK
        table.move_cursor(row=table.row_count - 1)
        for _ in range(PAGE // CHUNK + 2):
            table.move_cursor(row=table.row_count - 1)
            await settle(pilot)
        assert len(screen.loaded) > PAGE  # the next page was read from the database


async def test_filter_as_you_type_reads_everything_once_and_escape_clears(tmp_path):
    _many_entries(tmp_path, 3650)
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", *"attention")
        await settle(pilot)
        screen = app.screen
        rows = table_text(screen.query_one("#records", DataTable))
        assert len(rows) == 73 and all("attention" in r for r in rows)  # 3650 / 50, older pages included
        assert "matching “attention”" in str(screen.query_one("#records-status").content)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#records", DataTable).row_count == CHUNK and not screen.filter_text


async def test_sort_by_column_with_o_and_by_clicking_a_header(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("o", "o")  # by date, then by words
        await pilot.pause()
        table = app.screen.query_one("#records", DataTable)
        words = [int(r.split()[1].replace(",", "")) for r in table_text(table)]
        assert words == sorted(words, reverse=True)
        assert "Words ▼" in str(list(table.columns.values())[1].label)
        await pilot.click("#records", offset=(14, 0))  # the Words header
        await pilot.pause()
        words = [int(r.split()[1].replace(",", "")) for r in table_text(table)]
        assert words == sorted(words)


async def test_new_and_edit_through_a_form_with_errors_beside_the_field(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-distance_m").value = "5 parsecs"
        form.query_one("#field-duration_s").value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "unknown unit 'parsecs'" in str(form.query_one("#error-distance_m").content)
        assert "can't read duration 'soon'" in str(form.query_one("#error-duration_s").content)
        assert app.screen is form  # nothing stored, the form stays
        form.query_one("#field-distance_m").value = "10k"
        form.query_one("#field-duration_s").value = "52:30"
        form.query_one("#field-day").value = "yesterday"
        form.query_one("#field-title").value = "Tempo [b]run[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#records", DataTable)
        row = table_text(table)[table.cursor_row]
        assert row.startswith("2026-11-23 run 10.00 km 52:30 5:15 /km Tempo [b]run[/b]")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-distance_m").value = "10.5k"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#records", DataTable)
        assert "10.50 km" in table_text(table)[table.cursor_row]


async def test_reading_and_writing_forms(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4", "n")
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a title is needed" in str(form.query_one("#error-title").content)
        form.query_one("#field-title").value = "The Art of Learning"
        form.query_one("#field-authors").value = "Josh Waitzkin"
        form.query_one("#field-rating").value = "4.3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "half steps" in str(form.query_one("#error-rating").content)
        form.query_one("#field-rating").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(r.startswith("to-read book The Art of Learning Josh Waitzkin")
                   for r in table_text(app.screen.query_one("#records", DataTable)))
        await pilot.press("2", "n")
        await pilot.pause()
        app.screen.query_one("#field-words").value = "many"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "can't read word count 'many'" in str(app.screen.query_one("#error-words").content)


async def test_search_finds_and_opens_the_record(tmp_path):
    _many_entries(tmp_path, 1500)
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"entry 1450")
        await settle(pilot)
        results = app.screen.query_one("#search-results")
        assert results.option_count >= 2 and "Writing (" in str(results.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "WritingScreen"
        table = screen.query_one("#records", DataTable)
        assert "Entry 1450" in table_text(table)[table.cursor_row]  # found beyond the first page


async def test_search_with_nothing_to_find(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *'"( NEAR zzz*')
        await settle(pilot)
        assert str(app.screen.query_one("#search-status").content) == "nothing found"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_resources_form_filter_delete_and_undo(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-url").value = "mailto:someone@example.org"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not an http(s) link" in str(form.query_one("#error-url").content)
        form.query_one("#field-url").value = "https://www.deeplearningbook.org/?utm_source=x"
        form.query_one("#field-title").value = "Deep Learning (book)"
        form.query_one("#field-topic").value = "Deep Learning"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#resources", DataTable)
        assert "Deep Learning (book)" in table_text(table)[table.cursor_row]
        await pilot.press("slash", *"brrr")
        await settle(pilot)
        assert [r.split()[-1] for r in table_text(app.screen.query_one("#resources", DataTable))] == ["GPUs"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#resources", DataTable).row_count == 5
        app.screen.query_one("#resources").focus()
        await pilot.press("x", "y")
        await settle(pilot)
        assert app.screen.query_one("#resources", DataTable).row_count == 4
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.query_one("#resources", DataTable).row_count == 5


async def test_a_click_on_a_screens_name_goes_there(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click("NavBar", offset=(27, 0))  # "3 Workouts"
        await settle(pilot)
        assert type(app.screen).__name__ == "WorkoutsScreen"

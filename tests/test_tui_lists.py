"""The lists people live in: filter as you type, sort, page through years, forms, search."""

from __future__ import annotations

from datetime import timedelta

from test_tui import CLOCK, TODAY, make_app, settle, table_text
from textual.widgets import DataTable

from studylog.api import workouts
from studylog.db.opening import open_database
from studylog.services import writing
from studylog.tui.screens.records import CHUNK, PAGE, first_rows


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
        first = first_rows(30)  # a screenful and some (30 rows)
        assert first == 40 and table.row_count == first and len(screen.loaded) == PAGE  # a page read
        assert str(screen.query_one("#records-status").content) == "1,000+ entries"
        table.move_cursor(row=first - 1)
        await settle(pilot)
        assert table.row_count == first + CHUNK
        table.move_cursor(row=table.row_count - 1)
        for _ in range(PAGE // CHUNK + 2):
            table.move_cursor(row=table.row_count - 1)
            await settle(pilot)
        assert len(screen.loaded) > PAGE  # the next page was read from the database


async def test_ctrl_end_goes_to_the_oldest_entry_of_years_of_them_in_one_press(tmp_path):
    """A decade's writing is read a page at a time; Ctrl+End stopped at the end of each page (a newcomer
    pressed it four times to reach the first entry)."""
    _many_entries(tmp_path, 2 * PAGE + 500)
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#records", DataTable)
        table.move_cursor(row=table.row_count - 1)  # a page asked for as the cursor nears the end...
        await pilot.press("ctrl+end")  # ...and Ctrl+End at once
        await settle(pilot)
        await pilot.pause()
        oldest = (TODAY - timedelta(days=2 * PAGE + 499)).isoformat()
        assert table.row_count == 2 * PAGE + 500 and table.cursor_row == table.row_count - 1
        assert screen.highlighted().day.isoformat() == oldest
        assert str(screen.query_one("#records-status").content) == "2,500 entries"


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
        table = screen.query_one("#records", DataTable)
        rows = table_text(table)
        assert len(rows) == first_rows(30) and all("attention" in r for r in rows)  # a screenful and some
        assert str(screen.query_one("#records-status").content) == "73 entries · matching “attention”"
        matched = [f"{e.title} " for e in screen.view]  # 3650 / 50, older pages included; the rest on scrolling
        assert len(matched) == 73 and all("attention" in title for title in matched)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#records", DataTable).row_count == first_rows(30) and not screen.filter_text


async def test_sort_by_column_with_o_and_by_clicking_a_header(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("o", "o")  # by date, newest first, then the other way round
        await pilot.pause()
        table = app.screen.query_one("#records", DataTable)
        days = [r.split()[0] for r in table_text(table)]
        assert days == sorted(days) and "Date ▲" in str(list(table.columns.values())[0].label)
        await pilot.press("down", "down", "down")
        await pilot.press("o")  # by words, the most first
        await pilot.pause()
        words = [int(r.split()[1].replace(",", "")) for r in table_text(table)]
        assert words == sorted(words, reverse=True)
        assert table.cursor_row == 0 and table.scroll_y == 0  # the most words in view, not the row moved
        assert "Words ▼" in str(list(table.columns.values())[1].label)
        await pilot.click("#records", offset=(14, 0))  # the Words header
        await pilot.pause()
        words = [int(r.split()[1].replace(",", "")) for r in table_text(table)]
        assert words == sorted(words)


async def test_a_long_form_title_wraps_whole_with_its_keys(tmp_path):
    """Second newcomer: 'Edit writing #351: … "Day 12: learning in pu' was cut at 80 columns, the keys to
    save with it."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#form-title")
        form = app.screen.query_one("#record-form")
        assert str(title.content).endswith("(ctrl+s saves, Esc cancels)")
        assert title.region.height >= 2 and form.region.contains_region(title.region)


async def test_new_and_edit_through_a_form_with_errors_beside_the_field(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")  # (newcomer: one Enter stored "a run" of nothing)
        await pilot.pause()
        assert "a run needs a distance or a time" in str(form.query_one("#error-distance_m").content)
        assert app.screen is form
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
        assert [r.split()[-1] for r in table_text(app.screen.query_one("#resources", DataTable))] == ["GPUs"]  # (topic;
        # nothing studied)
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


async def test_every_screen_is_named_on_the_nav_bar_at_80_columns_and_a_click_finds_it(tmp_path):
    """Eight screens do not fit at 80 columns with their long names: the bar shortens two names rather
    than lose the last screen, and clicks follow what is shown."""
    from studylog.domain.kinds import SCREENS

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = str(app.screen.query_one("NavBar").render())
        assert [f"{s.key} " in bar for s in SCREENS] == [True] * len(SCREENS) and "8 Study" in bar
        assert len(bar) <= 78
        await pilot.click("NavBar", offset=(1 + bar.index("8 Study") + 2, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "StudyScreen"


async def test_an_unchanged_save_of_the_edit_form_changes_nothing(tmp_path):
    """A half marathon of 21,097.5 m in 2:08:45.4 shows as "21.10 km" and "2:08:45": saving the form
    untouched must not store what those texts read as, nor even touch updated_at."""
    from studylog.domain.values import NewWorkout
    from studylog.services import workouts

    app = make_app(tmp_path)
    conn = open_database(tmp_path / "studylog.db", CLOCK)
    half = workouts.add(conn, NewWorkout(sport="run", day=TODAY, distance_m=21097.5, duration_s=7725.4,
                                         title="Half marathon"), now=CLOCK.now())
    conn.close()

    def stored():
        conn = open_database(tmp_path / "studylog.db", CLOCK)
        try:
            return workouts.get(conn, half.id)
        finally:
            conn.close()

    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        app.screen.open_record(half.id)
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-distance_m").value == "21.10 km"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert stored() == half  # exactly: 21,097.5 m, 7,725.4 s, and the same updated_at
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-title").value = "Half marathon, windy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        changed = stored()
        assert changed.title == "Half marathon, windy"
        assert (changed.distance_m, changed.duration_s) == (21097.5, 7725.4)  # the untouched fields kept


GPU_LIST = """\
# GPU reading group

Curated by Ada

## CUDA

- [An Even Easier Introduction to CUDA](https://developer.nvidia.com/blog/even-easier-introduction-cuda) — start here
- [CUDA guide](https://docs.nvidia.com/cuda/cuda-c-programming-guide)

## Performance

- [FlashAttention](https://arxiv.org/abs/2205.14135) — IO-aware exact attention

## CUDA

- [How to Optimize a CUDA Matmul Kernel](https://siboehm.com/articles/22/CUDA-MMM)
"""


def _shell(db, *args: str) -> str:
    import io
    from contextlib import redirect_stdout

    from studylog.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(db), *args], clock=CLOCK) == 0
    return out.getvalue()


async def test_undo_puts_a_deleted_resource_back_in_its_list(tmp_path):
    app = make_app(tmp_path)
    db = tmp_path / "studylog.db"
    (tmp_path / "gpus.md").write_text(GPU_LIST, encoding="utf-8")
    _shell(db, "res", "import", str(tmp_path / "gpus.md"))
    before = _shell(db, "res", "export", "--list", "GPU reading group")
    from studylog.services import resources

    conn = open_database(db, CLOCK)
    [flash] = [r for r in resources.list_resources(conn) if "2205.14135" in r.url]
    conn.close()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        app.screen.open_record(flash.id)
        await settle(pilot)
        app.screen.query_one("#resources").focus()
        assert app.screen.highlighted().id == flash.id
        await pilot.press("x", "y")
        await settle(pilot)
        assert flash.id not in app.screen.records
        assert "FlashAttention" not in _shell(db, "res", "export", "--list", "GPU reading group")
        await pilot.press("u")
        await settle(pilot)
        assert flash.id in app.screen.records  # the same id
    assert _shell(db, "res", "export", "--list", "GPU reading group") == before


async def test_a_swim_in_lengths_of_a_pool_through_the_form_and_what_no_one_could_swim_is_refused(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-sport").value = "swim"
        form.query_one("#field-distance_m").value = "60 lengths"
        form.query_one("#field-duration_s").value = "45min"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'60 lengths' needs a pool length" in str(form.query_one("#error-distance_m").content)
        form.query_one("#field-pool_length_m").value = "25m"
        form.query_one("#field-distance_m").value = "60"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is it 60 m or 60 lengths?" in str(form.query_one("#error-distance_m").content)
        form.query_one("#field-distance_m").value = "1500m"
        form.query_one("#field-duration_s").value = "1min"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "faster than anyone swims 1,500 m" in str(form.query_one("#error-distance_m").content)
        form.query_one("#field-distance_m").value = "60 lengths"
        form.query_one("#field-duration_s").value = "45min"
        form.query_one("#field-day").value = "tomorrow"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is after today" in str(form.query_one("#error-day").content) and app.screen is form
        form.query_one("#field-day").value = "today"
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = workouts.workouts(app.db, limit=1)[0]
        assert (stored.sport, stored.distance_m, stored.pool_length_m, stored.duration_s) == ("swim", 1500, 25, 2700)
        table = app.screen.query_one("#records", DataTable)
        assert table_text(table)[table.cursor_row].startswith("2026-11-24 swim 25m 1,500 m 45:00")


# ------------------------------------------------------------------------------------------ live refresh

def _from_the_shell(tmp_path, titles: list[str]) -> None:
    """Entries written by another process's connection (as `studylog log write` does), newest last."""
    from studylog.domain.values import NewWriting

    other = open_database(tmp_path / "studylog.db", CLOCK)
    for title in titles:
        writing.add(other, NewWriting(day=TODAY, words=100, title=title), now=CLOCK.now())
    other.close()


async def test_rows_from_the_shell_appear_at_the_top_and_stay_in_view_when_the_list_is_at_its_top(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#records", DataTable)
        assert table.cursor_row == 0
        _from_the_shell(tmp_path, [f"From the shell {n}" for n in range(40)])
        app.reload_screen()  # what the change watcher does when another process commits
        await settle(pilot)
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert app.screen.highlighted().title == "From the shell 39"
        assert "From the shell 39" in table_text(table)[0]


async def test_live_refresh_keeps_the_row_of_someone_who_moved_down(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#records", DataTable)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        chosen = app.screen.highlighted()
        assert table.cursor_row == 3
        _from_the_shell(tmp_path, [f"From the shell {n}" for n in range(5)])
        app.reload_screen()
        await settle(pilot)
        assert app.screen.highlighted().id == chosen.id and table.cursor_row == 8


async def test_a_key_pressed_while_ctrl_end_reads_the_rest_is_not_overridden(tmp_path, monkeypatch):
    """Ctrl+End, then Ctrl+Home before the rest of a long history was read: the rows arriving moved the
    cursor to the oldest anyway (hostile tester; a slow disk stood in by a slow page)."""
    import time as clock

    from studylog.tui.screens.writing import WritingScreen

    real = WritingScreen.fetch_page

    def slow(self, offset, limit):  # noqa: ANN001, ANN202
        if offset:
            clock.sleep(0.5)
        return real(self, offset, limit)

    monkeypatch.setattr(WritingScreen, "fetch_page", slow)
    _many_entries(tmp_path, 2 * PAGE + 500)
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#records", DataTable)
        await pilot.press("ctrl+end", "ctrl+home")
        await settle(pilot)
        await pilot.pause()
        assert table.cursor_row == 0 and app.screen.highlighted().title.startswith("Entry 0")
        await pilot.press("ctrl+end")  # and alone it still goes to the very end
        await settle(pilot)
        await pilot.pause()
        assert table.cursor_row == 2 * PAGE + 499

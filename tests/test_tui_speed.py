"""What keeps the app quick at every size, checked by what it does rather than by the clock: the Review screen
is one widget whatever the review's length, a first visit does not re-parse the app's CSS, long lists enter
the table a screenful at a time. (The times themselves are in `make bench`: bench/tui.py.)"""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from test_tui import CLOCK, TODAY, make_app, settle
from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable

from studylog.db.opening import open_database
from studylog.domain.values import NewResource, NewWriting
from studylog.services import resources, writing
from studylog.tui.screens.records import first_rows
from studylog.tui.widgets.markdown_view import MarkdownView, render_lines, render_markdown


def plain(markdown: str, width: int) -> list[str]:
    return ["".join(segment.text for segment in strip).rstrip() for strip in render_lines(render_markdown(markdown),
                                                                                          width)]


# ------------------------------------------------------------------------------ the review's rendering

def test_a_review_table_lines_up_its_columns_and_right_aligns_numbers():
    lines = plain("## Totals\n\n| Sport | Count | Distance |\n| --- | ---: | ---: |\n| Runs | 94 | 831.18 km |\n"
                  "| Swims | 2 | 1,200 m |\n", 80)
    assert lines[0] == "Totals"
    table = [line for line in lines if line][1:]
    assert table[0] == "Sport   Count    Distance"
    assert set(table[1]) == {"─"}
    assert table[2] == "Runs       94   831.18 km"
    assert table[3] == "Swims       2     1,200 m"


def test_a_table_wider_than_the_screen_wraps_its_cells_instead_of_running_off():
    long = "word " * 30
    lines = plain(f"| Title | Note |\n| --- | --- |\n| {long} | {long} |\n", 40)
    assert all(len(line) <= 40 for line in lines)
    assert sum(line.count("word") for line in lines) == 60  # nothing cut


def test_a_list_item_wraps_under_its_text_and_markup_in_it_is_shown_as_typed():
    lines = plain("- [bold red]not markup[/] and a long line of words that must wrap at the edge of the screen\n", 40)
    assert lines[0].startswith(" • [bold red]not markup[/]")
    assert lines[1].startswith("   ") and not lines[1].startswith("    ")  # under the text, not the bullet
    assert all(len(line) <= 40 for line in lines)


def test_headings_paragraphs_and_a_fenced_block_keep_their_text():
    lines = plain("# 2026 in review\n\n*So far.*\n\n```\nMon ▓▒░\n```\n\n1. one\n2. two\n", 60)
    assert lines[:3] == ["2026 in review", "", "So far."]
    assert "  Mon ▓▒░" in lines
    assert " 1. one" in lines and " 2. two" in lines


async def test_the_review_screen_is_one_widget_for_a_week_or_a_year_and_shows_user_text_as_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("7", "left_square_bracket")
        await settle(pilot)
        screen = app.screen
        view = screen.query_one("#review", MarkdownView)
        week_widgets = len(screen.query("*"))
        shown = "\n".join("".join(s.text for s in view.render_line(y)) for y in range(view.virtual_size.height))
        assert "[bold red]not markup[/]" in shown or "Three swims" in shown
        assert "[b]not markup[/b]" in shown  # the reflection, as typed (the Markdown escapes it)
        await pilot.press("y")
        await settle(pilot)
        assert len(screen.query("*")) == week_widgets  # the year's tables add no widget
        assert view.virtual_size.height > 40  # the whole year is there to scroll through


# --------------------------------------------------------------------------------- styles and tables

async def test_a_first_visit_does_not_reparse_the_stylesheet_and_a_theme_change_still_reaches_every_screen(
        tmp_path, monkeypatch):
    """Textual re-parsed every CSS source twice at each screen's first visit (60-150 ms); the screens made
    after start-up take the app's current styles instead."""
    reparsed = []
    real = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(1), real(self))[1])
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(reparsed)
        for key in "234567891":
            await pilot.press(key)
            await settle(pilot)
        assert len(reparsed) == before
        dark = app.screen.styles.background
        app.theme = "textual-light"
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.styles.background != dark  # a screen made before the change follows it


async def test_resources_enter_the_table_a_screenful_at_a_time_and_a_search_hit_far_down_is_reached(tmp_path):
    """Past the first thousand too: the screen read only 1,000 resources, and a search hit beyond them left
    the cursor on another resource (which `d` then marked done)."""
    db = tmp_path / "studylog.db"
    conn = open_database(db, CLOCK)
    for n in range(1100):
        resources.add(conn, NewResource(url=f"https://example.org/{n}", title=f"Resource {n:04d}", topic="Maths"),
                      now=CLOCK.now(), today=TODAY)
    writing.add(conn, NewWriting(day=TODAY - timedelta(days=1), words=100), now=CLOCK.now())
    far = conn.execute("SELECT id FROM resource WHERE title = 'Resource 1090'").fetchone()[0]
    conn.close()
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#resources", DataTable)
        assert table.row_count == first_rows(40)  # a screenful and some
        first = table.row_count
        table.move_cursor(row=first - 1)
        await settle(pilot)
        assert table.row_count > first  # more came as the cursor neared the end
        app.screen.open_record(far)
        await settle(pilot)
        assert app.screen.highlighted().id == far
        table.focus()
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == 1100 and app.screen.highlighted().title == "Resource 1099"


def test_rendered_lines_use_a_console_of_their_own(monkeypatch):
    """The Review screen renders in its loading worker: nothing may touch the app's console."""
    monkeypatch.setattr(Console, "print", lambda *a, **k: (_ for _ in ()).throw(AssertionError("printed")))
    assert render_lines(render_markdown("# Title\n\ntext\n"), 30)


# ------------------------------------------------------------------------------------- garbage collection

class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_the_collector_sweeps_only_when_nobody_is_typing_and_then_reclaims_frozen_cycles(monkeypatch):
    import gc
    import weakref

    from studylog.tui import collector as module

    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    keeper = module.Collector()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, alive when frozen
        gone = weakref.ref(a)
        keeper.settled()
        assert gc.get_freeze_count() > 0
        del a, b  # now garbage, but frozen: the collector's passes do not see it
        gc.collect()
        assert gone() is not None
        clock[0] += module.IDLE_SECONDS - 1
        keeper.input_seen()
        clock[0] += module.IDLE_SECONDS - 1
        assert not keeper.sweep_if_idle()  # a key was pressed 9 s ago: no pause now
        assert gone() is not None
        clock[0] += 2
        assert keeper.sweep_if_idle()
        assert gone() is None  # reclaimed
        assert not keeper.sweep_if_idle()  # nothing frozen since
    finally:
        keeper.release()
    assert gc.get_freeze_count() == 0
    keeper.settled()  # a paint scheduled before the app closed freezes nothing
    assert gc.get_freeze_count() == 0


async def test_once_a_screen_has_painted_the_collector_walks_only_what_was_made_since(tmp_path):
    import gc

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in "2345":
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause()
        walked, frozen = len(gc.get_objects()), gc.get_freeze_count()
        assert frozen > 5 * walked  # a full pass now walks a small part of what is alive
        for key in "12345" * 2:  # switching back to screens already loaded: each new frame is frozen too
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause()
        assert gc.get_freeze_count() > 5 * len(gc.get_objects())
    assert gc.get_freeze_count() == 0  # the app, closed, may be collected


async def test_every_screen_loads_its_data_once_on_its_first_visit(tmp_path, monkeypatch):
    """A screen reads its data once when first shown (the Reading screen's status filter announces its first
    value as it mounts: that must not start a second load)."""

    loads: dict[str, int] = {}

    def counting(real):  # noqa: ANN001, ANN202
        def fetch(self):  # noqa: ANN001, ANN202
            loads[type(self).__name__] = loads.get(type(self).__name__, 0) + 1
            return real(self)
        return fetch

    app = make_app(tmp_path)
    from studylog.tui.app import screen_class

    patched = set()
    for mode in ("writing", "workouts", "reading", "resources", "goals", "review", "study", "habits", "dashboard"):
        cls = next(c for c in screen_class(mode).__mro__ if "fetch" in c.__dict__)
        if cls not in patched:
            patched.add(cls)
            monkeypatch.setattr(cls, "fetch", counting(cls.__dict__["fetch"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in "23456789":
            await pilot.press(key)
            await settle(pilot)
    assert len(loads) == 9 and set(loads.values()) == {1}, " ".join(f"{k}={v}" for k, v in loads.items())


async def test_ctrl_end_in_a_long_list_goes_to_its_real_end_and_scrolling_brings_more_rows(tmp_path):
    db = tmp_path / "studylog.db"
    conn = open_database(db, CLOCK)
    for n in range(250):
        writing.add(conn, NewWriting(day=TODAY - timedelta(days=n), words=100 + n, title=f"entry {n}"),
                    now=CLOCK.now())
    conn.close()
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == first_rows(40)
        table.scroll_end(animate=False)  # the wheel, to the end of what is there
        await settle(pilot)
        assert table.row_count > first_rows(40)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == 250 and app.screen.highlighted().title == "entry 249"


def test_frozen_objects_grown_by_half_are_swept_at_the_first_second_without_a_key_or_at_once_fourfold(monkeypatch):
    """The growth sweep is a full collection (a second over the decade's objects): it waits for a second
    without a key, unless the frozen objects have grown fourfold meanwhile. A screen's first paint moves the
    base line (what it loaded is wanted: the bench's first round of visits paused for 1.2 s on it)."""
    import gc

    from studylog.tui import collector as module

    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(module, "MIN_GROWTH", 1000)
    monkeypatch.setattr(module, "RUNAWAY_GROWTH", 2000)
    keeper = module.Collector()
    held: list[list[Node]] = []
    screen_a, screen_b = object(), object()
    try:
        keeper.settled(screen_a)  # the base line
        base = keeper.after_sweep
        assert base == gc.get_freeze_count()
        held.append([Node() for _ in range(base)])  # a new screen's data: wanted, not growth
        keeper.settled(screen_b)
        assert keeper.after_sweep == gc.get_freeze_count() and not keeper.due
        base = keeper.after_sweep
        garbage = []
        for _ in range(base // 16):  # cycles alive at a freeze, garbage after it (4 tracked objects a pair)
            a, b = Node(), Node()
            a.other, b.other = b, a
            garbage.append(a)
        keeper.settled(screen_a)
        assert keeper.frozen_since_sweep == 3 and not keeper.due  # grown by a quarter: not yet by half
        del garbage
        held.append([Node() for _ in range(base)])  # more alive on a screen shown before: now more than half
        keeper.settled(screen_a)
        assert keeper.due and keeper.frozen_since_sweep == 4  # no pause in the middle of the keys
        keeper.input_seen()
        clock[0] += module.DUE_IDLE / 2
        assert not keeper.sweep_if_idle()  # a key half a second ago
        clock[0] += module.DUE_IDLE
        assert keeper.sweep_if_idle()  # a second without a key (not the ten of an ordinary sweep)
        assert keeper.frozen_since_sweep == 0 and not keeper.due
        swept = keeper.after_sweep
        assert swept < 3 * base + 1000  # the cycles were reclaimed
        held.append([Node() for _ in range(int(module.RUNAWAY) * swept)])  # fourfold with no pause at all: at once
        keeper.settled(screen_b)
        assert keeper.frozen_since_sweep == 0 and keeper.after_sweep >= module.RUNAWAY * swept
    finally:
        keeper.release()


async def test_switching_screens_again_and_again_leaves_no_footer_keys_behind(tmp_path):
    """Each switch rebuilds the screen's footer; the keys it drops must go (Textual's Footer kept every one it
    ever made, bound to its ``compact``: textual#6666). Memory stays put and the collector's passes short."""
    import gc

    from textual.widgets._footer import FooterKey

    def keys_alive() -> tuple[int, int]:
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, FooterKey)]
        return len(alive), sum(1 for key in alive if not key.is_attached)

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in "23456789" "1":
            await pilot.press(key)
            await settle(pilot)
        gc.unfreeze()  # (so that get_objects sees them all)
        before, _ = keys_alive()
        for _ in range(4):
            for key in "23456789" "1":
                await pilot.press(key)
                await settle(pilot)
        gc.unfreeze()
        after, dropped = keys_alive()
        # (each screen's compositor keeps the keys of its last frame until it paints again: a few per screen)
        assert after <= before + 20 and dropped <= 9 * 16, (before, after, dropped)


async def test_the_footer_is_rebuilt_only_when_the_keys_it_shows_change(tmp_path):
    """A switch back to a screen keeps its footer's keys (a rebuild was half a switch's work and most of the
    collector's garbage); a change of focus that changes the keys on offer rebuilds it, and it always shows
    the screen's keys."""
    from textual.widgets._footer import FooterKey

    def shown(screen) -> tuple[list[tuple[str, str, bool]], list[FooterKey]]:  # noqa: ANN001
        keys = list(screen.query(FooterKey))
        return [(k.key, k.description, k.disabled) for k in keys if "-command-palette" not in k.classes], keys

    def wanted(screen) -> list[tuple[str, str, bool]]:  # noqa: ANN001
        by_action: dict[str, tuple[str, str, bool]] = {}  # (one key per action, the first bound)
        for _node, binding, enabled, _tip in screen.active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding.key, binding.description, not enabled))
        return list(by_action.values())

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        writing_screen = app.screen
        first, keys = shown(writing_screen)
        assert first == wanted(writing_screen) and len(first) >= 3
        for key in "3452":
            await pilot.press(key)
            await settle(pilot)
            assert shown(app.screen)[0] == wanted(app.screen)
        again, same_keys = shown(writing_screen)
        assert again == first and [id(k) for k in same_keys] == [id(k) for k in keys]  # not rebuilt
        await pilot.press("slash")  # the filter takes the focus: other keys are on offer
        await settle(pilot)
        await pilot.pause()
        in_filter, _ = shown(writing_screen)
        assert in_filter == wanted(writing_screen) and in_filter != first
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause()
        assert shown(writing_screen)[0] == first

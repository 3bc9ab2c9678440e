"""The habits screen (key 9): each habit's numbers, goals and 12-week calendar; space marks the highlighted
habit done today (asking the amount of one with a unit), backspace takes today's last mark back, n adds one."""

from __future__ import annotations

from datetime import date, timedelta

from test_tui import CLOCK, TODAY, make_app, settle
from textual.widgets import Input, Static

from studylog.db.opening import open_database
from studylog.goal_phrases import parse_goal
from studylog.services import goals as goal_service
from studylog.services import habits as habit_service
from studylog.tui.screens.habits import EMPTY, HabitCard, calendar_text

MONDAY = TODAY - timedelta(days=1)  # 2026-11-24 is a Tuesday: this week began yesterday
LAST_WEEK = TODAY - timedelta(days=4)


def _seed(tmp_path, habits: dict[str, str | None], marks: list[tuple[str, date, float]] = (),  # type: ignore[assignment]
          goals: tuple[str, ...] = ()) -> None:
    conn = open_database(tmp_path / "studylog.db", CLOCK)
    now = CLOCK.now()
    ids = {name: habit_service.add(conn, name, unit=unit, now=now).id for name, unit in habits.items()}
    for name, day, amount in marks:
        habit_service.done(conn, ids[name], day, amount, now=now)
    names = {habit_service.key_of(name): (name, unit) for name, unit in habits.items()}
    for phrase in goals:
        goal_service.add(conn, parse_goal(phrase, TODAY, names), now=now, today=TODAY, since=TODAY - timedelta(days=30))
    conn.close()


def _cards(app) -> dict[str, HabitCard]:
    return {card.habit.name: card for card in app.screen.query(HabitCard)}


def _info(app, name: str) -> str:
    return str(_cards(app)[name].query_one(".habit-info", Static).content)


def _calendar(app, name: str) -> str:
    return str(_cards(app)[name].query_one(".habit-calendar", Static).content)


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("9")
    await settle(pilot)


async def _highlight(pilot, name: str) -> None:
    _cards(pilot.app)[name].focus()
    await pilot.pause()


def _visible_text(app) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def test_each_habit_shows_today_and_this_week_in_its_unit(tmp_path):
    _seed(tmp_path, {"meditate": None, "pushups": "reps"}, [
        ("meditate", TODAY, 1), ("meditate", MONDAY, 1), ("meditate", LAST_WEEK, 1),  # today 1, week 2
        ("pushups", TODAY, 20), ("pushups", TODAY, 30), ("pushups", MONDAY, 40), ("pushups", LAST_WEEK, 100),
    ])
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert list(_cards(app)) == ["meditate", "pushups"]
        assert "Today 1 time · this week 2 times" in _info(app, "meditate")
        assert "done or not" in _info(app, "meditate")
        assert "Today 50 reps · this week 90 reps" in _info(app, "pushups")  # last week's 100 not counted
        assert "in reps" in _info(app, "pushups")
        assert not app.screen.query_one(".empty-hint").display


async def test_space_marks_a_yes_no_habit_done_today(tmp_path):
    _seed(tmp_path, {"meditate": None, "stretch": None}, [("stretch", MONDAY, 1)])
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert "Today 0 times · this week 1 time" in _info(app, "stretch")
        await pilot.press("down")  # from the first card (meditate) to the second
        assert app.screen.focused is _cards(app)["stretch"]
        await pilot.press("space")
        await settle(pilot)
        assert "Today 1 time · this week 2 times" in _info(app, "stretch")
        assert "Today 0 times" in _info(app, "meditate")  # the highlighted habit only
        await pilot.press("enter")  # enter does the same: twice today adds up
        await settle(pilot)
        assert "Today 2 times · this week 3 times" in _info(app, "stretch")


async def test_a_habit_with_a_unit_asks_its_amount_and_adds_it(tmp_path):
    _seed(tmp_path, {"pushups": "reps"}, [("pushups", TODAY, 20)])
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("space")
        await pilot.pause()
        field = app.screen.query_one("#prompt-input", Input)
        assert "pushups" in str(app.screen.query_one("#prompt-question").content)
        for wrong in ("lots", "-5", "0"):
            field.value = wrong
            await pilot.press("enter")
            await pilot.pause()
            hint = app.screen.query_one("#prompt-hint", Static)
            assert hint.has_class("error"), wrong  # refused in the dialog, which stays open
        field.value = "25"
        await pilot.press("enter")
        await settle(pilot)
        assert "Today 45 reps · this week 45 reps" in _info(app, "pushups")
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("escape")  # cancelled: nothing stored
        await settle(pilot)
        assert "Today 45 reps" in _info(app, "pushups")


async def test_backspace_takes_back_todays_last_mark_only(tmp_path):
    _seed(tmp_path, {"meditate": None, "pushups": "reps"},
          [("meditate", TODAY, 1), ("meditate", MONDAY, 1), ("pushups", TODAY, 20), ("pushups", TODAY, 30)])
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await _highlight(pilot, "pushups")
        await pilot.press("backspace")
        await settle(pilot)
        assert "Today 20 reps · this week 20 reps" in _info(app, "pushups")  # the 30 went, the 20 stayed
        await _highlight(pilot, "meditate")
        await pilot.press("backspace")
        await settle(pilot)
        assert "Today 0 times · this week 1 time" in _info(app, "meditate")  # Monday's stays
        await pilot.press("backspace")  # nothing left today: Monday's is not taken back
        await settle(pilot)
        assert "Today 0 times · this week 1 time" in _info(app, "meditate")


def test_the_calendar_shades_a_done_day_and_leaves_the_others_dotted():
    text = calendar_text({TODAY: 1.0, MONDAY: 4.0, TODAY - timedelta(weeks=11, days=1): 2.0}, TODAY).plain
    lines = text.split("\n")
    assert len(lines) == 8 and lines[0].split() == ["Sep", "Oct", "Nov"]  # months, then Monday to Sunday
    monday, tuesday = lines[1], lines[2]
    assert monday.startswith("Mon ") and tuesday.startswith("    ")
    cells = [line[4::2] for line in lines[1:]]  # a cell every other column, one per week
    assert all(len(row) == 12 for row in cells[:2]) and all(len(row) == 11 for row in cells[2:])  # no future
    assert cells[0][11] == "█"  # Monday: the most in a day
    assert cells[1][11] == "░"  # today, a quarter of the most
    assert cells[0][0] == "▒"  # 11 weeks back, half the most
    shaded = sum(ch != "·" for row in cells for ch in row)
    assert shaded == 3


async def test_the_calendar_in_the_app_shows_the_done_days(tmp_path):
    _seed(tmp_path, {"meditate": None, "floss": None}, [("meditate", TODAY - timedelta(days=d), 1)
                                                             for d in (0, 1, 9)])
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert _calendar(app, "meditate").count("█") == 3
        assert "█" not in _calendar(app, "floss") and _calendar(app, "floss").count("·") == 7 * 12 - 5


async def test_a_habits_goals_show_as_they_stand(tmp_path):
    _seed(tmp_path, {"meditate": None, "coffee": None},
          [("meditate", TODAY, 1), *(("coffee", TODAY, 1) for _ in range(3))],
          goals=("meditate every day", "at most 2 coffees a day"))
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert "Meditate every day · met" in _info(app, "meditate")
        assert "At most 2 coffees a day · 3 of 2 · over" in _info(app, "coffee")


async def test_no_habits_says_how_to_start_and_n_adds_one(tmp_path):
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        hint = app.screen.query_one(".empty-hint", Static)
        assert hint.display and str(hint.content) == EMPTY
        assert "No habits yet. Press n, or in a shell: studylog habit add meditate" in _visible_text(app)
        assert not app.screen.query(HabitCard)
        await pilot.press("space", "backspace")  # nothing highlighted: nothing happens
        await settle(pilot)
        await pilot.press("n", *"pushups", "tab", *"reps", "ctrl+s")
        await settle(pilot)
        assert not hint.display
        assert "in reps" in _info(app, "pushups")
        assert app.screen.focused is _cards(app)["pushups"]
        await pilot.press("n", *"9 lives", "ctrl+s")  # a name that cannot be: refused, nothing stored
        await settle(pilot)
        assert list(_cards(app)) == ["pushups"]


async def test_markup_in_a_habits_name_and_unit_shows_literally(tmp_path):
    _seed(tmp_path, {"[bold red]x[/]": "[i]min[/i]"}, [("[bold red]x[/]", TODAY, 5)])
    app = make_app(tmp_path, seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        screen = _visible_text(app)
        assert "[bold red]x[/]" in screen and "in [i]min[/i]" in screen  # (the screenshot drops runs of spaces)
        assert "Today 5 [i]min[/i]" in screen
        await pilot.press("space")
        await pilot.pause()
        assert "[bold red]x[/] today, in [i]min[/i]:" in _visible_text(app)
        said: list[tuple[str, bool]] = []
        app.notify = lambda message, **kw: said.append((message, kw.get("markup", True)))  # type: ignore[method-assign]
        await pilot.press(*"5", "enter")
        await settle(pilot)
        assert "Today 10 [i]min[/i]" in _visible_text(app)
        assert said == [("Marked 5 [i]min[/i] of [bold red]x[/] today (10 [i]min[/i] today)", False)]

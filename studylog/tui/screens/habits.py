"""Habits of one's own: each with today's and this week's amounts, its goals as they stand and a calendar of
the last 12 weeks; space marks the highlighted one done today, backspace takes today's last mark back."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, NamedTuple

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Static

from studylog.domain.values import Goal, GoalProgress, Habit, HabitDay
from studylog.formatting import goal_progress_text, goal_status_text, habit_amount
from studylog.heat import HEAT, MONTHS
from studylog.text import name_key
from studylog.tui.dialogs.form import Field, RecordForm
from studylog.tui.dialogs.prompt import PromptDialog
from studylog.tui.format import user_text
from studylog.tui.screens.base import DataScreen
from studylog.tui.widgets.footer import AppFooter
from studylog.tui.widgets.goalbar import STATUS_STYLE
from studylog.tui.widgets.heatmap import COLOURS
from studylog.tui.widgets.navbar import NavBar
from studylog.weeks import week_containing

EMPTY = ("No habits yet. Press n, or in a shell: studylog habit add meditate\n"
         "(with --unit min, or reps, for a habit you count in an amount), then a goal on Goals (6): "
         "meditate every day")
WEEKS = 12  # the calendar's (studylog.api.habits.standing reads as many)
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LEGEND = Text.assemble(("12-week calendars, a column a week: ", "dim"),
                       (HEAT[0], COLOURS[HEAT[0]]), (" none ", "dim"),
                       *((ch, COLOURS[ch]) for ch in HEAT[1:]), (" up to the most in a day", "dim"))


class HabitView(NamedTuple):
    """A habit as the screen shows it: how it stands and its goals with their progress."""

    day: HabitDay
    goals: list[tuple[Goal, GoalProgress]]


class Standing(NamedTuple):
    today: date
    week_start: int
    habits: list[HabitView]


def amount_text(value: float, unit: str | None) -> str:
    """"1 time", "3 times" for a habit without a unit; "50 reps", "12.5 min" in its unit."""
    if unit:
        return habit_amount(value, unit)
    return f"{habit_amount(value)} time{'' if value == 1 else 's'}"


def read_amount(value: str) -> float:
    """What is typed for an amount: a positive number ("50", "1,000", "12.5"); ValueError otherwise."""
    try:
        amount = float(value.strip().replace(",", ""))
    except ValueError:
        raise ValueError(f"can't read {value.strip()!r} as an amount: give a number, e.g. 50") from None
    if not math.isfinite(amount) or amount <= 0:
        raise ValueError("an amount is a number more than 0, e.g. 50")
    return amount


def _check_amount(value: str) -> str | None:
    try:
        read_amount(value)
    except ValueError as exc:
        return str(exc)
    return None


def _read_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValueError("a habit needs a name, e.g. meditate")
    return name


def _read_unit(value: str) -> str | None:
    return " ".join(value.split()) or None


def goal_line(goal: Goal, progress: GoalProgress, unit: str | None, units: str) -> Text:
    """"Meditate every day · met", "At most 2 coffees a day · 3 of 2 · over", with its streak when it has one."""
    line = user_text(goal.title)
    once_a_day = goal.kind == "frequency" and goal.period == "day" and progress.target == 1
    if not once_a_day:
        said = goal_progress_text(goal.metric, progress.actual, progress.target, units, goal.activity)
        if unit and said[-1:].isdigit():
            said = f"{said} {unit}"
        line.append(f" · {said}")
    line.append(" · ")
    line.append(goal_status_text(goal, progress), style=STATUS_STYLE.get(progress.status, ""))
    if progress.streak > 1 and goal.period:
        line.append(f" · {progress.streak} {goal.period}s in a row", style="dim")
    return line


def calendar_text(days: dict[date, float], today: date, week_start: int = 0, weeks: int = WEEKS) -> Text:
    """The last ``weeks`` weeks as a calendar: a column a week (the last holds today), a row a weekday, each
    day shaded from nothing done to the most done in one day, in the dashboard calendar's shades."""
    first = week_containing(today, week_start) - timedelta(weeks=weeks - 1)
    most = max(days.values(), default=0.0)
    header = [" "] * (2 * weeks + 2)
    starts = [(c, first + timedelta(weeks=c, days=6)) for c in range(weeks)]
    labels = [(c, MONTHS[last.month - 1]) for c, last in starts if last.day <= 7]  # a month's 1st in this week
    if not labels or labels[0][0] > 1:
        labels.insert(0, (0, MONTHS[first.month - 1]))  # the month the calendar begins in
    for column, name in labels:
        header[2 * column:2 * column + 3] = name
    text = Text("    " + "".join(header).rstrip() + "\n", style="dim")
    for row in range(7):
        label = DAY_NAMES[(week_start + row) % 7] if row % 2 == 0 else "   "
        text.append(f"{label} ", style="dim")
        for column in range(weeks):
            day = first + timedelta(weeks=column, days=row)
            if day > today:
                text.append("  ")
                continue
            amount = days.get(day, 0.0)
            level = HEAT[min(4, max(1, math.ceil(4 * amount / most)))] if amount > 0 and most > 0 else HEAT[0]
            text.append(level, style=COLOURS[level] + (" underline" if day == today else ""))
            text.append(" ")
        text.rstrip()
        if row < 6:
            text.append("\n")
    return text


class HabitCard(Horizontal, can_focus=True):
    """One habit: what it stands at on the left, its calendar on the right. Focus is the highlight."""

    def __init__(self, view: HabitView, today: date, week_start: int, units: str) -> None:
        super().__init__(id=f"habit-{view.day.habit.id}", classes="habit-card")
        self.view = view
        self.today = today
        self.week_start = week_start
        self.units = units

    @property
    def habit(self) -> Habit:
        return self.view.day.habit

    def compose(self) -> ComposeResult:
        yield Static(self.info(), classes="habit-info")
        yield Static(self.calendar(), classes="habit-calendar")

    def update(self, view: HabitView, today: date, week_start: int) -> None:
        self.view, self.today, self.week_start = view, today, week_start
        self.query_one(".habit-info", Static).update(self.info())
        self.query_one(".habit-calendar", Static).update(self.calendar())

    def info(self) -> Text:
        day, unit = self.view.day, self.view.day.habit.unit
        text = user_text(day.habit.name, 60)
        text.stylize("bold")
        kind = user_text(f"in {unit}", 30) if unit else Text("done or not")
        kind.stylize("dim")
        text.append("  ")
        text.append_text(kind)
        text.append("\nToday ")
        text.append(amount_text(day.today, unit), style="bold" if day.today else "")
        text.append(" · this week ")
        text.append(amount_text(day.week, unit))
        if day.last_done is None:
            text.append("\nNot marked yet", style="dim")
        elif day.last_done != self.today:
            ago = (self.today - day.last_done).days
            text.append(f"\nLast done {day.last_done.isoformat()} ({ago} day{'s' if ago != 1 else ''} ago)",
                        style="dim")
        for goal, progress in self.view.goals:
            text.append("\n")
            text.append_text(goal_line(goal, progress, unit, self.units))
        if not self.view.goals:
            example = user_text(f"{day.habit.name.lower()} every day", 40)
            text.append_text(Text.assemble("\nNo goal yet (on Goals, 6: ", example, ")", style="dim"))
        return text

    def calendar(self) -> Text:
        return calendar_text(self.view.day.days, self.today, self.week_start)


class HabitList(VerticalScroll, can_focus=False):
    """The cards, one under another; up and down move the highlight from card to card."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("down,j", "move(1)", "Next", show=False),
    ]

    def action_move(self, step: int) -> None:
        cards = list(self.query(HabitCard))
        if not cards:
            return
        focused = self.screen.focused
        at = cards.index(focused) if isinstance(focused, HabitCard) and focused in cards else -step
        cards[max(0, min(len(cards) - 1, at + step))].focus()


class HabitsScreen(DataScreen):
    TITLE = "Habits"
    BINDINGS = [
        Binding("space,enter", "mark_done", "Done today", key_display="space"),
        Binding("backspace", "take_back", "Take back", key_display="⌫"),
        Binding("n", "new_habit", "New habit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: Standing | None = None
        self.rebuilding = False  # new cards are on their way (they show ``self.data`` as it is then)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar("habits")
        yield Static(EMPTY, classes="empty-hint", markup=False)
        yield HabitList(id="habits")
        yield Static(LEGEND, id="habits-legend")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        for widget in (self.query_one(".empty-hint"), self.query_one("#habits-legend")):
            widget.display = False

    def fetch(self) -> Standing:
        from studylog.api import goals, habits

        db, week_start = self.studylog.db, self.studylog.settings.week_start_index
        found = habits.standing(db, week_start=week_start)
        by_habit: dict[str, list[tuple[Goal, GoalProgress]]] = {}
        for goal, progress in goals.goals(db, week_start=week_start):
            if goal.activity == "habit":
                by_habit.setdefault(name_key(goal.subject), []).append((goal, progress))
        return Standing(db.clock.today(), week_start,
                        [HabitView(h, by_habit.get(name_key(h.habit.name), [])) for h in found])

    def show(self, data: Standing) -> None:
        self.data = data
        self.query_one(".empty-hint").display = not data.habits
        self.query_one("#habits-legend").display = bool(data.habits)
        listing = self.query_one("#habits", HabitList)
        listing.display = bool(data.habits)
        cards = list(listing.query(HabitCard))
        if not self.rebuilding and [c.habit.id for c in cards] == [v.day.habit.id for v in data.habits]:
            for card, view in zip(cards, data.habits, strict=True):
                card.update(view, data.today, data.week_start)  # (the highlight and the scroll stay)
        elif not self.rebuilding:
            self.rebuilding = True
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        """New cards for the latest data (a habit added): the highlighted habit stays highlighted."""
        listing = self.query_one("#habits", HabitList)
        current = self.highlighted()
        await listing.remove_children()
        self.rebuilding = False
        data = self.data
        if data is None:
            return
        units = self.studylog.settings.units
        cards = [HabitCard(view, data.today, data.week_start, units) for view in data.habits]
        await listing.mount_all(cards)
        if cards:
            chosen = next((c for c in cards if current is not None and c.habit.id == current.id), cards[0])
            chosen.focus()

    def show_failure(self, error: BaseException | None) -> None:
        hint = self.query_one(".empty-hint", Static)
        hint.update(Text(self.failure_text(error)))
        hint.display = True

    def highlighted(self) -> Habit | None:
        focused = self.focused
        if isinstance(focused, HabitCard):
            return focused.habit
        cards = list(self.query(HabitCard))
        return cards[0].habit if len(cards) == 1 else None

    # ----------------------------------------------------------------------------------------- actions

    def action_mark_done(self) -> None:
        habit = self.highlighted()
        if habit is None:
            return
        if habit.unit is None:
            self._mark(habit, 1.0)
            return

        def chosen(value: str | None) -> None:
            if value is not None and value.strip():
                self._mark(habit, read_amount(value))

        self.app.push_screen(PromptDialog(f"{habit.name} today, in {habit.unit}:", placeholder="10",
                                          check=_check_amount), chosen)

    def action_take_back(self) -> None:
        habit = self.highlighted()
        if habit is not None:
            self._take_back(habit)

    def action_new_habit(self) -> None:
        def chosen(values: dict[str, Any] | None) -> None:
            if values and values.get("name"):
                self._add(values["name"], values.get("unit"))

        self.app.push_screen(RecordForm("New habit", [
            Field("name", "Name", "", _read_name, "meditate"),
            Field("unit", "Unit", "", _read_unit, "empty: done or not · min, reps, pages..."),
        ]), chosen)

    @work(thread=True, exit_on_error=False, group="write")
    def _mark(self, habit: Habit, amount: float) -> None:
        from studylog.api import habits

        total = habits.done(self.studylog.db, habit, amount)
        said = f"{amount_text(amount, habit.unit)} of {habit.name}" if habit.unit else f"{habit.name} done"
        today = f" ({amount_text(total, habit.unit)} today)" if total != amount else ""
        self.app.call_from_thread(self.studylog.changed, f"Marked {said} today{today}")

    @work(thread=True, exit_on_error=False, group="write")
    def _take_back(self, habit: Habit) -> None:
        from studylog.api import habits

        if habits.undo(self.studylog.db, habit):
            self.app.call_from_thread(self.studylog.changed, f"Took back today's last mark of {habit.name}")
        else:
            self.app.call_from_thread(self.notify, f"Nothing to take back: {habit.name} is not marked today",
                                      markup=False)

    @work(thread=True, exit_on_error=False, group="write")
    def _add(self, name: str, unit: str | None) -> None:
        from studylog.api import habits

        try:
            habit = habits.add(self.studylog.db, name, unit=unit)
        except ValueError as exc:  # (a name that cannot be: said as a refusal, not a failure)
            self.app.call_from_thread(self.notify, str(exc), title="Not done", severity="warning", timeout=10,
                                      markup=False)
            return
        counted = f", counted in {habit.unit}" if habit.unit else ""
        self.app.call_from_thread(self.studylog.changed, f"Stored habit #{habit.id}: {habit.name}{counted}")

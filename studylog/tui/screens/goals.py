"""Goals: where each stands this period, as a bar, with the streak of periods met and habit strength."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from studylog.domain.values import Goal, GoalProgress
from studylog.formatting import goal_progress_text, goal_status_text
from studylog.parsing import ParseError
from studylog.tui.dialogs.confirm import ConfirmDialog
from studylog.tui.dialogs.prompt import PromptDialog
from studylog.tui.format import user_text
from studylog.tui.screens.base import DataScreen
from studylog.tui.widgets.footer import AppFooter
from studylog.tui.widgets.goalbar import BAR, STATUS_STYLE, bar
from studylog.tui.widgets.navbar import NavBar
from studylog.tui.widgets.table import Table

EMPTY = ('No goals yet. Press g and write one as you would say it:\n'
         '  swim 3 times a week · write every day · run 20 km per week · read 24 books in 2026')



def check_phrase(today: Any, habits: dict[str, tuple[str, str | None]] | None = None) -> Any:  # noqa: ANN401
    """The phrase read as the shell reads it (over the habits the screen loaded with its goals)."""
    def check(value: str) -> str | None:
        from studylog.goal_phrases import parse_goal

        try:
            parse_goal(value, today, habits)
        except ParseError as exc:
            return str(exc)
        return None

    return check


class GoalsScreen(DataScreen):
    TITLE = "Goals"
    BINDINGS = [
        Binding("g", "add_goal", "New goal"),
        Binding("e", "edit_goal", "Edit"),
        Binding("x", "archive_goal", "Archive"),
        Binding("v", "show_archived", "Show archived"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False  # (v: the archived goals too, where x brings one back)
        self.records: dict[int, tuple[Goal, GoalProgress]] = {}
        self.habits: dict[str, tuple[str, str | None]] = {}  # (what goal phrases may name, loaded with the goals)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar("goals")
        yield Static(EMPTY, classes="empty-hint", markup=False)
        yield Table(id="goals", cursor_type="row", zebra_stripes=True)
        yield Static("", id="goals-legend")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(".empty-hint").display = False

    def fetch(self) -> list[tuple[Goal, GoalProgress]]:
        from studylog.api import goals, habits

        self.habits = habits.names(self.studylog.db)
        return goals.goals(self.studylog.db, archived=self.show_archived,
                           week_start=self.studylog.settings.week_start_index)

    def show(self, data: list[tuple[Goal, GoalProgress]]) -> None:
        table = self.query_one("#goals", DataTable)
        table.clear(columns=True)
        units = self.studylog.settings.units
        wide = self.size.width >= 110
        bar_width = BAR if wide else 8
        # (status "met on 18 Oct": 12 columns; this period "719 of 500 words": 16)
        title_width = max(12, self.size.width - 2 * 6 - (bar_width + (5 if wide else 0)) - 16 - 12 - 8 - 5 - 2)
        table.add_columns("Goal", "Progress", "This period", "Status", "Streak", "Habit")
        self.records = {}
        for goal, p in data:
            self.records[goal.id] = (goal, p)
            streak = f"{p.streak} {goal.period or ''}{'s' if p.streak != 1 else ''}".strip() if p.streak else "—"
            strength = Text(f"{p.strength:.0%}" if p.strength is not None else "—", justify="right")
            table.add_row(user_text(goal.title, title_width), bar(p.actual, p.target, bar_width, percent=wide),
                          goal_progress_text(goal.metric, p.actual, p.target, units, goal.activity),
                          Text(goal_status_text(goal, p), style=STATUS_STYLE.get(p.status, "")), streak, strength,
                          key=str(goal.id))
        self.query_one(".empty-hint").display = not data
        table.display = bool(data)
        legend = self.query_one("#goals-legend", Static)
        legend.display = bool(data)
        legend.update(Text("Streak: periods met in a row. Habit: how settled the habit is, 0-100% (Loop Habit "
                           "Tracker's score: about 80% after 30 perfect days).", style="dim"))

    def on_resize(self) -> None:
        if self.records:
            self.reload()

    def highlighted(self) -> Goal | None:
        table = self.query_one("#goals", DataTable)
        if not self.records or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.records[int(key)][0] if key is not None else None

    def action_add_goal(self) -> None:
        def chosen(phrase: str | None) -> None:
            if phrase and phrase.strip():
                self._save(None, phrase)

        self.app.push_screen(PromptDialog("New goal, as you would say it", placeholder="swim 3 times a week",
                                          check=check_phrase(self.studylog.clock.today(), self.habits)), chosen)

    def action_edit_goal(self) -> None:
        goal = self.highlighted()
        if goal is None:
            return

        def chosen(phrase: str | None) -> None:
            if phrase and phrase.strip():
                self._save(goal, phrase)

        self.app.push_screen(PromptDialog("Change the goal", value=goal.title,
                                          check=check_phrase(self.studylog.clock.today(), self.habits)), chosen)

    def action_show_archived(self) -> None:
        """v: the archived goals too (second newcomer: one archived by mistake could not be brought back)."""
        self.show_archived = not self.show_archived
        self.notify("Showing the archived goals too: x brings one back" if self.show_archived
                    else "Showing the active goals", markup=False)
        self.reload()

    def action_archive_goal(self) -> None:
        goal = self.highlighted()
        if goal is None:
            return
        back = goal.archived

        def answered(yes: bool | None) -> None:
            if yes:
                self._archive(goal, archived=not back)

        question = (f"Bring back the goal “{goal.title}”?" if back
                    else f"Archive the goal “{goal.title}”? Its history stays.")
        self.app.push_screen(ConfirmDialog(question, yes="Bring back" if back else "Archive"), answered)

    @work(thread=True, exit_on_error=False, group="write")
    def _save(self, goal: Goal | None, phrase: str) -> None:
        from studylog.api import goals

        db = self.studylog.db
        saved = goals.add(db, phrase) if goal is None else goals.edit(db, goal, phrase)
        if goal is not None and saved.id != goal.id:  # a new target: a new life, the old goal keeps its past
            said = f"Archived goal #{goal.id} (its past keeps its target); stored goal #{saved.id}: {saved.title}"
        else:
            said = f"{'Stored' if goal is None else 'Updated'} goal #{saved.id}: {saved.title}"
        self.app.call_from_thread(self.studylog.changed, said)

    @work(thread=True, exit_on_error=False, group="write")
    def _archive(self, goal: Goal, *, archived: bool = True) -> None:
        from studylog.api import goals

        goals.archive(self.studylog.db, goal, archived=archived)
        said = "Archived" if archived else "Brought back"
        self.app.call_from_thread(self.studylog.changed, f"{said} goal #{goal.id}: {goal.title}")

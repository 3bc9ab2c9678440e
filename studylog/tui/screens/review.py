"""The weekly review (or the year in review) rendered, stepped through, exported and reflected on."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rich.console import Group
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.strip import Strip
from textual.widgets import Header

from studylog.parsing import week_label
from studylog.tui.dialogs.reflection import ReflectionForm
from studylog.tui.screens.base import DataScreen
from studylog.tui.widgets.footer import AppFooter
from studylog.tui.widgets.heatmap import Heatmap
from studylog.tui.widgets.markdown_view import MarkdownView, render_lines, render_markdown
from studylog.tui.widgets.navbar import NavBar
from studylog.weeks import week_containing

Rendered = tuple[str, Group, "list[Strip] | None", int, "dict[date, int] | None"]


class ReviewScreen(DataScreen):
    TITLE = "Review"
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Prev", key_display="["),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]"),
        Binding("y", "toggle_year", "Week/year"),
        Binding("r", "reflect", "Reflect"),
        Binding("e", "export", "Export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: date | None = None
        self.year: int | None = None
        self.show_year = False
        self.markdown = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar("review")
        with VerticalScroll(id="review-scroll"):
            yield Heatmap(id="review-heatmap")
            yield MarkdownView("Loading…", id="review")
        yield AppFooter(compact=True)

    def _shown(self) -> tuple[date, int]:
        """The week and the year shown (both set on mount, before anything is loaded or stepped)."""
        assert self.week is not None and self.year is not None
        return self.week, self.year

    @property
    def period(self) -> tuple[str, str]:
        week, year = self._shown()
        return ("year", str(year)) if self.show_year else ("week", week_label(week))

    def on_mount(self) -> None:
        today = self.studylog.clock.today()
        self.week = week_containing(today, self.studylog.settings.week_start_index)
        self.year = today.year
        self.view = self.query_one("#review", MarkdownView)

    def fetch(self) -> Rendered:
        """The review's Markdown (what `e` exports), rendered into lines here in the worker, and the year's
        words per day: the event loop only has to paint."""
        settings = self.studylog.settings
        from studylog.api import reviews, writing

        db = self.studylog.db
        week, year = self._shown()
        width = self.view.text_width  # -1 before the first layout: the view then renders the lines itself
        if self.show_year:
            markdown = reviews.year_markdown(db, year, settings)
            days: dict[date, int] | None = writing.words_by_day(db, year)
        else:
            markdown, days = reviews.week_markdown(db, week, settings), None
        rendered = render_markdown(markdown)
        return markdown, rendered, render_lines(rendered, width) if width > 0 else None, width, days

    def show(self, data: Rendered) -> None:
        markdown, rendered, lines, width, days = data
        self.markdown = markdown
        heatmap = self.query_one("#review-heatmap", Heatmap)
        heatmap.display = days is not None
        if days is not None:
            heatmap.show(self._shown()[1], days, self.studylog.clock.today())
        self.query_one("#review", MarkdownView).update(rendered, lines, width)
        self.sub_title = f"{self.period[0]} {self.period[1]}"

    def action_step(self, direction: int) -> None:
        week, year = self._shown()
        if self.show_year:
            self.year = year + direction
        else:
            self.week = week + timedelta(weeks=direction)
        self.query_one("#review-scroll").scroll_home(animate=False)
        self.reload()

    def action_toggle_year(self) -> None:
        self.show_year = not self.show_year
        if self.show_year and self.week is not None:
            self.year = (self.week + timedelta(days=3)).year
        self.reload()

    def action_reflect(self) -> None:
        kind, period = self.period
        self._open_form(kind, period)

    @work(thread=True, exit_on_error=False, group="load-reflection")
    def _open_form(self, kind: str, period: str) -> None:
        from studylog.api import reviews

        old = reviews.reflection(self.studylog.db, kind, period)
        self.app.call_from_thread(self._push_form, kind, period, old)

    def _push_form(self, kind: str, period: str, old: object) -> None:
        def saved(values: dict[str, str | None] | None) -> None:
            if values is not None:
                self._save_reflection(kind, period, values)

        self.app.push_screen(ReflectionForm(kind, period, old), saved)

    @work(thread=True, exit_on_error=False, group="write")
    def _save_reflection(self, kind: str, period: str, values: dict[str, str | None]) -> None:
        from studylog.api import reviews

        reviews.save_reflection(self.studylog.db, kind, period, values)
        self.app.call_from_thread(self.studylog.changed, f"Saved the reflection for {kind} {period}")

    def action_export(self) -> None:
        kind, period = self.period
        default = str(Path.cwd() / f"review-{period}.md")
        self.studylog.files.ask_path(f"Write the {kind} review to", lambda path: self._export(path), must_exist=False,
                               value=default)

    @work(thread=True, exit_on_error=False, group="files")
    def _export(self, path: Path) -> None:
        from studylog.atomic import write_atomically

        write_atomically(path, self.markdown)
        self.app.call_from_thread(self.notify, f"Wrote {path}", markup=False)

"""The reading list: filter by status; start, finish, abandon and rate from the keyboard."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Label, Select

from studylog.domain.values import NewReading, ReadingItem
from studylog.parsing import ParseError, parse_rating
from studylog.tui.dialogs.form import Field
from studylog.tui.dialogs.prompt import PromptDialog
from studylog.tui.fields import reading_fields
from studylog.tui.format import describe_record, user_text
from studylog.tui.screens.records import Column, RecordsScreen

FILTERS = [("Everything", "all"), ("Reading now", "reading"), ("To read", "to-read"), ("Finished", "finished"),
           ("Abandoned", "abandoned")]


def _rating_error(value: str) -> str | None:
    try:
        parse_rating(value)
    except ParseError as exc:
        return str(exc)
    return None


class ReadingScreen(RecordsScreen):
    MODE = "reading"
    TITLE = "Reading"
    NOUN = "item"
    PLURAL = "items"
    COLUMNS = (Column("Status", 9, lambda i: i.status), Column("Kind", 7, lambda i: i.kind),
               Column("Title", None, lambda i: i.title.lower()), Column("Authors", 16, lambda i: ", ".join(i.authors)),
               Column("Finished", 10, lambda i: i.finished if i.status == "finished" else None),
               Column("★", 3, lambda i: i.rating))
    EMPTY = ('Nothing on the reading list yet. Press a and type: read Deep Work by Cal Newport\n'
             'or import your history: studylog import goodreads goodreads_library_export.csv')
    BINDINGS = [
        Binding("b", "act('start')", "Begin"),
        Binding("f", "act('finish')", "Finish"),
        Binding("x", "act('abandon')", "Abandon", show=False),
        Binding("r", "rate", "Rate"),
        Binding("d,delete", "delete", "Delete", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_filter = "all"

    def compose_filters(self) -> ComposeResult:
        with Horizontal(classes="filter-bar"):
            yield Label("Show ")
            yield Select(FILTERS, value="all", allow_blank=False, id="status-filter", compact=True)

    @on(Select.Changed, "#status-filter")
    def status_changed(self, event: Select.Changed) -> None:
        if str(event.value) == self.status_filter:  # (the Select announces its first value as it mounts)
            return
        self.status_filter = str(event.value)
        self.loaded, self.complete = [], False
        self.reload()

    def fetch_page(self, offset: int, limit: int | None) -> list[ReadingItem]:
        status = None if self.status_filter == "all" else self.status_filter
        from studylog.api import reading

        return reading.items(self.studylog.db, status=status, limit=limit, offset=offset)

    def text_of(self, i: ReadingItem) -> str:
        return " ".join(filter(None, (i.status, i.kind, i.title, ", ".join(i.authors), i.review, " ".join(i.tags))))

    def form_fields(self, record: ReadingItem | None) -> list[Field]:
        return reading_fields(record, self.studylog.clock.today())

    def store_form(self, record: ReadingItem | None, values: dict[str, Any]) -> ReadingItem:
        from studylog.api import records

        db = self.studylog.db
        if record is None:
            return records.add(db, NewReading(**values))
        return records.update(db, record, values)

    def cells(self, item: ReadingItem, flex: int) -> tuple:
        finished = item.finished.isoformat() if item.finished and item.status == "finished" else ""
        rating = Text(f"{item.rating:g}" if item.rating is not None else "", justify="right")
        return (item.status, user_text(item.kind, 7), user_text(item.title, flex),
                user_text(", ".join(item.authors), 16), finished, rating)

    def action_act(self, action: str) -> None:
        item = self.highlighted()
        if item is not None:
            self._change(item, action)

    def action_rate(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        current = f"{item.rating:g}" if item.rating is not None else ""

        def rated(value: str | None) -> None:
            if value is not None and value.strip():
                self._change(item, "rate", parse_rating(value))

        self.app.push_screen(PromptDialog(f'Rating for "{item.title}" (0 to 5, half steps)', value=current,
                                          placeholder="4.5", check=_rating_error), rated)

    @work(thread=True, exit_on_error=False, group="write")
    def _change(self, item: ReadingItem, action: str, rating: float | None = None) -> None:
        from studylog.api import reading

        changed = reading.act(self.studylog.db, item, action, rating=rating)
        units = self.studylog.settings.units
        self.app.call_from_thread(self.studylog.changed, f"Updated {describe_record(changed, units)}")

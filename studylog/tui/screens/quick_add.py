"""The quick-add bar: type what you did as you would in the shell, see what will be stored, Enter."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from studylog.domain.values import Draft
from studylog.limits import Implausible, check_draft
from studylog.parsing import ParseError, parse_quick_add
from studylog.tui.format import describe_draft

PLACEHOLDER = "run 5k 28:30 yesterday · swim 1500m 40min · write 650 words Day 12: Prompting"
HINT = "Enter stores it · Esc closes"


class QuickAddScreen(ModalScreen[Draft | None]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, today: date, units: str, pool_m: float | None = None) -> None:
        super().__init__()
        self.today = today
        self.units = units
        self.pool_m = pool_m  # the usual pool from the settings: "60 lengths" means 60 of it

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-add"):
            yield Static("Add", id="quick-add-title")
            yield Input(placeholder=PLACEHOLDER, id="phrase")
            yield Static(HINT, id="preview", markup=False)

    def on_mount(self) -> None:
        field = self.query_one("#phrase", Input)
        field.cursor_blink = not self.app.is_headless
        field.focus()

    def _parse(self, value: str) -> Draft | str:
        """The draft, or why it cannot be stored (as the shell would refuse it)."""
        try:
            draft = parse_quick_add(value, self.today, self.units, self.pool_m)
            check_draft(draft, self.today)
        except (ParseError, Implausible) as exc:
            return str(exc)
        return draft

    @on(Input.Changed, "#phrase")
    def show_preview(self, event: Input.Changed) -> None:
        preview = self.query_one("#preview", Static)
        if not event.value.strip():
            preview.update(HINT)
            preview.remove_class("error")
            return
        result = self._parse(event.value)
        if isinstance(result, str):
            preview.update(Text(result))
            preview.add_class("error")
        else:
            preview.update(Text.assemble("Will store: ", describe_draft(result, self.units, self.today)))
            preview.remove_class("error")

    @on(Input.Submitted, "#phrase")
    def store(self, event: Input.Submitted) -> None:
        result = self._parse(event.value)
        if isinstance(result, str):
            preview = self.query_one("#preview", Static)
            preview.update(Text(result))
            preview.add_class("error")
            return
        self.dismiss(result)

    def action_close(self) -> None:
        self.dismiss(None)

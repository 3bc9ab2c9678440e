"""A form for a week's or a year's reflection: planned, achieved, learned."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

FIELDS = (("planned", "Planned"), ("achieved", "Achieved"), ("learned", "Learned"))


class ReflectionForm(ModalScreen[dict[str, str | None] | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, kind: str, period: str, old: object | None) -> None:
        super().__init__()
        self.kind = kind
        self.period = period
        self.old = old

    def compose(self) -> ComposeResult:
        with Vertical(id="reflection-form"):
            yield Label(f"Reflection for {self.kind} {self.period}  (ctrl+s saves, Esc cancels)", markup=False)
            # (the fields scroll on a small terminal, the field being typed in kept in view; the buttons stay)
            with VerticalScroll(id="reflection-fields"):
                for name, label in FIELDS:
                    shown = "Key learnings" if self.kind == "year" and name == "learned" else label
                    yield Label(shown, classes="field-label")
                    text = getattr(self.old, name) or "" if self.old is not None else ""
                    yield TextArea(text, id=f"field-{name}", classes="reflection-field", soft_wrap=True)
            with Horizontal(id="reflection-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = not self.app.is_headless
            area.move_cursor(area.document.end)  # (what is typed goes after what was written before)
        self.query_one("#field-planned", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss({name: self.query_one(f"#field-{name}", TextArea).text.strip() or None for name, _ in FIELDS})

    def action_cancel(self) -> None:
        self.dismiss(None)

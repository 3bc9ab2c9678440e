"""A form for one record: each field read with the same parsers as the shell, each error beside its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from studylog.parsing import ParseError


class Field(NamedTuple):
    name: str  # the record field the value goes to
    label: str
    text: str  # what the input starts with
    read: Callable[[str], Any]  # text -> value; raises ParseError or ValueError with a one-line message
    placeholder: str = ""


class RecordForm(ModalScreen[dict[str, Any] | None]):
    """Returns the fields' values (read), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, title: str, fields: list[Field]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="record-form"):
            yield Label(f"{self.form_title}  (ctrl+s saves, Esc cancels)", id="form-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(field.label, classes="form-label", markup=False)
                        with Vertical(classes="form-input"):
                            yield Input(field.text, placeholder=field.placeholder, id=f"field-{field.name}",
                                        compact=True)
                            yield Label("", id=f"error-{field.name}", classes="field-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = not self.app.is_headless
        self.query(Input).first().focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        error = self.query_one(f"#error-{name}", Label)
        if str(error.content):
            self._check(name)  # clear a shown error as soon as the value reads

    def _check(self, name: str) -> tuple[bool, Any]:
        field = next(f for f in self.fields if f.name == name)
        error = self.query_one(f"#error-{name}", Label)
        try:
            value = field.read(self.query_one(f"#field-{name}", Input).value)
        except (ParseError, ValueError) as exc:
            error.update(str(exc))
            error.display = True
            return False, None
        error.update("")
        error.display = False
        return True, value

    def action_save(self) -> None:
        values, ok = {}, True
        for field in self.fields:
            good, value = self._check(field.name)
            ok = ok and good
            values[field.name] = value
        if ok:
            self.dismiss(values)
        else:
            bad = next(f for f in self.fields if not self._check(f.name)[0])
            self.query_one(f"#field-{bad.name}", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

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


class FieldError(ValueError):
    """A value that reads but does not fit with the others (a swim's lengths without a pool): shown beside
    ``field``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


Combine = Callable[[dict[str, Any], dict[str, str]], dict[str, Any]]


class Field(NamedTuple):
    name: str  # the record field the value goes to
    label: str
    text: str  # what the input starts with
    read: Callable[[str], Any]  # text -> value; raises ParseError or ValueError with a one-line message
    placeholder: str = ""


class RecordForm(ModalScreen[dict[str, Any] | None]):
    """Returns the fields' values (read), or None when cancelled.

    An edit form (``edit=True``) returns only the fields whose text the person changed: an untouched
    field keeps the stored value exactly, not what its shown text reads as (a 21,097.5 m run shows as
    "21.10 km", which reads as 21,100 m). Nothing changed: an empty dict."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, title: str, fields: list[Field], *, edit: bool = False, combine: Combine | None = None) -> None:
        """``combine`` (values read, every field's text) -> the values to store: reads what depends on more
        than one field, and raises FieldError to show a mistake beside a field."""
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.edit = edit
        self.combine = combine

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
            field = next(f for f in self.fields if f.name == name)
            if self.edit and event.value == field.text:  # back as it was: the stored value is kept
                error.update("")
                error.display = False
            else:
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

    def changed_fields(self) -> list[Field]:
        """The fields to read: every one in a new record's form; in an edit form, those whose text is not
        the text they were opened with."""
        if not self.edit:
            return list(self.fields)
        return [f for f in self.fields if self.query_one(f"#field-{f.name}", Input).value != f.text]

    def action_save(self) -> None:
        values, ok = {}, True
        wanted = self.changed_fields()
        for field in wanted:
            good, value = self._check(field.name)
            ok = ok and good
            values[field.name] = value
        if not ok:
            bad = next(f for f in wanted if not self._check(f.name)[0])
            self.query_one(f"#field-{bad.name}", Input).focus()
            return
        if self.combine is not None and values:
            texts = {f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields}
            try:
                values = self.combine(values, texts)
            except FieldError as exc:
                error = self.query_one(f"#error-{exc.field}", Label)
                error.update(str(exc))
                error.display = True
                self.query_one(f"#field-{exc.field}", Input).focus()
                return
        self.dismiss(values)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

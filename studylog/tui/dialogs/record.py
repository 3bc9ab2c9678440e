"""A whole record: every field and the full note, with its keys (e: edit; for writing, ctrl+e: the note in
$EDITOR). Returns what the person chose through dismiss(): "edit", "note" or None."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from studylog.tui.screens.base import DataScreen

LONG = ("Note", "Review", "Description")  # whole, under their label


class RecordView(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape,q,enter", "close", "Close"),
        Binding("e", "choose('edit')", "Edit"),
        Binding("ctrl+e", "choose('note')", "Note in $EDITOR"),
    ]

    def __init__(self, heading: str, fields: list[tuple[str, str]], *, note_in_editor: bool = False) -> None:
        super().__init__()
        self.heading = heading
        self.fields = fields
        self.note_in_editor = note_in_editor

    def compose(self) -> ComposeResult:
        with Vertical(id="record-view"):
            yield Static(Text(self.heading, style="bold"), id="record-heading")
            with VerticalScroll(id="record-body"):
                yield Static(self._body(), id="record-fields")
            keys = "e edit · " + ("ctrl+e note in $EDITOR · " if self.note_in_editor else "") + "Esc close"
            yield Static(keys, id="record-keys", markup=False)

    def _body(self) -> Text:
        """User text as text (never markup): the short fields aligned, the long ones whole below."""
        from studylog.text import clean, one_line

        short = [(label, value) for label, value in self.fields if label not in LONG]
        width = max((len(label) for label, _ in short), default=0)
        text = Text()
        for n, (label, value) in enumerate(short):
            if n:
                text.append("\n")
            text.append(label.ljust(width + 2), style="dim")
            text.append(one_line(value))
        for label, value in self.fields:
            if label in LONG:
                text.append(f"\n\n{label}\n", style="dim")
                text.append(clean(value) or "")
        return text

    def action_close(self) -> None:
        self.dismiss(None)

    def action_choose(self, choice: str) -> None:
        if choice == "note" and not self.note_in_editor:
            return
        self.dismiss(choice)


def open_record_view(screen: DataScreen, record: Any, edit: Callable[[Any], None],
                     save: Callable[[Any, dict[str, Any]], object]) -> None:
    """Show a whole record (RecordView); "edit" opens its form (``edit(record)``), and for a writing entry
    "note" opens its note in $VISUAL or $EDITOR, the app suspended meanwhile, and saves what comes back
    (``save(record, {"note": ...})``)."""
    from studylog.domain.values import WritingEntry
    from studylog.formatting import record_fields, record_heading

    units = screen.studylog.settings.units
    writing = isinstance(record, WritingEntry)

    def chosen(choice: str | None) -> None:
        if choice == "edit":
            edit(record)
        elif choice == "note" and writing:
            note = edit_note(screen, record.note or "")
            if note is not None and note != (record.note or ""):
                save(record, {"note": note or None})
            elif note is not None:
                screen.notify("Nothing changed", markup=False)

    screen.app.push_screen(RecordView(record_heading(record), record_fields(record, units), note_in_editor=writing),
                           chosen)


def edit_note(screen: DataScreen, note: str) -> str | None:
    """``note`` in the person's editor, the app suspended meanwhile; None (and a warning that says why)
    when there is no editor, it fails, or the terminal cannot hand over to it."""
    from textual.app import SuspendNotSupported

    from studylog.editor import EditorError, edit_text
    from studylog.text import clean

    try:
        with screen.app.suspend():
            text = edit_text(note, prefix="studylog-note-", interactive=True)
    except EditorError as exc:
        screen.notify(str(exc), title="Note not changed", severity="warning", markup=False)
        return None
    except SuspendNotSupported:
        screen.notify("this terminal cannot hand over to an editor; edit the note with e instead",
                      title="Note not changed", severity="warning", markup=False)
        return None
    return (clean(text) or "").strip()

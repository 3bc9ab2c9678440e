"""A table of records, newest first: filter as you type, sort by any column, page through years of them,
add and edit in a form, delete after a confirm.

The database is read a page at a time (PAGE rows); the table shows CHUNK rows and grows as the cursor
nears its end, so a decade of entries opens and filters without a pause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import Worker, WorkerState

from studylog.tui.dialogs.confirm import ConfirmDialog
from studylog.tui.dialogs.form import Combine, Field, RecordForm
from studylog.tui.format import describe_record
from studylog.tui.screens.base import DataScreen
from studylog.tui.widgets.footer import AppFooter
from studylog.tui.widgets.navbar import NavBar
from studylog.tui.widgets.table import Table

PAGE = 1000  # rows read from the database at a time
CHUNK = 100  # rows added to the table at a time as it scrolls (about three screens)


def first_rows(screen_height: int) -> int:
    """Rows put in a table when it is filled anew (loaded, filtered, sorted): a screenful and some. Each
    one added is measured cell by cell for the column widths, so a filter changed at every key adds no
    more than the screen shows; scrolling or the cursor nearing the end adds CHUNK more."""
    return max(30, screen_height + 10)


class Column(NamedTuple):
    label: str
    width: int | None  # None: takes the room the others leave
    key: Callable[[Any], Any]  # what the column sorts by


class MoreLoaded(Message):
    """Another page of rows arrived (not a Loaded: that one replaces the rows)."""

    def __init__(self, data: list[Any], limit: int | None) -> None:
        super().__init__()
        self.data = data
        self.limit = limit  # (None: every row left was read)


class RecordsScreen(DataScreen):
    """Subclasses give COLUMNS, EMPTY, MODE, and fetch_page / cells / text_of / form_fields / store_form."""

    AUTO_FOCUS = "#records"  # not the (hidden) filter field
    COLUMNS: tuple[Column, ...] = ()
    EMPTY = ""
    MODE = ""
    NOUN = "record"
    PLURAL = "records"
    BINDINGS = [  # (o and n are in the help page, ?, and the header clicks; the footer is short at 80 columns)
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("o", "sort", "Sort", show=False),
        Binding("n", "new", "New (form)", show=False),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[int, Any] = {}
        self.loaded: list[Any] = []  # from the database, newest first
        self.complete = False  # every row has been read
        self.view: list[Any] = []  # after the filter and the sort
        self.shown = 0  # rows of the view in the table
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.pending_id: int | None = None  # a record to put the cursor on once it is loaded
        self._texts: dict[int, str] = {}  # what the filter looks in, lower-cased, by record id
        self._columns_shown: tuple[str, ...] = ()
        self._limit: int | None = PAGE
        self._reading_more = False  # a page is being read (_load_more)
        self._to_end = False  # Ctrl+End: read every row left, then go to the last

    # ------------------------------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar(self.MODE)
        yield from self.compose_filters()
        yield Input(placeholder="filter: type to narrow the list, Esc clears", id="filter", compact=True)
        yield Static(self.EMPTY, classes="empty-hint", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="records")
        yield Static("", id="records-status")
        yield AppFooter(compact=True)

    def compose_filters(self) -> ComposeResult:
        """Widgets between the navigation line and the table (none by default)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(".empty-hint").display = False
        table = self.query_one("#records", Table)
        table.more = self._more_rows
        table.rest = self._all_rows
        self.query_one("#filter").display = False
        self.query_one("#filter", Input).cursor_blink = not self.app.is_headless

    def flexible_width(self) -> int:
        fixed = sum(c.width or 0 for c in self.COLUMNS)
        padding = 2 * len(self.COLUMNS) + 2  # cell padding and the scrollbar
        return max(12, self.size.width - fixed - padding)

    # -------------------------------------------------------------------------------------------- data

    def fetch_page(self, offset: int, limit: int | None) -> list[Any]:
        raise NotImplementedError

    def cells(self, record: Any, flex: int) -> tuple:
        raise NotImplementedError

    def text_of(self, record: Any) -> str:
        """What the filter looks in."""
        raise NotImplementedError

    def reload(self) -> None:
        self._to_end = False  # (the rows are read anew: a Ctrl+End waiting for the rest is over)
        # decided here, on the event loop: the worker must not touch widgets
        self._limit = None if self.complete or self.filter_text else max(PAGE, len(self.loaded))
        super().reload()

    def fetch(self) -> Any:
        return self.fetch_page(0, self._limit)

    def show(self, data: Any) -> None:
        rows = data if isinstance(data, list) else data[0]
        # A list at its top stays there when rows arrive (from the shell, a quick add): the newest show at
        # the top, in view. Otherwise the cursor keeps its record: one moved down, or one that an action
        # here moved elsewhere in the list (a book finished).
        known = {r.id for r in self.loaded}
        arrived = any(r.id not in known for r in rows)
        at_top = arrived and self.query_one("#records", DataTable).cursor_row == 0
        self.complete = self._limit is None or len(rows) < self._limit
        self.loaded = rows
        self._texts = {}
        self.refresh_view(top=at_top)

    @property
    def filter_text(self) -> str:
        field = self.query_one("#filter", Input)
        return field.value.strip().lower() if field.display else ""

    def refresh_view(self, *, top: bool = False) -> None:
        """Show the loaded rows through the filter and the sort; the cursor stays on its record, or with
        ``top`` on the first row (unless a record waits to be shown: pending_id)."""
        current = None if top else self.highlighted()
        words = self.filter_text.split()
        if words:
            texts = self._texts
            for r in self.loaded:
                if r.id not in texts:
                    texts[r.id] = self.text_of(r).lower()
            view = [r for r in self.loaded if all(w in texts[r.id] for w in words)]
        else:
            view = list(self.loaded)
        if self.sort_column is not None:
            key = self.COLUMNS[self.sort_column].key
            view.sort(key=lambda r: _sortable(key(r)), reverse=self.sort_reverse)
        self.view = view
        self.records = {r.id: r for r in self.loaded}
        table = self.query_one("#records", DataTable)
        labels = tuple(column.label + ("" if n != self.sort_column else (" ▼" if self.sort_reverse else " ▲"))
                       for n, column in enumerate(self.COLUMNS))
        if labels != self._columns_shown:
            table.clear(columns=True)
            for n, label in enumerate(labels):
                table.add_column(label, key=str(n))
            self._columns_shown = labels
        else:
            table.clear()
        self.shown = 0
        target = self.pending_id if self.pending_id is not None else (current.id if current else None)
        index = next((i for i, r in enumerate(view) if r.id == target), None)
        self._grow(max(first_rows(self.size.height), (index or 0) + 1))
        if index is not None:
            table.move_cursor(row=index)
            if self.pending_id is not None:
                self.pending_id = None
        empty = not self.loaded and not words
        self.query_one(".empty-hint").display = empty
        table.display = not empty
        self._status()
        self.settled()

    def _grow(self, upto: int) -> None:
        table = self.query_one("#records", DataTable)
        flex = self.flexible_width()
        rows = self.view[self.shown:upto]
        table.add_rows([self.cells(r, flex) for r in rows])
        # keys after the fact are not possible with add_rows; keep a parallel list instead
        self.shown += len(rows)

    def _status(self) -> None:
        status = self.query_one("#records-status", Static)
        total = f"{len(self.view):,}" + ("" if self.complete else "+")
        parts = [f"{total} {self.NOUN if len(self.view) == 1 else self.PLURAL}" if self.view or self.filter_text
                 else ""]
        if self.filter_text:
            parts.append(f"matching “{self.filter_text}”")
        if self.sort_column is not None:
            parts.append(f"sorted by {self.COLUMNS[self.sort_column].label.lower()}")
        status.update(Text(" · ".join(p for p in parts if p), style="dim"))

    def on_resize(self) -> None:
        if self.loaded:
            self._columns_shown = ()  # the title column's width follows the terminal
            self.refresh_view()

    def _more_rows(self) -> None:
        """Scrolled to the end of the rows in the table: the next ones read (moving the cursor there reads
        the next page too: near_the_end)."""
        if self.shown < len(self.view):
            self._grow(self.shown + CHUNK)

    def _all_rows(self) -> None:
        """Every row in the table (Ctrl+End): those read so far at once, and the rest of the records read
        in one go, the cursor then moved to the very last (it stopped at the end of each page: a decade's
        writing took four presses)."""
        self._grow(len(self.view))
        if not self.complete:
            self._to_end = True
            self._read_more()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.worker.group == "more" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._reading_more = self._to_end = False

    def _read_more(self) -> None:
        if not self._reading_more:  # (one request at a time: a second would cancel the first)
            self._reading_more = True
            self._load_more(None if self._to_end else PAGE)

    @on(DataTable.RowHighlighted, "#records")
    def near_the_end(self, event: DataTable.RowHighlighted) -> None:
        """Show more rows as the cursor nears the end; read the next page when the table runs out."""
        if event.cursor_row >= self.shown - 20:
            if self.shown < len(self.view):
                self._grow(self.shown + CHUNK)
            elif not self.complete:
                self._read_more()

    @work(thread=True, exclusive=True, exit_on_error=False, group="more")
    def _load_more(self, limit: int | None) -> None:
        self.post_message(MoreLoaded(self.fetch_page(len(self.loaded), limit), limit))

    @on(MoreLoaded)
    def more(self, message: MoreLoaded) -> None:
        message.stop()
        self._reading_more = False
        rows: list[Any] = message.data
        table = self.query_one("#records", DataTable)
        # (Ctrl+End's read: only if the cursor is still on the last row it went to, no other key since)
        self._to_end = self._to_end and table.cursor_row >= self.shown - 1
        self.complete = message.limit is None or len(rows) < message.limit
        known = {r.id for r in self.loaded}
        self.loaded += [r for r in rows if r.id not in known]
        if self.filter_text or self.sort_column is not None:
            self.refresh_view()
        else:  # newer rows are already in the table: add the new ones at the end
            self.view = list(self.loaded)
            self.records = {r.id: r for r in self.loaded}
            self._grow(self.shown + CHUNK)
            self._status()
        if self._to_end and not self.complete:
            self._read_more()  # (a page asked for before Ctrl+End came in: now the rest)
        elif self._to_end:
            self._to_end = False
            self._grow(len(self.view))
            if self.view:
                table.move_cursor(row=len(self.view) - 1)

    def highlighted(self) -> Any | None:
        table = self.query_one("#records", DataTable)
        if not self.view or table.row_count == 0 or table.cursor_row >= len(self.view):
            return None
        return self.view[table.cursor_row]

    def open_record(self, record_id: int) -> None:
        """Put the cursor on a record (after a search), reading further back if needed."""
        self.pending_id = record_id
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        if record_id in self.records:
            self.refresh_view()
        else:
            self.complete = True  # read everything: the record is older than what is loaded
            self.reload()

    # ---------------------------------------------------------------------------------- filter, sort

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        if not self.complete:
            self.complete = True
            self.reload()  # read every row once; the filter then works in memory
        else:
            self.refresh_view()

    def key_escape(self) -> None:
        field = self.query_one("#filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.query_one("#records", DataTable).focus()
            self.refresh_view()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#records", DataTable).focus()

    def action_sort(self) -> None:
        """o: each column in turn, first largest (newest) first, then the other way round; after the last
        column, the list as it came (newest first). The list shows its first rows (newcomer: the cursor
        kept its record, at the bottom of the screen, and the largest rows were out of sight)."""
        self._to_end = False
        if self.sort_column is None:
            self.sort_column, self.sort_reverse = 0, True
        elif self.sort_reverse:
            self.sort_reverse = False
        elif self.sort_column + 1 < len(self.COLUMNS):
            self.sort_column, self.sort_reverse = self.sort_column + 1, True
        else:
            self.sort_column = None
        self.refresh_view(top=True)

    @on(DataTable.HeaderSelected, "#records")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = int(str(event.column_key.value))
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self.refresh_view(top=True)

    # ---------------------------------------------------------------------------------- add, edit, delete

    def form_fields(self, record: Any | None) -> list[Field]:
        raise NotImplementedError

    def form_combine(self, record: Any | None) -> Combine | None:
        """What reads several fields together (a workout's distance with its sport and pool); None: nothing."""
        return None

    def store_form(self, record: Any | None, values: dict[str, Any]) -> Any:
        """Runs in a worker thread: add (record None) or update from the form's values; returns the result."""
        raise NotImplementedError

    def action_new(self) -> None:
        self._open_form(None)

    @on(DataTable.RowSelected, "#records")
    def open_whole(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the whole record, every field and the full note (e edits it)."""
        record = self.highlighted()
        if record is not None:
            from studylog.tui.dialogs.record import open_record_view

            open_record_view(self, record, self._open_form, self._save)

    def action_edit(self) -> None:
        record = self.highlighted()
        if record is not None:
            self._open_form(record)

    def _open_form(self, record: Any | None) -> None:
        title = f"New {self.NOUN}" if record is None else f"Edit {describe_record(record, self.studylog.settings.units)}"

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            if record is not None and not values:  # an edit that changed no field: nothing is written
                self.notify("Nothing changed", markup=False)
                return
            self._save(record, values)

        self.app.push_screen(RecordForm(title, self.form_fields(record), edit=record is not None,
                                        combine=self.form_combine(record)), saved)

    @work(thread=True, exit_on_error=False, group="write")
    def _save(self, record: Any | None, values: dict[str, Any]) -> None:
        stored = self.store_form(record, values)
        self.app.call_from_thread(self._saved, record is None, stored)

    def _saved(self, added: bool, stored: Any) -> None:
        self.pending_id = stored.id  # the cursor goes to what was just stored
        self.studylog.changed(f"{'Stored' if added else 'Updated'} {describe_record(stored, self.studylog.settings.units)}")

    def action_delete(self) -> None:
        record = self.highlighted()
        if record is None:
            return
        question = f"Delete {describe_record(record, self.studylog.settings.units)}?"

        def answered(yes: bool | None) -> None:
            if yes:
                # the cursor stays where it was, on the row that takes the deleted one's place
                index = next((i for i, r in enumerate(self.view) if r.id == record.id), None)
                if index is not None and len(self.view) > 1:
                    self.pending_id = self.view[index + 1 if index + 1 < len(self.view) else index - 1].id
                self.studylog.delete_record(record)

        self.app.push_screen(ConfirmDialog(question), answered)


def _sortable(value: Any) -> tuple:
    """None sorts last whichever way; numbers and text each among their own kind."""
    return (value is None, value if value is not None else 0)


"""A table of records, newest first, where the highlighted one can be deleted after a confirm."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from studylog.tui.format import describe_record
from studylog.tui.screens.base import DataScreen
from studylog.tui.screens.confirm import ConfirmDialog
from studylog.tui.widgets.navbar import NavBar

PAGE = 1000


class RecordsScreen(DataScreen):
    """Subclasses give COLUMNS, EMPTY, ``fetch`` and ``cells``.

    COLUMNS pairs each heading with the widest its cells get; the one given as None takes the room
    the others leave, so the table fits the terminal at 80 columns and uses it at 200.
    """

    COLUMNS: tuple[tuple[str, int | None], ...] = ()
    EMPTY = ""
    MODE = ""
    BINDINGS = [Binding("d,delete", "delete", "Delete")]

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[int, Any] = {}
        self._data: list[Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar(self.MODE)
        yield from self.compose_filters()
        yield Static(self.EMPTY, classes="empty-hint", markup=False)
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def compose_filters(self) -> ComposeResult:
        """Widgets between the navigation line and the table (none by default)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(".empty-hint").display = False
        self.query_one(DataTable).add_columns(*(label for label, _ in self.COLUMNS))

    def flexible_width(self) -> int:
        fixed = sum(width or 0 for _, width in self.COLUMNS)
        padding = 2 * len(self.COLUMNS) + 2  # cell padding and the scrollbar
        return max(12, self.size.width - fixed - padding)

    def cells(self, record: Any, flex: int) -> tuple:
        raise NotImplementedError

    def on_resize(self) -> None:
        if self._data is not None:
            self.show(self._data)

    def show(self, data: list[Any]) -> None:
        self._data = data
        table = self.query_one(DataTable)
        keep = table.cursor_row
        current = self.highlighted()
        table.clear(columns=True)
        table.add_columns(*(label for label, _ in self.COLUMNS))
        self.records = {r.id: r for r in data}
        flex = self.flexible_width()
        for record in data:
            table.add_row(*self.cells(record, flex), key=str(record.id))
        if current is not None and current.id in self.records:  # stay on the same record after a change
            table.move_cursor(row=table.get_row_index(str(current.id)))
        elif data:
            table.move_cursor(row=min(keep, len(data) - 1))
        self.query_one(".empty-hint").display = not data
        table.display = bool(data)

    def highlighted(self) -> Any | None:
        table = self.query_one(DataTable)
        if not self.records or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.records.get(int(key)) if key is not None else None

    def action_delete(self) -> None:
        record = self.highlighted()
        if record is None:
            return
        units = self.studylog.settings.units
        question = f"Delete {describe_record(record, units)}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.studylog.delete_record(record)

        self.app.push_screen(ConfirmDialog(question), answered)

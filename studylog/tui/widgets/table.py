"""The DataTable every screen uses.

Textual's DataTable measures rows added since the last idle moment only when it is next idle, and it
caches each rendered line under an update counter that this measuring leaves as it was. A frame painted
in between (a theme change, a worker's message, a resize: anything can ask for one) caches the header
and rows at the old column widths, and they stay cached, so the header no longer lines up with the rows
(this made the dashboard's light-theme snapshot fail about 1 run in 3). Moving the counter on once the
widths are known drops those lines. ``tests/test_tui_table.py`` shows the stale header with DataTable
alone and its absence here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey


class Table(DataTable):
    """A DataTable whose header and rows always line up (see the module's note), and that asks its screen
    for more rows when the end of those it holds comes into view (screens add long lists a screenful at a
    time): ``more`` adds the next rows, ``rest`` all of them (for Ctrl+End, "Bottom")."""

    more: Callable[[], None] | None = None
    rest: Callable[[], None] | None = None

    def action_scroll_bottom(self) -> None:
        if self.rest is not None:
            self.rest()
        super().action_scroll_bottom()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.more is not None and new_value >= self.max_scroll_y - self.size.height and new_value > old_value:
            self.more()

    def add_row(self, *cells: object, height: int | None = 1, **kwargs: object) -> RowKey:
        """A row one line high shows each cell's text on one line: it is not wrapped only to be cut to its
        first line (wrapping was a fifth of drawing a cell, and a table redraws every cell in view when
        a filter changes)."""
        if height == 1:
            cells = tuple(_one_line(cell) for cell in cells)
        return super().add_row(*cells, height=height, **kwargs)  # type: ignore[arg-type]

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._update_count += 1  # lines cached before the widths were known are stale now
        self.refresh()


def _one_line(cell: object) -> object:
    if isinstance(cell, Text) and cell.no_wrap is None and "\n" not in cell.plain:
        cell.no_wrap = True
    return cell

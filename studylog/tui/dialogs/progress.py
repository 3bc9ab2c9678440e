"""Long work (imports, exports, rebuilding the search index) in a worker, with a progress bar and a way
to stop it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar


class ProgressDialog(ModalScreen[None]):
    """Shows how far a worker has got; Esc asks it to stop (the worker's progress callback then raises
    Cancelled, and what it had begun to write is rolled back)."""

    BINDINGS = [Binding("escape", "stop", "Stop")]
    LONG_WORK = True  # the app turns its other keys off while this is shown

    def __init__(self, title: str, total: int | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.total = total
        self.cancelled = False  # read by the worker's thread

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-box"):
            yield Label(self.title_text, id="progress-title", markup=False)
            yield ProgressBar(total=self.total, id="progress-bar")
            yield Label("Esc stops it: nothing is changed", id="progress-hint")

    def advance(self, done: int, total: int) -> None:
        if self.is_attached:
            self.query_one(ProgressBar).update(progress=done, total=total)

    def action_stop(self) -> None:
        self.cancelled = True
        self.query_one("#progress-hint", Label).update("Stopping…")

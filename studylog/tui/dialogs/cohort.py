"""A mentor's cohort (the palette's "Cohort: compare progress exports"): the Markdown that
``studylog cohort -o`` writes, shown in a scrolling dialog that Esc or q closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static


class CohortDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    CohortDialog {
        align: center middle;
    }
    CohortDialog #cohort {
        width: 90%;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    CohortDialog #cohort-body {
        height: 1fr;
    }
    CohortDialog #cohort-hint {
        color: $text-muted;
        height: 1;
    }
    """
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown  # (user text in it is escaped by studylog.io.cohort_markdown)

    def compose(self) -> ComposeResult:
        with Vertical(id="cohort"):
            with VerticalScroll(id="cohort-body"):
                yield Markdown(self.markdown, id="cohort-markdown")
            yield Static("Esc to close · studylog cohort FILE... -o cohort.md writes it to a file",
                         id="cohort-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#cohort-body", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)

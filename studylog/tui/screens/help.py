"""Every key of every screen, on one page (press ? anywhere)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = ("studylog keeps your writing, workouts, reading and study in one place. Press a and type what you "
         "did (\"run 5k 28:30 yesterday\", \"write 650 words\", \"read Deep Work by Cal Newport\"); ctrl+p finds "
         "every other action (imports, exports, settings, themes, the demo database).")


def _key_name(binding: Binding) -> str:
    return binding.key_display or {"left_square_bracket": "[", "right_square_bracket": "]", "comma": ",",
                                   "question_mark": "?", "slash": "/"}.get(binding.key, binding.key)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(Text(INTRO), id="help-intro")
            table = Table(box=None, show_header=False, pad_edge=False, expand=True)
            table.add_column("where", style="bold", no_wrap=True)
            table.add_column("key", style="bold cyan", no_wrap=True)
            table.add_column("does")
            for title, bindings in self.sections:
                first = True
                for binding in bindings:
                    table.add_row(title if first else "", _key_name(binding), binding.tooltip or binding.description)
                    first = False
                table.add_row("", "", "")
            yield Static(table)
            yield Static(Text("Esc closes this page.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)

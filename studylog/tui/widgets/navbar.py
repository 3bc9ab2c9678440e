"""The line under the header that names every screen and its number key, the current one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

SCREENS = (("1", "dashboard", "Dashboard"), ("2", "writing", "Writing"), ("3", "workouts", "Workouts"),
           ("4", "reading", "Reading"), ("5", "resources", "Resources"))


class NavBar(Static):
    DEFAULT_CSS = """
    NavBar {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    """

    def __init__(self, current: str) -> None:
        super().__init__(self._label(current))

    @staticmethod
    def _label(current: str) -> Text:
        text = Text()
        for key, mode, name in SCREENS:
            style = "bold reverse" if mode == current else ""
            text.append(f" {key} ", style="bold" if mode != current else style)
            text.append(f"{name} ", style=style)
            text.append(" ")
        return text

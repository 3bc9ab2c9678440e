"""The line under the header that names every screen and its number key, the current one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from studylog.domain import kinds

SCREENS = tuple((screen.key, screen.mode, screen.title) for screen in kinds.SCREENS)


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
        self.current = current

    def on_click(self, event) -> None:  # noqa: ANN001
        """A click on a screen's name goes there, like its number key."""
        x = event.x - 1  # the padding
        for start, end, mode in self._spans():
            if start <= x < end and mode != self.current:
                self.app.switch_mode(mode)
                return

    @staticmethod
    def _spans() -> list[tuple[int, int, str]]:
        spans, x = [], 0
        for n, (key, mode, name) in enumerate(SCREENS):
            if n:
                x += 2
            width = len(key) + 1 + len(name)
            spans.append((x, x + width, mode))
            x += width
        return spans

    @staticmethod
    def _label(current: str) -> Text:
        text = Text()
        for n, (key, mode, name) in enumerate(SCREENS):
            if n:
                text.append("  ")
            if mode == current:
                text.append(f"{key} {name}", style="bold reverse")
            else:
                text.append(key, style="bold")
                text.append(f" {name}")
        return text

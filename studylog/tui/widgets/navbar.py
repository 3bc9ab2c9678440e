"""The line under the header that names every screen and its number key, the current one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from studylog.domain import kinds

SCREENS = tuple((screen.key, screen.mode, screen.title) for screen in kinds.SCREENS)
SHORT = {"Dashboard": "Home", "Resources": "Res"}  # (the names where 80 columns are too few for all)


def layout(width: int) -> tuple[str, tuple[str, ...]]:
    """The separator and the names that fit in ``width`` columns: the names, else the short names; two
    spaces between them, else one."""
    names = tuple(name for _, _, name in SCREENS)
    short = tuple(SHORT.get(n, n) for n in names)
    for separator, shown in (("  ", names), (" ", names), ("  ", short), (" ", short)):
        if sum(len(key) + 1 + len(name) for (key, _, _), name in zip(SCREENS, shown, strict=True)) + \
                len(separator) * (len(SCREENS) - 1) <= width:
            return separator, shown
    return " ", tuple(SHORT.get(n, n) for n in names)


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
        super().__init__(self._label(current, 200))
        self.current = current

    def on_resize(self) -> None:
        self.update(self._label(self.current, self._room()))

    def _room(self) -> int:
        return max(0, self.size.width - 2)  # (the padding)

    def on_click(self, event) -> None:  # noqa: ANN001
        """A click on a screen's name goes there, like its number key."""
        x = event.x - 1  # the padding
        for start, end, mode in self._spans(self._room()):
            if start <= x < end and mode != self.current:
                self.app.switch_mode(mode)
                return

    @staticmethod
    def _spans(room: int) -> list[tuple[int, int, str]]:
        separator, names = layout(room)
        spans, x = [], 0
        for n, ((key, mode, _), name) in enumerate(zip(SCREENS, names, strict=True)):
            if n:
                x += len(separator)
            width = len(key) + 1 + len(name)
            spans.append((x, x + width, mode))
            x += width
        return spans

    @staticmethod
    def _label(current: str, room: int) -> Text:
        separator, names = layout(room)
        text = Text()
        for n, ((key, mode, _), name) in enumerate(zip(SCREENS, names, strict=True)):
            if n:
                text.append(separator)
            if mode == current:
                text.append(f"{key} {name}", style="bold reverse")
            else:
                text.append(key, style="bold")
                text.append(f" {name}")
        return text

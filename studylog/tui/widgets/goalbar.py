"""A goal's progress as a bar of blocks (readable in 16 colours and without colour) and the colour of its
status; the goals screen and the dashboard both draw goals with it."""

from __future__ import annotations

from rich.text import Text

STATUS_STYLE = {"met": "bold green", "on track": "cyan", "behind": "yellow", "missed": "red"}


BAR = 12


def bar(actual: float, target: float, width: int = BAR, *, percent: bool = True) -> Text:
    """A progress bar readable in 16 colours and without colour: filled and empty blocks (and a percentage)."""
    share = 0.0 if target <= 0 else min(1.0, actual / target)
    filled = round(share * width)
    text = Text("█" * filled, style="green" if share >= 1 else "cyan")
    text.append("░" * (width - filled), style="dim")
    if percent:
        text.append(f" {share:>4.0%}")
    return text

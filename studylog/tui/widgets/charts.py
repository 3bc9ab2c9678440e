"""Small charts drawn with block characters: readable in 16 colours, in light and dark themes, and
without colour at all (the height of each bar is the information; colour only helps)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

EIGHTHS = " ▁▂▃▄▅▆▇█"


def column_chart(values: Sequence[float], labels: Sequence[str], *, height: int = 3, style: str = "cyan",
                 width: int = 2) -> Text:
    """Vertical bars, ``height`` rows tall (8 steps per row), one column of ``width`` cells per value,
    with a label row under them (labels are shown where they fit)."""
    top = max(values, default=0) or 1
    steps = [round(v / top * height * 8) for v in values]
    text = Text()
    for row in range(height, 0, -1):
        for n, step in enumerate(steps):
            fill = min(8, max(0, step - (row - 1) * 8))
            cell = EIGHTHS[fill] * (width - 1) + " "
            text.append(cell, style=style if fill else "")
            del n
        text.append("\n")
    label_row = [" "] * (len(values) * width)
    for n, label in enumerate(labels):
        start = n * width
        if label and all(c == " " for c in label_row[start:start + len(label) + 1]):
            for k, ch in enumerate(label):
                if start + k < len(label_row):
                    label_row[start + k] = ch
    text.append("".join(label_row).rstrip(), style="dim")
    return text


def chart_block(title: str, values: Sequence[float], labels: Sequence[str], summary: str, *,
                style: str = "cyan") -> Text:
    text = Text(title, style="bold")
    text.append(f"  {summary}\n", style="dim")
    text.append_text(column_chart(values, labels, style=style))
    return text

"""A year of writing days as a coloured calendar: one column per week, one row per weekday."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

from studylog.heat import MONTHS, heat_level
from studylog.weeks import week_containing

# Block shades carry the level on their own (16 colours, no colour, light theme); colour adds to them.
COLOURS = {"·": "dim", "░": "green", "▒": "green", "▓": "bright_green", "█": "bold bright_green"}


def heatmap_text(year: int, words: dict[date, int], last_day: date) -> Text:
    first = date(year, 1, 1)
    start = week_containing(first)
    weeks = (date(year, 12, 31) - start).days // 7 + 1
    header = [" "] * weeks
    for month in range(1, 13):
        column = (date(year, month, 1) - start).days // 7
        if all(header[c] == " " for c in range(column, min(weeks, column + 4))):
            for k, ch in enumerate(MONTHS[month - 1]):
                if column + k < weeks:
                    header[column + k] = ch
    text = Text("    " + "".join(header).rstrip() + "\n", style="dim")
    for weekday, name in enumerate(("Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun")):
        text.append(f"{name} ", style="dim")
        for w in range(weeks):
            day = start + timedelta(days=w * 7 + weekday)
            if day.year != year or day > last_day:
                text.append(" ")
            else:
                level = heat_level(words.get(day, -1))
                text.append(level, style=COLOURS[level])
        if weekday < 6:
            text.append("\n")
    return text


class Heatmap(Static):
    """Shows ``heatmap_text``; give it a year's words per day with ``show``."""

    DEFAULT_CSS = """
    Heatmap {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, year: int, words: dict[date, int], last_day: date) -> None:
        total_days = sum(1 for d in words if d.year == year)
        title = Text(f"Writing in {year}: {total_days} day{'s' if total_days != 1 else ''}, "
                     f"{sum(words.values()):,} word{'s' if sum(words.values()) != 1 else ''}\n", style="bold")
        title.append_text(heatmap_text(year, words, last_day))
        self.update(title)

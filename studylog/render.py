"""Rich tables for the shell. User text goes in as rich.text.Text, never as markup."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from studylog.formatting import format_distance, format_duration, format_pace
from studylog.text import one_line


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def records_table(what: str, rows: list[Any], today: date, units: str, *, total: int | None = None) -> None:
    out = console()
    if not rows:
        hint = 'studylog log write "notes" --words 300' if what == "writing" else "studylog log run 5k 28:30"
        out.print(Text(f"No {what} yet in this range. Add some: {hint}"))
        return
    if what == "writing":
        table = Table(title=None, box=None, header_style="bold", pad_edge=False)
        table.add_column("ID", justify="right", style="dim")
        table.add_column("Date")
        table.add_column("Words", justify="right")
        table.add_column("Title", overflow="ellipsis", max_width=48)
        table.add_column("Challenge", overflow="ellipsis", max_width=24)
        table.add_column("Tags", overflow="ellipsis", max_width=24)
        for e in rows:
            table.add_row(str(e.id), e.day.isoformat(), f"{e.words:,}", Text(one_line(e.title or e.note, 60)),
                          Text(e.challenge or ""), Text(" ".join(f"#{t}" for t in e.tags)))
    else:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("ID", justify="right", style="dim")
        table.add_column("Date")
        table.add_column("Sport")
        table.add_column("Distance", justify="right")
        table.add_column("Time", justify="right")
        table.add_column("Pace", justify="right")
        table.add_column("Title", overflow="ellipsis", max_width=40)
        for w in rows:
            table.add_row(str(w.id), w.day.isoformat(), w.sport, format_distance(w.distance_m, units, w.sport),
                          format_duration(w.duration_s), format_pace(w.distance_m, w.duration_s, units, w.sport),
                          Text(one_line(w.title, 60)))
    out.print(table)
    if total is not None and total > len(rows):
        out.print(Text(f"{len(rows)} of {total:,} shown; use --limit N (0 for all) or --since DATE for more",
                       style="dim"))

"""Rich tables for the shell. User text goes in as rich.text.Text, never as markup."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from studylog.formatting import format_distance, format_duration, format_pace
from studylog.text import one_line


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def spinner(message: str):  # noqa: ANN201
    return Console(stderr=True).status(message)


@contextmanager
def progress(message: str, total: int) -> Iterator[Callable[[int], None]]:
    """A transient progress bar on stderr; yields a callback that takes the number of items done."""
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(message, total=total)
        yield lambda done: bar.update(task, completed=done)


def reading_table(items: list[Any]) -> None:
    out = console()
    if not items:
        out.print(Text('Nothing on the reading list yet. Add: studylog read add "Deep Work" --author "Cal Newport"'))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", style="dim")
    table.add_column("Status")
    table.add_column("Kind")
    table.add_column("Title", overflow="ellipsis", max_width=44)
    table.add_column("Authors", overflow="ellipsis", max_width=24)
    table.add_column("Finished")
    table.add_column("Rating", justify="right")
    for item in items:
        table.add_row(str(item.id), item.status, item.kind, Text(one_line(item.title, 80)),
                      Text(one_line(", ".join(item.authors), 40)),
                      item.finished.isoformat() if item.finished and item.status == "finished" else "",
                      f"{item.rating:g}" if item.rating is not None else "")
    out.print(table)


def resources_table(resources: list[Any], *, filtered: bool = False) -> None:
    out = console()
    if not resources and filtered:
        out.print(Text("No resources match (studylog res list shows them all)"))
        return
    if not resources:
        out.print(Text("No resources here yet. Add: studylog res add https://... --topic Transformers"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", style="dim")
    table.add_column("Status")
    table.add_column("Kind")
    table.add_column("Topic", overflow="ellipsis", max_width=28)
    table.add_column("Title", overflow="ellipsis", max_width=48)
    for r in resources:
        table.add_row(str(r.id), r.status, r.kind, Text(r.topic or ""), Text(one_line(r.title or r.url, 90)))
    out.print(table)


def topic_tree(counts: list[tuple[str | None, int, int]]) -> None:
    """Topics as a tree; each shows its resources and how many are done, subtopics included."""
    from rich.tree import Tree

    from studylog.api.resources import topic_totals

    totals = topic_totals(counts)
    root = Tree("Topics", hide_root=True)
    nodes: dict[tuple[str, ...], Tree] = {}
    for path in sorted(totals):
        total, done = totals[path]
        label = Text(path[-1])
        label.append(f"  {total} ({done} done)", style="dim")
        parent = nodes.get(path[:-1], root)
        nodes[path] = parent.add(label)
    out = console()
    if not totals:
        out.print(Text("No resources yet. Add: studylog res add https://... --topic Transformers"))
        return
    out.print(root)


def records_table(records: Any, units: str) -> None:
    """A sport's records: longest distance and time, then the best effort at each standard distance."""
    out = console()
    entries = [e for e in (records.longest_distance, records.longest_time) if e] + list(records.best_efforts)
    if not entries:
        out.print(Text(f"No {records.sport} records yet. Log one: studylog log {records.sport} 5k 28:30"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False, title=f"{records.sport.capitalize()} records",
                  title_justify="left", title_style="bold")
    table.add_column("Record", no_wrap=True)
    table.add_column("Distance", justify="right")
    table.add_column("Time", justify="right")
    table.add_column("Pace", justify="right")
    table.add_column("Date")
    table.add_column("Workout", justify="right", style="dim")
    table.add_column("How", style="dim")
    for e in entries:
        how = "" if e in (records.longest_distance, records.longest_time) else ("track" if e.from_track else "whole")
        table.add_row(e.label, format_distance(e.distance_m, units, records.sport), format_duration(e.duration_s),
                      format_pace(e.distance_m, e.duration_s, units, records.sport), e.day.isoformat(),
                      f"#{e.workout_id}", how)
    out.print(table)
    if records.best_efforts:
        out.print(Text("track: the fastest stretch inside a recorded track; whole: a whole workout at its "
                       "average pace", style="dim"))


def goals_table(found: list[Any], units: str) -> None:
    """Each goal with this period's progress, its status, the streak of periods met and its strength."""
    from studylog.formatting import goal_progress_text, goal_status_text

    out = console()
    if not found:
        out.print(Text('No goals yet. Add one: studylog goal add "swim 3 times a week"'))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", style="dim")
    table.add_column("Goal", overflow="ellipsis", max_width=34)
    table.add_column("This period", justify="right")
    table.add_column("Status")
    table.add_column("Streak", justify="right")
    table.add_column("Strength", justify="right")
    colours = {"met": "green", "on track": "cyan", "behind": "yellow", "missed": "red"}
    for goal, p in found:
        period = goal_progress_text(goal.metric, p.actual, p.target, units, goal.activity)
        streak = f"{p.streak} {goal.period or ''}{'s' if p.streak != 1 else ''}".strip() if p.streak else ""
        strength = f"{p.strength:.0%}" if p.strength is not None else ""
        status = goal_status_text(goal, p)
        table.add_row(str(goal.id), Text(goal.title), period, Text(status, style=colours.get(p.status, "")), streak,
                      strength)
    out.print(table)

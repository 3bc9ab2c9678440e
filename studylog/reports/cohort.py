"""A mentor's cohort: progress exports of one list from several people (``studylog res export
--with-progress``), side by side: one row per item, one column per person, and totals per person.

Pure: the lists come in already parsed, with the name of the person each belongs to, and ``today`` is an
input (the export's days are compared with it), so the same files on the same day give the same table.

- Items are matched by URL (the parser normalises them). The rows are the union of the files' items,
  grouped by topic: topics in the order they first appear (file by file, in the order given), items in
  the order they first appear within their topic. An item's title and topic are those of the first file
  that has it (a title only in a later file is taken when the first has none).
- A person's cell is their status of the item: done, studying, skipped or new (an item without a mark
  counts as new), "stalled" for an item studying whose day added is more than STALLED_AFTER days before
  today, and None when the item is not in their file.
- Totals per person: done, studying (not stalled), stalled, skipped and new, of the items in their file.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studylog.domain.values import Skipped
    from studylog.io.markdown_list import ListEntry

STALLED_AFTER = 14  # days: an item studying for longer than this is "stalled"
STATES = ("done", "studying", "stalled", "skipped", "new")  # what a cell can say (None: not in the file)


class PersonList(NamedTuple):
    """One person's export, read: who (the file's stem), which file, and what it holds."""

    name: str
    file: str
    title: str | None
    entries: tuple[ListEntry, ...]


class Person(NamedTuple):
    name: str
    file: str
    items: int     # items in their file
    done: int
    studying: int  # studying, not stalled
    stalled: int
    skipped: int
    new: int


class CohortRow(NamedTuple):
    url: str
    title: str | None
    topic: str | None
    cells: tuple[str | None, ...]  # one per person, in the order of ``Cohort.people``; None: not in the file


class Cohort(NamedTuple):
    title: str | None              # the list's title (the first file's that has one)
    today: datetime.date
    stalled_after: int
    people: tuple[Person, ...]
    rows: tuple[CohortRow, ...]
    shared: int                    # items in more than one file
    skipped: tuple[Skipped, ...]   # files left out, and why

    @property
    def unrelated(self) -> bool:
        """Several files and not one item in common: probably not exports of the same list."""
        return len(self.people) > 1 and self.shared == 0


def cell(entry: ListEntry, today: datetime.date, stalled_after: int = STALLED_AFTER) -> str:
    """What a person's entry says in the table."""
    status = entry.status or "new"
    if status == "studying" and entry.added_on is not None and (today - entry.added_on).days > stalled_after:
        return "stalled"
    return status


def cohort(lists: Sequence[PersonList], today: datetime.date, *, skipped: Sequence[Skipped] = (),
           stalled_after: int = STALLED_AFTER) -> Cohort:
    topics: dict[str | None, list[str]] = {}       # topic -> URLs in order
    first: dict[str, ListEntry] = {}
    cells: list[dict[str, str]] = []
    seen_in: dict[str, int] = {}
    for person in lists:
        mine: dict[str, str] = {}
        for entry in person.entries:
            if entry.url in mine:  # (the parser skips a URL listed twice; never counted twice here either)
                continue
            mine[entry.url] = cell(entry, today, stalled_after)
            seen_in[entry.url] = seen_in.get(entry.url, 0) + 1
            known = first.get(entry.url)
            if known is None:
                first[entry.url] = entry
                topics.setdefault(entry.section, []).append(entry.url)
            elif known.title is None and entry.title is not None:
                first[entry.url] = known._replace(title=entry.title)
        cells.append(mine)
    rows = tuple(CohortRow(url, first[url].title, topic, tuple(mine.get(url) for mine in cells))
                 for topic, urls in topics.items() for url in urls)
    people = tuple(_person(p, mine) for p, mine in zip(lists, cells, strict=True))
    title = next((p.title for p in lists if p.title), None)
    return Cohort(title, today, stalled_after, people, rows, sum(1 for n in seen_in.values() if n > 1),
                  tuple(skipped))


def _person(person: PersonList, mine: dict[str, str]) -> Person:
    counts = {state: 0 for state in STATES}
    for state in mine.values():
        counts[state if state in counts else "new"] += 1
    return Person(person.name, person.file, len(mine), counts["done"], counts["studying"], counts["stalled"],
                  counts["skipped"], counts["new"])

"""A mentor's cohort (``studylog cohort``) as Markdown (CommonMark with GitHub tables), and the words the
shell's text table shares with it.

Deterministic: the same cohort gives the same bytes. User text (titles, topics, people's names, file
names) has its control characters removed and Markdown's own characters escaped (pipes too: it sits in
table cells), so a title holding ``|``, ``*``, backticks or HTML reads as written; a link is made only of a
web address.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from studylog.io.review_markdown import esc, table
from studylog.reports.cohort import Cohort, CohortRow, Person
from studylog.text import clean

ABSENT = "—"  # a cell for an item that is not in the person's file
NO_TOPIC = "Without a topic"
UNRELATED = "the files share no items: are they progress exports of the same list?"

_WEB = re.compile(r"https?://", re.IGNORECASE)
_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"  # (what stays as it is in a link's address: not spaces, <>, () or `)


def text(value: str | None) -> str:
    """One line of user text, escaped for a table cell, a heading or the middle of a line."""
    return esc(clean(value, multiline=False) or "")  # (entities and "~" too: review_markdown.esc)


def link(title: str | None, url: str) -> str:
    """[title](address) for a web address; the text alone otherwise."""
    shown = text(title) or text(url)
    address = clean(url, multiline=False) or ""
    if not _WEB.match(address):
        return shown
    return f"[{shown}]({quote(address, safe=_URL_SAFE)})"


def day(c: Cohort) -> str:
    return f"{c.today.day} {c.today:%b} {c.today.year}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else word + 's'}"


def summary(c: Cohort) -> str:
    """"3 people · 6 items · 24 Nov 2026 · stalled: studying for more than 14 days" (no user text)."""
    people = "1 person" if len(c.people) == 1 else f"{len(c.people):,} people"
    return (f"{people} · {_plural(len(c.rows), 'item')} · {day(c)} · "
            f"stalled: studying for more than {_plural(c.stalled_after, 'day')}")


def shown(state: str | None) -> str:
    return ABSENT if state is None else state


def totals_header() -> tuple[str, ...]:
    return ("Person", "Done", "Studying", "Stalled", "Skipped", "New", "Items")


def totals(person: Person) -> tuple[int, ...]:
    return (person.done, person.studying, person.stalled, person.skipped, person.new, person.items)


def by_topic(c: Cohort) -> list[tuple[str | None, list[CohortRow]]]:
    """The rows grouped by topic, in their order."""
    groups: list[tuple[str | None, list[CohortRow]]] = []
    for row in c.rows:
        if not groups or groups[-1][0] != row.topic:
            groups.append((row.topic, []))
        groups[-1][1].append(row)
    return groups


def cohort_markdown(c: Cohort) -> str:
    out = [f"# Cohort: {text(c.title)}" if text(c.title) else "# Cohort", "", summary(c) + ".", ""]
    if c.unrelated:
        out += [f"> Warning: {UNRELATED}", ""]
    names = [text(p.name) or " " for p in c.people]
    for topic, rows in by_topic(c):
        out += [f"## {text(topic) or NO_TOPIC}", ""]
        out += table(["Item", *names], [[link(r.title, r.url), *(shown(s) for s in r.cells)] for r in rows])
        out.append("")
    out += ["## Totals", ""]
    out += table(list(totals_header()), [[text(p.name) or " ", *(f"{n:,}" for n in totals(p))] for p in c.people],
                 align="l" + "r" * (len(totals_header()) - 1))
    out.append("")
    if c.skipped:
        out += ["## Files left out", ""]
        out += [f"- {text(s.reason)}" for s in c.skipped]  # (a reason names its file)
        out.append("")
    return "\n".join(out)

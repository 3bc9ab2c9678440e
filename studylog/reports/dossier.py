"""A topic's dossier (``studylog topic "Deep Learning/Transformers"``), built by pure functions.

Which topics a typed topic names, and which reading items and writing entries are about it, are decided
here (``matches_topic``, ``topic_name``, ``related_reading``, ``tagged_writing``); services gather the rows
(``DossierInputs``) and ``dossier`` turns them into what a reader sees, in order;
``studylog.io.dossier_markdown`` writes that as Markdown. No database, no clock: "today" is an input.

The rules:
- a typed topic names every topic of which it is the whole path or a run of whole parts, in any case
  ("transformers" names "Deep Learning/Transformers" and "Deep Learning/Transformers/Attention"), as
  ``studylog res list --topic`` does;
- a reading item is related when one of its tags is the topic's last part, or its title holds that part
  as whole words, or its link is one of the topic's resources' ("Attention Is All You Need" on the
  reading list and under Deep Learning/Transformers); a writing entry when one of its tags is that part. Both compare words in any case,
  with spaces, hyphens and underscores alike, and a plural "s" ignored ("Transformers" is the tag
  "transformer", the tag "deep-learning" is "Deep Learning", "The Illustrated Transformer" mentions it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from studylog.domain.values import ReadingItem, Resource, StudySession, WritingEntry

NO_RESOURCE = "(no resource)"  # the time of sessions spent on no resource, in the table per resource
_WORD = re.compile(r"[^\W_]+")


# ------------------------------------------------------------------------------------------- the rules

def _parts(topic: str) -> list[str]:
    return [p.strip().casefold() for p in topic.split("/") if p.strip()]


def _run_at(parts: Sequence[str], wanted: Sequence[str]) -> int | None:
    """Where the run ``wanted`` begins in ``parts`` (first place), or None."""
    if not wanted:
        return None
    for start in range(len(parts) - len(wanted) + 1):
        if list(parts[start:start + len(wanted)]) == list(wanted):
            return start
    return None


def matches_topic(topic: str, typed: str) -> bool:
    """Is ``topic`` named by ``typed``: its whole path, or a run of its whole parts, in any case?"""
    return _run_at(_parts(topic), _parts(typed)) is not None


def topic_name(typed: str, topics: Iterable[str]) -> str:
    """What the dossier is called: the path up to what was typed, when the matched topics agree on it
    ("transformers" -> "Deep Learning/Transformers"); otherwise what was typed ("Training" for
    "Deep Learning/Training" and "Running/Training")."""
    wanted = _parts(typed)
    names: dict[str, str] = {}
    runs: list[str] = []
    for topic in sorted(topics):
        written = [p.strip() for p in topic.split("/") if p.strip()]
        start = _run_at([p.casefold() for p in written], wanted)
        if start is not None:
            prefix = "/".join(written[:start + len(wanted)])
            names.setdefault(prefix.casefold(), prefix)
            runs.append("/".join(written[start:start + len(wanted)]))
    if len(names) == 1:
        return next(iter(names.values()))
    return runs[0] if runs else "/".join(p.strip() for p in typed.split("/") if p.strip())


def last_part(name: str) -> str:
    return name.rsplit("/", 1)[-1].strip()


def words(text: str) -> list[str]:
    """The words of a text, case-folded: "Deep-Learning_notes" -> ["deep", "learning", "notes"]."""
    return _WORD.findall(text.casefold())


def _same(a: str, b: str) -> bool:
    return a == b or a + "s" == b or a == b + "s"


def _same_words(got: Sequence[str], key: Sequence[str]) -> bool:
    return len(got) == len(key) and all(_same(a, b) for a, b in zip(got, key, strict=True))


def is_tag(tag: str, name: str) -> bool:
    """Is ``tag`` the topic's last part ("transformer", "Transformers", "#transformers")?"""
    key = words(last_part(name))
    return bool(key) and _same_words(words(tag), key)


def mentions(text: str, name: str) -> bool:
    """Does ``text`` hold the topic's last part as whole words ("The Illustrated Transformer")?"""
    key = words(last_part(name))
    found = words(text)
    return bool(key) and any(_same_words(found[i:i + len(key)], key) for i in range(len(found) - len(key) + 1))


def related_reading(item: ReadingItem, name: str, links: Iterable[str] = ()) -> bool:
    """Tagged with the topic's last part, mentioning it in its title, or the same link as one of the
    topic's resources (``links``)."""
    return (any(is_tag(t, name) for t in item.tags) or mentions(item.title, name)
            or (item.url is not None and item.url in links))


def tagged_writing(entry: WritingEntry, name: str) -> bool:
    return any(is_tag(t, name) for t in entry.tags)


def search_stem(name: str) -> str:
    """A piece of text every related title or tag holds (the longest word of the last part, without a
    plural "s"), for the database to look for before the rules above decide; "" for none."""
    key = words(last_part(name))
    if not key:
        return ""
    longest = max(key, key=len)
    return longest[:-1] if len(longest) > 2 and longest.endswith("s") else longest


# ---------------------------------------------------------------------------------------------- inputs

class DossierInputs(NamedTuple):
    typed: str  # the topic as typed (cleaned)
    name: str  # what the dossier is called (topic_name)
    topics: tuple[str, ...]  # every topic it names, sorted
    today: date
    resources: tuple[Resource, ...]  # under those topics, by topic then as added
    sessions: tuple[StudySession, ...]  # under those topics (``topic``: the session's, else its resource's)
    reading: tuple[ReadingItem, ...]  # related (related_reading)
    writing: tuple[WritingEntry, ...]  # tagged (tagged_writing)


# --------------------------------------------------------------------------------------------- outputs

class ResourceLine(NamedTuple):
    resource: Resource
    studied_s: int  # time of the dossier's sessions spent on it


class TopicResources(NamedTuple):
    topic: str
    resources: tuple[ResourceLine, ...]


class TimeRow(NamedTuple):
    name: str
    seconds: int
    sessions: int


class Event(NamedTuple):
    """One dated thing in the timeline. ``kind``: "added" (a resource), "done" (a resource), "studied",
    "listed" (a reading item put on the list, neither started nor finished), "started", "finished",
    "abandoned" (reading), "wrote". ``title`` is user text; ``what`` the resource's or item's kind."""

    day: date
    kind: str
    title: str
    what: str = ""
    seconds: int = 0
    rating: float | None = None
    words: int = 0
    note: str | None = None
    topic: str | None = None


class Summary(NamedTuple):
    resources: int
    statuses: tuple[tuple[str, int], ...]  # ("done", 2), ("studying", 1)... in that order, none left out
    studied_s: int
    sessions: int
    study_days: int
    reading: int
    reading_finished: int
    writing: int
    writing_words: int
    first: date | None  # the first and last day in the timeline
    last: date | None


class Dossier(NamedTuple):
    name: str
    typed: str
    topics: tuple[str, ...]
    today: date
    summary: Summary
    resources: tuple[TopicResources, ...]
    study_by_resource: tuple[TimeRow, ...]  # most first
    study_by_topic: tuple[TimeRow, ...]  # most first (only said when the sessions are under several topics)
    reading: tuple[ReadingItem, ...]  # by the day finished, started or added
    writing: tuple[WritingEntry, ...]  # by day
    timeline: tuple[Event, ...]  # by day


STATUS_ORDER = ("done", "studying", "new", "skipped")
_EVENT_ORDER = {"added": 0, "listed": 1, "started": 2, "studied": 3, "wrote": 4, "done": 5, "finished": 6,
                "abandoned": 7}


def _dated(item: ReadingItem) -> date:
    return item.finished or item.started or item.added or date.min


def _time_rows(totals: dict[str, list[int]]) -> tuple[TimeRow, ...]:
    rows = [TimeRow(name, seconds, sessions) for name, (seconds, sessions) in totals.items()]
    return tuple(sorted(rows, key=lambda r: (r.name == NO_RESOURCE, -r.seconds, r.name.casefold(), r.name)))


def _timeline(inputs: DossierInputs) -> list[Event]:
    events: list[tuple[date, int, int, Event]] = []

    def add(event: Event, ident: int) -> None:
        events.append((event.day, _EVENT_ORDER[event.kind], ident, event))

    for r in inputs.resources:
        title = r.title or r.url
        if r.added is not None:
            add(Event(r.added, "added", title, r.kind, topic=r.topic), r.id)
        if r.status == "done" and r.done is not None:
            add(Event(r.done, "done", title, r.kind, topic=r.topic), r.id)
    for s in inputs.sessions:
        add(Event(s.day, "studied", s.resource_title or "", seconds=s.duration_s, note=s.note, topic=s.topic), s.id)
    for item in inputs.reading:
        if item.started is not None:
            add(Event(item.started, "started", item.title, item.kind), item.id)
        if item.finished is not None and item.status in ("finished", "abandoned"):
            add(Event(item.finished, item.status, item.title, item.kind,
                      rating=item.rating if item.status == "finished" else None), item.id)
        if item.started is None and item.finished is None and item.added is not None:
            add(Event(item.added, "listed", item.title, item.kind), item.id)
    for entry in inputs.writing:
        add(Event(entry.day, "wrote", entry.title or "", words=entry.words), entry.id)
    events.sort(key=lambda e: e[:3])
    return [e[3] for e in events]


def dossier(inputs: DossierInputs) -> Dossier:
    studied: dict[int, int] = defaultdict(int)
    by_resource: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in inputs.sessions:
        if s.resource_id is not None:
            studied[s.resource_id] += s.duration_s
        row = by_resource[s.resource_title if s.resource_id is not None and s.resource_title else NO_RESOURCE]
        row[0] += s.duration_s
        row[1] += 1
        row = by_topic[s.topic or inputs.name]
        row[0] += s.duration_s
        row[1] += 1

    groups: dict[str, list[ResourceLine]] = defaultdict(list)
    for r in inputs.resources:
        groups[r.topic or inputs.name].append(ResourceLine(r, studied.get(r.id, 0)))
    statuses = [(status, sum(1 for r in inputs.resources if r.status == status)) for status in STATUS_ORDER]

    timeline = _timeline(inputs)
    summary = Summary(
        resources=len(inputs.resources), statuses=tuple((s, n) for s, n in statuses if n),
        studied_s=sum(s.duration_s for s in inputs.sessions), sessions=len(inputs.sessions),
        study_days=len({s.day for s in inputs.sessions}), reading=len(inputs.reading),
        reading_finished=sum(1 for i in inputs.reading if i.status == "finished"), writing=len(inputs.writing),
        writing_words=sum(e.words for e in inputs.writing),
        first=timeline[0].day if timeline else None, last=timeline[-1].day if timeline else None,
    )
    return Dossier(
        name=inputs.name, typed=inputs.typed, topics=inputs.topics, today=inputs.today, summary=summary,
        resources=tuple(TopicResources(topic, tuple(lines)) for topic, lines in sorted(groups.items())),
        study_by_resource=_time_rows(by_resource),
        study_by_topic=_time_rows(by_topic) if len(by_topic) > 1 else (),
        reading=tuple(sorted(inputs.reading, key=lambda i: (_dated(i), i.id))),
        writing=tuple(sorted(inputs.writing, key=lambda e: (e.day, e.id))),
        timeline=tuple(timeline),
    )

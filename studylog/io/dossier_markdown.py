"""A topic's dossier as Markdown (CommonMark with GitHub tables): what a person shares with a mentor.

Deterministic: the same dossier gives the same bytes. User text (titles, notes, descriptions, topics) has
its control characters removed and Markdown's own characters escaped, so that it reads as written on
GitHub and in a pager; a link is made only of a web address.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from studylog.formatting import format_study_time
from studylog.io.review_markdown import esc, table
from studylog.io.review_markdown import line as begin_line
from studylog.reports.dossier import Dossier, Event, ResourceLine, TimeRow
from studylog.text import clean

_WEB = re.compile(r"https?://", re.IGNORECASE)
_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"  # (what stays as it is in a link's address: not spaces, <>, () or `)


def text(value: str | None) -> str:
    """One line of user text, escaped (for a table cell or the middle of a line)."""
    return esc(clean(value, multiline=False) or "")  # (entities and "~" too: review_markdown.esc)


def line(value: str | None) -> str:
    """User text that may begin a line: also never a list item, a heading underline or a rule."""
    return begin_line(clean(value, multiline=False) or "")


def lines(value: str | None, indent: str = "  ") -> list[str]:
    """Multi-line user text (a note) as lines of one list item, each line kept (hard breaks)."""
    kept = [line(part) for part in (clean(value) or "").split("\n") if part.strip()]
    return [indent + part for part in kept if part]


def link(title: str | None, url: str | None) -> str:
    """[title](address) for a web address; the title alone (or the address as text) otherwise."""
    shown = text(title) or text(url)
    address = clean(url, multiline=False) or ""
    if not _WEB.match(address):
        return shown
    return f"[{shown}]({quote(address, safe=_URL_SAFE)})"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def _summary(d: Dossier) -> list[str]:
    s = d.summary
    out = []
    if s.resources:
        out.append(f"- {_plural(s.resources, 'resource')}: " + ", ".join(f"{n} {status}" for status, n in s.statuses))
    else:
        out.append("- No resources")
    if s.sessions:
        out.append(f"- Studied {format_study_time(s.studied_s)} in {_plural(s.sessions, 'session')} on "
                   f"{_plural(s.study_days, 'day')}")
    else:
        out.append("- No study time logged")
    reading = (f"{_plural(s.reading, 'paper or book', 'papers and books')} from the reading list"
               + (f" ({s.reading_finished} finished)" if s.reading else "")) if s.reading else "No papers or books"
    writing = (f"{_plural(s.writing, 'writing entry', 'writing entries')} ({_plural(s.writing_words, 'word')})"
               if s.writing else "no writing")
    out.append(f"- {reading}; {writing}")
    if s.first is not None and s.last is not None:
        out.append(f"- First activity {s.first.isoformat()}, last {s.last.isoformat()}")
    return out


def _resource(entry: ResourceLine) -> list[str]:
    r = entry.resource
    state = f"done {r.done.isoformat()}" if r.status == "done" and r.done else r.status
    first = " · ".join([link(r.title, r.url), r.kind, state]
                       + ([f"studied {format_study_time(entry.studied_s)}"] if entry.studied_s else []))
    note = lines(r.note)
    if note:
        note[0] = "  Note: " + note[0][2:]
    body = [f"- {first}", *lines(r.description), *note]
    return [part + "\\" for part in body[:-1]] + [body[-1]]


def _times(rows: tuple[TimeRow, ...], heading: str, total: tuple[int, int]) -> list[str]:
    cells = [[text(r.name), format_study_time(r.seconds), str(r.sessions)] for r in rows]
    cells.append(["Total", format_study_time(total[0]), str(total[1])])
    return table([heading, "Time", "Sessions"], cells, "lrr")


def _under(topic: str | None, d: Dossier) -> str:
    """" (Transformers)": where an event of a dossier over several topics belongs (below its name)."""
    if topic is None or len(d.topics) < 2 or topic.casefold() == d.name.casefold():
        return ""
    shown = topic[len(d.name) + 1:] if topic.casefold().startswith(d.name.casefold() + "/") else topic
    return f" ({text(shown)})"


def _event(e: Event, d: Dossier) -> str:
    title = f"*{text(e.title)}*" if e.title else ""
    what = f"{e.what} " if e.what else ""
    if e.kind == "added":
        said = f"Added {what}{title}"
    elif e.kind == "done":
        said = f"Done: {what}{title}"
    elif e.kind == "studied":
        said = f"Studied {format_study_time(e.seconds)}" + (f" on {title}" if title else "") + _under(e.topic, d)
        return f"- {e.day.isoformat()} · {said}" + (f": {text(e.note)}" if clean(e.note, multiline=False) else "")
    elif e.kind == "listed":
        said = f"Put {what}{title} on the reading list"
    elif e.kind == "started":
        said = f"Started {what}{title}"
    elif e.kind == "finished":
        said = f"Finished {what}{title}" + (f" ({e.rating:g}/5)" if e.rating is not None else "")
    elif e.kind == "abandoned":
        said = f"Stopped reading {what}{title}"
    else:
        said = f"Wrote {title or 'an entry'}" + (f" ({_plural(e.words, 'word')})" if e.words else "")
    return f"- {e.day.isoformat()} · {said}{_under(e.topic, d)}"


def dossier_markdown(d: Dossier) -> str:
    """The dossier: summary lines, resources with status and notes, study time, papers and books,
    writing, and a timeline of everything dated."""
    out = [f"# {line(d.name)}", ""]
    about = f"A studylog dossier, {d.today.isoformat()}."
    if d.topics != (d.name,):
        about += f" Topics: {', '.join(text(t) for t in d.topics)}."
    out += [about, ""] + _summary(d) + [""]

    if d.resources:
        out += ["## Resources", ""]
        for group in d.resources:
            if len(d.resources) > 1:
                out += [f"### {line(group.topic)}", ""]
            for entry in group.resources:
                out += _resource(entry)
            out.append("")

    if d.summary.sessions:
        out += ["## Study time", ""]
        total = (d.summary.studied_s, d.summary.sessions)
        out += _times(d.study_by_resource, "Resource", total) + [""]
        if d.study_by_topic:
            out += _times(d.study_by_topic, "Topic", total) + [""]

    if d.reading:
        out += ["## Papers and books", ""]
        rows = [[link(i.title, i.url), i.kind, text(", ".join(i.authors)), i.status,
                 f"{i.rating:g}/5" if i.rating is not None else "", i.finished.isoformat() if i.finished else ""]
                for i in d.reading]
        out += table(["Title", "Kind", "By", "Status", "Rating", "Finished"], rows, "llllrl") + [""]

    if d.writing:
        out += ["## Writing", ""]
        rows = [[e.day.isoformat(), text(e.title) or "(untitled)", f"{e.words:,}"] for e in d.writing]
        out += table(["Day", "Title", "Words"], rows, "llr") + [""]

    if d.timeline:
        out += ["## Timeline", ""]
        several_years = d.timeline[0].day.year != d.timeline[-1].day.year
        year = None
        for e in d.timeline:
            if several_years and e.day.year != year:
                if year is not None:
                    out.append("")
                year = e.day.year
                out += [f"### {year}", ""]
            out.append(_event(e, d))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

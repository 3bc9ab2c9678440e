"""The weekly review and the year in review as Markdown (CommonMark with GitHub tables), and as text.

Deterministic: the same review gives the same bytes. User text (titles, reflections) is escaped so that
it reads as written on GitHub and in a pager.
"""

from __future__ import annotations

import re

from studylog.formatting import (
    format_distance,
    format_duration,
    format_pace,
    format_pool_length,
    format_study_time,
)
from studylog.reports.review import SPORT_PLURAL, WeekReview, YearReview, plural

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


_ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line something else when it begins it: a list item ("- ", "+ ", "1. ", "1) "), a rule or a
# heading's underline ("---", "==="); ten nested "- " in a reflection stopped markdown-it (and so the app's
# Review screen and `review --format text`) from reading anything after them.
_BULLET = re.compile(r"^([-+=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def esc(text: str) -> str:
    """Escape Markdown syntax in one line of user text (pipes too: it may sit in a table; "~", which strikes
    through on GitHub; and "&" where it would begin an entity: "&amp;" typed stays "&amp;")."""
    out = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _ENTITY.sub(r"\\&", out.replace("~", "\\~"))


def line(text: str) -> str:
    """User text that may begin a line or a list item: also never a list item, a rule or an underline."""
    return _NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", esc(text)))


def block(text: str) -> str:
    """Multi-line user text as paragraphs, each line escaped."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(line(p) for p in paragraphs if p)


def table(header: list[str] | tuple[str, ...], rows: list[list[str]] | list[tuple[str, ...]],
          align: str | None = None) -> list[str]:
    align = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out


def _day(day) -> str:  # noqa: ANN001
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def _sport_name(sport: str, pools: tuple[float, ...], units: str) -> str:
    """"Swims in a 25 m pool", "Swims in 25 m and 50 m pools" (a line under the table: a cell that long
    would wrap at 80 columns)."""
    name = SPORT_PLURAL[sport]
    if not pools:
        return name
    shown = [format_pool_length(p) for p in pools]
    if len(shown) == 1:
        return f"{name} in a {shown[0]} pool"
    return f"{name} in {', '.join(shown[:-1])} and {shown[-1]} pools"


def _vs(now: float, before: float, unit_text: str) -> str:
    if not before:
        return "—"
    diff = now - before
    if unit_text in ("m", "yd"):
        return f"{diff:+,.0f} {unit_text}"
    return f"{diff:+.1f} {unit_text}"


# ---------------------------------------------------------------------------------------------- the week

def _cell(text: str, chars: int | None) -> str:
    """User text in a table cell: whole in Markdown, cut to ``chars`` for a terminal's narrow table."""
    from studylog.text import one_line

    return esc(one_line(text, chars) if chars else text)


def week_markdown(r: WeekReview, units: str = "metric", *, cell_chars: int | None = None) -> str:
    """The week as Markdown; ``cell_chars`` cuts user text in tables (titles) for a narrow terminal."""
    state = " (not begun yet)" if not r.begun else " (in progress)" if r.in_progress else ""
    out = [f"# Week {r.label}", "", f"{_day(r.start)} – {_day(r.end)} {r.end.year}{state}", ""]
    if not r.begun:
        out += ["*This week has not begun yet.*", ""]
    if r.highlights:
        out += ["## Highlights", ""] + [f"- {line(h)}" for h in r.highlights] + [""]

    out += ["## Writing", ""]
    if r.days:
        strip = " ".join("█" if d.written else "·" for d in r.days)
        names = " ".join(d.day.strftime("%a")[0] for d in r.days)
        out += ["```", names, strip, "```", ""]
    summary = f"Wrote on {r.days_written} of 7 days, {plural(r.words, 'word')}."
    if r.word_target and r.days_written:
        summary += f" {plural(r.days_at_target, 'day')} at {r.word_target:,}+ words."
    if r.streak_days:
        summary += f" Writing streak: {plural(r.streak_days, 'day')}."
    if r.challenge:
        summary += f" {esc(r.challenge)}."
    out += [summary, ""]
    if r.challenges_done:
        out += [f"- {line(item)}" for item in r.challenges_done] + [""]
    if r.titles:
        out += [f"- {line(t)}" for t in r.titles] + [""]

    if r.sports:
        out += ["## Workouts", ""]
        rows = []
        for s in r.sports:
            distance = format_distance(s.distance_m, units, s.sport) if s.distance_m else ""
            if s.sport == "swim":
                unit, scale = ("yd", 0.9144) if units == "imperial" else ("m", 1.0)
            else:
                unit, scale = ("mi", 1609.344) if units == "imperial" else ("km", 1000.0)
            rows.append([
                SPORT_PLURAL[s.sport], str(s.count), distance, format_duration(s.duration_s) if s.duration_s else "",
                format_pace(s.distance_m, s.duration_s, units, s.sport),
                format_distance(s.longest_m, units, s.sport) if s.longest_m else "",
                _vs(s.distance_m / scale, s.last_week_distance_m / scale, unit) if s.distance_m or
                s.last_week_distance_m else f"{s.count - s.last_week_count:+d}",
                _vs(s.distance_m / scale, s.average_distance_m / scale, unit) if s.distance_m or
                s.average_distance_m else f"{s.count - s.average_count:+.1f}",
            ])
        out += table(["Sport", "Count", "Distance", "Time", "Pace", "Longest", "vs last week", "vs 4-week average"],
                     rows, "lrrrrrrr") + [""]
        pools = [s for s in r.sports if s.pools_m]
        if pools:
            out += [f"{_sport_name(s.sport, s.pools_m, units)}." for s in pools] + [""]

    if r.started or r.finished or r.added:
        out += ["## Reading", ""]
        for title, rating in r.finished:
            stars = f" ({rating:g}/5)" if rating is not None else ""
            out.append(f"- Finished *{esc(title)}*{stars}")
        out += [f"- Started *{esc(t)}*" for t in r.started]
        if r.added:
            out.append(f"- Added {plural(r.added, 'item')} to the list")
        out.append("")

    if r.learning or r.study:
        out += ["## Learning", ""]
        if r.study:
            out += [f"{esc(r.study)}.", ""]
        if r.learning:
            out += [f"- {line(topic)}: {plural(n, 'resource')} done" for topic, n in r.learning] + [""]

    if r.goals:
        out += ["## Goals", ""]
        out += table(["Goal", "Target", "Actual", "Status"],
                     [[_cell(g.title, cell_chars and cell_chars * 2), g.target, g.actual,
                       ("✓ " if g.status == "met" else "") + g.status]
                      for g in r.goals], "lrrl") + [""]

    out += ["## Reflection", ""]
    for label, value in (("Planned", r.planned), ("Achieved", r.achieved), ("Learned", r.learned)):
        out += [f"**{label}**", "", block(value) if value else "*(not written yet)*", ""]
    if r.next_plan:
        out += ["## Plan for next week", "", block(r.next_plan), ""]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------- the year

def year_markdown(r: YearReview, units: str = "metric", *, cell_chars: int | None = None) -> str:
    """The year as Markdown; ``cell_chars`` cuts user text in tables (titles, authors) for a narrow terminal."""
    out = [f"# {r.year} in review", ""]
    if r.in_progress and not r.months:
        out += ["*This year has not begun yet.*", ""]
    elif r.in_progress:
        out += ["*The year is not over yet: this is the story so far.*", ""]
    out += ["## Totals", ""]
    out += table(["", str(r.year), str(r.year - 1), "Change"],
                 [[t.label, t.value, t.previous, t.change] for t in r.totals], "lrrr") + [""]

    out += ["## Month by month", ""] + table(list(r.month_columns), [[m.month, *m.cells] for m in r.months],
                                             "l" + "r" * (len(r.month_columns) - 1)) + [""]

    out += ["## Writing", "", "```", *r.heatmap, "```", "",
            "`·` no writing, `░` under 300 words, `▒` under 700, `▓` under 1,200, `█` 1,200 or more.", ""]
    lines = [f"- {plural(r.words, 'word')}"]
    if r.word_target:
        lines.append(f"- {plural(r.days_at_target, 'day')} at {r.word_target:,}+ words")
    if r.longest_streak.days:
        longest = r.longest_streak
        assert longest.start is not None and longest.end is not None  # (a streak of some days has both)
        lines.append(f"- Longest streak: {plural(longest.days, 'day')} "
                     f"({longest.start.isoformat()} to {longest.end.isoformat()})")
    if r.streak_at_end.days:
        assert r.streak_at_end.start is not None  # (a streak of some days has a start)
        lines.append(f"- Current streak: {plural(r.streak_at_end.days, 'day')} "
                     f"(since {r.streak_at_end.start.isoformat()})")
    lines += [f"- {line(item)}" for item in r.challenges_done]
    if r.most_consistent_month:
        lines.append(f"- Most consistent month: {r.most_consistent_month}")
    out += lines + [""]

    if r.sports:
        out += ["## Workouts", ""]
        out += table(["Sport", "Count", "Distance", "Time", "Longest"],
                     [[SPORT_PLURAL[s.sport], str(s.count),
                       format_distance(s.distance_m, units, s.sport) if s.distance_m else "",
                       format_duration(s.duration_s) if s.duration_s else "",
                       format_distance(s.longest_m, units, s.sport) if s.longest_m else ""] for s in r.sports],
                     "lrrrr") + [""]
        out += [f"{_sport_name(s.sport, s.pools_m, units)}." for s in r.sports if s.pools_m]
        if any(s.pools_m for s in r.sports):
            out.append("")
        if r.biggest_week:
            out += [f"Biggest week: {r.biggest_week}.", ""]
        if r.records:
            out += ["### Records set", ""] + [f"- {line(item)}" for item in r.records] + [""]
        if r.progress:
            out += ["### Progress", ""] + [f"- {line(item)}" for item in r.progress] + [""]

    if r.books:
        out += ["## Books finished", ""]
        out += table(["Title", "Author", "Rating", "Month"],
                     [[_cell(b.title, cell_chars), _cell(b.authors, cell_chars and cell_chars * 2 // 3),
                       f"{b.rating:g}/5" if b.rating is not None else "", b.month]
                      for b in r.books], "llrl") + ["", f"{plural(len(r.books), 'book')}, {plural(r.pages, 'page')}.",
                                                    ""]
    if r.papers:
        out += ["## Papers and other reading", ""]
        out += table(["Title", "Kind", "Author", "Rating", "Month"],
                     [[_cell(b.title, cell_chars), b.kind, _cell(b.authors, cell_chars and cell_chars * 2 // 3),
                       f"{b.rating:g}/5" if b.rating is not None else "", b.month] for b in r.papers], "lllrl") + [""]

    if r.study_topics:
        out += ["## Study", ""]
        out += table(["Topic", "Time", "Sessions", "Share"],
                     [[_cell(t.shown, cell_chars), format_study_time(t.seconds), f"{t.sessions:,}", f"{t.share:.0%}"]
                      for t in r.study_topics], "lrrr")
        out += ["", f"Studied {format_study_time(r.study_seconds)} in {plural(r.study_sessions, 'session')}.", ""]
        if r.study_resources:
            out += ["### Most studied resources", ""]
            out += table(["Resource", "Time"], [[_cell(t.shown, cell_chars), format_study_time(t.seconds)]
                                                for t in r.study_resources], "lr") + [""]
    if r.learning:
        out += ["## Learning", ""] + [f"- {line(topic)}: {plural(n, 'resource')} done"
                                      for topic, n in r.learning] + [""]
    if r.goals:
        out += ["## Goals", ""] + [f"- {line(g.text)}" for g in r.goals] + [""]

    if r.planned or r.achieved or r.learned or r.week_learnings:
        out += ["## Reflections", ""]
        for label, value in (("Planned", r.planned), ("Achieved", r.achieved), ("Key learnings", r.learned)):
            if value:
                out += [f"**{label}**", "", block(value), ""]
        if r.week_learnings:
            out += ["**Learned, week by week**", ""] + [f"- {period}: {esc(text)}" for period, text in
                                                        r.week_learnings] + [""]
    return "\n".join(out).rstrip() + "\n"


def as_text(markdown: str, width: int = 80) -> str:
    """The Markdown laid out for a terminal or a plain-text file (rich's renderer, no colour)."""
    from io import StringIO

    from rich.console import Console
    from rich.markdown import Markdown

    buffer = StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(Markdown(markdown))
    return buffer.getvalue()

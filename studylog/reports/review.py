"""The weekly review and the year in review, built by pure functions from plain values.

Services gather the rows (``WeekInputs``, ``YearInputs``); ``week_review`` and ``year_review`` turn them
into everything a reader sees, in order; ``studylog.io.review_markdown`` writes that as Markdown. No
database and no clock in here: "today" is an input, so a review of a past week never changes.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from studylog.domain.values import (
    ChallengeDay,
    ChallengeResult,
    Goal,
    GoalProgress,
    ReadingItem,
    RecordEntry,
    Reflection,
    Resource,
    Streak,
    StudyTime,
    Workout,
    WritingEntry,
)
from studylog.formatting import (
    format_challenge_day,
    format_distance,
    format_duration,
    format_study_time,
    format_words,
    goal_amount,
    goal_progress_text,
)
from studylog.heat import HEAT, MONTHS, heat_level  # noqa: F401  (re-exported)
from studylog.reports import streaks
from studylog.weeks import week_containing

SPORT_ORDER = ("run", "swim", "ride", "walk", "hike", "strength", "yoga", "other")
SPORT_PLURAL = {"run": "Runs", "swim": "Swims", "ride": "Rides", "walk": "Walks", "hike": "Hikes",
                "strength": "Strength", "yoga": "Yoga", "other": "Other"}
STREAK_MILESTONES = (7, 14, 21, 30, 50, 75, 100, 150, 200, 250, 300, 365, 500, 730, 1000)
NO_TOPIC = "(no topic)"  # (what services.study.by_topic names the time of sessions without a topic)
MOST_STUDIED = 5  # the resources listed in the year in review


# ------------------------------------------------------------------------------------------------ inputs

class WeekInputs(NamedTuple):
    label: str  # "2026-W47"
    start: date
    end: date
    today: date
    units: str
    writing: tuple[WritingEntry, ...]  # this week's entries
    streak: Streak  # the writing streak as of the week's last day (or today, for the current week)
    challenge: ChallengeDay | None
    workouts: tuple[Workout, ...]  # this week
    earlier: tuple[Workout, ...]  # the four weeks before it
    records_set: tuple[tuple[str, RecordEntry], ...]  # (sport, record) set during the week
    reading: tuple[ReadingItem, ...]  # started, finished or added during the week
    resources_done: tuple[Resource, ...]
    goals: tuple[tuple[Goal, GoalProgress], ...]
    reflection: Reflection | None
    next_reflection: Reflection | None
    word_target: int = 0  # the daily word target from the settings (0: none)
    challenges_done: tuple[ChallengeResult, ...] = ()  # challenges whose last day was written this week
    study: tuple[StudyTime, ...] = ()  # time studied per topic this week, most first
    study_last_week_s: int = 0  # seconds studied the week before


class GoalYear(NamedTuple):
    """How a goal did in a year: periods met of the periods it lived through (a milestone or a goal "in
    2026": 1 or 0 of 1), what it reached (a total, a milestone's best workout), the day a milestone was met,
    and whether its result is final (its deadline or window is over, or it was met)."""

    goal: Goal
    met: int
    periods: int
    reached: float = 0.0
    met_on: date | None = None
    final: bool = True


YearWorkout = (tuple[date, str, float | None, float | None]
               | tuple[date, str, float | None, float | None, float | None])
"""A workout in a year's review: (day, sport, metres, seconds[, pool length in metres])."""


class YearInputs(NamedTuple):
    year: int
    today: date
    units: str
    writing: dict[date, int]  # day -> words, this year
    writing_before: dict[date, int]  # the previous year
    skips: frozenset[date]  # writing skip days
    streak_at_end: Streak  # the writing streak alive on the year's last day (or today)
    workouts: tuple[YearWorkout, ...]
    workouts_before: tuple[tuple, ...]
    records_set: tuple[tuple[str, RecordEntry], ...]
    progress: tuple[str, ...]  # progress sentences as of the year's end
    books: tuple[ReadingItem, ...]  # finished this year, of every kind (books, papers, articles...)
    books_before: int  # books (kind "book") finished the year before
    pages_before: int  # their pages
    resources_done: tuple[Resource, ...]
    resources_before: int
    goals: tuple[GoalYear, ...]  # each goal that lived during the year
    reflection: Reflection | None
    week_reflections: tuple[Reflection, ...]
    word_target: int = 0
    challenges_done: tuple[ChallengeResult, ...] = ()
    papers_before: int = 0
    study: tuple[StudyTime, ...] = ()  # time studied per topic this year, most first
    study_resources: tuple[StudyTime, ...] = ()  # per resource, most first
    study_before_s: int = 0  # seconds studied the year before


# ----------------------------------------------------------------------------------------------- outputs

class DayWriting(NamedTuple):
    day: date
    words: int
    written: bool


class SportWeek(NamedTuple):
    sport: str
    count: int  # type: ignore[assignment]  # hides tuple.count: kept, the name is public (JSON, callers)
    distance_m: float
    duration_s: float
    longest_m: float | None
    last_week_count: int
    last_week_distance_m: float
    average_count: float  # over the four weeks before
    average_distance_m: float
    pools_m: tuple[float, ...] = ()  # the pool lengths of this week's swims, shortest first


class GoalLine(NamedTuple):
    title: str
    target: str  # as shown: "3 times", "20.00 km"
    actual: str
    status: str
    metric: str = "count"  # the unit of the numbers below: count, words, distance_m (metres), duration_s...
    target_value: float = 0.0
    actual_value: float = 0.0


class StudyLine(NamedTuple):
    """Time studied under a topic (or on a resource) over the week or the year."""

    name: str  # the topic's whole path ("Deep Learning/Transformers"), the resource's title
    shown: str  # as the review names it: a topic by its last part ("Transformers"), unless two share it
    seconds: int
    sessions: int
    share: float  # of all the time studied over the period (0 to 1)


class WeekReview(NamedTuple):
    label: str
    start: date
    end: date
    in_progress: bool
    highlights: tuple[str, ...]
    days: tuple[DayWriting, ...]
    days_written: int
    words: int
    streak_days: int
    challenge: str | None
    titles: tuple[str, ...]
    sports: tuple[SportWeek, ...]
    started: tuple[str, ...]
    finished: tuple[tuple[str, float | None], ...]
    added: int
    learning: tuple[tuple[str, int], ...]
    goals: tuple[GoalLine, ...]
    planned: str | None
    achieved: str | None
    learned: str | None
    next_plan: str | None
    word_target: int = 0
    days_at_target: int = 0  # days written with at least word_target words
    challenges_done: tuple[str, ...] = ()  # "Completed 30-day essays: 30 of 30 days, 12,345 words"
    study: str | None = None  # "Studied 4h10 (2h10 last week): Transformers 2h, GPUs 1h10"; None: no study
    study_seconds: int = 0  # this week
    study_sessions: int = 0
    study_last_week_seconds: int = 0
    study_topics: tuple[StudyLine, ...] = ()  # this week, most first
    begun: bool = True  # False: a week after today (nothing in it yet)


class Total(NamedTuple):
    label: str
    value: str
    previous: str
    change: str  # "+12%", "×14", "new", ""
    number: float = 0.0  # the value in base units (days, words, metres, counts)
    previous_number: float = 0.0
    unit: str = "count"  # count, days, words, pages, metres, seconds

class MonthRow(NamedTuple):
    month: str  # "Jan"
    cells: tuple[str, ...]


class SportYear(NamedTuple):
    sport: str
    count: int  # type: ignore[assignment]  # hides tuple.count: kept, the name is public (JSON, callers)
    distance_m: float
    duration_s: float
    longest_m: float | None
    pools_m: tuple[float, ...] = ()


class BookLine(NamedTuple):
    title: str
    authors: str
    rating: float | None
    month: str
    kind: str = "book"
    finished: date | None = None


class YearGoal(NamedTuple):
    """A goal's line in the year in review, with its numbers in base units."""

    title: str
    text: str  # "Swim 3 times a week: met in 14 of 17 weeks"
    met: int
    periods: int
    metric: str
    target: float
    reached: float  # a total's sum, a milestone's best workout (0 for goals counted in periods)
    met_on: date | None


class YearReview(NamedTuple):
    year: int
    in_progress: bool
    totals: tuple[Total, ...]
    month_columns: tuple[str, ...]
    months: tuple[MonthRow, ...]
    heatmap: tuple[str, ...]  # lines of a calendar of writing days (Unicode blocks)
    longest_streak: Streak
    streak_at_end: Streak
    words: int
    sports: tuple[SportYear, ...]
    records: tuple[str, ...]
    progress: tuple[str, ...]
    books: tuple[BookLine, ...]  # books only
    pages: int  # of the books
    learning: tuple[tuple[str, int], ...]
    goals: tuple[YearGoal, ...]
    planned: str | None
    achieved: str | None
    learned: str | None
    week_learnings: tuple[tuple[str, str], ...]
    most_consistent_month: str | None
    biggest_week: str | None
    papers: tuple[BookLine, ...] = ()  # papers, articles, talks... finished (read) this year
    word_target: int = 0
    days_at_target: int = 0
    challenges_done: tuple[str, ...] = ()
    study_seconds: int = 0  # time studied in the year (0: no study section)
    study_sessions: int = 0
    study_topics: tuple[StudyLine, ...] = ()  # time per topic, most first
    study_resources: tuple[StudyLine, ...] = ()  # the resources studied most (at most MOST_STUDIED), most first


# ------------------------------------------------------------------------------------------------ helpers

def distance_text(metres: float | None, sport: str, units: str) -> str:
    return format_distance(metres, units, sport) if metres else ""



def _sum(values: Iterable[float | None]) -> float:
    return float(sum(v for v in values if v))


def _day_name(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def change(now: float, before: float) -> str:
    """"+12%", "-30%"; against nothing "new"; ten times or more "×14" (never "+991573%": the table shows
    both numbers, and a percentage of a tiny base says nothing)."""
    if before <= 0:
        return "new" if now else ""
    if now >= 10 * before:
        return f"×{now / before:,.0f}"
    pct = (now - before) / before * 100
    return f"{pct:+.0f}%"


def plural(n: float, word: str, words: str | None = None) -> str:
    """"1 day", "2 days", "1,234 words"."""
    shown = f"{n:,.0f}" if not math.isfinite(n) or n == int(n) else f"{n:,.1f}"
    return f"{shown} {word if n == 1 else (words or word + 's')}"


def challenge_text(c: ChallengeResult) -> str:
    return f"Completed {c.name}: {c.days} of {plural(c.length, 'day')}, {format_words(c.words)}"


def _pools(workouts: Iterable[Workout] | Iterable[float | None]) -> tuple[float, ...]:
    lengths = {getattr(w, "pool_length_m", w) for w in workouts}
    return tuple(sorted(p for p in lengths if isinstance(p, float | int) and p))


def topic_names(topics: Iterable[str]) -> dict[str, str]:
    """Each topic as a review names it: by its last part ("Deep Learning/Transformers" -> "Transformers"),
    unless another of ``topics`` ends in the same part (in any case): then by its whole path."""
    topics = list(topics)

    def last(topic: str) -> str:
        return topic.rsplit("/", 1)[-1].strip() or topic

    ends = Counter(last(t).casefold() for t in set(topics))
    return {t: last(t) if ends[last(t).casefold()] == 1 else t for t in topics}


def study_lines(times: Iterable[StudyTime], total: float | None = None, *,
                topics: bool = True) -> tuple[StudyLine, ...]:
    """Time per topic (or, ``topics=False``, per resource), most first, each with its share of ``total``
    (by default, of their own sum)."""
    times = sorted((t for t in times if t.seconds > 0), key=lambda t: (-t.seconds, t.name))
    total = total or sum(t.seconds for t in times)
    shown = topic_names(t.name for t in times if t.name != NO_TOPIC) if topics else {}
    return tuple(StudyLine(t.name, shown.get(t.name, t.name), t.seconds, t.sessions, t.seconds / total)
                 for t in times)


def week_study_text(lines: Sequence[StudyLine], last_week_s: float) -> str | None:
    """"Studied 4h10 (2h10 last week): Transformers 2h, GPUs 1h10", "Studied 45min: GPUs" (one topic: its
    time is the total), "Studied 1h" (no topic at all); "No study this week (2h10 last week)", as a sport
    done last week still has its row; None when neither week had any."""
    seconds = sum(line.seconds for line in lines)
    before = f" ({format_study_time(last_week_s)} last week)" if last_week_s > 0 else ""
    if not seconds:
        return f"No study this week{before}" if before else None
    text = f"Studied {format_study_time(seconds)}{before}"
    if len(lines) == 1:
        return text if lines[0].name == NO_TOPIC else f"{text}: {lines[0].shown}"
    return f"{text}: " + ", ".join(f"{line.shown} {format_study_time(line.seconds)}" for line in lines)


# ---------------------------------------------------------------------------------------------- the week

def week_review(inputs: WeekInputs) -> WeekReview:
    start, end, units = inputs.start, inputs.end, inputs.units
    last_day = min(end, inputs.today)
    by_day: dict[date, int] = defaultdict(int)
    for entry in inputs.writing:
        by_day[entry.day] += entry.words
    written_days = {e.day for e in inputs.writing if e.words > 0}  # an entry of no words is no writing day
    days = tuple(DayWriting(start + timedelta(days=n), by_day.get(start + timedelta(days=n), 0),
                            start + timedelta(days=n) in written_days) for n in range(7))
    words = sum(by_day.values())

    sports = []
    last_week_start = start - timedelta(weeks=1)
    for sport in SPORT_ORDER:
        mine = [w for w in inputs.workouts if w.sport == sport]
        before = [w for w in inputs.earlier if w.sport == sport]
        if not mine and not before:
            continue
        last = [w for w in before if w.day >= last_week_start]
        sports.append(SportWeek(
            sport, len(mine), _sum(w.distance_m for w in mine), _sum(w.duration_s for w in mine),
            max((w.distance_m for w in mine if w.distance_m), default=None), len(last),
            _sum(w.distance_m for w in last), len(before) / 4, _sum(w.distance_m for w in before) / 4,
            _pools(mine) if sport == "swim" else ()))
    sports = [s for s in sports if s.count or s.last_week_count]

    started = tuple(i.title for i in inputs.reading if i.started and start <= i.started <= end)
    finished = tuple((i.title, i.rating) for i in inputs.reading
                     if i.status == "finished" and i.finished and start <= i.finished <= end)
    added = sum(1 for i in inputs.reading if i.added and start <= i.added <= end)
    learning = Counter(r.topic or "(no topic)" for r in inputs.resources_done)
    goals = tuple(GoalLine(g.title, goal_amount(g.metric, p.target, units, g.activity),
                           goal_amount(g.metric, p.actual, units, g.activity),
                           "over" if g.kind == "limit" and p.status == "missed" else p.status,  # (as goal list)
                           g.metric, p.target, p.actual) for g, p in inputs.goals)
    target = inputs.word_target
    at_target = sum(1 for d, w in by_day.items() if target and w >= target and d in written_days)
    done = tuple(challenge_text(c) for c in inputs.challenges_done)
    study = study_lines(inputs.study)

    highlights = _week_highlights(inputs, days, words, sports, goals)
    challenge = None
    if inputs.challenge:
        challenge = f"{format_challenge_day(inputs.challenge.day, inputs.challenge.length)} ({inputs.challenge.name})"
    reflection, upcoming = inputs.reflection, inputs.next_reflection
    return WeekReview(
        label=inputs.label, start=start, end=end, in_progress=inputs.today < end, highlights=highlights,
        days=days, days_written=len(written_days), words=words, streak_days=inputs.streak.days,
        challenge=challenge, titles=tuple(e.title for e in sorted(inputs.writing, key=lambda e: (e.day, e.id))
                                          if e.title),
        sports=tuple(sports), started=started, finished=finished, added=added,
        learning=tuple(sorted(learning.items(), key=lambda kv: (-kv[1], kv[0]))), goals=goals,
        planned=reflection.planned if reflection else None, achieved=reflection.achieved if reflection else None,
        learned=reflection.learned if reflection else None, next_plan=upcoming.planned if upcoming else None,
        word_target=target, days_at_target=at_target, challenges_done=done,
        study=week_study_text(study, inputs.study_last_week_s), study_seconds=sum(s.seconds for s in study),
        study_sessions=sum(s.sessions for s in study), study_last_week_seconds=inputs.study_last_week_s,
        study_topics=study,
    ) if last_day >= start else _empty_week(inputs)


def _empty_week(inputs: WeekInputs) -> WeekReview:
    return WeekReview(inputs.label, inputs.start, inputs.end, True, (), (), 0, 0, 0, None, (), (), (), (), 0, (),
                      (), None, None, None, None, word_target=inputs.word_target, begun=False)


def _week_highlights(inputs: WeekInputs, days: Sequence[DayWriting], words: int, sports: Sequence[SportWeek],
                     goals: Sequence[GoalLine]) -> tuple[str, ...]:
    out = []
    units = inputs.units
    out += [challenge_text(c) for c in inputs.challenges_done]
    if words:
        best = max(days, key=lambda d: d.words)
        out.append(f"Best writing day: {_day_name(best.day)}, {format_words(best.words)}")
    longest = max((w for w in inputs.workouts if w.distance_m), key=lambda w: w.distance_m or 0.0,
                  default=None)  # (``or 0.0``: never used, each of them has a distance)
    longest_is_record = longest and any(r.workout_id == longest.id and r.label == "longest distance"
                                        for _, r in inputs.records_set)
    if longest and not longest_is_record:
        out.append(f"Longest workout: {longest.sport} of {distance_text(longest.distance_m, longest.sport, units)} "
                   f"on {_day_name(longest.day)}")
    out += record_highlights(inputs.records_set, units)
    days_in_streak_this_week = sum(1 for d in days if d.written and d.day <= inputs.end)
    current = inputs.streak.days
    for mark in STREAK_MILESTONES:
        if current >= mark > current - days_in_streak_this_week:
            out.append(f"Writing streak reached {mark} days")
    met = [g for g in goals if g.status == "met"]
    if goals:
        out.append(f"Goals met: {len(met)} of {len(goals)}" + (f" ({', '.join(g.title for g in met)})" if met else ""))
    return tuple(out)


# ---------------------------------------------------------------------------------------------- the year

def heatmap(year: int, writing: dict[date, int], last_day: date) -> tuple[str, ...]:
    """Seven lines (Mon..Sun), one column per week, a block per day by words written; a month row on top."""
    first = date(year, 1, 1)
    start = week_containing(first)
    end = date(year, 12, 31)
    weeks = (end - start).days // 7 + 1
    header = [" "] * weeks
    for month in range(1, 13):
        column = (date(year, month, 1) - start).days // 7
        label = MONTHS[month - 1]
        if all(header[c] == " " for c in range(column, min(weeks, column + 4))):
            for k, ch in enumerate(label[:3]):
                if column + k < weeks:
                    header[column + k] = ch
    lines = ["    " + "".join(header).rstrip()]
    for weekday, name in enumerate(("Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun")):
        row = []
        for w in range(weeks):
            day = start + timedelta(days=w * 7 + weekday)
            row.append(" " if day.year != year or day > last_day else heat_level(writing.get(day, -1)))
        lines.append(f"{name} " + "".join(row).rstrip())
    return tuple(lines)


def year_review(inputs: YearInputs) -> YearReview:
    year, units = inputs.year, inputs.units
    last_day = min(date(year, 12, 31), inputs.today)
    words = sum(inputs.writing.values())
    words_before = sum(inputs.writing_before.values())

    def sport_totals(rows: Sequence[tuple]) -> dict[str, SportYear]:
        out: dict[str, SportYear] = {}
        for sport in SPORT_ORDER:
            mine = [r for r in rows if r[1] == sport]
            if mine:
                pools = _pools(r[4] for r in mine if len(r) > 4) if sport == "swim" else ()
                out[sport] = SportYear(sport, len(mine), _sum(r[2] for r in mine), _sum(r[3] for r in mine),
                                       max((r[2] for r in mine if r[2]), default=None), pools)
        return out

    now_sports = sport_totals(inputs.workouts)
    before_sports = sport_totals(inputs.workouts_before)
    books_only = [b for b in inputs.books if b.kind == "book"]
    others = [b for b in inputs.books if b.kind != "book"]
    papers_read = sum(1 for b in others if b.kind == "paper")
    pages = sum(b.pages or 0 for b in books_only)
    target = inputs.word_target
    at_target = sum(1 for w in inputs.writing.values() if target and w >= target)
    at_target_before = sum(1 for w in inputs.writing_before.values() if target and w >= target)

    def total(label: str, now: float, before: float, unit: str, shown: str | None = None,
              shown_before: str | None = None) -> Total:
        return Total(label, shown if shown is not None else f"{now:,.0f}",
                     shown_before if shown_before is not None else f"{before:,.0f}", change(now, before),
                     float(now), float(before), unit)

    totals = [
        total("Days written", len(inputs.writing), len(inputs.writing_before), "days"),
        total("Words written", words, words_before, "words"),
    ]
    if target:
        totals.append(total(f"Days at {target:,}+ words", at_target, at_target_before, "days"))
    for sport in SPORT_ORDER:
        if sport not in now_sports and sport not in before_sports:
            continue
        mine = now_sports.get(sport, SportYear(sport, 0, 0.0, 0.0, None))
        old = before_sports.get(sport, SportYear(sport, 0, 0.0, 0.0, None))
        totals.append(total(SPORT_PLURAL[sport], mine.count, old.count, "count"))
        if mine.distance_m or old.distance_m:
            totals.append(total(f"{SPORT_PLURAL[sport]}: distance", mine.distance_m, old.distance_m, "metres",
                                distance_text(mine.distance_m, sport, units) or "0",
                                distance_text(old.distance_m, sport, units) or "0"))
    totals += [
        total("Books finished", len(books_only), inputs.books_before, "count"),
        total("Pages read (books)", pages, inputs.pages_before, "pages"),
    ]
    if papers_read or inputs.papers_before:
        totals.append(total("Papers read", papers_read, inputs.papers_before, "count"))
    totals.append(total("Resources done", len(inputs.resources_done), inputs.resources_before, "count"))
    study = study_lines(inputs.study)
    studied = sum(s.seconds for s in study)
    if studied or inputs.study_before_s:  # (as a sport: there when either year had some)
        totals.append(total("Time studied", studied, inputs.study_before_s, "seconds",
                            format_study_time(studied) or "0", format_study_time(inputs.study_before_s) or "0"))

    columns, months = _month_table(inputs, now_sports)
    year_runs = streaks.runs(inputs.writing, inputs.skips, until=last_day)
    longest = max(reversed(year_runs), key=lambda r: r.days, default=Streak(0, None, None))
    def lines(items: list[ReadingItem]) -> tuple[BookLine, ...]:
        return tuple(BookLine(b.title, ", ".join(b.authors), b.rating, MONTHS[b.finished.month - 1], b.kind,
                              b.finished)
                     for b in sorted(items, key=lambda b: (b.finished, b.id)) if b.finished)

    learning = Counter(r.topic or "(no topic)" for r in inputs.resources_done)
    goals = tuple(YearGoal(g.goal.title, goal_year_line(g, units), g.met, g.periods, g.goal.metric, g.goal.target,
                           g.reached, g.met_on) for g in inputs.goals)
    records = tuple(record_highlights(inputs.records_set, units))
    reflection = inputs.reflection
    return YearReview(
        year=year, in_progress=inputs.today < date(year, 12, 31), totals=tuple(totals), month_columns=columns,
        months=months, heatmap=heatmap(year, inputs.writing, last_day), longest_streak=longest,
        streak_at_end=inputs.streak_at_end, words=words, sports=tuple(now_sports.values()), records=records,
        progress=inputs.progress, books=lines(books_only), pages=pages, papers=lines(others),
        word_target=target, days_at_target=at_target,
        challenges_done=tuple(challenge_text(c) for c in inputs.challenges_done),
        learning=tuple(sorted(learning.items(), key=lambda kv: (-kv[1], kv[0]))), goals=goals,
        planned=reflection.planned if reflection else None, achieved=reflection.achieved if reflection else None,
        learned=reflection.learned if reflection else None,
        week_learnings=tuple((r.period, r.learned) for r in inputs.week_reflections if r.learned),
        most_consistent_month=_most_consistent_month(inputs, last_day), biggest_week=_biggest_week(inputs),
        study_seconds=studied, study_sessions=sum(s.sessions for s in study), study_topics=study,
        study_resources=study_lines(inputs.study_resources, studied, topics=False)[:MOST_STUDIED],
    )


def record_highlights(records_set: Sequence[tuple[str, RecordEntry]], units: str) -> list[str]:
    """Records in words, those set by one workout together: "Fastest 1 km, 1 mile and 5 km yet (run, ...)"."""
    out = []
    efforts: dict[tuple[str, int], list[RecordEntry]] = defaultdict(list)
    for sport, record in records_set:
        when = _day_name(record.day)
        if record.label == "longest distance":
            out.append(f"Longest {sport} yet: {distance_text(record.distance_m, sport, units)} ({when})")
        elif record.label == "longest time":
            out.append(f"Longest {sport} by time yet: {format_duration(record.duration_s)} ({when})")
        else:
            efforts[(sport, record.workout_id)].append(record)
    for (sport, _), records in efforts.items():
        labels = [r.label for r in records]
        names = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" and {labels[-1]}"
        times = ", ".join(format_duration(r.duration_s) for r in records)
        out.append(f"Fastest {names} {sport} yet: {times} ({_day_name(records[0].day)})")
    return out


def goal_year_line(g: GoalYear, units: str) -> str:
    """"Swim 3 times a week: met in 14 of 17 weeks", "Run a half marathon by 2026-10-31: met on 18 Oct",
    "Read 12 books in 2026: not met (7 of 12 books)"."""
    goal = g.goal
    if goal.kind == "milestone":
        if g.met_on is not None:
            return f"{goal.title}: met on {g.met_on.day} {g.met_on.strftime('%b')}"
        best = f"best {goal_amount(goal.metric, g.reached, units, goal.activity)}" if g.reached else "nothing yet"
        return f"{goal.title}: {'not met' if g.final else 'not met yet'} ({best})"
    if g.periods == 1 and goal.start_day and goal.end_day:
        if g.met:
            return f"{goal.title}: met"
        got = goal_progress_text(goal.metric, g.reached, goal.target, units, goal.activity)
        return f"{goal.title}: {'not met' if g.final else 'not met yet'} ({got})"
    return f"{goal.title}: met in {g.met} of {g.periods} {_period_word(goal.period, g.periods)}"


def _period_word(period: str | None, n: int) -> str:
    word = period or "period"
    return word if n == 1 else f"{word}s"


def _month_table(inputs: YearInputs, sports: dict[str, SportYear]) -> tuple[tuple[str, ...], tuple[MonthRow, ...]]:
    """Month by month: days written, words, workouts, the distance of the two sports trained longest,
    books, resources studied: narrow enough for 80 columns (each sport's totals are in the totals table)."""
    units = inputs.units
    columns = ["Month", "Days", "Words", "Workouts"]
    # the distance of the two sports with the most of it (the rest are in the totals): 80 columns
    tracked = sorted((s for s in SPORT_ORDER if s in sports and sports[s].distance_m),
                     key=lambda s: -sports[s].duration_s)[:2]
    tracked = [s for s in SPORT_ORDER if s in tracked]
    for sport in tracked:
        columns.append(SPORT_PLURAL[sport])
    columns += ["Books", "Resources"]  # (finished, done: time studied has its own section)
    rows = []
    last_month = (12 if inputs.today.year > inputs.year else inputs.today.month if inputs.today.year == inputs.year
                  else 0)  # a year still to come has no months yet
    for month in range(1, last_month + 1):  # months still to come are left out
        in_month = [(d, w) for d, w in inputs.writing.items() if d.month == month]
        workouts = [r for r in inputs.workouts if r[0].month == month]
        cells = [str(len(in_month)), f"{sum(w for _, w in in_month):,}", str(len(workouts)) if workouts else ""]
        for sport in tracked:
            dist = _sum(r[2] for r in workouts if r[1] == sport)
            cells.append(distance_text(dist, sport, units) if dist else "")
        books = sum(1 for b in inputs.books if b.finished and b.finished.month == month and b.kind == "book")
        done = sum(1 for r in inputs.resources_done if r.done and r.done.month == month)
        cells += [str(books) if books else "", str(done) if done else ""]
        rows.append(MonthRow(MONTHS[month - 1], tuple(cells)))
    return tuple(columns), tuple(rows)


def _most_consistent_month(inputs: YearInputs, last_day: date) -> str | None:
    """The month with the highest share of days on which something was logged (writing or a workout),
    among the months that are over (a month of two days so far is no contest)."""
    active = set(inputs.writing) | {r[0] for r in inputs.workouts}
    best, best_share = None, 0.0
    for month in range(1, 13):
        first = date(inputs.year, month, 1)
        following = date(inputs.year + (month == 12), month % 12 + 1, 1)
        if following - timedelta(days=1) > last_day or following - timedelta(days=1) >= inputs.today:
            break  # this month is not over yet
        days = (following - first).days
        share = sum(1 for d in active if d.month == month) / days
        if share > best_share:
            best, best_share = f"{MONTHS[month - 1]} (something logged on {share:.0%} of days)", share
    return best


def _biggest_week(inputs: YearInputs) -> str | None:
    """The week with the most training time, with what it held."""
    weeks: dict[date, list[YearWorkout]] = defaultdict(list)
    for row in inputs.workouts:
        weeks[week_containing(row[0])].append(row)
    if not weeks:
        return None
    start, rows = max(weeks.items(), key=lambda kv: (_sum(r[3] for r in kv[1]), kv[0]))
    label = f"{start.isocalendar()[0]}-W{start.isocalendar()[1]:02d}"
    return (f"{label} (from {start.day} {MONTHS[start.month - 1]}): {plural(len(rows), 'workout')}, "
            f"{format_duration(_sum(r[3] for r in rows))}")

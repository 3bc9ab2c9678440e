"""The weekly review and the year in review, built by pure functions from plain values.

Services gather the rows (``WeekInputs``, ``YearInputs``); ``week_review`` and ``year_review`` turn them
into everything a reader sees, in order; ``studylog.io.review_markdown`` writes that as Markdown. No
database and no clock in here: "today" is an input, so a review of a past week never changes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from studylog.domain.values import (
    ChallengeDay,
    Goal,
    GoalProgress,
    ReadingItem,
    RecordEntry,
    Reflection,
    Resource,
    Streak,
    Workout,
    WritingEntry,
)
from studylog.formatting import format_distance, format_duration
from studylog.reports import streaks
from studylog.reports.heat import HEAT, MONTHS, heat_level  # noqa: F401  (re-exported)
from studylog.reports.progress import short_distance

SPORT_ORDER = ("run", "swim", "ride", "walk", "hike", "strength", "yoga", "other")
SPORT_PLURAL = {"run": "Runs", "swim": "Swims", "ride": "Rides", "walk": "Walks", "hike": "Hikes",
                "strength": "Strength", "yoga": "Yoga", "other": "Other"}
STREAK_MILESTONES = (7, 14, 21, 30, 50, 75, 100, 150, 200, 250, 300, 365, 500, 730, 1000)


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


class YearInputs(NamedTuple):
    year: int
    today: date
    units: str
    writing: dict[date, int]  # day -> words, this year
    writing_before: dict[date, int]  # the previous year
    skips: frozenset[date]  # writing skip days
    streak_at_end: Streak  # the writing streak alive on the year's last day (or today)
    workouts: tuple[tuple[date, str, float | None, float | None], ...]  # (day, sport, metres, seconds)
    workouts_before: tuple[tuple[date, str, float | None, float | None], ...]
    records_set: tuple[tuple[str, RecordEntry], ...]
    progress: tuple[str, ...]  # progress sentences as of the year's end
    books: tuple[ReadingItem, ...]  # finished this year
    books_before: int
    pages_before: int
    resources_done: tuple[Resource, ...]
    resources_before: int
    goals: tuple[GoalYear, ...]  # each goal that lived during the year
    reflection: Reflection | None
    week_reflections: tuple[Reflection, ...]


# ----------------------------------------------------------------------------------------------- outputs

class DayWriting(NamedTuple):
    day: date
    words: int
    written: bool


class SportWeek(NamedTuple):
    sport: str
    count: int
    distance_m: float
    duration_s: float
    longest_m: float | None
    last_week_count: int
    last_week_distance_m: float
    average_count: float  # over the four weeks before
    average_distance_m: float


class GoalLine(NamedTuple):
    title: str
    target: str
    actual: str
    status: str


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


class Total(NamedTuple):
    label: str
    value: str
    previous: str
    change: str  # "+12%", "−3", "new", ""


class MonthRow(NamedTuple):
    month: str  # "Jan"
    cells: tuple[str, ...]


class SportYear(NamedTuple):
    sport: str
    count: int
    distance_m: float
    duration_s: float
    longest_m: float | None


class BookLine(NamedTuple):
    title: str
    authors: str
    rating: float | None
    month: str


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
    books: tuple[BookLine, ...]
    pages: int
    learning: tuple[tuple[str, int], ...]
    goals: tuple[str, ...]
    planned: str | None
    achieved: str | None
    learned: str | None
    week_learnings: tuple[tuple[str, str], ...]
    most_consistent_month: str | None
    biggest_week: str | None


# ------------------------------------------------------------------------------------------------ helpers

def distance_text(metres: float | None, sport: str, units: str) -> str:
    return format_distance(metres, units, sport) if metres else ""


def goal_amount(metric: str, value: float, units: str, sport: str = "run") -> str:
    if metric == "distance_m":
        return format_distance(value, units, sport)
    if metric == "duration_s":
        return format_duration(value)
    noun = {"count": "time", "words": "word", "books": "book", "papers": "paper", "articles": "article",
            "items": "item", "pages": "page", "resources": "resource", "days": "day"}[metric]
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{number} {noun}{'' if value == 1 else 's'}"


def goal_progress_text(metric: str, actual: float, target: float, units: str, sport: str = "run") -> str:
    """'1 of 3 times', '4.6 of 20.0 km', '854 of 500 words', '1:30:00 of 3:00:00'."""
    if metric == "distance_m":
        low, high = short_distance(actual, sport, units), short_distance(target, sport, units)
        return f"{low.rsplit(' ', 1)[0]} of {high}"
    if metric == "duration_s":
        return f"{format_duration(actual)} of {format_duration(target)}"
    whole = f"{actual:,.0f}" if actual == int(actual) else f"{actual:,.1f}"
    return f"{whole} of {goal_amount(metric, target, units, sport)}"


def goal_status_text(goal: Goal, progress: GoalProgress) -> str:
    """The status in words: "met on 18 Oct" for a milestone reached, "archived on 6 Mar", else the status."""
    if progress.met_on is not None:
        return f"met on {_short_day(progress.met_on)}"
    if goal.archived and goal.archived_on is not None:
        return f"archived on {_short_day(goal.archived_on)}"
    if goal.archived:
        return "archived"
    return progress.status


def _short_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _sum(values: Iterable[float | None]) -> float:
    return float(sum(v for v in values if v))


def _day_name(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def change(now: float, before: float) -> str:
    if before == 0:
        return "new" if now else ""
    pct = (now - before) / before * 100
    return f"{pct:+.0f}%"


# ---------------------------------------------------------------------------------------------- the week

def week_review(inputs: WeekInputs) -> WeekReview:
    start, end, units = inputs.start, inputs.end, inputs.units
    last_day = min(end, inputs.today)
    by_day: dict[date, int] = defaultdict(int)
    for entry in inputs.writing:
        by_day[entry.day] += entry.words
    written_days = {e.day for e in inputs.writing}
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
            _sum(w.distance_m for w in last), len(before) / 4, _sum(w.distance_m for w in before) / 4))
    sports = [s for s in sports if s.count or s.last_week_count]

    started = tuple(i.title for i in inputs.reading if i.started and start <= i.started <= end)
    finished = tuple((i.title, i.rating) for i in inputs.reading
                     if i.status == "finished" and i.finished and start <= i.finished <= end)
    added = sum(1 for i in inputs.reading if i.added and start <= i.added <= end)
    learning = Counter(r.topic or "(no topic)" for r in inputs.resources_done)
    goals = tuple(GoalLine(g.title, goal_amount(g.metric, p.target, units, g.activity),
                           goal_amount(g.metric, p.actual, units, g.activity), p.status) for g, p in inputs.goals)

    highlights = _week_highlights(inputs, days, words, sports, goals)
    challenge = None
    if inputs.challenge:
        of = f" of {inputs.challenge.length}" if inputs.challenge.length else ""
        challenge = f"Day {inputs.challenge.day}{of} ({inputs.challenge.name})"
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
    ) if last_day >= start else _empty_week(inputs)


def _empty_week(inputs: WeekInputs) -> WeekReview:
    return WeekReview(inputs.label, inputs.start, inputs.end, True, (), (), 0, 0, 0, None, (), (), (), (), 0, (),
                      (), None, None, None, None)


def _week_highlights(inputs: WeekInputs, days: Sequence[DayWriting], words: int, sports: Sequence[SportWeek],
                     goals: Sequence[GoalLine]) -> tuple[str, ...]:
    out = []
    units = inputs.units
    if words:
        best = max(days, key=lambda d: d.words)
        out.append(f"Best writing day: {_day_name(best.day)}, {best.words:,} words")
    longest = max((w for w in inputs.workouts if w.distance_m), key=lambda w: w.distance_m, default=None)
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
    start = first - timedelta(days=first.weekday())
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

    def sport_totals(rows: Sequence[tuple[date, str, float | None, float | None]]) -> dict[str, SportYear]:
        out: dict[str, SportYear] = {}
        for sport in SPORT_ORDER:
            mine = [r for r in rows if r[1] == sport]
            if mine:
                out[sport] = SportYear(sport, len(mine), _sum(r[2] for r in mine), _sum(r[3] for r in mine),
                                       max((r[2] for r in mine if r[2]), default=None))
        return out

    now_sports = sport_totals(inputs.workouts)
    before_sports = sport_totals(inputs.workouts_before)
    pages = sum(b.pages or 0 for b in inputs.books)

    totals = [
        Total("Days written", f"{len(inputs.writing)}", f"{len(inputs.writing_before)}",
              change(len(inputs.writing), len(inputs.writing_before))),
        Total("Words written", f"{words:,}", f"{words_before:,}", change(words, words_before)),
    ]
    for sport in SPORT_ORDER:
        if sport not in now_sports and sport not in before_sports:
            continue
        mine = now_sports.get(sport, SportYear(sport, 0, 0.0, 0.0, None))
        old = before_sports.get(sport, SportYear(sport, 0, 0.0, 0.0, None))
        totals.append(Total(SPORT_PLURAL[sport], f"{mine.count}", f"{old.count}", change(mine.count, old.count)))
        if mine.distance_m or old.distance_m:
            totals.append(Total(f"{SPORT_PLURAL[sport]}: distance", distance_text(mine.distance_m, sport, units) or "0",
                                distance_text(old.distance_m, sport, units) or "0",
                                change(mine.distance_m, old.distance_m)))
    totals += [
        Total("Books finished", f"{len(inputs.books)}", f"{inputs.books_before}",
              change(len(inputs.books), inputs.books_before)),
        Total("Pages read", f"{pages:,}", f"{inputs.pages_before:,}", change(pages, inputs.pages_before)),
        Total("Resources studied", f"{len(inputs.resources_done)}", f"{inputs.resources_before}",
              change(len(inputs.resources_done), inputs.resources_before)),
    ]

    columns, months = _month_table(inputs, now_sports)
    year_runs = streaks.runs(inputs.writing, inputs.skips, until=last_day)
    longest = max(reversed(year_runs), key=lambda r: r.days, default=Streak(0, None, None))
    books = tuple(BookLine(b.title, ", ".join(b.authors), b.rating, MONTHS[b.finished.month - 1])
                  for b in sorted(inputs.books, key=lambda b: (b.finished, b.id)) if b.finished)
    learning = Counter(r.topic or "(no topic)" for r in inputs.resources_done)
    goals = tuple(goal_year_line(g, units) for g in inputs.goals)
    records = tuple(record_highlights(inputs.records_set, units))
    reflection = inputs.reflection
    return YearReview(
        year=year, in_progress=inputs.today < date(year, 12, 31), totals=tuple(totals), month_columns=columns,
        months=months, heatmap=heatmap(year, inputs.writing, last_day), longest_streak=longest,
        streak_at_end=inputs.streak_at_end, words=words, sports=tuple(now_sports.values()), records=records,
        progress=inputs.progress, books=books, pages=pages,
        learning=tuple(sorted(learning.items(), key=lambda kv: (-kv[1], kv[0]))), goals=goals,
        planned=reflection.planned if reflection else None, achieved=reflection.achieved if reflection else None,
        learned=reflection.learned if reflection else None,
        week_learnings=tuple((r.period, r.learned) for r in inputs.week_reflections if r.learned),
        most_consistent_month=_most_consistent_month(inputs, last_day), biggest_week=_biggest_week(inputs),
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
    units = inputs.units
    columns = ["Month", "Days written", "Words"]
    tracked = [s for s in SPORT_ORDER if s in sports]
    for sport in tracked:
        columns.append(SPORT_PLURAL[sport])
    columns += ["Books", "Resources"]
    rows = []
    last_month = 12 if inputs.today.year > inputs.year else inputs.today.month
    for month in range(1, last_month + 1):  # months still to come are left out
        in_month = [(d, w) for d, w in inputs.writing.items() if d.month == month]
        cells = [str(len(in_month)), f"{sum(w for _, w in in_month):,}"]
        for sport in tracked:
            mine = [r for r in inputs.workouts if r[1] == sport and r[0].month == month]
            dist = _sum(r[2] for r in mine)
            cells.append(f"{len(mine)}" + (f" · {distance_text(dist, sport, units)}" if dist else "") if mine else "")
        books = sum(1 for b in inputs.books if b.finished and b.finished.month == month)
        done = sum(1 for r in inputs.resources_done if r.done and r.done.month == month)
        cells += [str(books) if books else "", str(done) if done else ""]
        rows.append(MonthRow(MONTHS[month - 1], tuple(cells)))
    return tuple(columns), tuple(rows)


def _most_consistent_month(inputs: YearInputs, last_day: date) -> str | None:
    """The month with the highest share of days on which something was logged (writing or a workout)."""
    active = set(inputs.writing) | {r[0] for r in inputs.workouts}
    best, best_share = None, 0.0
    for month in range(1, 13):
        first = date(inputs.year, month, 1)
        if first > last_day:
            break
        following = date(inputs.year + (month == 12), month % 12 + 1, 1)
        days = (min(following - timedelta(days=1), last_day) - first).days + 1
        share = sum(1 for d in active if d.month == month) / days
        if share > best_share:
            best, best_share = f"{MONTHS[month - 1]} (something logged on {share:.0%} of days)", share
    return best


def _biggest_week(inputs: YearInputs) -> str | None:
    """The week with the most training time, with what it held."""
    weeks: dict[date, list[tuple[date, str, float | None, float | None]]] = defaultdict(list)
    for row in inputs.workouts:
        weeks[row[0] - timedelta(days=row[0].weekday())].append(row)
    if not weeks:
        return None
    start, rows = max(weeks.items(), key=lambda kv: (_sum(r[3] for r in kv[1]), kv[0]))
    label = f"{start.isocalendar()[0]}-W{start.isocalendar()[1]:02d}"
    return (f"{label} (from {start.day} {MONTHS[start.month - 1]}): {len(rows)} workouts, "
            f"{format_duration(_sum(r[3] for r in rows))}")

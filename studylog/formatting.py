"""Values shown to people: distances, durations, paces. Each output parses back with studylog.parsing."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, TypeGuard

from studylog.parsing import KILOMETRE, MILE, YARD

if TYPE_CHECKING:
    from studylog.domain.values import Goal, GoalProgress


def _known(value: float | None) -> TypeGuard[float]:
    """Not None, nor a number no workout has (not finite, or text: only a database written outside studylog
    holds one, and `studylog db check` names it), which is shown as unknown, never a crash."""
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def format_distance(metres: float | None, units: str = "metric", sport: str = "run") -> str:
    """'5.00 km' / '3.11 mi' on land, '1,500 m' / '1,640 yd' in the pool; '' when unknown."""
    if not _known(metres):
        return ""
    if sport == "swim":
        if units == "imperial":
            return f"{round(metres / YARD):,} yd"
        return f"{round(metres):,} m"
    if units == "imperial":
        return f"{metres / MILE:,.2f} mi"
    return f"{metres / KILOMETRE:,.2f} km"


def format_pool_length(pool_m: float) -> str:
    """A pool in the unit it was built in, whatever the output's units: '25 m', '25 yd', '33.3 m'."""
    yards = pool_m / YARD
    if abs(yards - round(yards)) < 1e-6 and abs(pool_m - round(pool_m)) > 1e-6:
        return f"{round(yards)} yd"
    if abs(pool_m - round(pool_m)) < 1e-6:
        return f"{round(pool_m)} m"
    return f"{pool_m:.1f} m"


def format_pool(distance_m: float | None, pool_m: float | None, units: str = "metric") -> str:
    """A swim's pool: '60 × 25 m' when the distance is a whole number of its lengths, else '25 m pool'."""
    if not pool_m:
        return ""
    length = format_pool_length(pool_m)
    if distance_m:
        lengths = distance_m / pool_m
        if abs(lengths - round(lengths)) < 1e-6 and round(lengths) >= 1:
            return f"{round(lengths):,} × {length}"
    return f"{length} pool"


def format_duration(seconds: float | None) -> str:
    """'28:30' below an hour, '1:02:03' from an hour; '' when unknown."""
    if not _known(seconds):
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_study_time(seconds: float | None) -> str:
    """Time studied as people say it: '45min', '2h', '1h10', '4h10'; '' when unknown."""
    if not _known(seconds) or seconds <= 0:
        return ""
    minutes = max(1, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes}min"
    return f"{hours}h{minutes:02d}" if minutes else f"{hours}h"


def format_pace(metres: float | None, seconds: float | None, units: str = "metric", sport: str = "run") -> str:
    """Runs and walks: '5:42 /km'; swims: '2:05 /100m'; rides: '28.4 km/h'; '' when unknown."""
    if (not metres or not seconds or sport in ("strength", "yoga") or not _known(metres)
            or not _known(seconds)):
        return ""
    if sport == "ride":
        if units == "imperial":
            return f"{metres / MILE / (seconds / 3600):.1f} mph"
        return f"{metres / KILOMETRE / (seconds / 3600):.1f} km/h"
    if sport == "swim":
        per, label = (100 * YARD, "/100yd") if units == "imperial" else (100.0, "/100m")
    else:
        per, label = (MILE, "/mi") if units == "imperial" else (KILOMETRE, "/km")
    return f"{format_duration(seconds / (metres / per))} {label}"


def format_challenge_day(day: int, length: int | None) -> str:
    """"Day 12 of 30"; past its length, "Day 33 (30 days: done)"; without a length, "Day 12"."""
    if not length:
        return f"Day {day}"
    if day > length:
        return f"Day {day} ({length} days: done)"
    return f"Day {day} of {length}"


def format_words(words: int) -> str:
    return f"{words:,} word" + ("" if words == 1 else "s")


def format_day(day: date, today: date | None = None) -> str:
    """ISO date, with 'today'/'yesterday' when it is one of those."""
    if today is not None:
        delta = (today - day).days
        if delta == 0:
            return f"{day.isoformat()} (today)"
        if delta == 1:
            return f"{day.isoformat()} (yesterday)"
    return day.isoformat()


def short_distance(metres: float, sport: str, units: str = "metric") -> str:
    if not math.isfinite(metres):
        return "?"  # (only a database written outside studylog holds one; `studylog db check` names it)
    if sport == "swim":
        return f"{round(metres / 0.9144):,} yd" if units == "imperial" else f"{round(metres):,} m"
    return f"{metres / MILE:.1f} mi" if units == "imperial" else f"{metres / 1000:.1f} km"


def habit_amount(value: float, unit: str | None = None) -> str:
    """A habit's amount: "50", "12.5", "0.25 l" (two decimals at most, no trailing zeros), in its unit."""
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit and value == 1:
        unit = singular(unit)
    return f"{number} {unit}" if unit else number


def singular(unit: str) -> str:
    """"1 cups" reads "1 cup": a unit as people name it, in the plural, for one ("glasses" -> "glass",
    "boxes" -> "box"); left as it is when it does not end like an English plural ("km", "l", "glass")."""
    words = unit.rsplit(" ", 1)
    last = words[-1]
    if last.endswith(("sses", "xes", "ches", "shes")) and len(last) > 4:
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 2:
        last = last[:-1]
    return " ".join([*words[:-1], last])


def goal_amount(metric: str, value: float, units: str, sport: str = "run") -> str:
    if metric == "distance_m":
        return format_distance(value, units, sport)
    if metric == "duration_s":
        return (format_study_time(value) or "0min") if sport == "study" else format_duration(value)
    if metric == "amount":  # a habit's, in its own unit (the goal's title names it)
        return habit_amount(value)
    noun = {"count": "time", "words": "word", "books": "book", "papers": "paper", "articles": "article",
            "items": "item", "pages": "page", "resources": "resource", "days": "day"}[metric]
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{number} {noun}{'' if value == 1 else 's'}"


def goal_progress_text(metric: str, actual: float, target: float, units: str, sport: str = "run") -> str:
    """'1 of 3 times', '4.6 of 20.0 km', '854 of 500 words', '1:30:00 of 3:00:00'."""
    if metric == "distance_m":
        low, high = short_distance(actual, sport, units), short_distance(target, sport, units)
        return f"{low.rsplit(' ', 1)[0]} of {high}"
    if metric == "duration_s" and sport == "study":  # "1h35 of 5h", as time studied is said
        return f"{format_study_time(actual) or '0min'} of {format_study_time(target)}"
    if metric == "duration_s":
        return f"{format_duration(actual)} of {format_duration(target)}"
    whole = f"{actual:,.0f}" if actual == int(actual) else f"{actual:,.1f}"
    return f"{whole} of {goal_amount(metric, target, units, sport)}"


def goal_status_text(goal: Goal, progress: GoalProgress) -> str:
    """The status in words: "met on 18 Oct" for a milestone reached, "archived on 6 Mar", "over" for a limit
    gone past ("at most 2 coffees a day": 3 of 2), else the status."""
    if progress.met_on is not None:
        return f"met on {_short_day(progress.met_on)}"
    if goal.archived and goal.archived_on is not None:
        return f"archived on {_short_day(goal.archived_on)}"
    if goal.archived:
        return "archived"
    if goal.kind == "limit" and progress.status == "missed" and goal.metric != "days":  # (days: kept n of 7)
        return "over"
    return progress.status


def _short_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


# ------------------------------------------------------------------------------------------ whole records

def record_heading(record: object) -> str:
    """What a whole record is called: "writing #12", "run #4", "book #7", "resource #3", "study #5"."""
    kind = {"WritingEntry": "writing", "StudySession": "study", "Resource": "resource"}.get(type(record).__name__)
    name = kind or getattr(record, "sport", None) or getattr(record, "kind", "record")
    return f"{name} #{getattr(record, 'id', '?')}"


def record_fields(record: object, units: str = "metric") -> list[tuple[str, str]]:
    """Every field of a stored record as people read it, (label, value), empty ones left out; the long
    text (a note, a review, a description) comes last, whole, in several lines if it has them."""
    from studylog.domain.values import ReadingItem, Resource, StudySession, Workout, WritingEntry

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    def tags(values: tuple[str, ...]) -> str:
        return " ".join(f"#{t}" for t in values)

    rows: list[tuple[str, str]] = []
    if isinstance(record, WritingEntry):
        e = record
        rows = [("Date", day(e.day)), ("Words", format_words(e.words)), ("Title", e.title or ""),
                ("Challenge", e.challenge or ""), ("Tags", tags(e.tags)), ("Link", e.url or ""), ("Note", e.note or "")]
    elif isinstance(record, Workout):
        w = record
        rows = [("Sport", w.sport), ("Date", day(w.day)), ("Start", w.start_time.strftime("%H:%M") if w.start_time else ""),
                ("Distance", format_distance(w.distance_m, units, w.sport)),
                ("Pool", format_pool(w.distance_m, w.pool_length_m, units) if w.pool_length_m else ""),
                ("Time", format_duration(w.duration_s)), ("Pace", format_pace(w.distance_m, w.duration_s, units, w.sport)),
                ("Heart rate", f"{w.avg_hr} bpm" if w.avg_hr else ""),
                ("Elevation gain", f"{w.elevation_gain_m:,.0f} m" if w.elevation_gain_m else ""),
                ("Title", w.title or ""), ("Tags", tags(w.tags)), ("Source", w.source if w.source != "manual" else ""),
                ("Note", w.note or "")]
    elif isinstance(record, ReadingItem):
        i = record
        rows = [("Kind", i.kind), ("Title", i.title), ("By", ", ".join(i.authors)), ("Status", i.status),
                ("Added", day(i.added)), ("Started", day(i.started)),
                ("Finished" if i.status != "abandoned" else "Stopped", day(i.finished)),
                ("Rating", f"{i.rating:g}/5" if i.rating is not None else ""), ("Pages", f"{i.pages:,}" if i.pages else ""),
                ("ISBN", i.isbn or ""), ("Link", i.url or ""), ("Tags", tags(i.tags)),
                ("Source", i.source if i.source != "manual" else ""), ("Review", i.review or "")]
    elif isinstance(record, Resource):
        r = record
        rows = [("Title", r.title or ""), ("Link", r.url), ("Topic", r.topic or ""), ("Kind", r.kind),
                ("Status", r.status), ("Added", day(r.added)), ("Done", day(r.done)),
                ("Description", r.description or ""), ("Note", r.note or "")]
    elif isinstance(record, StudySession):
        t = record
        rows = [("Date", day(t.day)), ("Time", format_study_time(t.duration_s)), ("Topic", t.topic or ""),
                ("Resource", t.resource_title or ""), ("Note", t.note or "")]
    return [(label, value) for label, value in rows if value]

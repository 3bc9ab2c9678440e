"""What each kind of record's form asks for, read with the shell's parsers (the same values, the same errors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from studylog.domain.values import (
    READING_KINDS,
    READING_STATUSES,
    RESOURCE_KINDS,
    RESOURCE_STATUSES,
    SPORTS,
    ReadingItem,
    Resource,
    StudySession,
    Workout,
    WritingEntry,
)
from studylog.formatting import format_distance, format_duration, format_study_time
from studylog.limits import (
    HEART_RATE,
    MAX_PAGES,
    MAX_STUDY_S,
    MAX_WORDS,
    check_day,
    nothing_logged,
    workout_problem,
)
from studylog.parsing import (
    ParseError,
    default_distance_unit,
    lengths_in,
    parse_count,
    parse_date,
    parse_distance,
    parse_duration,
    parse_pool,
    parse_rating,
    parse_swim_distance,
    parse_tags,
)
from studylog.tui.dialogs.form import Combine, Field, FieldError


def optional(read: Any) -> Any:
    """An empty field means 'none'."""
    return lambda text: read(text) if text.strip() else None


def text_value(text: str) -> str | None:
    return text.strip() or None


def choice(options: tuple[str, ...], what: str, *, blank: bool = False) -> Any:
    """A field that takes one of ``options`` (any case); ``blank``: left empty, it is None (the store's
    default: a resource's kind guessed from its link, as the shell does)."""
    def read(text: str) -> str | None:
        value = text.strip().lower()
        if blank and not value:
            return None
        if value not in options:
            raise ParseError(f"{what} {text!r} is not one of: {', '.join(options)}")
        return value
    return read


def tags_text(tags: tuple[str, ...]) -> str:
    return " ".join(f"#{t}" for t in tags)


def writing_fields(entry: WritingEntry | None, today: date) -> list[Field]:
    return [
        Field("day", "Date", (entry.day if entry else today).isoformat(), day_field(today),
              "today, yesterday, 2026-11-20"),
        Field("words", "Words", str(entry.words) if entry else "",
              lambda t: parse_count(t or "0", "word count", high=MAX_WORDS), "e.g. 650 (none: 0, a day written)"),
        Field("title", "Title", entry.title or "" if entry else "", text_value),
        Field("note", "Note", entry.note or "" if entry else "", text_value),
        Field("tags", "Tags", tags_text(entry.tags) if entry else "", lambda t: parse_tags([t]), "e.g. #essay #ml"),
        Field("challenge", "Challenge", entry.challenge or "" if entry else "", text_value, "e.g. 30-day essays"),
    ]


def study_fields(session: StudySession | None, today: date) -> list[Field]:
    """A study session's form; its resource by id (the Resources screen's l key logs time on the one
    highlighted, by name)."""
    def duration(text: str) -> int:
        seconds = round(parse_duration(text))
        if seconds > MAX_STUDY_S:
            raise ParseError("a study session is at most 24h (one day's)")
        return seconds

    return [
        Field("day", "Date", (session.day if session else today).isoformat(), day_field(today),
              "today, yesterday, 2026-11-20"),
        Field("duration_s", "Time", format_study_time(session.duration_s) if session else "", duration,
              "45min, 1h30, 2h"),
        Field("topic", "Topic", session.topic or "" if session else "", text_value, "Deep Learning/Transformers"),
        Field("resource_id", "Resource", str(session.resource_id) if session and session.resource_id else "",
              optional(lambda t: parse_count(t, "resource id", "12", low=1)),
              "its id (studylog res list shows them; l on the Resources screen logs time on one)"),
        Field("note", "Note", session.note or "" if session else "", text_value),
    ]


def day_field(today: date, *, workout: bool = False) -> Any:
    """A day as the shell reads it, refused after today (and before the table of limits' first day)."""
    def read(text: str) -> date:
        day = parse_date(text, today)
        check_day(day, today, workout=workout)
        return day
    return read


def workout_fields(workout: Workout | None, today: date, units: str) -> list[Field]:
    sport = workout.sport if workout else "run"
    low, high = HEART_RATE
    return [
        Field("sport", "Sport", sport, choice(SPORTS, "sport"), ", ".join(SPORTS)),
        Field("day", "Date", (workout.day if workout else today).isoformat(), day_field(today, workout=True)),
        # read again with the sport and the pool once every field is read (workout_combine)
        Field("distance_m", "Distance", format_distance(workout.distance_m, units, sport) if workout else "",
              _distance_text, "5k, 3.1mi, 1500m, 60 lengths"),
        Field("duration_s", "Time", format_duration(workout.duration_s) if workout else "",
              optional(parse_duration), "28:30, 1:02:03, 45min"),
        Field("pool_length_m", "Pool", format_distance(workout.pool_length_m, units, "swim")
              if workout and workout.pool_length_m else "", optional(lambda t: parse_pool(t, units)),
              "a swim's pool: 25m, 25yd"),
        Field("title", "Title", workout.title or "" if workout else "", text_value),
        Field("note", "Note", workout.note or "" if workout else "", text_value),
        Field("tags", "Tags", tags_text(workout.tags) if workout else "", lambda t: parse_tags([t]), "#tempo"),
        Field("avg_hr", "Heart rate", str(workout.avg_hr) if workout and workout.avg_hr else "",
              optional(lambda t: parse_count(t, "heart rate", "150", low=low, high=high)), "average bpm"),
    ]


def _distance_text(text: str) -> str:
    """The distance as typed, once it reads as a distance or a number of lengths (its unit may depend on
    the sport and its lengths on the pool: workout_combine reads it then)."""
    if text.strip() and lengths_in(text) is None:
        parse_distance(text, 1.0)
    return text


def workout_combine(workout: Workout | None, units: str, usual_pool: float | None) -> Combine:
    """Reads the distance with the sport and the pool the form ends with ("60 lengths" of the pool, or
    of the usual one; a bare number beside a pool is refused as ambiguous, as in the shell), and refuses
    what no one could have done, beside the field to correct."""
    def combine(values: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
        sport = values.get("sport", workout.sport if workout else "run")
        pool = values.get("pool_length_m", workout.pool_length_m if workout else None)
        if "distance_m" in values:
            text = texts["distance_m"]
            try:
                if not text.strip():
                    values["distance_m"] = None
                elif sport == "swim":
                    values["distance_m"] = parse_swim_distance(
                        text, pool if pool is not None else usual_pool, default_distance_unit(sport, units),
                        pool_typed=(pool if pool is not None else usual_pool) is not None)
                    if pool is None and lengths_in(text) is not None:
                        values["pool_length_m"] = usual_pool  # lengths of the usual pool: this swim's pool
                else:
                    values["distance_m"] = parse_distance(text, default_distance_unit(sport, units))
            except ParseError as exc:
                raise FieldError("distance_m", str(exc)) from None
        distance = values.get("distance_m", workout.distance_m if workout else None)
        duration = values.get("duration_s", workout.duration_s if workout else None)
        why = workout_problem(sport, distance, duration)
        if why:
            raise FieldError("duration_s" if "duration_s" in values and "distance_m" not in values else "distance_m",
                             f"{why}: check the numbers")
        empty = nothing_logged(sport, distance, duration)  # (beside the field; the service refuses it too)
        if empty:
            raise FieldError("distance_m", empty)
        return values

    return combine


def reading_fields(item: ReadingItem | None, today: date) -> list[Field]:
    def day(text: str) -> date | None:
        return day_field(today)(text) if text.strip() else None

    return [
        Field("title", "Title", item.title if item else "", _required_title),
        Field("authors", "Authors", ", ".join(item.authors) if item else "",
              lambda t: tuple(a.strip() for a in t.split(",") if a.strip()), "First Last, Other Author"),
        Field("kind", "Kind", item.kind if item else "book", choice(READING_KINDS, "kind"), ", ".join(READING_KINDS)),
        Field("status", "Status", item.status if item else "to-read", choice(READING_STATUSES, "status"),
              ", ".join(READING_STATUSES)),
        Field("started", "Started", item.started.isoformat() if item and item.started else "", day),
        Field("finished", "Finished", item.finished.isoformat() if item and item.finished else "", day),
        Field("rating", "Rating", f"{item.rating:g}" if item and item.rating is not None else "",
              optional(parse_rating), "0 to 5, e.g. 4.5"),
        Field("pages", "Pages", str(item.pages) if item and item.pages else "",
              optional(lambda t: parse_count(t, "pages", "320", high=MAX_PAGES))),
    ]


def resource_fields(resource: Resource | None) -> list[Field]:
    from studylog.io.urls import NotAWebLink, normalise_url

    def url(text: str) -> str:
        try:
            return normalise_url(text)
        except NotAWebLink as exc:
            raise ParseError(f"{exc}: give a link such as https://arxiv.org/abs/1706.03762") from None

    return [
        Field("url", "Link", resource.url if resource else "", url, "https://..."),
        Field("title", "Title", resource.title or "" if resource else "", text_value),
        Field("topic", "Topic", resource.topic or "" if resource else "", text_value, "Deep Learning/Transformers"),
        Field("kind", "Kind", resource.kind if resource else "", choice(RESOURCE_KINDS, "kind", blank=resource is None),
              "guessed from the link: " + ", ".join(RESOURCE_KINDS)),
        Field("status", "Status", resource.status if resource else "new", choice(RESOURCE_STATUSES, "status"),
              ", ".join(RESOURCE_STATUSES)),
        Field("description", "Description", resource.description or "" if resource else "", text_value),
        Field("note", "Note", resource.note or "" if resource else "", text_value),
    ]


def _required_title(text: str) -> str:
    if not text.strip():
        raise ParseError("a title is needed, e.g. Deep Work")
    return text.strip()

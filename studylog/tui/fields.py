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
    Workout,
    WritingEntry,
)
from studylog.formatting import format_distance, format_duration
from studylog.parsing import (
    ParseError,
    default_distance_unit,
    parse_count,
    parse_date,
    parse_distance,
    parse_duration,
    parse_rating,
    parse_tags,
)
from studylog.tui.screens.form import Field


def optional(read: Any) -> Any:
    """An empty field means 'none'."""
    return lambda text: read(text) if text.strip() else None


def text_value(text: str) -> str | None:
    return text.strip() or None


def choice(options: tuple[str, ...], what: str) -> Any:
    def read(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ParseError(f"{what} {text!r} is not one of: {', '.join(options)}")
        return value
    return read


def tags_text(tags: tuple[str, ...]) -> str:
    return " ".join(f"#{t}" for t in tags)


def writing_fields(entry: WritingEntry | None, today: date) -> list[Field]:
    return [
        Field("day", "Date", (entry.day if entry else today).isoformat(), lambda t: parse_date(t, today),
              "today, yesterday, 2026-11-20"),
        Field("words", "Words", str(entry.words) if entry else "", lambda t: parse_count(t or "0", "word count"),
              "650"),
        Field("title", "Title", entry.title or "" if entry else "", text_value),
        Field("note", "Note", entry.note or "" if entry else "", text_value),
        Field("tags", "Tags", tags_text(entry.tags) if entry else "", lambda t: parse_tags([t]), "#essay #ml"),
        Field("challenge", "Challenge", entry.challenge or "" if entry else "", text_value, "30-day essays"),
    ]


def workout_fields(workout: Workout | None, today: date, units: str) -> list[Field]:
    sport = workout.sport if workout else "run"

    def distance(text: str) -> float | None:
        return parse_distance(text, default_distance_unit(sport, units)) if text.strip() else None

    return [
        Field("sport", "Sport", sport, choice(SPORTS, "sport"), ", ".join(SPORTS)),
        Field("day", "Date", (workout.day if workout else today).isoformat(), lambda t: parse_date(t, today)),
        Field("distance_m", "Distance", format_distance(workout.distance_m, units, sport) if workout else "",
              distance, "5k, 3.1mi, 1500m"),
        Field("duration_s", "Time", format_duration(workout.duration_s) if workout else "",
              optional(parse_duration), "28:30, 1:02:03, 45min"),
        Field("title", "Title", workout.title or "" if workout else "", text_value),
        Field("note", "Note", workout.note or "" if workout else "", text_value),
    ]


def reading_fields(item: ReadingItem | None, today: date) -> list[Field]:
    def day(text: str) -> date | None:
        return parse_date(text, today) if text.strip() else None

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
              optional(lambda t: parse_count(t, "pages", "320"))),
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
        Field("kind", "Kind", resource.kind if resource else "article", choice(RESOURCE_KINDS, "kind"),
              ", ".join(RESOURCE_KINDS)),
        Field("status", "Status", resource.status if resource else "new", choice(RESOURCE_STATUSES, "status"),
              ", ".join(RESOURCE_STATUSES)),
        Field("description", "Description", resource.description or "" if resource else "", text_value),
        Field("note", "Note", resource.note or "" if resource else "", text_value),
    ]


def _required_title(text: str) -> str:
    if not text.strip():
        raise ParseError("a title is needed, e.g. Deep Work")
    return text.strip()

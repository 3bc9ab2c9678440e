"""Small helpers that turn values into Textual content. User text always goes in as plain Text."""

from __future__ import annotations

from rich.text import Text

from studylog.domain import values
from studylog.formatting import (
    format_day,
    format_distance,
    format_duration,
    format_pace,
    format_pool,
    format_study_time,
    format_words,
)
from studylog.text import one_line

SPORT_ICONS = {"run": "🏃", "swim": "🏊", "ride": "🚴", "walk": "🚶", "hike": "🥾", "strength": "🏋",
               "yoga": "🧘", "other": "•"}


def user_text(value: str | None, width: int | None = None) -> Text:
    """User or file text for a cell or label: never parsed as markup."""
    return Text(one_line(value, width))


def workout_summary(w: values.Workout | values.NewWorkout, units: str) -> str:
    parts = []
    if w.distance_m:
        parts.append(format_distance(w.distance_m, units, w.sport))
    if w.pool_length_m:
        parts.append(format_pool(w.distance_m, w.pool_length_m, units))
    if w.duration_s:
        parts.append(format_duration(w.duration_s))
    pace = format_pace(w.distance_m, w.duration_s, units, w.sport)
    if pace:
        parts.append(pace)
    return " · ".join(parts)


def describe_draft(draft: values.Draft, units: str, today) -> Text:  # noqa: ANN001
    """The quick-add preview: what will be stored, in words."""
    text = Text()
    if isinstance(draft, values.NewReading):
        text.append(draft.kind, style="bold")
        text.append("  “")
        text.append(one_line(draft.title, 50))
        text.append("”")
        if draft.authors:
            text.append(" by " + one_line(", ".join(draft.authors), 30))
        text.append("  to read")
        if draft.tags:
            text.append("  " + " ".join(f"#{t}" for t in draft.tags), style="italic")
        return text
    if isinstance(draft, values.NewStudy):
        text.append("study", style="bold")
        text.append(f"  {format_study_time(draft.duration_s)}")
        if draft.topic:
            text.append("  ")
            text.append(one_line(draft.topic, 40))
        text.append(f"  on {format_day(draft.day, today)}")
        return text
    if isinstance(draft, values.NewWriting):
        text.append("writing", style="bold")
        text.append(f"  {format_words(draft.words)}")
    else:
        text.append(draft.sport, style="bold")
        summary = workout_summary(draft, units)
        if summary:
            text.append(f"  {summary}")
    text.append(f"  on {format_day(draft.day, today)}")
    if draft.title:
        text.append("  “")
        text.append(one_line(draft.title, 40))
        text.append("”")
    if draft.tags:
        text.append("  " + " ".join(f"#{t}" for t in draft.tags), style="italic")
    return text


def describe_record(record: values.Record, units: str) -> str:
    if isinstance(record, values.ReadingItem):
        return f'{record.kind} #{record.id}: "{one_line(record.title, 50)}" ({record.status})'
    if isinstance(record, values.Resource):
        return f'resource #{record.id}: "{one_line(record.title or record.url, 50)}" ({record.status})'
    if isinstance(record, values.WritingEntry):
        title = f' "{one_line(record.title, 40)}"' if record.title else ""
        return f"writing #{record.id}: {format_words(record.words)} on {record.day.isoformat()}{title}"
    if isinstance(record, values.StudySession):
        topic = f" {one_line(record.topic, 40)}" if record.topic else ""
        return f"study #{record.id}: {format_study_time(record.duration_s)}{topic} on {record.day.isoformat()}"
    return f"{record.sport} #{record.id}: {workout_summary(record, units)} on {record.day.isoformat()}"

"""The schema: one SQLModel table per entity in DESIGN.md "Data".

These classes are the single source of truth for the database layout: alembic migrations are written
against them (a test upgrades an empty database and compares it with this metadata), and every SQL
statement in ``studylog.services`` is prepared against them in a test. Services read and write through
the stdlib sqlite3 driver, so importing this module is never on a quick command's path.

Conventions: SI units (metres, seconds), ``date`` for the day a thing happened, UTC-aware timestamps,
list-valued fields (tags, authors) as JSON arrays of strings.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Naming convention so constraints have stable names (batch migrations need them on SQLite).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UTC_TS = sa.DateTime(timezone=True)
# Ids are never reused: a deleted #7 never comes back as a different record the user did not mean.
NO_REUSE = {"sqlite_autoincrement": True}


# Like sqlmodel's Field itself, these return Any: the declared type of the column they are assigned to
# (``created_at: datetime = _created()``) is what the model's attribute holds.
def _created() -> Any:
    return Field(sa_type=UTC_TS, nullable=False)


def _json_list() -> Any:
    return Field(default="[]", sa_column_kwargs={"server_default": "[]"}, nullable=False)


class WritingEntry(SQLModel, table=True):
    __tablename__ = "writing_entry"
    # (day, words): the days written (words > 0) read from the index alone, as the streak needs them
    __table_args__ = (sa.Index("ix_writing_entry_day_words", "day", "words"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    title: str | None = None
    words: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    note: str | None = None
    tags: str = _json_list()
    challenge: str | None = Field(default=None, index=True)
    url: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Workout(SQLModel, table=True):
    __tablename__ = "workout"
    # (sport, distance) and (sport, time): "a longer one before?" reads only the longer ones (records set)
    __table_args__ = (sa.UniqueConstraint("source", "source_id"), sa.Index("ix_workout_sport_distance_m", "sport", "distance_m"),
                      sa.Index("ix_workout_sport_duration_s", "sport", "duration_s"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    sport: str = Field(index=True)
    day: date = Field(index=True)
    start_time: time | None = None
    distance_m: float | None = None
    duration_s: float | None = None
    elevation_gain_m: float | None = None
    avg_hr: int | None = None
    pool_length_m: float | None = None
    title: str | None = None
    note: str | None = None
    tags: str = _json_list()
    source: str = Field(default="manual", sa_column_kwargs={"server_default": "manual"})
    source_id: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()


class WorkoutEffort(SQLModel, table=True):
    """A workout's best effort over a standard distance (the fastest stretch of its track, or the whole
    workout at its average pace when there is no track). Records are the fastest of these."""

    __tablename__ = "workout_effort"
    # "a faster effort over this distance before?" and "a first over it?" read only that distance's efforts
    __table_args__ = (sa.Index("ix_workout_effort_distance_m_duration_s", "distance_m", "duration_s"),)

    workout_id: int = Field(foreign_key="workout.id", ondelete="CASCADE", primary_key=True)
    distance_m: float = Field(primary_key=True)
    duration_s: float
    from_track: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class ReadingItem(SQLModel, table=True):
    __tablename__ = "reading_item"
    # (status, finished): what was finished in a week or a year; added, started and finished each indexed,
    # so "added, started or finished this week" reads that week's items, not every item
    __table_args__ = (sa.UniqueConstraint("source", "source_id"),
                      sa.Index("ix_reading_item_status_finished", "status", "finished"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="book", sa_column_kwargs={"server_default": "book"})
    title: str
    authors: str = _json_list()
    url: str | None = None
    isbn: str | None = Field(default=None, index=True)
    pages: int | None = None
    status: str = Field(default="to-read", index=True, sa_column_kwargs={"server_default": "to-read"})
    added: date | None = Field(default=None, index=True)
    started: date | None = Field(default=None, index=True)
    finished: date | None = Field(default=None, index=True)
    rating: float | None = None
    review: str | None = None
    tags: str = _json_list()
    source: str = Field(default="manual", sa_column_kwargs={"server_default": "manual"})
    source_id: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Resource(SQLModel, table=True):
    __tablename__ = "resource"
    # (status, done): the resources done in a week or a year, whatever the number done before; added: the
    # newest first, for search
    __table_args__ = (sa.Index("ix_resource_status_done", "status", "done"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    title: str | None = None
    topic: str | None = Field(default=None, index=True)
    kind: str = Field(default="other", sa_column_kwargs={"server_default": "other"})
    description: str | None = None
    status: str = Field(default="new", index=True, sa_column_kwargs={"server_default": "new"})
    added: date | None = Field(default=None, index=True)
    done: date | None = None
    note: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()


class StudySession(SQLModel, table=True):
    """Time spent studying on a day: a topic ("Deep Learning/Transformers"), a resource, or both."""

    __tablename__ = "study_session"
    __table_args__ = NO_REUSE

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    duration_s: int
    topic: str | None = Field(default=None, index=True)
    resource_id: int | None = Field(default=None, foreign_key="resource.id", ondelete="SET NULL", index=True)
    note: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()


class ResourceList(SQLModel, table=True):
    __tablename__ = "resource_list"
    __table_args__ = NO_REUSE

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    curator: str | None = None
    description: str | None = None
    origin: str | None = None
    created_at: datetime = _created()


class ResourceListItem(SQLModel, table=True):
    """Ordered membership of a resource in a list, with the section (topic) it sat under there."""

    __tablename__ = "resource_list_item"
    __table_args__ = (sa.UniqueConstraint("list_id", "resource_id"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="resource_list.id", ondelete="CASCADE", index=True)
    resource_id: int = Field(foreign_key="resource.id", ondelete="CASCADE", index=True)
    position: int
    section: str | None = None


class Goal(SQLModel, table=True):
    """frequency: 'swim >= 3 per week'; amount: 'run >= 20 km per week'; milestone: 'run >= 21.1 km by DATE'."""

    __tablename__ = "goal"
    __table_args__ = NO_REUSE

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    activity: str
    metric: str = Field(default="count", sa_column_kwargs={"server_default": "count"})
    target: float
    period: str | None = None
    start_day: date | None = None
    end_day: date | None = None
    title: str
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # A goal's life: from the day it was added (or ``--from``; a goal "in 2026" from its window's start)
    # to the day it was archived. Every figure about it counts only the periods inside that life.
    active_from: date | None = None
    archived_on: date | None = None
    # What within the activity the goal counts: a topic of study ("study Transformers 2h per week").
    subject: str | None = None
    created_at: datetime = _created()


class Habit(SQLModel, table=True):
    """A habit of one's own: done or not ("meditate"), or an amount in its unit ("pushups 50",
    "meditate 10 min"). ``key`` is the name case-folded: "Meditate" and "meditate" are one habit."""

    __tablename__ = "habit"
    __table_args__ = NO_REUSE

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    unit: str | None = None
    created_at: datetime = _created()


class HabitLog(SQLModel, table=True):
    """A habit done on a day: ``amount`` in its unit (1 for a yes/no habit); several on a day add up."""

    __tablename__ = "habit_log"
    __table_args__ = (sa.Index("ix_habit_log_habit_id_day", "habit_id", "day"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    habit_id: int = Field(foreign_key="habit.id", ondelete="CASCADE")
    day: date
    amount: float = Field(default=1.0, sa_column_kwargs={"server_default": "1"})
    created_at: datetime = _created()


class Challenge(SQLModel, table=True):
    """A writing challenge ("30-day essays"): its name as first typed and its declared length in days.
    ``key`` is the name case-folded: "30-Day Essays" and "30-day essays" are one challenge."""

    __tablename__ = "challenge"
    __table_args__ = NO_REUSE

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    days: int | None = None
    created_at: datetime = _created()


class Feed(SQLModel, table=True):
    """A subscription (a newsletter, blog or podcast from an OPML file): followed, not read like a book,
    so it is not on the reading list and never counts as reading."""

    __tablename__ = "feed"
    __table_args__ = (sa.UniqueConstraint("source", "source_id"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="blog", sa_column_kwargs={"server_default": "blog"})
    title: str
    url: str | None = None  # the site a person reads
    tags: str = _json_list()
    added: date | None = None
    source: str = Field(default="manual", sa_column_kwargs={"server_default": "manual"})
    source_id: str | None = None  # for OPML: the feed's normalised address
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Reflection(SQLModel, table=True):
    """What was planned, achieved and learned in a period: an ISO week ('2026-W47') or a year ('2026')."""

    __tablename__ = "reflection"
    __table_args__ = (sa.UniqueConstraint("period_kind", "period"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    period_kind: str
    period: str
    planned: str | None = None
    achieved: str | None = None
    learned: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()


class SkipDay(SQLModel, table=True):
    """A rest or skip day for a habit ('write', or a goal's activity): keeps its streak alive."""

    __tablename__ = "skip_day"
    __table_args__ = (sa.UniqueConstraint("habit", "day"), NO_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    habit: str
    day: date
    reason: str | None = None
    created_at: datetime = _created()

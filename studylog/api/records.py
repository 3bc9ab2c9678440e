"""The kinds of record people add, edit, delete and undo, reached the same way from the shell and the
app: a kind's service module, found through the registry (studylog.domain.kinds)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar, overload

if TYPE_CHECKING:
    import sqlite3
    from datetime import date, datetime

    from studylog.api import Database
    from studylog.domain.values import (
        Draft,
        NewReading,
        NewResource,
        NewStudy,
        NewWorkout,
        NewWriting,
        ReadingItem,
        Record,
        Resource,
        StudySession,
        Workout,
        WritingEntry,
    )

Stored = TypeVar("Stored")


class RecordService(Protocol):
    """What every kind's service module offers (studylog.domain.kinds.Kind says which module)."""

    def add(self, conn: sqlite3.Connection, new: Any, /, *, now: datetime, today: date | None = ...) -> Any: ...  # noqa: ANN401

    def get(self, conn: sqlite3.Connection, record_id: int, /) -> Any: ...  # noqa: ANN401

    def update(self, conn: sqlite3.Connection, record_id: int, changes: dict[str, Any], /, *, now: datetime,
               today: date | None = ...) -> Any: ...  # noqa: ANN401

    def delete(self, conn: sqlite3.Connection, record_id: int, /) -> Any: ...  # noqa: ANN401

    def restore(self, conn: sqlite3.Connection, held: Any, /) -> Any: ...  # noqa: ANN401


def service(kind: str | object) -> RecordService:
    """The service of a kind, by its name ("writing", "workout"...) or by a record of it (new or stored);
    KeyError for anything else. Imported only when asked for (quick commands import one)."""
    from studylog.domain.kinds import KIND, kind_of

    found = KIND[kind] if isinstance(kind, str) else kind_of(kind)
    module: Any = importlib.import_module(found.service)
    return module


class Deleted(NamedTuple):
    """A record deleted, and what its delete took with it (a workout's best efforts, a resource's places
    in its lists): what restore() puts back."""

    record: Any
    held: Any


@overload
def add(db: Database, new: NewWriting, **options: Any) -> WritingEntry: ...
@overload
def add(db: Database, new: NewWorkout, **options: Any) -> Workout: ...
@overload
def add(db: Database, new: NewReading, **options: Any) -> ReadingItem: ...
@overload
def add(db: Database, new: NewStudy, **options: Any) -> StudySession: ...
@overload
def add(db: Database, new: Draft, **options: Any) -> Record: ...


def add(db: Database, new: Draft, **options: Any) -> Any:
    """Store a new record of its kind (``options``: what that kind's add takes besides, such as a writing
    challenge's length)."""
    with db.connection() as conn:
        return service(new).add(conn, new, now=db.clock.now(), today=db.clock.today(), **options)


def add_resource(db: Database, new: NewResource) -> tuple[Resource, bool]:
    """Store a link (the same link twice is one resource: the one stored, and False, come back)."""
    from studylog.services import resources

    with db.connection() as conn:
        return resources.add(conn, new, now=db.clock.now(), today=db.clock.today())


def get(db: Database, kind: str, record_id: int) -> Any:  # noqa: ANN401
    """A stored record of a kind by its id (LookupError, with the sentence to show, when there is none)."""
    with db.connection() as conn:
        return service(kind).get(conn, record_id)


def update(db: Database, record: Stored, changes: dict[str, Any]) -> Stored:
    """Change some fields of a stored record (names as in its New... value); the stored result comes back,
    of the record's kind (the record as stored now when there is nothing to change)."""
    found = service(record)
    record_id: int = record.id  # type: ignore[attr-defined]
    with db.connection() as conn:
        if not changes:
            return found.get(conn, record_id)
        return found.update(conn, record_id, changes, now=db.clock.now(), today=db.clock.today())


def delete(db: Database, record: Record) -> Deleted:
    """Delete a stored record; what comes back is what restore() needs to put it back whole."""
    with db.connection() as conn:
        return Deleted(record, service(record).delete(conn, record.id))


def restore(db: Database, deleted: Deleted) -> Any:  # noqa: ANN401
    """Put a deleted record back as it was: the same id, tags, timestamps, and what the delete took with
    it, in one transaction."""
    with db.connection() as conn:
        return service(deleted.record).restore(conn, deleted.held)

"""Study sessions: time spent studying a topic or a resource, and the time per topic and resource."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import NewStudy, Resource, StudySession, StudyTime


class StudyWeek(NamedTuple):
    """Time studied from a week's first day to today (or its end)."""

    seconds: int
    sessions: int


def resource(db: Database, ref: str) -> Resource:
    """A resource as people name it: its id, its title or link, or a part of its title only it has
    (NotFound; Ambiguous with the matches)."""
    from studylog.services import resources

    with db.connection() as conn:
        return resources.find(conn, ref)


def log(db: Database, new: NewStudy, *, week_start: int = 0) -> tuple[StudySession, StudyWeek]:
    """Store a session (its topic written as that topic already is: "transformers" is "Deep
    Learning/Transformers"; a session on a resource without a topic takes the resource's), and the time
    studied this week so far."""
    from studylog.services import study
    from studylog.weeks import week_containing

    today = db.clock.today()
    with db.connection() as conn:
        session = study.add(conn, new, now=db.clock.now(), today=today)
        return session, StudyWeek(*study.total(conn, week_containing(today, week_start), today))


def sessions(db: Database, *, since: date | None = None, until: date | None = None, limit: int | None = 1000,
             offset: int = 0) -> list[StudySession]:
    """The sessions, newest first (between two days when given)."""
    from studylog.services import study

    with db.connection() as conn:
        return study.list_sessions(conn, since=since, until=until, limit=limit, offset=offset)


def count(db: Database) -> int:
    from studylog.services import study

    with db.connection() as conn:
        return study.count(conn)


def by_topic(db: Database, since: date, until: date) -> list[StudyTime]:
    """Time studied per topic between two days, most first."""
    from studylog.services import study

    with db.connection() as conn:
        return study.by_topic(conn, since, until)


def by_resource(db: Database, since: date, until: date) -> list[StudyTime]:
    """Time studied per resource between two days, most first."""
    from studylog.services import study

    with db.connection() as conn:
        return study.by_resource(conn, since, until)


class Studied(NamedTuple):
    """Time ever studied, as the Resources screen shows it."""

    by_resource: dict[int, int]  # seconds by resource id
    by_topic: dict[tuple[str, ...], int]  # seconds under each topic path and its parents ("gpus" holds "gpus/cuda")


def studied(db: Database) -> Studied:
    from studylog.services import study

    with db.connection() as conn:
        per_resource, per_topic = study.seconds_by_resource(conn), study.seconds_by_topic(conn)
    tree: dict[tuple[str, ...], int] = {}
    for topic, seconds in per_topic.items():
        parts = tuple(topic.split("/")) if topic else ("(no topic)",)
        for depth in range(1, len(parts) + 1):
            tree[parts[:depth]] = tree.get(parts[:depth], 0) + seconds
    return Studied(per_resource, tree)

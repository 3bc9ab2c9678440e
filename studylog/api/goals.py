"""Goals, their progress and habit strength, and the skip days of habits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import Goal, GoalProgress


def goals(db: Database, *, archived: bool = False, week_start: int = 0) -> list[tuple[Goal, GoalProgress]]:
    """The goals (the archived ones too when asked) with their progress today."""
    from studylog.services import goals as service

    today = db.clock.today()
    with db.connection() as conn:
        return [(g, service.progress(conn, g, today, week_start=week_start))
                for g in service.list_goals(conn, archived=archived)]


def cannot_measure(db: Database, *, archived: bool = False) -> list[str]:
    """A sentence for each goal written outside studylog that it cannot measure (shown, not scored)."""
    from studylog.services import goals as service

    with db.connection() as conn:
        return service.cannot_measure(conn, archived=archived)


def progress(db: Database, goal: Goal, *, week_start: int = 0) -> GoalProgress:
    from studylog.services import goals as service

    with db.connection() as conn:
        return service.progress(conn, goal, db.clock.today(), week_start=week_start)


def get(db: Database, goal_id: int) -> Goal:
    from studylog.services import goals as service

    with db.connection() as conn:
        return service.get(conn, goal_id)


def find(db: Database, ref: str, *, archived: bool | None = None) -> Goal:
    """A goal as people name it: its id, or its title or a part of it only one goal has, among all goals
    (``archived`` None), the active ones (False) or the archived ones (True). NotFound; Ambiguous with
    the matches."""
    from studylog.services import goals as service

    with db.connection() as conn:
        return service.find(conn, ref, archived=archived)


def add(db: Database, phrase: str, *, since: date | None = None) -> Goal:
    """A goal from its phrase ("run 3 times per week"), judged from ``since`` (from today when not given;
    ValueError: a phrase that does not read, the same goal already active)."""
    from studylog.api.habits import names
    from studylog.goal_phrases import parse_goal
    from studylog.limits import check_day
    from studylog.services import goals as service

    today = db.clock.today()
    spec = parse_goal(phrase, today, names(db))
    if since is not None:
        check_day(since, today, "a goal's first day")
    with db.connection() as conn:
        return service.add(conn, spec, now=db.clock.now(), today=today, since=since)


def edit(db: Database, goal: Goal, phrase: str | None = None, *, title: str | None = None,
         since: date | None = None) -> Goal:
    """A goal changed: a new phrase, a new title, or a new first day. A goal whose target changes is
    archived and a new one stored from today (its past periods keep the target they had), unless
    ``since`` says from when the new target judges."""
    from studylog.goal_phrases import parse_goal
    from studylog.limits import check_day
    from studylog.services import goals as service

    today = db.clock.today()
    if since is not None:
        check_day(since, today, "a goal's first day")
    with db.connection() as conn:
        stored = service.get(conn, goal.id)  # (what is stored now: the goal shown may be an older copy)
        spec = parse_goal(phrase, today, _habit_names(conn)) if phrase else service.spec_of(stored)
        if title:
            spec = spec._replace(title=title)
        return service.update(conn, goal.id, spec, since=since, today=today, now=db.clock.now())


def archive(db: Database, goal: Goal | int, *, archived: bool = True) -> Goal:
    """Archive a goal (or bring it back, ``archived=False``)."""
    from studylog.services import goals as service

    goal_id = goal if isinstance(goal, int) else goal.id
    with db.connection() as conn:
        return service.archive(conn, goal_id, archived=archived, today=db.clock.today())


def skip(db: Database, habit: str, day: date, *, reason: str | None = None) -> None:
    """A rest day for a habit: its streak carries over it."""
    from studylog.services import goals as service

    with db.connection() as conn:
        service.skip(conn, habit, day, reason=reason, now=db.clock.now())


def unskip(db: Database, habit: str, day: date) -> bool:
    """Take a rest day back; whether there was one."""
    from studylog.services import goals as service

    with db.connection() as conn:
        return service.unskip(conn, habit, day)


def _habit_names(conn: object) -> dict[str, tuple[str, str | None]]:
    from studylog.services import habits

    return {habits.key_of(h.name): (h.name, h.unit) for h in habits.list_habits(conn)}  # type: ignore[arg-type]

"""Habits of one's own: add one, mark it done (with an amount), list them as they stand."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import Habit, HabitDay


def add(db: Database, name: str, *, unit: str | None = None) -> Habit:
    """A new habit (Duplicate: one of that name, in any case, is there; ValueError: a name that cannot be)."""
    from studylog.services import habits

    with db.connection() as conn:
        return habits.add(conn, name, unit=unit, now=db.clock.now())


def find(db: Database, ref: str) -> Habit:
    """A habit by its id, its name in any case, or a part of its name only it has (NotFound; Ambiguous)."""
    from studylog.services import habits

    with db.connection() as conn:
        return habits.find(conn, ref)


def done(db: Database, habit: Habit, amount: float = 1.0, *, day: date | None = None) -> float:
    """Mark a habit done on ``day`` (today when not given), ``amount`` in its unit; that day's total."""
    from studylog.limits import check_day
    from studylog.services import habits

    today = db.clock.today()
    day = day or today
    check_day(day, today, "it")
    with db.connection() as conn:
        return habits.done(conn, habit.id, day, amount, now=db.clock.now())


def undo(db: Database, habit: Habit, *, day: date | None = None) -> bool:
    """Take back the last time a habit was marked done on ``day``; whether there was one."""
    from studylog.services import habits

    with db.connection() as conn:
        return habits.undo(conn, habit.id, day or db.clock.today())


def standing(db: Database, *, week_start: int = 0) -> list[HabitDay]:
    """Every habit: today's amount, this week's, and the days of the last 12 weeks."""
    from studylog.services import habits

    with db.connection() as conn:
        return habits.standing(conn, db.clock.today(), week_start=week_start)


def names(db: Database) -> dict[str, tuple[str, str | None]]:
    """What goal phrases may name: each habit's name case-folded -> (name, unit)."""
    from studylog.services import habits

    with db.connection() as conn:
        return {key: (habit.name, habit.unit) for habit in habits.list_habits(conn)
                for key in (habits.key_of(habit.name),)}

"""What is due today across the writing challenge and the goals (``studylog today``, the dashboard's
first panel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import DueItem


def due(db: Database, *, week_start: int = 0, units: str = "metric") -> tuple[DueItem, ...]:
    from studylog.reports.today import due_today
    from studylog.services import goals, writing

    today = db.clock.today()
    with db.connection() as conn:
        streak = writing.streak(conn, today)
        found = [(g, goals.progress(conn, g, today, week_start=week_start)) for g in goals.list_goals(conn)]
    return due_today(streak, found, today, units)

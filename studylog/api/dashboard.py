"""The dashboard: this week, the streak and challenge, goals, recent records and charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.domain.values import Dashboard


def load(db: Database, *, week_start: int = 0, units: str = "metric") -> Dashboard:
    from studylog.services import dashboard

    with db.connection() as conn:
        return dashboard.load(conn, db.clock.today(), week_start=week_start, units=units)

"""The weekly review and the year in review, for the shell (`studylog review`) and the app (the Review
screen's export): the data gathered (services), the review built (reports), the Markdown written (io)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studylog.api import Database
    from studylog.config import Settings
    from studylog.domain.values import Reflection
    from studylog.reports.review import WeekReview, YearReview


def week(db: Database, start: date, settings: Settings) -> WeekReview:
    """The review of the week beginning on ``start``, in the person's units, week and word target."""
    from studylog.reports.review import week_review
    from studylog.services import review

    with db.connection() as conn:
        inputs = review.week_inputs(conn, start, db.clock.today(), units=settings.units,
                                    week_start=settings.week_start_index, word_target=settings.daily_word_target)
    return week_review(inputs)


def year(db: Database, year: int, settings: Settings) -> YearReview:
    """The year in review of ``year``."""
    from studylog.reports.review import year_review
    from studylog.services import review

    with db.connection() as conn:
        inputs = review.year_inputs(conn, year, db.clock.today(), units=settings.units,
                                    week_start=settings.week_start_index, word_target=settings.daily_word_target)
    return year_review(inputs)


def markdown(built: WeekReview | YearReview, settings: Settings, *, cell_chars: int | None = None) -> str:
    """A review as Markdown (table cells cut to ``cell_chars``, for text on a narrow terminal)."""
    from studylog.io import review_markdown
    from studylog.reports.review import WeekReview

    if isinstance(built, WeekReview):
        return review_markdown.week_markdown(built, settings.units, cell_chars=cell_chars)
    return review_markdown.year_markdown(built, settings.units, cell_chars=cell_chars)


def week_markdown(db: Database, start: date, settings: Settings) -> str:
    return markdown(week(db, start, settings), settings)


def year_markdown(db: Database, year_: int, settings: Settings) -> str:
    return markdown(year(db, year_, settings), settings)


def reflection(db: Database, kind: str, period: str) -> Reflection | None:
    """The reflection written for a week ("2026-W48") or a year ("2026"), if any."""
    from studylog.services import reflections

    with db.connection() as conn:
        return reflections.get(conn, kind, period)


def save_reflection(db: Database, kind: str, period: str, values: dict[str, str | None]) -> Reflection:
    """Write a week's or a year's reflection (planned, achieved, learned)."""
    from studylog.services import reflections

    if kind not in ("week", "year"):
        raise ValueError(f"a reflection is for a week or a year, not a {kind!r}")

    with db.connection() as conn:
        return reflections.save(conn, kind, period, values, now=db.clock.now())

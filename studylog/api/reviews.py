"""The weekly review and the year in review, for the shell (`studylog review`) and the app (the Review
screen's export): the data gathered (services), the review built (reports), the Markdown written (io)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

    from studylog.config import Settings
    from studylog.reports.review import WeekReview, YearReview


def week(conn: sqlite3.Connection, start: date, today: date, settings: Settings) -> WeekReview:
    """The review of the week beginning on ``start``, in the person's units, week and word target."""
    from studylog.reports.review import week_review
    from studylog.services import review

    return week_review(review.week_inputs(conn, start, today, units=settings.units,
                                          week_start=settings.week_start_index,
                                          word_target=settings.daily_word_target))


def year(conn: sqlite3.Connection, year: int, today: date, settings: Settings) -> YearReview:
    """The year in review of ``year``."""
    from studylog.reports.review import year_review
    from studylog.services import review

    return year_review(review.year_inputs(conn, year, today, units=settings.units,
                                          week_start=settings.week_start_index,
                                          word_target=settings.daily_word_target))


def markdown(built: WeekReview | YearReview, settings: Settings, *, cell_chars: int | None = None) -> str:
    """A review as Markdown (table cells cut to ``cell_chars``, for text on a narrow terminal)."""
    from studylog.io import review_markdown
    from studylog.reports.review import WeekReview

    if isinstance(built, WeekReview):
        return review_markdown.week_markdown(built, settings.units, cell_chars=cell_chars)
    return review_markdown.year_markdown(built, settings.units, cell_chars=cell_chars)

"""The app's workflows (the one object it holds: studylog.services.session.Session with them), until each
moves into the feature module of studylog.api that the shell uses too (imports already have)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from studylog.api import records
from studylog.db.errors import DatabaseError
from studylog.domain.values import (
    Dashboard,
    Goal,
    GoalProgress,
    ImportSummary,
    NewReading,
    NewResource,
    NewWorkout,
    NewWriting,
    ReadingItem,
    Records,
    Reflection,
    Resource,
    WeekTotal,
    Workout,
    WritingEntry,
)
from studylog.services import dashboard, reading, resources, workouts, writing
from studylog.services.session import Session, make_demo
from studylog.weeks import week_containing

if TYPE_CHECKING:
    from studylog.config import Settings

__all__ = ["DatabaseError", "Progress", "Store", "make_demo"]  # DatabaseError: for front ends

KEPT_DELETES = 20  # deleted records the store can still bring back whole (the app's undo wants the last)

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as long work goes on; it may raise Cancelled to stop it, and what the
work had begun to write is rolled back."""


def _rows(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    """A service's row counter (``progress(n)``) reported as ``progress(n, total)``."""
    if progress is None:
        return None
    progress(0, total)
    return lambda n: progress(n, total)


class Store(Session):
    """The app's workflows over a Session (moving into the feature modules of studylog.api)."""

    def restore(self, record: WritingEntry | Workout | ReadingItem | Resource
                ) -> WritingEntry | Workout | ReadingItem | Resource:
        """Put a deleted record back as it was: the same id, tags, timestamps, and what the delete took
        with it (a workout's best efforts, a resource's places in its lists), in one transaction."""
        snapshot = self._deleted.get((type(record), record.id), record)
        with self.connection() as conn:
            restored = records.service(record).restore(conn, snapshot)
        self._deleted.pop((type(record), record.id), None)
        return restored

    def dashboard(self, *, week_start: int = 0, units: str = "metric") -> Dashboard:
        with self.connection() as conn:
            return dashboard.load(conn, self.clock.today(), week_start=week_start, units=units)

    def writing(self, *, limit: int | None = 1000, offset: int = 0) -> list[WritingEntry]:
        with self.connection() as conn:
            return writing.list_entries(conn, limit=limit, offset=offset)

    def workouts(self, *, limit: int | None = 1000, offset: int = 0) -> list[Workout]:
        with self.connection() as conn:
            return workouts.list_workouts(conn, limit=limit, offset=offset)

    @overload
    def add(self, draft: NewWriting) -> WritingEntry: ...
    @overload
    def add(self, draft: NewWorkout) -> Workout: ...
    @overload
    def add(self, draft: NewReading) -> ReadingItem: ...
    @overload
    def add(self, draft: NewWriting | NewWorkout | NewReading) -> WritingEntry | Workout | ReadingItem: ...

    def add(self, draft: NewWriting | NewWorkout | NewReading) -> WritingEntry | Workout | ReadingItem:
        with self.connection() as conn:
            return records.service(draft).add(conn, draft, now=self.clock.now(), today=self.clock.today())

    def delete(self, record: WritingEntry | Workout | ReadingItem | Resource) -> Any:
        """Delete a record; what it held (and what went with it) is kept for restore(record)."""
        with self.connection() as conn:
            snapshot = records.service(record).delete(conn, record.id)
        self._deleted[(type(record), record.id)] = snapshot
        while len(self._deleted) > KEPT_DELETES:  # the oldest go first
            del self._deleted[next(iter(self._deleted))]
        return snapshot

    # ----------------------------------------------------------------------------------------- reading

    def reading(self, *, status: str | None = None, limit: int | None = 1000, offset: int = 0) -> list[ReadingItem]:
        with self.connection() as conn:
            return reading.list_items(conn, status=status, limit=limit, offset=offset)

    @overload
    def update(self, record: WritingEntry, changes: dict[str, Any]) -> WritingEntry: ...
    @overload
    def update(self, record: Workout, changes: dict[str, Any]) -> Workout: ...
    @overload
    def update(self, record: ReadingItem, changes: dict[str, Any]) -> ReadingItem: ...
    @overload
    def update(self, record: Resource, changes: dict[str, Any]) -> Resource: ...

    def update(self, record: WritingEntry | Workout | ReadingItem | Resource,
               changes: dict[str, Any]) -> WritingEntry | Workout | ReadingItem | Resource:
        """Change some fields of a stored record (names as in its New... value); the stored result comes
        back, of the record's kind."""
        now, today = self.clock.now(), self.clock.today()
        service = records.service(record)
        with self.connection() as conn:
            if not changes:  # nothing to write: the record as stored now
                return service.get(conn, record.id)
            return service.update(conn, record.id, changes, now=now, today=today)

    def add_resource(self, new: NewResource) -> tuple[Resource, bool]:
        with self.connection() as conn:
            return resources.add(conn, new, now=self.clock.now(), today=self.clock.today())

    def search(self, query: str, *, limit: int = 40) -> list[Any]:
        from studylog.services.search import search

        with self.connection() as conn:
            return search(conn, query, limit=limit)

    def reading_action(self, item: ReadingItem, action: str, *, rating: float | None = None) -> ReadingItem:
        """start, finish, abandon or rate an item, today."""
        today, now = self.clock.today(), self.clock.now()
        with self.connection() as conn:
            if action == "start":
                return reading.start(conn, item.id, today, now=now)
            if action == "finish":
                return reading.finish(conn, item.id, today, now=now, rating=rating)
            if action == "abandon":
                return reading.abandon(conn, item.id, today, now=now)
            if action == "rate":
                return reading.update(conn, item.id, {"rating": rating}, now=now)
        raise ValueError(f"unknown reading action {action!r}")

    # --------------------------------------------------------------------------------------- resources

    def topic_counts(self) -> list[tuple[str | None, int, int]]:
        with self.connection() as conn:
            return resources.topic_counts(conn)

    def resources(self, *, topic: str | None = None, limit: int | None = 1000) -> list[Resource]:
        with self.connection() as conn:
            return resources.list_resources(conn, topic=topic, limit=limit)

    def set_resource_status(self, resource: Resource, status: str) -> Resource:
        with self.connection() as conn:
            return resources.set_status(conn, resource.id, status, now=self.clock.now(), today=self.clock.today())

    def import_resource_list(self, path: Path, *, progress: Progress | None = None) -> ImportSummary:
        """Read a Markdown list file and store it (FileRejected for a file it cannot use: not a regular
        file, over the size limit, not a list; out of memory)."""
        from studylog.api.imports import read_resource_list
        from studylog.io.common import shown_path

        parsed = read_resource_list(path)
        with self.connection() as conn:
            return resources.import_list(conn, parsed, file=shown_path(path.name), name=parsed.title or path.stem,
                                         curator=None, now=self.clock.now(), today=self.clock.today(),
                                         progress=_rows(progress, len(parsed.entries)))

    def export_resources(self, path: Path, *, topic: str | None = None, with_progress: bool = False) -> int:
        """Write resources (under a topic, or all) as a Markdown list; returns how many were written."""
        from studylog.atomic import write_atomically
        from studylog.io.markdown_list import render_markdown_list

        with self.connection() as conn:
            doc = resources.export_doc(conn, topics=[topic] if topic else [], with_progress=with_progress,
                                       today=self.clock.today())
        write_atomically(path, render_markdown_list(doc))
        return sum(len(section.items) for section in doc.sections)

    def import_reading(self, path: Path, fmt: str, *, progress: Progress | None = None) -> ImportSummary:
        """Import a Goodreads or StoryGraph CSV into the reading list, or an OPML file into the feeds
        (subscriptions are not reading)."""
        from studylog.api.imports import read_book_file, read_feed_file
        from studylog.io.common import shown_path

        name = shown_path(path.name)
        if fmt == "opml":
            from studylog.services import feeds

            subscriptions = read_feed_file(path)
            found = list(subscriptions.items)
            with self.connection() as conn:
                return feeds.import_feeds(conn, name, found, subscriptions.skipped, now=self.clock.now(),
                                          today=self.clock.today(), progress=_rows(progress, len(found)))
        parsed = read_book_file(path, fmt)
        items = list(parsed.items)
        with self.connection() as conn:
            return reading.import_items(conn, name, items, parsed.skipped, now=self.clock.now(),
                                        today=self.clock.today(), progress=_rows(progress, len(items)))

    # ------------------------------------------------------------------------------ the whole database

    def rebuild_search(self, *, progress: Progress | None = None) -> int:
        """Refill the full-text index from the tables; returns how many records it holds."""
        from studylog.services import search

        with self.connection() as conn:
            return search.rebuild(conn, progress=progress)

    def export_json(self, path: Path, settings: dict[str, Any], *, progress: Progress | None = None) -> int:
        """Every record and the settings in one file (what ``studylog export json`` writes), owner-only,
        written whole or not at all; returns how many rows it holds."""
        from studylog.services import transfer

        with self.connection() as conn:
            return transfer.export_file(conn, path, settings=settings, now=self.clock.now(), progress=progress)[0]


    # ---------------------------------------------------------------------------------------- workouts

    def training(self, sport: str, *, weeks: int = 12, week_start: int = 0) -> tuple[Records, list[WeekTotal]]:
        """A sport's records, and its totals for each of the last ``weeks`` weeks (empty weeks included)."""
        from datetime import timedelta

        today = self.clock.today()
        first = week_containing(today, week_start) - timedelta(weeks=weeks - 1)
        with self.connection() as conn:
            found = workouts.records(conn, sport)
            totals = {w.week_start: w for w in workouts.weekly_totals(conn, sport, since=first, until=today,
                                                                      week_start=week_start)}
        every = [totals.get(first + timedelta(weeks=n), WeekTotal(first + timedelta(weeks=n), 0, 0.0, 0.0))
                 for n in range(weeks)]
        return found, every

    def busiest_sport(self, *, days: int = 84) -> str | None:
        """The sport done most often lately (what the workouts screen shows first)."""
        from datetime import timedelta

        today = self.clock.today()
        with self.connection() as conn:
            counts = workouts.week_by_sport(conn, today - timedelta(days=days), today)
        return counts[0].sport if counts else None

    def import_workout_files(self, paths: list[Path], *, progress: Progress | None = None) -> ImportSummary:
        """GPX, TCX and FIT files (by extension); a Strava export folder or its activities.csv. A file that
        cannot be read (not a regular file, too big, out of memory) or used is skipped with its reason.

        ``progress(done, total)`` counts ``FILE_STEPS`` per file, a big GPX file's share advancing with
        the bytes read; while the workouts are stored it is called with (total, total)."""
        from studylog.api.imports import FILE_STEPS, import_label, read_workout_file, read_workout_files

        zone = self.clock.zone()
        found, skipped = read_workout_files(
            paths, lambda path, within: read_workout_file(path, zone=zone, progress=within), progress=progress)
        label, total = import_label(paths), len(paths) * FILE_STEPS
        storing = (lambda _n: progress(total, total)) if progress else None
        with self.connection() as conn:
            return workouts.import_workouts(conn, label, found, skipped, now=self.clock.now(), progress=storing,
                                            today=self.clock.today())


    # ------------------------------------------------------------------------------------ goals, review

    def goals(self, *, week_start: int = 0) -> list[tuple[Goal, GoalProgress]]:
        from studylog.services import goals as goal_service

        today = self.clock.today()
        with self.connection() as conn:
            return [(g, goal_service.progress(conn, g, today, week_start=week_start))
                    for g in goal_service.list_goals(conn)]

    def add_goal(self, phrase: str) -> Goal:
        from studylog.goal_phrases import parse_goal
        from studylog.services import goals as goal_service

        spec = parse_goal(phrase, self.clock.today())
        with self.connection() as conn:
            return goal_service.add(conn, spec, now=self.clock.now(), today=self.clock.today())

    def edit_goal(self, goal: Goal, phrase: str) -> Goal:
        from studylog.goal_phrases import parse_goal
        from studylog.services import goals as goal_service

        spec = parse_goal(phrase, self.clock.today())
        with self.connection() as conn:
            return goal_service.update(conn, goal.id, spec, today=self.clock.today(), now=self.clock.now())

    def archive_goal(self, goal: Goal) -> Goal:
        from studylog.services import goals as goal_service

        with self.connection() as conn:
            return goal_service.archive(conn, goal.id, today=self.clock.today())

    def week_review_markdown(self, start: date, settings: Settings) -> str:
        from studylog.api import reviews

        with self.connection() as conn:
            built = reviews.week(conn, start, self.clock.today(), settings)
        return reviews.markdown(built, settings)

    def year_review_markdown(self, year: int, settings: Settings) -> str:
        from studylog.api import reviews

        with self.connection() as conn:
            built = reviews.year(conn, year, self.clock.today(), settings)
        return reviews.markdown(built, settings)

    def writing_days(self, year: int) -> dict[date, int]:
        """Words written on each day of a year (for the calendar of writing days)."""
        with self.connection() as conn:
            return writing.words_by_day(conn, date(year, 1, 1), date(year, 12, 31))

    def reflection(self, kind: str, period: str) -> Reflection | None:
        from studylog.services import reflections

        with self.connection() as conn:
            return reflections.get(conn, kind, period)

    def save_reflection(self, kind: str, period: str, values: dict[str, str | None]) -> Reflection:
        from studylog.services import reflections

        with self.connection() as conn:
            return reflections.save(conn, kind, period, values, now=self.clock.now())

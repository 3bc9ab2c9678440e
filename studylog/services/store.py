"""One object a long-running front end (the TUI) holds: each call opens its own short connection, so it
is safe to call from any worker thread, and the first call creates or upgrades the database."""

from __future__ import annotations

import importlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from studylog.clock import Clock
from studylog.db.errors import DatabaseError, translate
from studylog.db.opening import ensure_database
from studylog.db.sqlite import connect, error_kind
from studylog.domain.kinds import kind_of
from studylog.domain.values import (
    Dashboard,
    Goal,
    GoalProgress,
    ImportedWorkout,
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
from studylog.weeks import week_containing

if TYPE_CHECKING:
    from studylog.io.common import Parsed

__all__ = ["DatabaseError", "Progress", "Store", "make_demo", "workout_files"]  # DatabaseError: for front ends

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


class Store:
    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._ready = False
        self._read_only = False  # the folder cannot be written: the file is read as immutable
        self._ready_lock = threading.Lock()
        self._watcher: sqlite3.Connection | None = None
        # What each delete took away (efforts, list places), by (kind, id), until undo puts it back.
        self._deleted: dict[tuple[type, int], Any] = {}

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            with self._ready_lock:  # one thread creates or upgrades the database; the others wait
                if not self._ready:
                    self._read_only = ensure_database(self.path, self.clock)
                    self._ready = True
        try:  # (must exist: a file moved away meanwhile is not silently replaced by an empty one)
            conn = connect(self.path, must_exist=True, immutable=self._read_only)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield conn
        except sqlite3.Error as exc:  # damaged, read-only, full, busy: the one-line message to show
            if error_kind(exc) is None:
                raise
            raise translate(exc, self.path) from exc
        finally:
            conn.close()

    def today(self) -> date:
        return self.clock.today()

    def change_counter(self) -> int:
        """A number that changes whenever another connection (a shell command, another app) commits.

        SQLite's data_version is per connection, so the watcher keeps one of its own; call this from one
        thread only (the app's watcher)."""
        if self._watcher is None:
            with self._conn():
                pass  # the database exists and is up to date
            self._watcher = connect(self.path, immutable=True) if self._read_only else connect(self.path, readonly=True)
        return self._watcher.execute("PRAGMA data_version").fetchone()[0]

    def close_watcher(self) -> None:
        """Close the watcher's connection (from the watcher's own thread, which made it)."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.close()

    def restore(self, record: WritingEntry | Workout | ReadingItem | Resource
                ) -> WritingEntry | Workout | ReadingItem | Resource:
        """Put a deleted record back as it was: the same id, tags, timestamps, and what the delete took
        with it (a workout's best efforts, a resource's places in its lists), in one transaction."""
        snapshot = self._deleted.get((type(record), record.id), record)
        with self._conn() as conn:
            restored = _service(record).restore(conn, snapshot)
        self._deleted.pop((type(record), record.id), None)
        return restored

    def dashboard(self, *, week_start: int = 0, units: str = "metric") -> Dashboard:
        with self._conn() as conn:
            return dashboard.load(conn, self.clock.today(), week_start=week_start, units=units)

    def writing(self, *, limit: int | None = 1000, offset: int = 0) -> list[WritingEntry]:
        with self._conn() as conn:
            return writing.list_entries(conn, limit=limit, offset=offset)

    def workouts(self, *, limit: int | None = 1000, offset: int = 0) -> list[Workout]:
        with self._conn() as conn:
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
        with self._conn() as conn:
            return _service(draft).add(conn, draft, now=self.clock.now(), today=self.clock.today())

    def delete(self, record: WritingEntry | Workout | ReadingItem | Resource) -> Any:
        """Delete a record; what it held (and what went with it) is kept for restore(record)."""
        with self._conn() as conn:
            snapshot = _service(record).delete(conn, record.id)
        self._deleted[(type(record), record.id)] = snapshot
        while len(self._deleted) > KEPT_DELETES:  # the oldest go first
            del self._deleted[next(iter(self._deleted))]
        return snapshot

    # ----------------------------------------------------------------------------------------- reading

    def reading(self, *, status: str | None = None, limit: int | None = 1000, offset: int = 0) -> list[ReadingItem]:
        with self._conn() as conn:
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
        service = _service(record)
        with self._conn() as conn:
            if not changes:  # nothing to write: the record as stored now
                return service.get(conn, record.id)
            return service.update(conn, record.id, changes, now=now, today=today)

    def add_resource(self, new: NewResource) -> tuple[Resource, bool]:
        with self._conn() as conn:
            return resources.add(conn, new, now=self.clock.now(), today=self.clock.today())

    def search(self, query: str, *, limit: int = 40) -> list[Any]:
        from studylog.services.search import search

        with self._conn() as conn:
            return search(conn, query, limit=limit)

    def reading_action(self, item: ReadingItem, action: str, *, rating: float | None = None) -> ReadingItem:
        """start, finish, abandon or rate an item, today."""
        today, now = self.clock.today(), self.clock.now()
        with self._conn() as conn:
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
        with self._conn() as conn:
            return resources.topic_counts(conn)

    def resources(self, *, topic: str | None = None, limit: int | None = 1000) -> list[Resource]:
        with self._conn() as conn:
            return resources.list_resources(conn, topic=topic, limit=limit)

    def set_resource_status(self, resource: Resource, status: str) -> Resource:
        with self._conn() as conn:
            return resources.set_status(conn, resource.id, status, now=self.clock.now(), today=self.clock.today())

    def import_resource_list(self, path: Path, *, progress: Progress | None = None) -> ImportSummary:
        """Read a Markdown list file and store it (FileRejected for a file it cannot use: not a regular
        file, over the size limit, not a list; out of memory)."""
        from studylog.io.markdown_list import parse_markdown_list

        parsed = _parsed(path, "markdown", parse_markdown_list)
        with self._conn() as conn:
            return resources.import_list(conn, parsed, file=path.name, name=parsed.title or path.stem,
                                         curator=None, now=self.clock.now(), today=self.clock.today(),
                                         progress=_rows(progress, len(parsed.entries)))

    def export_resources(self, path: Path, *, topic: str | None = None, with_progress: bool = False) -> int:
        """Write resources (under a topic, or all) as a Markdown list; returns how many were written."""
        from studylog.atomic import write_atomically
        from studylog.io.markdown_list import render_markdown_list

        with self._conn() as conn:
            doc = resources.export_doc(conn, topics=[topic] if topic else [], with_progress=with_progress,
                                       today=self.clock.today())
        write_atomically(path, render_markdown_list(doc))
        return sum(len(section.items) for section in doc.sections)

    def import_reading(self, path: Path, fmt: str, *, progress: Progress | None = None) -> ImportSummary:
        """Import a Goodreads or StoryGraph CSV into the reading list, or an OPML file into the feeds
        (subscriptions are not reading)."""
        from studylog.io.registry import BOOK_FORMATS, OPML

        if fmt == "opml":
            from studylog.services import feeds

            subscriptions = _parsed(path, fmt, OPML.load())
            found = list(subscriptions.items)
            with self._conn() as conn:
                return feeds.import_feeds(conn, path.name, found, subscriptions.skipped, now=self.clock.now(),
                                          today=self.clock.today(), progress=_rows(progress, len(found)))
        parsed = _parsed(path, fmt, BOOK_FORMATS[fmt].load())
        items = list(parsed.items)
        with self._conn() as conn:
            return reading.import_items(conn, path.name, items, parsed.skipped, now=self.clock.now(),
                                        today=self.clock.today(), progress=_rows(progress, len(items)))

    # ------------------------------------------------------------------------------ the whole database

    def rebuild_search(self, *, progress: Progress | None = None) -> int:
        """Refill the full-text index from the tables; returns how many records it holds."""
        from studylog.services import search

        with self._conn() as conn:
            return search.rebuild(conn, progress=progress)

    def export_json(self, path: Path, settings: dict[str, Any], *, progress: Progress | None = None) -> int:
        """Every record and the settings in one file (what ``studylog export json`` writes), owner-only,
        written whole or not at all; returns how many rows it holds."""
        from studylog.services import transfer

        with self._conn() as conn:
            return transfer.export_file(conn, path, settings=settings, now=self.clock.now(), progress=progress)[0]


    # ---------------------------------------------------------------------------------------- workouts

    def training(self, sport: str, *, weeks: int = 12, week_start: int = 0) -> tuple[Records, list[WeekTotal]]:
        """A sport's records, and its totals for each of the last ``weeks`` weeks (empty weeks included)."""
        from datetime import timedelta

        today = self.clock.today()
        first = week_containing(today, week_start) - timedelta(weeks=weeks - 1)
        with self._conn() as conn:
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
        with self._conn() as conn:
            counts = workouts.week_by_sport(conn, today - timedelta(days=days), today)
        return counts[0].sport if counts else None

    def import_workout_files(self, paths: list[Path], *, progress: Progress | None = None) -> ImportSummary:
        """GPX, TCX and FIT files (by extension); a Strava export folder or its activities.csv. A file that
        cannot be read (not a regular file, too big, out of memory) or used is skipped with its reason.

        ``progress(done, total)`` counts ``FILE_STEPS`` per file, a big GPX file's share advancing with
        the bytes read; while the workouts are stored it is called with (total, total)."""
        from studylog.domain.values import Skipped
        from studylog.io.common import FileRejected

        zone = self.clock.zone()
        found: list[tuple[str, int | None, ImportedWorkout]] = []
        skipped: list[Skipped] = []
        total = len(paths) * FILE_STEPS
        if progress:
            progress(0, total)
        for n, path in enumerate(paths):
            def within(read: int, size: int, n: int = n) -> None:  # (bytes of this file read so far)
                if progress and size:
                    progress(n * FILE_STEPS + min(FILE_STEPS - 1, read * FILE_STEPS // size), total)
            try:
                parsed = _workout_file(path, zone, within)
            except FileRejected as exc:
                skipped.append(Skipped(path.name, None, str(exc)))
                continue
            finally:
                if progress:
                    progress((n + 1) * FILE_STEPS, total)
            found.extend((path.name, line, item) for line, item in parsed.items)
            skipped.extend(parsed.skipped)
        label = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
        storing = (lambda _n: progress(total, total)) if progress else None
        with self._conn() as conn:
            return workouts.import_workouts(conn, label, found, skipped, now=self.clock.now(), progress=storing,
                                            today=self.clock.today())


    # ------------------------------------------------------------------------------------ goals, review

    def goals(self, *, week_start: int = 0) -> list[tuple[Goal, GoalProgress]]:
        from studylog.services import goals as goal_service

        today = self.clock.today()
        with self._conn() as conn:
            return [(g, goal_service.progress(conn, g, today, week_start=week_start))
                    for g in goal_service.list_goals(conn)]

    def add_goal(self, phrase: str) -> Goal:
        from studylog.goal_phrases import parse_goal
        from studylog.services import goals as goal_service

        spec = parse_goal(phrase, self.clock.today())
        with self._conn() as conn:
            return goal_service.add(conn, spec, now=self.clock.now(), today=self.clock.today())

    def edit_goal(self, goal: Goal, phrase: str) -> Goal:
        from studylog.goal_phrases import parse_goal
        from studylog.services import goals as goal_service

        spec = parse_goal(phrase, self.clock.today())
        with self._conn() as conn:
            return goal_service.update(conn, goal.id, spec, today=self.clock.today(), now=self.clock.now())

    def archive_goal(self, goal: Goal) -> Goal:
        from studylog.services import goals as goal_service

        with self._conn() as conn:
            return goal_service.archive(conn, goal.id, today=self.clock.today())

    def week_review_markdown(self, start: date, *, units: str = "metric", week_start: int = 0,
                             word_target: int = 0) -> str:
        from studylog.io.review_markdown import week_markdown
        from studylog.reports.review import week_review
        from studylog.services import review

        with self._conn() as conn:
            inputs = review.week_inputs(conn, start, self.clock.today(), units=units, week_start=week_start,
                                        word_target=word_target)
        return week_markdown(week_review(inputs), units)

    def year_review_markdown(self, year: int, *, units: str = "metric", week_start: int = 0,
                             word_target: int = 0) -> str:
        from studylog.io.review_markdown import year_markdown
        from studylog.reports.review import year_review
        from studylog.services import review

        with self._conn() as conn:
            inputs = review.year_inputs(conn, year, self.clock.today(), units=units, week_start=week_start,
                                        word_target=word_target)
        return year_markdown(year_review(inputs), units)

    def writing_days(self, year: int) -> dict[date, int]:
        """Words written on each day of a year (for the calendar of writing days)."""
        with self._conn() as conn:
            return writing.words_by_day(conn, date(year, 1, 1), date(year, 12, 31))

    def reflection(self, kind: str, period: str) -> Reflection | None:
        from studylog.services import reflections

        with self._conn() as conn:
            return reflections.get(conn, kind, period)

    def save_reflection(self, kind: str, period: str, values: dict[str, str | None]) -> Reflection:
        from studylog.services import reflections

        with self._conn() as conn:
            return reflections.save(conn, kind, period, values, now=self.clock.now())


FILE_STEPS = 1000  # progress steps per file of a workout import


def _service(record: object) -> Any:  # noqa: ANN401  (a kind's service module: studylog.domain.kinds.Kind)
    """The module that stores this kind of record (new or stored), as the registry of kinds names it."""
    return importlib.import_module(kind_of(record).service)

T = TypeVar("T")


def _parsed(path: Path, fmt: str, parse: Callable[[bytes, str], T]) -> T:
    """A file the app imports, read by the shell's rules (``studylog.io.common.read_file``: only a
    regular file, within its format's size limit) and parsed; FileRejected (one sentence) otherwise."""
    from studylog.io.common import FileRejected, out_of_memory, read_file, shown_path

    data = read_file(path, fmt)
    try:
        return parse(data, path.name)
    except MemoryError:
        size = len(data)
        del data
        raise FileRejected(out_of_memory(shown_path(path), size)) from None


def _workout_file(path: Path, zone: tzinfo, within: Callable[[int, int], None]) -> Parsed[ImportedWorkout]:
    """One file of a workout import: a Strava activities.csv (with the activity files it names), or a
    GPX (a big one read as a stream, ``within(bytes read, size)`` as it goes), TCX or FIT file."""
    from studylog.io.common import FileRejected, activity_reader, open_file, out_of_memory, shown_path
    from studylog.io.registry import STRAVA, WORKOUT_FORMATS

    if path.name.lower() == "activities.csv":
        read = activity_reader(path.parent)
        return _parsed(path, "strava", lambda data, name: STRAVA.load()(data, name, read=read, tz=zone))
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in WORKOUT_FORMATS:
        raise FileRejected("not a .gpx, .tcx or .fit file")
    if fmt != "gpx":
        return _parsed(path, fmt, lambda data, name: WORKOUT_FORMATS[fmt].load()(data, name, tz=zone))
    from studylog.io.gpx import parse_gpx_file

    file, size = open_file(path, fmt)
    try:
        with file:
            return parse_gpx_file(file, path.name, size=size, tz=zone, progress=lambda read: within(read, size))
    except MemoryError:
        raise FileRejected(out_of_memory(shown_path(path), size)) from None
    except OSError as exc:
        raise FileRejected(f"cannot read {shown_path(path)}: {exc.strerror or exc}") from None


def workout_files(path: Path) -> list[Path]:
    """What to import from a path: a Strava export folder (its activities.csv), a folder of GPX/TCX/FIT
    files, or one file."""
    if path.is_dir():
        if (path / "activities.csv").is_file():
            return [path / "activities.csv"]
        return sorted(p for p in path.iterdir() if p.suffix.lower() in (".gpx", ".tcx", ".fit") and p.is_file())
    return [path]


def make_demo(path: Path, clock: Clock, *, years: int = 1) -> None:
    """A demo database at ``path`` (which must not exist yet)."""
    from studylog.db.opening import open_database
    from studylog.services import demo

    conn = open_database(path, clock)
    try:
        demo.generate(conn, clock.today(), years=years, now=clock.now())
    finally:
        conn.close()

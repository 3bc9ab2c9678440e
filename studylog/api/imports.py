"""Reading the files people import, the same way from the shell and the app: which files a path stands
for, each file read by the rules of ``studylog.io.common`` (regular files only, within its format's size
limit unless ``max_size`` says otherwise) and parsed by its importer, with file names cleaned before
anything shows them.

A file that cannot be read at all raises ``Unreadable``; one that is read but cannot be used raises
``FileRejected`` (both one sentence). Running out of memory is said as such.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from datetime import tzinfo

    from studylog.api import Database, Rows
    from studylog.domain.values import ImportedWorkout, ImportSummary, NewFeed, NewReading, Skipped
    from studylog.io.common import Parsed
    from studylog.io.markdown_list import ParsedList

WORKOUT_EXTENSIONS = {"gpx": ".gpx", "tcx": ".tcx", "fit": ".fit"}
STRAVA_LIST = "activities.csv"  # the file of a Strava export that names its activities


def workout_format(path: Path) -> str | None:
    """The format of a workout file by its name: gpx, tcx, fit, strava (a Strava export's activities.csv),
    or None."""
    if path.name.lower() == STRAVA_LIST:
        return "strava"
    fmt = path.suffix.lower().lstrip(".")
    return fmt if fmt in WORKOUT_EXTENSIONS else None


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder, never raising: a path that cannot be looked at (a name too long, a
    folder that may not be entered) is taken for a file, and reading it says why in one sentence."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def workout_files(path: Path, fmt: str | None = None) -> list[Path]:
    """The files an import of ``path`` reads: the file itself; for a Strava export folder its
    activities.csv; for another folder every file in it of the format (``fmt``; any workout format when
    None), sorted, subfolders left out (so links cannot loop). ``Unreadable`` (one sentence) when the
    folder cannot be listed."""
    from studylog.io.common import Unreadable, shown_path

    if not is_folder(path):
        return [path]
    if fmt in (None, "strava") and _is_file(path / STRAVA_LIST):
        return [path / STRAVA_LIST]
    extensions = [WORKOUT_EXTENSIONS[fmt]] if fmt in WORKOUT_EXTENSIONS else list(WORKOUT_EXTENSIONS.values())
    try:
        return sorted(p for p in path.iterdir()
                      if any(p.name.lower().endswith(ext) for ext in extensions) and not is_folder(p))
    except OSError as exc:
        raise Unreadable(f"cannot read the folder {shown_path(path)}: {exc.strerror or exc}") from None


def read_workout_file(path: Path, fmt: str | None = None, *, zone: tzinfo, sport: str | None = None,
                      max_size: int | None = None,
                      progress: Callable[[int, int], None] | None = None) -> Parsed[ImportedWorkout]:
    """One workout file read and parsed: GPX (a big one read as a stream, ``progress(bytes read, size)``
    as it goes), TCX, FIT, or a Strava export's activities.csv with the activity files it names (read
    from inside its folder only). ``fmt`` None: by the file's name. ``sport``: the sport when the file
    does not say."""
    from studylog.io.common import (
        SIZE_LIMITS,
        FileRejected,
        Unreadable,
        activity_reader,
        open_file,
        out_of_memory,
        shown_path,
    )
    from studylog.io.registry import STRAVA, WORKOUT_FORMATS

    fmt = fmt or workout_format(path)
    shown, name = shown_path(path), shown_path(path.name)
    if fmt == "strava":
        read = activity_reader(path.parent, max_size=max_size)
        return _parsed(path, "strava", max_size, lambda data: STRAVA.load()(data, name, read=read, tz=zone))
    if fmt not in WORKOUT_FORMATS:
        open_file(path, "gpx", max_size=max_size, shown=shown)[0].close()  # (missing, a pipe...: that first)
        raise FileRejected(f"{name} is not a .gpx, .tcx or .fit file")
    if fmt != "gpx":
        return _parsed(path, fmt, max_size, lambda data: WORKOUT_FORMATS[fmt].load()(data, name, sport=sport, tz=zone))
    from studylog.io.gpx import parse_gpx_file

    file, size = open_file(path, fmt, max_size=max_size, shown=shown)
    tick = (lambda done: progress(done, size)) if progress else None
    limit = max_size if max_size is not None else SIZE_LIMITS[fmt].size
    try:
        with file:  # (a file that grows past the limit while it is read is refused, as read_file does)
            return parse_gpx_file(_Bounded(file, limit, shown, fmt), name, size=size, sport=sport, tz=zone,
                                  progress=tick)
    except MemoryError:
        raise Unreadable(out_of_memory(shown, size)) from None
    except OSError as exc:
        raise Unreadable(f"cannot read {shown}: {exc.strerror or exc}") from None


def read_book_file(path: Path, fmt: str, *, max_size: int | None = None) -> Parsed[NewReading]:
    """A Goodreads or StoryGraph export: books for the reading list."""
    from studylog.io.common import shown_path
    from studylog.io.registry import BOOK_FORMATS

    parse = BOOK_FORMATS[fmt].load()
    name = shown_path(path.name)
    return _parsed(path, fmt, max_size, lambda data: parse(data, name))


def read_feed_file(path: Path, *, max_size: int | None = None) -> Parsed[NewFeed]:
    """An OPML file: subscriptions (feeds), kept apart from the reading list."""
    from studylog.io.common import shown_path
    from studylog.io.registry import OPML

    parse = OPML.load()
    name = shown_path(path.name)
    return _parsed(path, "opml", max_size, lambda data: parse(data, name))


def read_resource_list(path: Path, *, max_size: int | None = None) -> ParsedList:
    """A Markdown list of links (an awesome-list, a mentor's list, course notes)."""
    from studylog.io.common import shown_path
    from studylog.io.markdown_list import parse_markdown_list

    name = shown_path(path.name)
    return _parsed(path, "markdown", max_size, lambda data: parse_markdown_list(data, name))


def _parsed(path: Path, fmt: str, max_size: int | None, parse: Callable[[bytes], Any]) -> Any:  # noqa: ANN401
    from studylog.io.common import Unreadable, out_of_memory, read_file, shown_path

    shown = shown_path(path)
    data = read_file(path, fmt, max_size=max_size, shown=shown)
    try:
        return parse(data)
    except MemoryError:
        size = len(data)
        del data
        raise Unreadable(out_of_memory(shown, size)) from None


FILE_STEPS = 1000  # progress steps per file of a workout import (a big GPX file's share moves as it is read)


def read_workout_files(paths: list[Path], read_one: Callable[..., Parsed[ImportedWorkout]], *,
                       progress: Callable[[int, int], None] | None = None, one_named: bool = False
                       ) -> tuple[list[tuple[str, int | None, ImportedWorkout]], list[Skipped]]:
    """Every file of a workout import read with ``read_one(path, progress)`` (``read_workout_file`` with
    the front end's options): what they hold, and what was skipped, each under the file's cleaned name.
    A file that cannot be read or used is skipped with its reason; but when the person named ``one_named``
    file and it cannot be read at all, ``Unreadable`` is raised (one line, nothing imported).

    ``progress(done, total)`` counts FILE_STEPS per file (it may raise ``Cancelled``)."""
    from studylog.domain.values import Skipped
    from studylog.io.common import FileRejected, Unreadable, shown_path

    found: list[tuple[str, int | None, ImportedWorkout]] = []
    skipped: list[Skipped] = []
    total = len(paths) * FILE_STEPS
    if progress:
        progress(0, total)
    for n, path in enumerate(paths):
        def within(read: int, size: int, n: int = n) -> None:  # (bytes of this file read so far)
            if progress and size:
                progress(n * FILE_STEPS + min(FILE_STEPS - 1, read * FILE_STEPS // size), total)

        name = shown_path(path.name)
        try:
            parsed = read_one(path, within if progress else None)
        except FileRejected as exc:
            if one_named and len(paths) == 1 and isinstance(exc, Unreadable):
                raise
            skipped.append(Skipped(name, None, str(exc)))
            continue
        finally:
            if progress:
                progress((n + 1) * FILE_STEPS, total)
        found.extend((name, line, item) for line, item in parsed.items)
        skipped.extend(parsed.skipped)
    return found, skipped


def import_label(paths: list[Path]) -> str:
    """What an import of these files is called in its summary: the file's cleaned name, or "3 files"."""
    from studylog.io.common import shown_path

    return shown_path(paths[0].name) if len(paths) == 1 else f"{len(paths)} files"


# ------------------------------------------------------------------------- storing what the files held
# Each ``store_*`` writes what a ``read_*`` gave in one transaction, ``progress(rows stored)`` as it goes
# (it may raise Cancelled: nothing of the import stays); the summary says what was added, already there,
# filled in and skipped.

def store_workouts(db: Database, label: str, found: list[tuple[str, int | None, ImportedWorkout]],
                   skipped: list[Skipped], *, progress: Rows | None = None) -> ImportSummary:
    from studylog.services import workouts

    with db.connection() as conn:
        return workouts.import_workouts(conn, label, found, skipped, now=db.clock.now(), today=db.clock.today(),
                                        progress=progress)


def store_books(db: Database, name: str, parsed: Parsed[NewReading], *, progress: Rows | None = None
                ) -> ImportSummary:
    from studylog.services import reading

    with db.connection() as conn:
        return reading.import_items(conn, name, parsed.items, parsed.skipped, now=db.clock.now(),
                                    today=db.clock.today(), progress=progress)


def store_feeds(db: Database, name: str, parsed: Parsed[NewFeed], *, progress: Rows | None = None
                ) -> ImportSummary:
    from studylog.services import feeds

    with db.connection() as conn:
        return feeds.import_feeds(conn, name, parsed.items, parsed.skipped, now=db.clock.now(),
                                  today=db.clock.today(), progress=progress)


def store_resource_list(db: Database, parsed: ParsedList, *, file: str, name: str, curator: str | None = None,
                        progress: Rows | None = None, take_progress: bool = False) -> ImportSummary:
    """A list read by read_resource_list, stored as the list ``name``. The statuses (and days) a progress
    export gives become the importer's for a list new to them; ``take_progress`` (``res import --progress``)
    takes them for every item, overwriting the statuses of resources already there (see
    services.resources.import_list)."""
    from studylog.services import resources

    with db.connection() as conn:
        return resources.import_list(conn, parsed, file=file, name=name, curator=curator, now=db.clock.now(),
                                     today=db.clock.today(), progress=progress, take_progress=take_progress)


# -------------------------------------------------------------------------- a file, read and stored
# What the app runs as one job (and the shell runs in two steps, to show each its own progress):
# ``progress(done, total)``, which may raise Cancelled.

def _rows(progress: Callable[[int, int], None] | None, total: int) -> Rows | None:
    """Rows stored (``progress(n)``) reported as ``progress(n, total)``."""
    if progress is None:
        return None
    progress(0, total)
    return lambda n: progress(n, total)


def import_workout_files(db: Database, paths: list[Path], *, progress: Callable[[int, int], None] | None = None
                         ) -> ImportSummary:
    """GPX, TCX and FIT files (by extension); a Strava export's activities.csv. A file that cannot be read
    (not a regular file, too big, out of memory) or used is skipped with its reason.

    ``progress(done, total)`` counts ``FILE_STEPS`` per file, a big GPX file's share advancing with the
    bytes read; while the workouts are stored it is called with (total, total)."""
    zone = db.clock.zone()
    found, skipped = read_workout_files(
        paths, lambda path, within: read_workout_file(path, zone=zone, progress=within), progress=progress)
    total = len(paths) * FILE_STEPS
    storing = (lambda _n: progress(total, total)) if progress else None
    return store_workouts(db, import_label(paths), found, skipped, progress=storing)


def import_reading_file(db: Database, path: Path, fmt: str, *,
                        progress: Callable[[int, int], None] | None = None) -> ImportSummary:
    """A Goodreads or StoryGraph CSV into the reading list, or an OPML file into the feeds (subscriptions
    are not reading)."""
    from studylog.io.common import shown_path

    name = shown_path(path.name)
    if fmt == "opml":
        feeds = read_feed_file(path)
        return store_feeds(db, name, feeds, progress=_rows(progress, len(feeds.items)))
    books = read_book_file(path, fmt)
    return store_books(db, name, books, progress=_rows(progress, len(books.items)))


def import_resource_file(db: Database, path: Path, *, curator: str | None = None,
                         progress: Callable[[int, int], None] | None = None,
                         take_progress: bool = False) -> ImportSummary:
    """A Markdown list of links stored as a resource list named by its title (or its file's name)."""
    from studylog.io.common import shown_path

    parsed = read_resource_list(path)
    return store_resource_list(db, parsed, file=shown_path(path.name), name=parsed.title or path.stem,
                               curator=curator, progress=_rows(progress, len(parsed.entries)),
                               take_progress=take_progress)


class _Bounded:
    """A file read no further than ``limit`` bytes: one more is ``Unreadable`` (too big), so a file that
    grows while it is read cannot get past the size limit it was opened under."""

    def __init__(self, file: BinaryIO, limit: int, shown: str, fmt: str) -> None:
        self._file, self._limit, self._shown, self._fmt = file, limit, shown, fmt
        self._done = 0

    def read(self, size: int = -1) -> bytes:
        from studylog.io.common import Unreadable, too_big

        room = self._limit + 1 - self._done
        data = self._file.read(room if size is None or size < 0 else min(size, room))
        self._done += len(data)
        if self._done > self._limit:
            raise Unreadable(too_big(self._shown, self._done, self._fmt, self._limit))
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self._file.seek(offset, whence)
        self._done = position
        return position

    def tell(self) -> int:
        return self._file.tell()

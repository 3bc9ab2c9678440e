"""import: history from other apps (Goodreads, StoryGraph, OPML feed lists, Strava, GPX/TCX/FIT files)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.api.imports import WORKOUT_EXTENSIONS
from studylog.cli import EXIT_OK, Context, UserError
from studylog.cli.files import (
    BIG_BATCH,
    BIG_FILE,
    add_max_size,
    file_size,
    print_summary,
    progress_bar,
    progress_status,
    refused_whole,
)
from studylog.domain.values import SPORTS

if TYPE_CHECKING:
    from studylog.domain.values import ImportedWorkout
    from studylog.io.common import Parsed

MANY_FILES = 20



def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    from studylog.io.registry import READING_FORMATS, STRAVA, WORKOUT_FORMATS

    imp = commands.add_parser(
        "import",
        help="import history: goodreads, storygraph, opml, strava, gpx, tcx, fit; json (a studylog export)",
        description="Import files from other apps. Importing the same file again adds nothing.")
    formats = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for fmt, importer in READING_FORMATS.items():
        one = formats.add_parser(fmt, help=importer.describes)
        one.add_argument("file", type=Path)
        one.add_argument("--json", action="store_true", help="print the summary as JSON")
        add_max_size(one, fmt)
    for fmt, workout_importer in WORKOUT_FORMATS.items():
        one = formats.add_parser(fmt, help=workout_importer.describes)
        one.add_argument("files", type=Path, nargs="+", metavar="FILE",
                         help=f"{fmt.upper()} files, or folders: every {WORKOUT_EXTENSIONS[fmt]} file in them")
        one.add_argument("--sport", choices=SPORTS, help="the sport when the file does not say (default: run; "
                                                          "TCX 'Other' activities such as pool swims: other)")
        one.add_argument("--json", action="store_true", help="print the summary as JSON")
        add_max_size(one, fmt, what="each file")
    strava = formats.add_parser("strava", help=STRAVA.describes)
    strava.add_argument("export", type=Path, metavar="EXPORT", help="the unzipped export folder or its activities.csv")
    strava.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_max_size(strava, "strava", what="the CSV and its activity files")
    from studylog.cli.transfer import register_import

    register_import(formats)
    add_max_size(formats.choices["json"], "json")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.io.registry import READING_FORMATS

    if args.format == "opml":
        return cmd_import_opml(ctx, args)
    if args.format in READING_FORMATS:
        return cmd_import_reading(ctx, args)
    if args.format == "strava":
        return cmd_import_strava(ctx, args)
    if args.format == "json":
        from studylog.cli.transfer import cmd_import_json

        return cmd_import_json(ctx, args)
    return cmd_import_workouts(ctx, args)


# ---------------------------------------------------------------------------------------------- helpers


# -------------------------------------------------------------------------------------- reading history

def cmd_import_reading(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api.imports import read_book_file, store_books
    from studylog.io.common import shown_path

    name = shown_path(args.file.name)  # (OPML files go to cmd_import_opml)
    with refused_whole(), progress_status(f"Reading {name}", big=file_size(args.file) >= BIG_FILE):
        parsed = read_book_file(args.file, args.format, max_size=args.max_size)
    with progress_bar(f"Storing {name}", len(parsed.items), big=len(parsed.items) >= BIG_BATCH) as tick:
        summary = store_books(ctx, name, parsed, progress=tick)
    print_summary(summary, args.format, args.json)
    return EXIT_OK


# ------------------------------------------------------------------------------------- feeds (OPML files)

def cmd_import_opml(ctx: Context, args: argparse.Namespace) -> int:
    """Subscriptions, a kind of their own: into ``feed``, never onto the reading list."""
    from studylog.api.imports import read_feed_file, store_feeds
    from studylog.io.common import shown_path

    name = shown_path(args.file.name)
    with refused_whole(), progress_status(f"Reading {name}", big=file_size(args.file) >= BIG_FILE):
        parsed = read_feed_file(args.file, max_size=args.max_size)
    with progress_bar(f"Storing {name}", len(parsed.items), big=len(parsed.items) >= BIG_BATCH) as tick:
        summary = store_feeds(ctx, name, parsed, progress=tick)
    print_summary(summary, "opml", args.json, noun="feed")
    if not args.json and summary.added:
        print("Feeds are kept apart from the reading list: studylog feeds lists them.")
    return EXIT_OK


# --------------------------------------------------------------------------------------------- workouts

def cmd_import_workouts(ctx: Context, args: argparse.Namespace) -> int:
    """Each file on its own: a file that cannot be read is skipped with its reason, the others import.

    A folder stands for every file of the format inside it (not in its subfolders). When the command
    names one file and it cannot be read at all (no such file, not a regular file, too big, out of
    memory), that is one line and exit status 1; a file that is read but is not a usable workout is a
    skipped line of the summary, as it is among several."""
    from studylog.api.imports import import_label, is_folder, read_workout_files, store_workouts
    from studylog.io.common import Unreadable

    zone = ctx.clock.zone()
    paths = _workout_paths(args.files, args.format)
    many = len(paths) >= MANY_FILES

    def read_one(path: Path, _within: object) -> Parsed[ImportedWorkout]:
        return _read_showing_progress(path, args.format, sport=args.sport, tz=zone, max_size=args.max_size,
                                 show_progress=not many)

    with progress_bar(f"Reading {len(paths)} files", len(paths), big=many) as tick:
        try:
            found, skipped = read_workout_files(
                paths, read_one, one_named=len(args.files) == 1 and not is_folder(args.files[0]),
                progress=(lambda done, total: tick(done * len(paths) // max(total, 1))) if tick else None)
        except Unreadable as exc:
            raise UserError(str(exc)) from None
    summary = store_workouts(ctx, import_label(paths), found, skipped)
    print_summary(summary, args.format, args.json)
    return EXIT_OK


def _workout_paths(named: list[Path], fmt: str) -> list[Path]:
    """The files a workout import reads: each file named, and for a folder every file in it whose name
    ends in the format's extension (studylog.api.imports.workout_files). A folder without any is one line
    (UserError)."""
    from studylog.api.imports import is_folder, workout_files
    from studylog.io.common import Unreadable, shown_path

    extension = WORKOUT_EXTENSIONS[fmt]
    paths: list[Path] = []
    for path in named:
        if not is_folder(path):
            paths.append(path)
            continue
        try:
            inside = workout_files(path, fmt)
        except Unreadable as exc:
            raise UserError(str(exc)) from None
        if not inside and len(named) == 1:
            raise UserError(f"{shown_path(path)} is a folder without {extension} files; nothing was imported")
        paths.extend(inside)
    return paths


def _read_showing_progress(path: Path, fmt: str, *, sport: str | None, tz: Any, max_size: int | None,
                      show_progress: bool) -> Parsed[ImportedWorkout]:
    """One workout file read and parsed by the application layer (``Unreadable`` when it cannot be read
    at all, ``FileRejected`` when it is not a usable workout), with a progress bar on a terminal while a
    big GPX file is read as a stream (a spinner while gpxpy reads a smaller big one)."""
    from studylog.api.imports import read_workout_file as read
    from studylog.io.common import shown_path
    from studylog.io.gpx import STREAM_ABOVE

    if fmt != "gpx":
        return read(path, fmt, zone=tz, sport=sport, max_size=max_size)
    size, message = file_size(path), f"Reading {shown_path(path.name)}"
    with progress_bar(message, size, big=show_progress and size > STREAM_ABOVE) as tick, \
            progress_status(message, big=show_progress and BIG_FILE <= size <= STREAM_ABOVE):
        return read(path, "gpx", zone=tz, sport=sport, max_size=max_size,
                    progress=(lambda done, _size: tick(done)) if tick else None)



def cmd_import_strava(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api.imports import STRAVA_LIST, is_folder, store_workouts
    from studylog.api.imports import read_workout_file as read
    from studylog.io.common import shown_path

    export = args.export
    csv_path = export / STRAVA_LIST if is_folder(export) else export
    name = shown_path(csv_path.name)
    with refused_whole(), progress_status(f"Reading {name} and its activity files", big=True):
        parsed = read(csv_path, "strava", zone=ctx.clock.zone(), max_size=args.max_size)
    summary = store_workouts(ctx, name, [(name, line, item) for line, item in parsed.items], list(parsed.skipped))
    print_summary(summary, "strava", args.json)
    return EXIT_OK

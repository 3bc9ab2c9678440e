"""import: history from other apps (Goodreads, StoryGraph, OPML feed lists, Strava, GPX/TCX/FIT files)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.cli import EXIT_OK, Context, UserError
from studylog.cli.files import (
    BIG_BATCH,
    BIG_FILE,
    add_max_size,
    out_of_memory,
    print_summary,
    progress_bar,
    progress_status,
    read_file,
)
from studylog.domain.values import SPORTS

if TYPE_CHECKING:
    from studylog.domain.values import ImportedWorkout
    from studylog.io.common import Parsed

MANY_FILES = 20
WORKOUT_EXTENSIONS = {"gpx": ".gpx", "tcx": ".tcx", "fit": ".fit"}



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
    from studylog.io.common import FileRejected, shown_path
    from studylog.io.registry import BOOK_FORMATS
    from studylog.services import reading

    parse = BOOK_FORMATS[args.format].load()  # (OPML files go to cmd_import_opml)
    data = read_file(args.file, args.format, args.max_size)
    name = shown_path(args.file.name)
    try:
        with progress_status(f"Reading {name}", big=len(data) >= BIG_FILE):
            parsed = parse(data, name)
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None
    except MemoryError:
        del data
        raise out_of_memory(args.file) from None
    conn = ctx.connect()
    try:
        with progress_bar(f"Storing {name}", len(parsed.items), big=len(parsed.items) >= BIG_BATCH) as tick:
            summary = reading.import_items(conn, name, parsed.items, parsed.skipped,
                                           now=ctx.clock.now(), today=ctx.today, progress=tick)
    finally:
        conn.close()
    print_summary(summary, args.format, args.json)
    return EXIT_OK


# ------------------------------------------------------------------------------------- feeds (OPML files)

def cmd_import_opml(ctx: Context, args: argparse.Namespace) -> int:
    """Subscriptions, a kind of their own: into ``feed``, never onto the reading list."""
    from studylog.io.common import FileRejected, shown_path
    from studylog.io.opml import parse_opml
    from studylog.services import feeds

    data = read_file(args.file, "opml", args.max_size)
    name = shown_path(args.file.name)
    try:
        with progress_status(f"Reading {name}", big=len(data) >= BIG_FILE):
            parsed = parse_opml(data, name)
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None
    except MemoryError:
        del data
        raise out_of_memory(args.file) from None
    conn = ctx.connect()
    try:
        with progress_bar(f"Storing {name}", len(parsed.items), big=len(parsed.items) >= BIG_BATCH) as tick:
            summary = feeds.import_feeds(conn, name, parsed.items, parsed.skipped, now=ctx.clock.now(),
                                         today=ctx.today, progress=tick)
    finally:
        conn.close()
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
    from studylog.domain.values import Skipped
    from studylog.io.common import FileRejected, Unreadable, shown_path
    from studylog.services import workouts

    zone = ctx.clock.zone()
    paths = _workout_paths(args.files, args.format)
    found: list[tuple[str, int | None, ImportedWorkout]] = []
    skipped: list[Skipped] = []
    many = len(paths) >= MANY_FILES
    with progress_bar(f"Reading {len(paths)} files", len(paths), big=many) as tick:
        for n, path in enumerate(paths, 1):
            if tick:
                tick(n)
            name = shown_path(path.name)
            try:
                parsed = read_workout_file(path, args.format, sport=args.sport, tz=zone, max_size=args.max_size,
                                           show_progress=not many)
            except FileRejected as exc:
                if isinstance(exc, Unreadable) and len(args.files) == 1 and len(paths) == 1:
                    raise UserError(str(exc)) from None
                skipped.append(Skipped(name, None, str(exc)))
                continue
            found.extend((name, line, item) for line, item in parsed.items)
            skipped.extend(parsed.skipped)
    label = shown_path(paths[0].name) if len(paths) == 1 else f"{len(paths)} files"
    conn = ctx.connect()
    try:
        summary = workouts.import_workouts(conn, label, found, skipped, now=ctx.clock.now(), today=ctx.today)
    finally:
        conn.close()
    print_summary(summary, args.format, args.json)
    return EXIT_OK


def _workout_paths(named: list[Path], fmt: str) -> list[Path]:
    """The files a workout import reads: each file named, and for a folder every file in it whose name
    ends in the format's extension (sorted; subfolders are not searched, so links cannot loop). A folder
    without any is one line (UserError)."""
    from studylog.io.common import shown_path

    extension = WORKOUT_EXTENSIONS[fmt]
    paths: list[Path] = []
    for path in named:
        if not path.is_dir():
            paths.append(path)
            continue
        try:
            inside = sorted(p for p in path.iterdir() if p.name.lower().endswith(extension) and not p.is_dir())
        except OSError as exc:
            raise UserError(f"cannot read the folder {shown_path(path)}: {exc.strerror or exc}") from None
        if not inside and len(named) == 1:
            raise UserError(f"{shown_path(path)} is a folder without {extension} files; nothing was imported")
        paths.extend(inside)
    return paths


def read_workout_file(path: Path, fmt: str, *, sport: str | None, tz: Any, max_size: int | None,
                      show_progress: bool) -> Parsed[ImportedWorkout]:
    """One workout file read and parsed (``Unreadable`` when it cannot be read at all, ``FileRejected``
    when it is not a usable workout). A big GPX file is read as a stream, with a progress bar on a
    terminal; running out of memory is said as such."""
    from studylog.io.common import Unreadable, open_file, out_of_memory, read_file, shown_path
    from studylog.io.registry import WORKOUT_FORMATS

    shown, name = shown_path(path), shown_path(path.name)
    if fmt != "gpx":
        data = read_file(path, fmt, max_size=max_size, shown=shown)
        try:
            return WORKOUT_FORMATS[fmt].load()(data, name, sport=sport, tz=tz)
        except MemoryError:
            raise Unreadable(out_of_memory(shown, len(data))) from None
    from studylog.io.gpx import STREAM_ABOVE, parse_gpx_file

    file, size = open_file(path, fmt, max_size=max_size, shown=shown)
    message = f"Reading {name}"
    try:  # (a stream says how far it has got: a bar; gpxpy does not: a spinner)
        with file, progress_bar(message, size, big=show_progress and size > STREAM_ABOVE) as tick, \
                progress_status(message, big=show_progress and BIG_FILE <= size <= STREAM_ABOVE):
            return parse_gpx_file(file, name, size=size, sport=sport, tz=tz, progress=tick)
    except MemoryError:
        raise Unreadable(out_of_memory(shown, size)) from None
    except OSError as exc:
        raise Unreadable(f"cannot read {shown}: {exc.strerror or exc}") from None


def cmd_import_strava(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.io.common import FileRejected, activity_reader, shown_path
    from studylog.io.registry import STRAVA
    from studylog.services import workouts

    export = args.export
    csv_path = export / "activities.csv" if export.is_dir() else export
    data = read_file(csv_path, "strava", args.max_size)
    read = activity_reader(csv_path.parent, max_size=args.max_size)
    name = shown_path(csv_path.name)
    try:
        with progress_status(f"Reading {name} and its activity files", big=True):
            parsed = STRAVA.load()(data, name, read=read, tz=ctx.clock.zone())
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None
    except MemoryError:
        del data
        raise out_of_memory(csv_path) from None
    conn = ctx.connect()
    try:
        summary = workouts.import_workouts(conn, name, [(name, line, item) for line, item in parsed.items],
                                           parsed.skipped, now=ctx.clock.now(), today=ctx.today)
    finally:
        conn.close()
    print_summary(summary, "strava", args.json)
    return EXIT_OK

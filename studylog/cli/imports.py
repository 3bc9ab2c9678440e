"""import: history from other apps (Goodreads, StoryGraph, OPML feed lists, Strava, GPX/TCX/FIT files)."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.cli import EXIT_OK, Context, UserError, print_json
from studylog.domain.values import SPORTS

if TYPE_CHECKING:
    from studylog.domain.values import ImportSummary

MAX_LINES_SHOWN = 20
BIG_FILE = 2_000_000  # bytes: smaller files are read before a spinner would help
BIG_BATCH = 5_000  # items: fewer are stored before a progress bar would help
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
    for fmt, importer in WORKOUT_FORMATS.items():
        one = formats.add_parser(fmt, help=importer.describes)
        one.add_argument("files", type=Path, nargs="+", metavar="FILE")
        one.add_argument("--sport", choices=SPORTS, help="the sport when the file does not say (default: run; "
                                                          "TCX 'Other' activities such as pool swims: other)")
        one.add_argument("--json", action="store_true", help="print the summary as JSON")
    strava = formats.add_parser("strava", help=STRAVA.describes)
    strava.add_argument("export", type=Path, metavar="EXPORT", help="the unzipped export folder or its activities.csv")
    strava.add_argument("--json", action="store_true", help="print the summary as JSON")
    from studylog.cli.transfer import register_import

    register_import(formats)


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

def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


def print_summary(summary: ImportSummary, what: str, as_json: bool = False, *, noun: str | None = None) -> None:
    """``noun`` names what was added ("feed": "1 feed added", "12 feeds added")."""
    if as_json:
        print_json(summary)
        return
    updated = f" ({summary.updated} updated)" if summary.updated else ""
    added = f"{summary.added} {noun}{'' if summary.added == 1 else 's'}" if noun else f"{summary.added}"
    print(f"Imported {summary.file} ({what}): {added} added, {summary.already} already there{updated}, "
          f"{len(summary.skipped)} skipped")
    for label, rows in (("skipped", summary.skipped), ("note", summary.notes)):
        for row in rows[:MAX_LINES_SHOWN]:
            where = f"{row.file}:{row.line}" if row.line else row.file
            print(f"  {label} {where}: {row.reason}")
        if len(rows) > MAX_LINES_SHOWN:
            print(f"  ... and {len(rows) - MAX_LINES_SHOWN} more (--json lists them all)")


def progress_status(message: str, *, big: bool) -> Any:
    """A spinner on stderr while a big file is read (only when stderr is a terminal)."""
    if not big or not sys.stderr.isatty():
        return nullcontext()
    from studylog import render

    return render.spinner(message)


def progress_bar(message: str, total: int, *, big: bool) -> Any:
    """A progress bar on stderr while many items are stored; gives a callback taking the count done."""
    if not big or not sys.stderr.isatty():
        return nullcontext(None)
    from studylog import render

    return render.progress(message, total)


# -------------------------------------------------------------------------------------- reading history

def cmd_import_reading(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.io.common import FileRejected
    from studylog.io.registry import READING_FORMATS
    from studylog.services import reading

    parse = READING_FORMATS[args.format].load()
    data = read_file(args.file)
    try:
        with progress_status(f"Reading {args.file.name}", big=len(data) >= BIG_FILE):
            parsed = parse(data, args.file.name)
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None
    conn = ctx.connect()
    try:
        with progress_bar(f"Storing {args.file.name}", len(parsed.items), big=len(parsed.items) >= BIG_BATCH) as tick:
            summary = reading.import_items(conn, args.file.name, parsed.items, parsed.skipped,
                                           now=ctx.clock.now(), today=ctx.today, progress=tick)
    finally:
        conn.close()
    print_summary(summary, args.format, args.json)
    return EXIT_OK


# ------------------------------------------------------------------------------------- feeds (OPML files)

def cmd_import_opml(ctx: Context, args: argparse.Namespace) -> int:
    """Subscriptions, a kind of their own: into ``feed``, never onto the reading list."""
    from studylog.io.common import FileRejected
    from studylog.io.opml import parse_opml
    from studylog.services import feeds

    data = read_file(args.file)
    try:
        with progress_status(f"Reading {args.file.name}", big=len(data) >= BIG_FILE):
            parsed = parse_opml(data, args.file.name)
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None
    conn = ctx.connect()
    try:
        with progress_bar(f"Storing {args.file.name}", len(parsed.items), big=len(parsed.items) >= BIG_BATCH) as tick:
            summary = feeds.import_feeds(conn, args.file.name, parsed.items, parsed.skipped, now=ctx.clock.now(),
                                         today=ctx.today, progress=tick)
    finally:
        conn.close()
    print_summary(summary, "opml", args.json, noun="feed")
    if not args.json and summary.added:
        print("Feeds are kept apart from the reading list: studylog feeds lists them.")
    return EXIT_OK


# --------------------------------------------------------------------------------------------- workouts

def cmd_import_workouts(ctx: Context, args: argparse.Namespace) -> int:
    """Each file on its own: a file that cannot be read is skipped with its reason, the others import."""
    from studylog.domain.values import Skipped
    from studylog.io.common import FileRejected
    from studylog.io.registry import WORKOUT_FORMATS
    from studylog.services import workouts

    parse = WORKOUT_FORMATS[args.format].load()
    zone = ctx.clock.zone()
    found: list[tuple[str, int | None, Any]] = []
    skipped: list[Skipped] = []
    with progress_bar(f"Reading {len(args.files)} files", len(args.files), big=len(args.files) >= MANY_FILES) as tick:
        for n, path in enumerate(args.files, 1):
            if tick:
                tick(n)
            try:
                parsed = parse(path.read_bytes(), path.name, sport=args.sport, tz=zone)
            except FileRejected as exc:
                skipped.append(Skipped(path.name, None, str(exc)))
                continue
            except OSError as exc:
                skipped.append(Skipped(path.name, None, f"cannot read it: {exc.strerror or exc}"))
                continue
            found.extend((path.name, line, item) for line, item in parsed.items)
            skipped.extend(parsed.skipped)
    label = args.files[0].name if len(args.files) == 1 else f"{len(args.files)} files"
    conn = ctx.connect()
    try:
        summary = workouts.import_workouts(conn, label, found, skipped, now=ctx.clock.now(), today=ctx.today)
    finally:
        conn.close()
    print_summary(summary, args.format, args.json)
    return EXIT_OK


def cmd_import_strava(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.io.common import FileRejected
    from studylog.io.registry import STRAVA
    from studylog.services import workouts

    export = args.export
    csv_path = export / "activities.csv" if export.is_dir() else export
    base = csv_path.parent.resolve()
    data = read_file(csv_path)

    def read(relative: str) -> bytes | None:
        """A file the CSV names, only from inside the export folder."""
        target = (base / relative).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        try:
            return target.read_bytes()
        except OSError:
            return None

    try:
        with progress_status(f"Reading {csv_path.name} and its activity files", big=True):
            parsed = STRAVA.load()(data, csv_path.name, read=read, tz=ctx.clock.zone())
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None
    conn = ctx.connect()
    try:
        summary = workouts.import_workouts(conn, csv_path.name, [(csv_path.name, line, item)
                                                                 for line, item in parsed.items],
                                           parsed.skipped, now=ctx.clock.now(), today=ctx.today)
    finally:
        conn.close()
    print_summary(summary, "strava", args.json)
    return EXIT_OK

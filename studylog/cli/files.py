"""Files named on the command line: reading them (regular files within a size limit, --max-size past
it), writing outputs (-o: never over studylog's own files, atomically), and what the shell shows while a
big one is read or stored (a spinner, a progress bar, the summary of an import)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.cli import EXIT_USAGE, UserError, print_json

if TYPE_CHECKING:
    from studylog.domain.values import ImportSummary


MAX_LINES_SHOWN = 20


BIG_FILE = 2_000_000  # bytes: smaller files are read before a spinner would help


BIG_BATCH = 5_000  # items: fewer are stored before a progress bar would help


def size_arg(text: str) -> int:
    """--max-size: '1GB', '500MB', '2000000' (bytes)."""
    from studylog.io.common import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_max_size(parser: argparse.ArgumentParser, fmt: str, *, what: str = "the file") -> None:
    """The --max-size option of an import command reading ``fmt`` files (their limit said in the help)."""
    from studylog.io.common import SIZE_LIMITS, size_text

    limit = SIZE_LIMITS[fmt]
    parser.add_argument("--max-size", type=size_arg, metavar="SIZE",
                        help=f"read {what} even if it is bigger than studylog reads from {limit.what} "
                             f"({size_text(limit.size)}), up to SIZE (such as 1GB)")


def read_file(path: Path, fmt: str, max_size: int | None = None) -> bytes:
    """The bytes of a file named on the command line: only a regular file (a pipe, a device, a folder or
    a socket is refused without waiting on it), within the size limit of its format (``fmt``, a key of
    ``studylog.io.common.SIZE_LIMITS``) unless ``max_size`` (--max-size) says otherwise. Any problem is
    one line (UserError)."""
    from studylog.io.common import FileRejected
    from studylog.io.common import read_file as read_regular

    try:
        return read_regular(path, fmt, max_size=max_size)
    except FileRejected as exc:
        raise UserError(str(exc)) from None


def out_of_memory(path: Path) -> UserError:
    """MemoryError while a file was read or parsed, said as such (one line)."""
    from studylog.io.common import out_of_memory as message
    from studylog.io.common import shown_path

    try:
        size: int | None = path.stat().st_size
    except (OSError, ValueError):
        size = None
    return UserError(message(shown_path(path), size))


def print_summary(summary: ImportSummary, what: str, as_json: bool = False, *, noun: str | None = None) -> None:
    """``noun`` names what was added ("feed": "1 feed added", "12 feeds added")."""
    if as_json:
        print_json(summary)
        return
    updated = f" ({summary.updated:,} updated)" if summary.updated else ""
    added = f"{summary.added:,} {noun}{'' if summary.added == 1 else 's'}" if noun else f"{summary.added:,}"
    print(f"Imported {summary.file} ({what}): {added} added, {summary.already:,} already there{updated}, "
          f"{len(summary.skipped):,} skipped")
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
    from studylog.cli import render

    return render.spinner(message)


def progress_bar(message: str, total: int, *, big: bool) -> Any:
    """A progress bar on stderr while many items are stored; gives a callback taking the count done."""
    if not big or not sys.stderr.isatty():
        return nullcontext(None)
    from studylog.cli import render

    return render.progress(message, total)


def output_file(output: Path, suggested: str, *, force: bool, locations: Any = None) -> Path:
    """Where ``-o`` writes: the file given, or, for a folder, a file in it named after what is exported
    (made safe: a list called "../../x" still lands inside the folder). Refuses to overwrite without --force,
    and refuses studylog's own files (the database, its journal, a backup, the settings) even with it."""
    import os

    from studylog.io.common import shown_path
    from studylog.text import safe_filename

    if not str(output).strip():
        raise UserError("-o needs a file name, e.g. -o review.md", EXIT_USAGE)
    if output.is_dir():
        stem, dot, suffix = suggested.rpartition(".")
        output = output / (safe_filename(stem) + (dot + suffix if dot else ""))
    if output.is_symlink():  # a link: what it points to is the file written (the link stays a link)
        output = Path(os.path.realpath(output))
    if locations is not None and (why := locations.protected(output)):
        raise UserError(f"will not write there: {why}", EXIT_USAGE)
    if output.exists() and not output.is_file():  # a device, a pipe, a socket: never replaced by a file
        raise UserError(f"{shown_path(output)} is not a regular file; give a file name, e.g. -o review.md",
                        EXIT_USAGE)
    if output.exists() and not force:
        raise UserError(f"{shown_path(output)} exists; add --force to overwrite it", EXIT_USAGE)
    return output


def write_atomically(path: Path, content: str) -> None:
    """Write beside the target, then rename: a failure never leaves half a file."""
    from studylog.atomic import write_atomically as write

    try:
        write(path, content)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def file_size(path: Path) -> int:
    """A file's size before it is read (0 when it cannot be looked at: reading it will say why)."""
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


@contextmanager
def refused_whole() -> Iterator[None]:
    """A file that cannot be read, or not used, as one line: "...; nothing was imported" for the second."""
    from studylog.io.common import FileRejected, Unreadable

    try:
        yield
    except Unreadable as exc:
        raise UserError(str(exc)) from None
    except FileRejected as exc:
        raise UserError(f"{exc}; nothing was imported") from None

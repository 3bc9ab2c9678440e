"""What every importer shares: reading only regular files within a size limit, refusing files that are not
what they claim, and decoding text."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from typing import BinaryIO, Generic, NamedTuple, TypeVar

from studylog.domain.values import Skipped

BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive", b"SQLite format 3": "a SQLite database",
}


class FileRejected(ValueError):
    """The whole file cannot be imported; the message says why in one sentence."""


class Unreadable(FileRejected):
    """The file could not be read at all: no such file, not a regular file, over the size limit, out of
    memory. (A file that was read but is not what it claims is a plain ``FileRejected``.)"""


def refuse_binary(data: bytes, name: str, what: str) -> None:
    """Refuse an empty file, and one that is an image, an archive, a PDF... rather than ``what``."""
    if not data.strip():
        raise FileRejected(f"{name} is empty")
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise FileRejected(f"{name} is {kind}, not {what}")


def decode_text(data: bytes, name: str, what: str) -> str:
    """The file as text: UTF-8 (a byte-order mark is dropped), refusing empty and binary files."""
    refuse_binary(data, name, what)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(f"{name} is UTF-16 text; save it as UTF-8 and import it again")
    if b"\x00" in data[:4096]:
        raise FileRejected(f"{name} holds binary data, not {what}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                           f"save it as UTF-8 and import it again") from None
    return text


Item = TypeVar("Item", covariant=True)  # what an importer reads: NewReading, NewFeed, ImportedWorkout


class Parsed(NamedTuple, Generic[Item]):
    """What an importer found: (line number, value) pairs it can use, and what it skipped."""

    items: tuple[tuple[int | None, Item], ...]
    skipped: tuple[Skipped, ...]


# ---------------------------------------------------------------------------- reading the files people name

MB = 1_000_000


class Limit(NamedTuple):
    """How big a file of one format studylog reads, and what the format is called in messages."""

    what: str
    size: int


# Far above any real export (a decade of heavy use exports 10 MB of JSON; a Goodreads library of 10,000
# books is 5 MB; a week-long ride recorded every second is 200 MB of GPX), low enough that a wrong file
# (a disk image, a video) is refused before it is read. ``--max-size`` reads past them.
SIZE_LIMITS: dict[str, Limit] = {
    "goodreads": Limit("a Goodreads export", 200 * MB),
    "storygraph": Limit("a StoryGraph export", 200 * MB),
    "strava": Limit("a Strava activities.csv", 200 * MB),
    "opml": Limit("an OPML file", 50 * MB),
    "markdown": Limit("a Markdown list", 50 * MB),
    "gpx": Limit("a GPX file", 500 * MB),  # read as a stream above studylog.io.gpx.STREAM_ABOVE
    "tcx": Limit("a TCX file", 200 * MB),  # read whole: about ten times its size in memory
    "fit": Limit("a FIT file", 100 * MB),
    "json": Limit("a studylog export", 200 * MB),
}
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": MB, "mb": MB, "g": 1000 * MB, "gb": 1000 * MB,
          "t": 10**12, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def size_text(size: int) -> str:
    """A size as people read it: '612 MB', '1.5 GB', '12 KB', '300 bytes' (powers of 1000)."""
    for unit, scale in (("GB", 1000 * MB), ("MB", MB), ("KB", 1000)):
        if size >= scale:
            value = size / scale
            return f"{value:,.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{size} byte{'' if size == 1 else 's'}"


def parse_size(text: str) -> int:
    """'1GB', '500 MB', '1.5g', '64KiB', '2000000' -> bytes; ValueError (a sentence) for anything else."""
    import re

    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([A-Za-z]*)\s*", text)
    unit = match[2].lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size: write it like 500MB or 2GB")
    number = float(match[1]) * _UNITS[unit]
    if not number < 2**63:  # (400 digits: float infinity, no integer)
        raise ValueError(f"{text[:40]!r} is not a size studylog can use: write it like 500MB or 2GB")
    size = int(number)
    if size <= 0:
        raise ValueError(f"{text!r} is no size at all: write it like 500MB or 2GB")
    return size


def _suggested(size: int) -> str:
    """A round --max-size at least ``size``: 612 MB -> '1GB', 250 MB -> '500MB'."""
    scale = 1000
    while True:
        for step in (1, 2, 5):
            if step * scale >= size:
                value = step * scale
                for unit, unit_scale in (("TB", 10**12), ("GB", 10**9), ("MB", MB), ("KB", 1000)):
                    if value >= unit_scale:
                        return f"{value // unit_scale}{unit}"
        scale *= 10


def too_big(shown: str, size: int, fmt: str, limit: int) -> str:
    """The refusal of a file over its format's limit, with the way past it."""
    what = SIZE_LIMITS[fmt].what if fmt in SIZE_LIMITS else "one file"
    return (f"{shown} is {size_text(size)}, more than studylog reads from {what} ({size_text(limit)}); "
            f"--max-size {_suggested(size)} reads it anyway")


def out_of_memory(shown: str, size: int | None) -> str:
    """What to say when reading a file used up the memory (MemoryError), not "not well-formed"."""
    return f"ran out of memory reading {shown}" + (f" ({size_text(size)})" if size else "")


def shown_path(path: os.PathLike[str] | str) -> str:
    """A path as it may be printed: control characters and escape sequences removed, and bytes that are
    not UTF-8 (kept by Python as lone surrogates, which no terminal can be sent) shown as U+FFFD."""
    from studylog.text import clean

    text = os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean(text, multiline=False) or "?"


def _not_a_file(mode: int) -> str | None:
    """Why a file of this mode is not read (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def _unusable(path: os.PathLike[str] | str, shown: str, exc: OSError | ValueError) -> Unreadable:
    if not isinstance(exc, OSError):
        return Unreadable(f"cannot read {shown}: {exc}")
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return Unreadable(f"{shown} is a symbolic link to a file that does not exist")
        return Unreadable(f"no such file: {shown}")
    if exc.errno == errno.ELOOP:
        return Unreadable(f"{shown} is a symbolic link loop: it never leads to a file")
    if exc.errno == errno.ENXIO:  # a socket (or a device without its driver)
        return Unreadable(f"{shown} is not a regular file")
    return Unreadable(f"cannot read {shown}: {exc.strerror or exc}")


def open_file(path: os.PathLike[str] | str, fmt: str, *, max_size: int | None = None,
              shown: str | None = None) -> tuple[BinaryIO, int]:
    """A regular file opened for reading, and its size; ``FileRejected`` (one sentence) for anything else.

    Only regular files are read: a folder, a named pipe (which would wait for a writer forever), a device
    (``/dev/zero`` never ends), a socket, a dangling link or a link loop is refused from ``os.stat``
    without being opened, and the descriptor is opened non-blocking and checked again (``fstat``) in case
    the path changed meanwhile. A file over ``max_size`` (default: the format's ``SIZE_LIMITS``) is
    refused with the way past the limit. ``shown`` is the name used in messages (default: the path)."""
    shown = shown if shown is not None else shown_path(path)
    limit = max_size if max_size is not None else SIZE_LIMITS[fmt].size
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:  # (ValueError: a NUL byte in the path)
        raise _unusable(path, shown, exc) from None
    if (why := _not_a_file(info.st_mode)) is not None:
        raise Unreadable(f"{shown} {why}")
    if info.st_size > limit:
        raise Unreadable(too_big(shown, info.st_size, fmt, limit))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _unusable(path, shown, exc) from None
    try:
        info = os.fstat(fd)
        if (why := _not_a_file(info.st_mode)) is not None:
            raise Unreadable(f"{shown} {why}")
        if info.st_size > limit:
            raise Unreadable(too_big(shown, info.st_size, fmt, limit))
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_file(path: os.PathLike[str] | str, fmt: str, *, max_size: int | None = None,
              shown: str | None = None) -> bytes:
    """The bytes of a regular file within its format's size limit (see ``open_file``); a file that grows
    past the limit while it is read is refused too. MemoryError is said as such."""
    shown = shown if shown is not None else shown_path(path)
    limit = max_size if max_size is not None else SIZE_LIMITS[fmt].size
    file, size = open_file(path, fmt, max_size=max_size, shown=shown)
    with file:
        try:
            parts = [file.read(min(size, limit) + 1)]  # (not read(limit): a buffer of --max-size bytes)
            total = len(parts[0])
            while total <= limit and (part := file.read(min(1 << 20, limit + 1 - total))):
                parts.append(part)
                total += len(part)
            data = parts[0] if len(parts) == 1 else b"".join(parts)
        except MemoryError:
            raise Unreadable(out_of_memory(shown, size)) from None
        except OSError as exc:
            raise Unreadable(f"cannot read {shown}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unreadable(too_big(shown, len(data), fmt, limit))
    return data


def activity_reader(base: os.PathLike[str] | str, *, max_size: int | None = None
                    ) -> Callable[[str], bytes | None]:
    """How a Strava import reads the activity files its CSV names: only from inside ``base`` (the export
    folder), only regular files within their format's limit (``max_size`` instead, when given). Gives None
    for a file that is not there (or lies outside the folder); raises ``FileRejected`` for one that cannot
    be read (a link loop, a pipe, a folder, too big), which the importer notes on that row."""
    root = os.path.realpath(base)

    def read(relative: str) -> bytes | None:
        path = os.path.join(root, relative)
        try:
            target = os.path.realpath(path)  # (a link loop is left unresolved, without an error)
            inside = os.path.commonpath([root, target]) == root
        except ValueError:  # a NUL byte, or a path on another drive
            return None
        if not inside or not os.path.lexists(path):
            return None
        extension = relative.lower().removesuffix(".gz").rpartition(".")[2]
        return read_file(path, extension if extension in ("gpx", "tcx", "fit") else "gpx", max_size=max_size,
                         shown=shown_path(relative))

    return read

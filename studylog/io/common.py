"""What every importer shares: refusing files that are not what they claim, and decoding text."""

from __future__ import annotations

from typing import NamedTuple

from studylog.domain.values import Skipped

BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive", b"SQLite format 3": "a SQLite database",
}


class FileRejected(ValueError):
    """The whole file cannot be imported; the message says why in one sentence."""


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


class Parsed(NamedTuple):
    """What an importer found: (line number, value) pairs it can use, and what it skipped."""

    items: tuple[tuple[int | None, object], ...]
    skipped: tuple[Skipped, ...]

"""Text from users and files, made safe to store and show."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (which include the 8-bit CSI); bidi overrides,
# embeddings, isolates and marks (they reorder what follows: "txt.exe" shown as "exe.txt"); zero-width space,
# word joiner and byte-order mark (invisible text). The zero-width joiner and non-joiner stay: emoji and
# several scripts need them, and they move nothing.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
_INVISIBLE = frozenset("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
                       "\u2066\u2067\u2068\u2069\ufeff")
# Whole escape sequences first, so their printable tails ('[31m') do not survive; the 8-bit CSI with its
# parameters ('\x9b31m': without any, the letter after it stays: text decoded wrongly holds lone ones).
_ESCAPE_SEQ = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]+[ -/]*[@-~]"
_ESCAPE_SEQ_RE = re.compile(_ESCAPE_SEQ)
_CONTROL_RE = re.compile(_CONTROL)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Every character the three patterns change (each of them is one str.isprintable refuses).
_REMOVABLE = re.compile(_CONTROL[:-1] + "\ud800-\udfff]")


def clean(value: str | None, *, multiline: bool = True) -> str | None:
    """Remove terminal escape sequences and control characters; keep newlines and tabs when multiline.

    Carriage returns are turned into newlines (CRLF into one newline). Empty results become None.
    """
    if value is None:
        return None
    if value.isprintable():  # (the usual case: nothing to remove, and no blank but the ASCII space)
        if not multiline and "  " in value:
            value = " ".join(value.split())
        return value.strip(" ") or None
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    # Usually there is nothing to remove: all of it is printable, or what is not is only newlines and tabs.
    if (not value.replace("\n", " ").replace("\t", " ").isprintable()  # (lines of printable text: nothing)
            and _REMOVABLE.search(value) is not None):
        value = _ESCAPE_SEQ_RE.sub("", value)
        value = _CONTROL_RE.sub("", value)
        # lone surrogates (an argument or file name that was not UTF-8) cannot be stored or printed
        value = _SURROGATE_RE.sub("\ufffd", value)
    if not multiline:
        value = " ".join(value.split())
    value = value.strip()
    return value or None


def not_utf8(value: str) -> bool:
    """A lone surrogate: what Python makes of bytes that are not UTF-8 (a file name, an argument, a
    database edited by hand); no UTF-8 can hold it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def one_line(value: str | None, width: int | None = None) -> str:
    """A single display line: whitespace collapsed, cut with an ellipsis at ``width``."""
    if not value:
        return ""
    line = " ".join(value.split())
    if width is not None and len(line) > width:
        return line[: max(0, width - 1)] + "…"
    return line


def tag(value: str) -> str:
    """A tag as stored: lower-case, no leading '#', words joined by '-' ('Status Pages' -> 'status-pages')."""
    return "-".join(value.strip().lstrip("#").lower().split())


def safe_filename(name: str, default: str = "export") -> str:
    """A file name made from a title (a list's name, a period): letters, digits, '-', '_' and '.', never a
    path (no '/', no '..', no leading dot), at most 80 characters."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", name)
    cleaned = re.sub(r"[^\w.-]+", "-", cleaned, flags=re.UNICODE).strip("-._")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    return cleaned[:80].strip("-._") or default


_SURROGATE = "[\ud800-\udfff]"  # (compiled on first use, by re's own cache)


def storable(value: str | None, *, multiline: bool = False) -> str | None:
    """Text as stored (``clean``), and storable: a lone surrogate (an argument or file name that was not
    UTF-8) becomes U+FFFD, which SQLite can hold."""
    value = clean(value, multiline=multiline)
    if value is not None and not value.isascii():
        value = re.sub(_SURROGATE, "\ufffd", value)
    return value


def clean_topic(topic: str | None) -> str | None:
    """'Deep Learning / Transformers/' -> 'Deep Learning/Transformers'."""
    if topic is None:
        return None
    parts = [p for p in (storable(part) for part in topic.split("/")) if p]
    return "/".join(parts) or None


def name_key(name: str | None) -> str:
    """A name as names are told apart (a habit's, a challenge's): its words, any case ("Straße" is "strasse")."""
    return " ".join((name or "").split()).casefold()

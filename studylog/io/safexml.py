"""XML from files people import (OPML, GPX, TCX), read safely.

Everything goes through defusedxml with DTDs forbidden: no importer format needs a DTD, and refusing the
``<!DOCTYPE`` itself means entity bombs ("billion laughs", quadratic blow-up) and external entities
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) are refused before a single entity is declared, expanded or
fetched. The parser is handed the bytes, not text, because an XML file may declare its own encoding.

Nesting is limited as the parser goes (``MAX_DEPTH`` elements inside one another): the element one level
too deep stops the parse, so no tree deeper than that is ever built and nothing recursive (gpxpy's
``deepcopy`` of ``<extensions>``, which crashed the process with SIGSEGV on 200,000 levels) ever sees one.
No format studylog reads nests more than a dozen levels.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Protocol
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import iterparse as defused_iterparse

from studylog.io.common import BINARY_SIGNATURES, FileRejected

MAX_DEPTH = 100  # elements inside one another (a GPX track point's heart rate is 7 deep)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 16


class Stream(Protocol):
    """What ``iterparse_xml`` reads from: a binary file, or a reader wrapping one (gpx's hashing reader)."""

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...


class _TooDeep(Exception):
    """An element opened more than ``MAX_DEPTH`` levels deep: the parse stops there."""


class _LineRecorder(ET.TreeBuilder):
    """The standard tree builder, noting the line each element starts on (expat knows it at that moment),
    and stopping the parse at an element nested more than ``MAX_DEPTH`` deep."""

    def __init__(self, lines: dict[ET.Element, int] | None) -> None:
        super().__init__()
        self.lines = lines
        self.expat: expat.XMLParserType | None = None
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep
        element = super().start(tag, attrs)
        if self.lines is not None and self.expat is not None:
            self.lines[element] = self.expat.CurrentLineNumber
        return element

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def deepest(chunks: Iterable[bytes]) -> int:
    """How deep the document's elements nest, counted by expat without building anything (for the message
    about a document that nests too deep; up to where it stops being well-formed)."""
    parser = expat.ParserCreate()
    depth = most = 0

    def start(*_: object) -> None:
        nonlocal depth, most
        depth += 1
        most = max(most, depth)

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    def doctype(doctype_name: str, *_: object) -> None:
        raise DTDForbidden(doctype_name, None, None)  # never read one (parse_xml has refused it before this)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, DTDForbidden, ValueError, LookupError):
        pass
    return most


def too_deep(name: str, what: str, depth: int) -> str:
    article = "an" if what[:1] in "AEIOU" else "a"
    return (f"{name} nests elements {max(depth, MAX_DEPTH + 1):,} deep (at most {MAX_DEPTH}): not {article} "
            f"{what} file studylog can read")


def _refuse_binary(data: bytes, name: str, what: str) -> None:
    """The checks ``studylog.io.common.decode_text`` makes, without decoding (the XML names its encoding)."""
    if not data.strip():
        raise FileRejected(f"{name} is empty")
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise FileRejected(f"{name} is {kind}, not {what}")
    if not data.startswith(_UTF16_BOMS) and b"\x00" in data[:4096]:  # UTF-16 text is full of NUL bytes
        raise FileRejected(f"{name} holds binary data, not {what}")


def parse_xml(data: bytes, name: str, what: str, *, lines: dict[ET.Element, int] | None = None) -> ET.Element:
    """The document's root element, parsed with defusedxml.

    ``what`` names the format in messages ("OPML", "GPX"). Refused with ``FileRejected`` (one sentence
    naming the file): an empty or binary file, text that is not XML, malformed XML (naming the line), an
    encoding the parser cannot read, any DTD or entity declaration, and elements nested more than
    ``MAX_DEPTH`` deep (stopped at the first such element). When ``lines`` is given, it is filled with the
    line each element starts on (``lines[element]``), at no extra pass over the file.
    """
    _refuse_binary(data, name, what)
    builder = _LineRecorder(lines)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        return parser.close()
    except _TooDeep:
        raise FileRejected(too_deep(name, what, deepest([data]))) from None
    except DTDForbidden as exc:
        if (exc.name or "").lower() == "html":
            raise FileRejected(f"{name} is an HTML page, not {what}") from None
        raise FileRejected(f"{name} declares a DTD or entities, which {what} files never need; "
                           f"refused for safety") from None
    except DefusedXmlException:  # entities or external references (only reachable through a DTD)
        raise FileRejected(f"{name} declares a DTD or entities, which {what} files never need; "
                           f"refused for safety") from None
    except ET.ParseError as exc:
        raise FileRejected(_malformed(data, name, what, exc)) from None
    except LookupError as exc:  # the declared encoding is not one Python knows
        raise FileRejected(f"{name} declares an encoding that cannot be read ({exc}); "
                           f"save it as UTF-8 and import it again") from None
    except ValueError as exc:  # e.g. "multi-byte encodings are not supported"
        raise FileRejected(f"{name} cannot be read as XML ({exc}); save it as UTF-8 and import it again") from None


def iterparse_xml(source: Stream, name: str, what: str) -> Iterator[tuple[str, ET.Element]]:
    """The ("start" | "end", element) events of a document read from a stream, for files too big to hold
    as a tree: the caller removes each element from its parent once used, so memory stays flat.

    Refused as ``parse_xml`` refuses (defusedxml with DTDs forbidden; elements nested more than
    ``MAX_DEPTH`` deep, counted as the events arrive), raising ``FileRejected`` while iterating.
    ``source`` must be seekable (its start is read again for the messages)."""
    start = source.tell()
    head = source.read(4096)
    if not head.strip():  # empty, unless something follows the blanks
        while (more := source.read(_CHUNK)) and not more.strip():
            pass
        if not more:
            raise FileRejected(f"{name} is empty")
    else:
        _refuse_binary(head, name, what)
    source.seek(start)
    depth = 0
    try:
        for event, element in defused_iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeep
            else:
                depth -= 1
            yield event, element
    except _TooDeep:
        source.seek(start)
        raise FileRejected(too_deep(name, what, deepest(iter(lambda: source.read(_CHUNK), b"")))) from None
    except DTDForbidden as exc:
        if (exc.name or "").lower() == "html":
            raise FileRejected(f"{name} is an HTML page, not {what}") from None
        raise FileRejected(f"{name} declares a DTD or entities, which {what} files never need; "
                           f"refused for safety") from None
    except DefusedXmlException:
        raise FileRejected(f"{name} declares a DTD or entities, which {what} files never need; "
                           f"refused for safety") from None
    except ET.ParseError as exc:
        raise FileRejected(_malformed(head, name, what, exc)) from None
    except LookupError as exc:
        raise FileRejected(f"{name} declares an encoding that cannot be read ({exc}); "
                           f"save it as UTF-8 and import it again") from None
    except ValueError as exc:
        raise FileRejected(f"{name} cannot be read as XML ({exc}); save it as UTF-8 and import it again") from None


def _malformed(data: bytes, name: str, what: str, exc: ET.ParseError) -> str:
    start = data[len(_UTF8_BOM):] if data.startswith(_UTF8_BOM) else data
    if not data.startswith(_UTF16_BOMS) and not start.lstrip().startswith(b"<"):
        return f"{name} is not XML, so it cannot be {what}"
    line, column = getattr(exc, "position", (None, None))
    code = getattr(exc, "code", None)
    reason = (expat.errors.messages.get(code, "") if code is not None else "") or str(exc).split(":")[0]
    reason = reason.replace("not well-formed (invalid token)", "invalid token")
    where = f"line {line}, column {column + 1}" if line is not None and column is not None else "somewhere"
    return f"{name} is not well-formed XML ({reason} on {where}), so it cannot be read as {what}"


def local(tag: str) -> str:
    """An element or attribute name without its namespace: ``"{namespace}name"`` -> ``"name"``."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""

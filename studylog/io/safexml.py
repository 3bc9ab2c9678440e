"""XML from files people import (OPML, GPX, TCX), read safely.

Everything goes through defusedxml with DTDs forbidden: no importer format needs a DTD, and refusing the
``<!DOCTYPE`` itself means entity bombs ("billion laughs", quadratic blow-up) and external entities
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) are refused before a single entity is declared, expanded or
fetched. The parser is handed the bytes, not text, because an XML file may declare its own encoding.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from studylog.io.common import BINARY_SIGNATURES, FileRejected

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class _LineRecorder(ET.TreeBuilder):
    """The standard tree builder, noting the line each element starts on (expat knows it at that moment)."""

    def __init__(self, lines: dict[ET.Element, int] | None) -> None:
        super().__init__()
        self.lines = lines
        self.expat = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.lines is not None and self.expat is not None:
            self.lines[element] = self.expat.CurrentLineNumber
        return element


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
    encoding the parser cannot read, and any DTD or entity declaration. When ``lines`` is given, it is
    filled with the line each element starts on (``lines[element]``), at no extra pass over the file.
    """
    _refuse_binary(data, name, what)
    builder = _LineRecorder(lines)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        return parser.close()
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


def _malformed(data: bytes, name: str, what: str, exc: ET.ParseError) -> str:
    start = data[len(_UTF8_BOM):] if data.startswith(_UTF8_BOM) else data
    if not data.startswith(_UTF16_BOMS) and not start.lstrip().startswith(b"<"):
        return f"{name} is not XML, so it cannot be {what}"
    line, column = getattr(exc, "position", (None, None))
    reason = expat.errors.messages.get(getattr(exc, "code", None), "") or str(exc).split(":")[0]
    reason = reason.replace("not well-formed (invalid token)", "invalid token")
    where = f"line {line}, column {column + 1}" if line is not None and column is not None else "somewhere"
    return f"{name} is not well-formed XML ({reason} on {where}), so it cannot be read as {what}"


def local(tag: str) -> str:
    """An element or attribute name without its namespace: ``"{namespace}name"`` -> ``"name"``."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""

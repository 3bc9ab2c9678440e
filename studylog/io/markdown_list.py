"""Markdown resource lists: import the lists people write, export ours so that they import back unchanged.

Importing (``parse_markdown_list``) reads markdown-it-py's token stream (CommonMark, raw HTML, tables);
nothing here parses Markdown with regular expressions. What it does where a file is ambiguous:

Topics
- Headings give the topic path: the chain of the nearest enclosing headings of a lower level, so levels
  may skip (H2 -> H4). The first heading is the document title, and not a topic, when it is an H1 and
  the only H1; otherwise the title is None and every heading is a topic.
- A heading whose own content has links to places in the same file and no web link (a table of contents)
  is not the parent of the headings below it: in awesome-deep-learning "### Books" under
  "## Table of Contents" is the topic "Books", not "Table of Contents/Books". Nor is a heading with a
  table of contents (a top-level list whose links all go to places in the same file) right under it the
  topic of anything after it: bold section titles after "## Contents" are topics of their own.
- Levels count from the first topic heading: a later heading of a higher level (fewer "#") is put at that
  level, next to the others, rather than becoming the parent of what follows. awesome-deep-learning has
  one "## Researchers" among its "###" topics; "### Websites" after it is "Websites", not
  "Researchers/Websites". (Files that start at "##", like ours, are not affected.)
- A paragraph or list item (or the first line of one, when the next line holds a link) made only of bold
  text, at most 80 characters, no link, optionally followed by ":", is a section title: one level below
  the heading path, until the next heading or the next such title (titles replace each other, they do
  not nest). "📚 **References**:" (an emoji outside the bold) is not one. Anchors and links back to a
  place in the same file around the bold do not count ("__GPUs__ [#](#q9) <span id="a9"></span>",
  "**Numpy** [↑ back to top](#top)", '<a name="x"></a>**X**', "**<span id=k></span>Kernels:**"); a web
  link or other HTML does.
- Heading text: images, badges and HTML anchors are dropped, emoji and other symbol characters (ZWJ
  sequences, variation selectors, private-use icons) are stripped from both ends, numbering such as
  "1. " is KEPT (it is the author's order). A "/" inside a part becomes " - " (spaced) or "-" (unspaced),
  because "/" separates levels; only an escaped "\\/" (which our export writes for paths deeper than five
  levels) stays a separator.

Links
- One resource per line of a list item or paragraph: the first web link of the line (Markdown link,
  autolink, bare http(s) URL in the text, or inline HTML ``<a href>``). Further web links on that line are
  skipped ("not the first link of its item"); their text stays in the description. A line without any
  link continues the line before it (wrapped descriptions). ``[a](u) from [b](u2)`` gives a, described
  "from b".
- Title: the link text. A bare URL, an autolink, or a link whose text is its own URL has no title unless
  the text before it on the line ends with " - ", "–", "—" or ":" (``Positional Encodings - https://…``
  gives the title "Positional Encodings"); a leading task marker "[ ]"/"[x]" is dropped from that text.
- Description: the plain text after the link on its line (and its continuation lines), with one leading
  separator ("-", "–", "—", ":", ",", ";", ".", "|") removed, so "by Author: …" and "(2019)" tails are kept
  whole; a tail with no separator and no letter or digit ("[x](u).") is no description. Emphasis, code
  and link syntax are dropped, their text kept; text that only looks like markup (``[bold]x[/]``) is kept
  literally. ``**[Deprecated]**`` items are kept; the marker stays in the description as "[Deprecated]".
- Tables: every web link in a cell is a resource. If the link is not in the first cell and the first cell
  is plain text, that text is the title (rows like "Fine-tune Llama 3 | … | [Article](u)"); the
  description is the rest of the link's cell plus the other link-less cells, joined with "; ".
- HTML blocks: every ``<a href>`` is a resource, titled by its text, described by the text right after it.
- Skipped (with line and reason): same-file anchors, relative links, other schemes, images, image-only
  links (badges), links inside headings, later links of a line, URLs listed earlier in the file, and
  links holding a control character, escape sequence, bidi override or zero-width character ("a link
  with control characters in it": refused whole, never cleaned into another link; "%1B" is text).

Document fields: ``curator`` comes from our own "Curated by NAME · exported DATE · …" line, or from a
"Curated by NAME" paragraph before the first topic heading; ``description`` is the link-less paragraph
right after the title (at most 500 characters unless the file is one of our exports).

Exporting (``render_markdown_list``) writes deterministic CommonMark that GitHub shows well. Text is
cleaned first (``studylog.text.clean``: control characters dropped, whitespace collapsed), then escaped so
that it reads back exactly: Markdown punctuation gets a backslash, "://" in text is written "\\://" so that
it is not taken for a bare link, and a symbol at either end of a heading is written as a character
reference so that import does not strip it. Consecutive sections with the same topic are written as one;
a section whose topic is a parent of the one before gets its heading again. Topic paths deeper than five
levels keep their tail in the "######" heading, joined by an escaped "\\/". A link's target is written
exactly as stored (escaped, in <...> when it holds a space or a parenthesis); an item without a title has
the same URL as its link text and reads back without a title. (A control character in a link stored
before links were checked is percent-encoded, in the text and the target alike: never written raw.)
Notes are written under their item as a quote ("  > ..."; paragraphs kept, each line cleaned and escaped),
and kinds the link would not give as a trailing "*(course)*". With progress, each item starts with a task
marker ("[x] " done, "[ ] " otherwise, before the link, so never part of a title) and ends with
"*(studying · repo · added DAY · done DAY)*": the status word for studying and skipped, the kind, the days.
Import reads these back into ListEntry (status, kind, note, added_on, done_on): the trailing "*(...)*"
only when every part is a status, a kind, "added DAY" or "done DAY", each once (else it is description
text: "*(free)*"), a quote right under a list item's link only when it holds no link. Our export's own
table of contents ("## Contents" after our metadata line) is not reported as skipped links.

For any ExportDoc whose sections have items and whose URLs are distinct and already normalised,
parse(render(doc)) gives back the cleaned title, curator, description and (url, title, description,
topic path, note as written) of every item, in order, and with progress its status, kind and days;
rendering what was read gives the same bytes.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt

from studylog.domain.values import RESOURCE_KINDS, RESOURCE_STATUSES, Skipped
from studylog.io.common import FileRejected, decode_text
from studylog.io.urls import CONTROL, NotAWebLink, guess_kind, has_control_characters, normalise_url
from studylog.text import clean

__all__ = ["CONTROL", "ExportDoc", "ExportItem", "ExportSection", "ListEntry", "ParsedList", "note_as_written",
           "parse_markdown_list", "render_markdown_list"]


class ListEntry(NamedTuple):
    url: str                  # normalised with studylog.io.urls.normalise_url
    title: str | None         # link text, cleaned; None for a bare URL with no text
    description: str | None   # plain text after the link, leading separator removed
    section: str | None       # topic path, e.g. "Deep Learning/Transformers"; None above every heading
    line: int                 # 1-based line number in the file
    # What a list written with progress (or by hand in the same form) says of the item; None: not said.
    status: str | None = None  # "new" ("[ ]"), "done" ("[x]"), "studying", "skipped" (a word in "*(...)*")
    kind: str | None = None    # one of RESOURCE_KINDS, from "*(...)*"
    note: str | None = None    # the quote right under the item ("  > ..."), paragraphs kept
    added_on: datetime.date | None = None  # "added YYYY-MM-DD" in "*(...)*"
    done_on: datetime.date | None = None   # "done YYYY-MM-DD" in "*(...)*" (only for a done item)


class ParsedList(NamedTuple):
    title: str | None
    curator: str | None
    description: str | None
    entries: tuple[ListEntry, ...]
    skipped: tuple[Skipped, ...]


class ExportItem(NamedTuple):
    title: str | None
    url: str
    description: str | None
    done: bool = False        # (for callers that know only done or not: status None then means this)
    status: str | None = None  # one of RESOURCE_STATUSES; written only with progress
    kind: str | None = None    # written with progress, or when the link alone would give another kind
    note: str | None = None    # written always, as a quote under the item
    added_on: datetime.date | None = None  # written with progress
    done_on: datetime.date | None = None   # written with progress, for a done item

    @property
    def state(self) -> str:
        return self.status or ("done" if self.done else "new")


class ExportSection(NamedTuple):
    topic: str                # a topic path "A/B/C" ("General" for resources without a topic)
    items: tuple[ExportItem, ...]


class ExportDoc(NamedTuple):
    title: str
    curator: str | None
    description: str | None
    exported: datetime.date
    sections: tuple[ExportSection, ...]
    with_progress: bool = False


# ------------------------------------------------------------------------------------------ reasons

SAME_FILE = "link to a place in the same file"
RELATIVE = "relative link"
NOT_WEB = "not a web link"
EMPTY = "empty link"
IMAGE = "image"
BADGE = "badge or image link"
IN_HEADING = "link in a heading"
NOT_FIRST = "not the first link of its item"
# CONTROL (from studylog.io.urls): a link holding a control character, refused whole, never cleaned

_MAX_BOLD_TITLE = 80
_MAX_FOREIGN_DESCRIPTION = 500
_DEEPEST = 5  # topic levels written as headings: "##" .. "######"

_META = re.compile(r"(?:Curated by (?P<curator>.+) · )?exported \d{4}-\d{2}-\d{2} · \d+ resources? in \d+ topics?")
_BARE_URL = re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>\"'`\x00]+")
_TASK_MARKER = re.compile(r"^\[[ xX]\]\s*")
_LEADING_SEPARATOR = re.compile(r"^[-–—:,;.|]\s*")
_SLASH = re.compile(r"(\s*)\x00(\s*)")
_ENTITY_LIKE = re.compile(r"#?[A-Za-z0-9]+;")
_ORDERED_START = re.compile(r"\d{1,9}(?=[.)])")


# --------------------------------------------------------------------------------------- the parser

class _Parser(MarkdownIt):
    """CommonMark with raw HTML and tables, keeping link destinations exactly as written.

    markdown-it percent-encodes destinations and drops ``javascript:`` links (sane defaults for rendering
    HTML); we never render, and we want to report such links with a reason, so both are turned off.
    """

    def normalizeLink(self, url: str) -> str:  # noqa: N802 (markdown-it's name)
        return url

    def normalizeLinkText(self, link: str) -> str:  # noqa: N802
        return link

    def validateLink(self, url: str) -> bool:  # noqa: N802
        return True


MAX_NESTING = 100  # levels of nested lists read (markdown-it drops deeper ones silently: refused instead)


@cache
def _markdown() -> MarkdownIt:
    # Without text_join, escaped characters and character references stay separate tokens ("text_special").
    return _Parser("commonmark", {"html": True, "maxNesting": 3 * MAX_NESTING + 20}).enable("table").disable("text_join")


# Text runs: what kind of source a piece of text came from. Escaped characters ("\*"), character
# references ("&amp;") and code spans are literal: they never form URLs, separators or strippable symbols.
_TEXT, _ESC, _ENT, _CODE = "t", "e", "n", "c"
_LITERAL = frozenset({_ESC, _ENT, _CODE})


class _Run(NamedTuple):
    kind: str
    text: str
    offset: int  # lines below the start of its block


class _Url(NamedTuple):
    text: str
    offset: int


class _Image(NamedTuple):
    offset: int


class _Link:
    __slots__ = ("auto", "href", "html", "image", "offset", "runs")

    def __init__(self, href: str, offset: int, *, auto: bool = False, html: bool = False):
        self.href = href
        self.offset = offset
        self.auto = auto
        self.html = html
        self.image = False
        self.runs: list[_Run] = []

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class _Meta(NamedTuple):
    """What our "*(studying · book · added 2026-09-01 · done 2026-10-02)*" at the end of a line says."""

    status: str | None
    kind: str | None
    added_on: datetime.date | None
    done_on: datetime.date | None
    offset: int


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_meta(text: str, offset: int) -> _Meta | None:
    """The parts of "(…)" when every one is a status word, a kind, "added DAY" or "done DAY" (each once);
    else None: then it is ordinary text ("*(free)*" stays in the description)."""
    text = text.strip()
    if len(text) < 3 or text[0] != "(" or text[-1] != ")":
        return None
    words: dict[str, str] = {}
    days: dict[str, datetime.date] = {}
    for part in text[1:-1].split("·"):
        word, _, rest = part.strip().partition(" ")
        key = word if rest else "status" if word in RESOURCE_STATUSES else "kind" if word in RESOURCE_KINDS else ""
        if key in words or key in days:
            return None
        if not rest and key in ("status", "kind"):
            words[key] = word
        elif key in ("added", "done") and _ISO_DAY.fullmatch(rest):
            try:
                days[key] = datetime.date.fromisoformat(rest)
            except ValueError:
                return None
        else:
            return None
    return _Meta(words.get("status"), words.get("kind"), days.get("added"), days.get("done"), offset)


def _trailing_meta(children, index: int, offset: int) -> tuple[_Meta, int] | None:
    """At an em_open: (what it says, the index of its em_close) when it is our "*(…)*" ending a line."""
    texts = []
    j = index + 1
    while j < len(children) and children[j].type == "text":
        texts.append(children[j].content)
        j += 1
    if j >= len(children) or children[j].type != "em_close":
        return None
    after = children[j + 1] if j + 1 < len(children) else None
    if after is not None and after.type not in ("softbreak", "hardbreak"):
        return None
    meta = _read_meta("".join(texts), offset)
    return None if meta is None else (meta, j)


def _plain(items) -> str:
    return "".join("" if isinstance(item, (_Image, _Meta)) else item.text for item in items)


class _TagReader(HTMLParser):
    """The first tag of a piece of inline HTML: (name, attributes, is_end_tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: tuple[str, dict[str, str | None], bool] | None = None

    def handle_starttag(self, tag, attrs):
        if self.tag is None:
            self.tag = (tag, dict(attrs), False)

    def handle_endtag(self, tag):
        if self.tag is None:
            self.tag = (tag, {}, True)


def _read_tag(html: str) -> tuple[str, dict[str, str | None], bool] | None:
    reader = _TagReader()
    try:
        reader.feed(html)
        reader.close()
    except Exception:  # html.parser can trip on odd markup ("<![x["); then it is not a tag we use
        return None
    return reader.tag


def _flatten(children, *, meta: bool = False) -> list[list]:
    """Inline tokens as lines (split at line breaks outside links) of _Run, _Link and _Image items (and,
    with ``meta``, a _Meta for our "*(…)*" at the end of a line)."""
    lines: list[list] = [[]]
    link: _Link | None = None
    offset = 0
    skip_to = -1
    for index, tok in enumerate(children):
        if index <= skip_to:
            continue
        typ = tok.type
        if typ == "em_open" and meta and link is None:
            found = _trailing_meta(children, index, offset)
            if found is not None:
                lines[-1].append(found[0])
                skip_to = found[1]
            continue
        if typ == "text":
            piece = _Run(_TEXT, tok.content, offset)
        elif typ == "text_special":
            piece = _Run(_ESC if tok.info == "escape" else _ENT, tok.content, offset)
        elif typ == "code_inline":
            piece = _Run(_CODE, tok.content, offset)
        elif typ in ("softbreak", "hardbreak"):
            offset += 1
            if link is None:
                lines.append([])
                continue
            piece = _Run(_TEXT, " ", offset)
        elif typ == "link_open":
            if link is not None:
                lines[-1].append(link)
            link = _Link(str(tok.attrs.get("href") or ""), offset, auto=tok.markup in ("autolink", "linkify"))
            continue
        elif typ == "link_close":
            if link is not None and not link.html:
                lines[-1].append(link)
                link = None
            continue
        elif typ == "image":
            if link is not None:
                link.image = True
            else:
                lines[-1].append(_Image(offset))
            continue
        elif typ == "html_inline":
            tag = _read_tag(tok.content)
            newlines = tok.content.count("\n")
            if tag is not None:
                name, attrs, end = tag
                if name == "a":
                    if link is not None and (not end or link.html):
                        lines[-1].append(link)
                        link = None
                    if not end and attrs.get("href") is not None:
                        link = _Link(str(attrs["href"]), offset, html=True)
                elif name == "img":
                    if link is not None:
                        link.image = True
                    else:
                        lines[-1].append(_Image(offset))
                elif name == "br":
                    (link.runs if link is not None else lines[-1]).append(_Run(_TEXT, " ", offset))
            offset += newlines
            continue
        else:  # emphasis and the like: markup, no text
            continue
        (link.runs if link is not None else lines[-1]).append(piece)
    if link is not None:
        lines[-1].append(link)
    return lines


def _slice_runs(runs: list[_Run], start: int, end: int) -> list[_Run]:
    out, pos = [], 0
    for run in runs:
        a, b = pos, pos + len(run.text)
        pos = b
        if b <= start or a >= end:
            continue
        out.append(run._replace(text=run.text[max(start, a) - a: min(end, b) - a]))
    return out


def _trim_url(url: str) -> str:
    """A URL found in prose, without the punctuation that ends the sentence around it."""
    pairs = {")": "(", "]": "[", "}": "{"}
    while url and url[-1] in ".,;:!?)]}*_":
        last = url[-1]
        if last in pairs and url.count(pairs[last]) >= url.count(last):
            break
        url = url[:-1]
    return url


def _find_urls(runs: list[_Run]) -> list:
    struct = "".join(run.text if run.kind in (_TEXT, _ENT) else "\x00" * len(run.text) for run in runs)
    if "://" not in struct:
        return list(runs)
    plain = "".join(run.text for run in runs)
    out: list = []
    pos = 0
    for match in _BARE_URL.finditer(struct):
        url = _trim_url(plain[match.start():match.end()])
        if "://" not in url:
            continue
        start, end = match.start(), match.start() + len(url)
        out.extend(_slice_runs(runs, pos, start))
        out.append(_Url(url, _slice_runs(runs, start, start + 1)[0].offset))
        pos = end
    out.extend(_slice_runs(runs, pos, len(plain)))
    return out


def _segment(line: list) -> list:
    """The line's items with bare URLs in its text split out as _Url items."""
    out: list = []
    buffer: list[_Run] = []
    for item in line:
        if isinstance(item, _Run):
            buffer.append(item)
            continue
        if buffer:
            out.extend(_find_urls(buffer))
            buffer = []
        out.append(item)
    if buffer:
        out.extend(_find_urls(buffer))
    return out


def _has_link(items: list) -> bool:
    return any(isinstance(item, (_Link, _Url)) for item in items)


# ------------------------------------------------------------------------------------ text helpers

def _is_symbol(ch: str) -> bool:
    """Emoji and other pictographs, joiners, variation selectors, private-use icons (not ASCII)."""
    if ch < "\x80":
        return False
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return True
    return unicodedata.category(ch) in ("So", "Sk", "Cf", "Me", "Co", "Cs")


def _clean(text: str | None) -> str | None:
    return clean(text, multiline=False)


def _heading_text(runs: list[_Run], *, topic: bool) -> str | None:
    """Heading (or bold title, or table cell) text: symbols stripped at both ends unless written literally,
    and for topics "/" replaced, unless escaped."""
    chars: list[tuple[str, bool]] = [(ch, run.kind in _LITERAL) for run in runs for ch in run.text]
    start, end = 0, len(chars)
    while start < end and not chars[start][1] and (chars[start][0].isspace() or _is_symbol(chars[start][0])):
        start += 1
    while end > start and not chars[end - 1][1] and (chars[end - 1][0].isspace() or _is_symbol(chars[end - 1][0])):
        end -= 1
    if start == end:  # nothing but symbols: keep them rather than lose the heading
        start, end = 0, len(chars)
    text = "".join("\x00" if topic and ch == "/" and not literal else ch for ch, literal in chars[start:end])
    if topic:
        text = _SLASH.sub(lambda m: " - " if m.group(1) or m.group(2) else "-", text)
    return _clean(text)


def _runs_of(items: list) -> list[_Run]:
    """All text of a line, link texts included, images left out."""
    runs: list[_Run] = []
    for item in items:
        if isinstance(item, _Run):
            runs.append(item)
        elif isinstance(item, _Link):
            runs.extend(item.runs)
        elif isinstance(item, _Url):
            runs.append(_Run(_TEXT, item.text, item.offset))
    return runs


def _link_title(link: _Link) -> str | None:
    """The link text, or None when it is only the URL itself (written without escapes)."""
    raw = link.text.strip()
    text = _clean(raw)
    if text is None or link.auto:
        return None
    href = link.href.strip()
    same = raw == href
    if not same and "://" in raw:
        try:
            same = normalise_url(raw) == normalise_url(href)
        except (NotAWebLink, ValueError):
            same = False
    if not same:
        return text
    for run in link.runs:  # our export writes a title equal to its URL as "https\://…": an escaped colon
        if ":" in run.text:
            return text if run.kind in _LITERAL else None
    return None


def _title_before(items: list) -> str | None:
    """For a bare URL: the text before it, when it ends with a separator ("Title - https://…")."""
    text = _clean(_plain(items))
    if text is None:
        return None
    text = _TASK_MARKER.sub("", text, count=1)
    if text.endswith(" -") or text.endswith(("–", "—", ":")):
        return _clean(text[:-1])
    return None


def _description(items: list) -> str | None:
    """The text after a link: everything after a leading separator, else the text if it has a word."""
    text = _clean(_plain(items))
    if text is None:
        return None
    separator = _LEADING_SEPARATOR.match(text)
    if separator:
        return _clean(text[separator.end():])
    return text if any(ch.isalnum() for ch in text) else None  # "[DeepWiki](…)." has no description


def _classify(href: str) -> tuple[str | None, str | None]:
    """(normalised web URL, None) or (None, reason it is not a resource)."""
    href = href.strip()
    if not href:
        return None, EMPTY
    if has_control_characters(href):
        return None, CONTROL
    if href.startswith("#"):
        return None, SAME_FILE
    if href[:6].lower().startswith(("http:", "https:")):  # (the usual link: urlsplit's scheme is http(s))
        try:
            return normalise_url(href), None
        except (NotAWebLink, ValueError):
            return None, NOT_WEB
    try:
        parts = urlsplit(href)
    except ValueError:
        return None, NOT_WEB
    scheme = parts.scheme.lower()
    if not scheme:
        if href.startswith("//") and parts.netloc:
            href, scheme = "https:" + href, "https"
        else:
            return None, RELATIVE
    if scheme not in ("http", "https"):
        return None, f"not an http(s) link ({scheme})"
    try:
        return normalise_url(href), None
    except (NotAWebLink, ValueError):
        return None, NOT_WEB


# ----------------------------------------------------------------------------------------- events

class _Heading:
    __slots__ = ("level", "part", "same_file", "title", "toc", "web")

    def __init__(self, level: int, part: str | None, title: bool):
        self.level, self.part, self.title = level, part, title
        self.same_file = 0
        self.web = 0
        self.toc = False  # a table of contents came under it before any web link

    @property
    def visible(self) -> bool:
        """A topic: not the title, not empty, not a table of contents (a list of same-file links right under
        it, or only same-file links and no web link)."""
        return not self.title and bool(self.part) and not self.toc and not (self.same_file > 0 and self.web == 0)


class _Collector:
    """Pass one: headings, section titles, resources and skipped links in file order."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.heading = _Heading(0, None, True)  # stands for the text above the first heading

    def heading_event(self, heading: _Heading) -> None:
        self.heading = heading
        self.events.append(("h", heading))

    def bold(self, part: str) -> None:
        self.events.append(("b", part))

    def entry(self, url: str, title: str | None, description: str | None, line: int,
              extra: dict | None = None) -> None:
        self.heading.web += 1
        self.events.append(("e", url, title, description, line, extra or {}))

    def note(self, text: str) -> None:
        """A note for the entry just read."""
        self.events[-1][5]["note"] = text

    def toc(self, same_file: int) -> None:
        """A table of contents whose links were not reported: it still marks its heading."""
        self.heading.same_file += same_file
        if self.heading.web == 0:
            self.heading.toc = True

    def skip(self, line: int, reason: str) -> None:
        if reason == SAME_FILE:
            self.heading.same_file += 1
        self.events.append(("s", line, reason))

    def link(self, item, line: int, *, allowed: bool = True) -> str | None:
        """Classify a link item; skip what is not a web resource. Returns the URL of a usable one."""
        if isinstance(item, _Image):
            self.skip(line, IMAGE)
            return None
        if isinstance(item, _Link) and item.image and not (item.text.strip()):
            self.skip(line, BADGE)
            return None
        url, reason = _classify(item.href if isinstance(item, _Link) else item.text)
        if url is None:
            self.skip(line, reason or NOT_WEB)
            return None
        if not allowed:
            self.skip(line, IN_HEADING)
            return None
        return url


_AFTER_BOLD = frozenset(":|·")


def _anchor_tag(content: str) -> str | None:
    """For inline HTML that only marks a place: "open" (``<a href="#…">``, a link back), "mark" (``<a
    name>``, ``<span id>``, a closing tag); None for any other HTML."""
    tag = _read_tag(content)
    if tag is None or tag[0] not in ("a", "span"):
        return None
    name, attrs, end = tag
    href = attrs.get("href")
    if end or href is None:
        return "mark"
    return "open" if name == "a" and (href or "").strip().startswith("#") else None


def _bold_title(children) -> str | None:
    """The text of a first line made only of bold text (and an optional ':'), else None. Anchors and links
    to places in the same file around the bold ("__GPUs__ [#](#q9) <span id="a9"></span>",
    "**Numpy** [↑ back to top](#top)", '<a name="x"></a>**X**') do not count: GitHub READMEs mark their
    sections so."""
    inner: list[_Run] = []
    state = 0  # 0 before the bold, 1 inside, 2 after
    depth = 0
    back = False  # inside a link back to a place in the file: its text is not the title's
    for tok in children:
        typ = tok.type
        if typ in ("softbreak", "hardbreak"):
            break
        if back:
            if typ == "link_close" or (typ == "html_inline" and _anchor_tag(tok.content) == "mark"):
                back = False
            continue
        if typ == "link_open" and state != 1:
            if not str(tok.attrs.get("href") or "").strip().startswith("#"):
                return None
            back = True
            continue
        if typ == "html_inline":
            anchor = _anchor_tag(tok.content)
            if anchor is None or (anchor == "open" and state == 1):
                return None
            back = anchor == "open"
            continue
        if typ == "text" and state != 1:
            stripped = tok.content.strip()
            if not stripped or (state == 2 and not set(stripped) - _AFTER_BOLD):
                continue
            return None
        if typ == "strong_open":
            if state == 2:
                return None
            state, depth = 1, depth + 1
            continue
        if typ == "strong_close":
            depth -= 1
            if depth == 0:
                state = 2
            continue
        if state != 1:
            return None
        if typ == "text":
            inner.append(_Run(_TEXT, tok.content, 0))
        elif typ == "text_special":
            inner.append(_Run(_ESC if tok.info == "escape" else _ENT, tok.content, 0))
        elif typ == "code_inline":
            inner.append(_Run(_CODE, tok.content, 0))
        elif typ not in ("em_open", "em_close"):
            return None  # a link, an image, HTML: not a plain title
    if state != 2:
        return None
    text = _heading_text(inner, topic=True)
    if text is None or len(text) > _MAX_BOLD_TITLE:
        return None
    text = text.rstrip(":").rstrip()
    return text or None


def _paragraph(col: _Collector, inline) -> None:
    base = inline.map[0] + 1 if inline.map else 1
    children = inline.children or []
    title = _bold_title(children)
    lines = [_segment(line) for line in _flatten(children, meta=True)]
    if title is not None:
        if len(lines) == 1:
            col.bold(title)
            return
        if _has_link(lines[1]):
            col.bold(title)
            lines = lines[1:]
    units: list[list] = []
    for line in lines:
        if not units or _has_link(line):
            units.append(list(line))
        else:
            units[-1].append(_Run(_TEXT, " ", 0))
            units[-1].extend(line)
    for unit in units:
        first = None
        for index, item in enumerate(unit):
            if not isinstance(item, (_Link, _Url, _Image)):
                continue
            line_no = base + item.offset
            url = col.link(item, line_no)
            if url is None:
                continue
            if first is not None:
                col.skip(line_no, NOT_FIRST)
                continue
            first = (index, url, line_no)
        if first is None:
            continue
        index, url, line_no = first
        item = unit[index]
        title = _link_title(item) if isinstance(item, _Link) else None
        before = _TASK_MARKER.fullmatch(_plain(unit[:index]).strip() + " ")
        if title is None:
            title = _title_before(unit[:index])
        extra: dict = {}
        meta = next((m for m in reversed(unit[index + 1:]) if isinstance(m, _Meta)), None)
        if meta is not None:
            extra = {key: value for key, value in meta._asdict().items() if value is not None and key != "offset"}
        if before is not None:  # "[x] [Title](url)": done; "[ ] …": new, unless a word says otherwise
            extra["status"] = "done" if before.group(0)[1] in "xX" else extra.get("status", "new")
        if extra.get("status") != "done":
            extra.pop("done_on", None)
        col.entry(url, title, _description(unit[index + 1:]), line_no, extra)


def _table_row(col: _Collector, cells: list) -> None:
    parsed = []
    for inline in cells:
        items: list = []
        for line in _flatten(inline.children or []):
            if items:
                items.append(_Run(_TEXT, " ", 0))
            items.extend(_segment(line))
        base = inline.map[0] + 1 if inline.map else 1
        parsed.append((base, items))
    first_text = None
    if len(parsed) > 1 and not _has_link(parsed[0][1]):
        first_text = _heading_text(_runs_of(parsed[0][1]), topic=False)
    plain_cells = [(i, _clean(_plain(items))) for i, (_, items) in enumerate(parsed) if not _has_link(items)]
    for ci, (base, items) in enumerate(parsed):
        for index, item in enumerate(items):
            if not isinstance(item, (_Link, _Url, _Image)):
                continue
            line_no = base + item.offset
            url = col.link(item, line_no)
            if url is None:
                continue
            title: str | None
            if ci != 0 and first_text:
                title = first_text
            else:
                title = _link_title(item) if isinstance(item, _Link) else None
                if title is None:
                    title = _title_before(items[:index])
            parts = [_description(items[index + 1:])]
            parts += [text for i, text in plain_cells if i != ci and not (i == 0 and first_text)]
            col.entry(url, title, "; ".join(p for p in parts if p) or None, line_no)


_INLINE_TAGS = frozenset({"b", "i", "em", "strong", "code", "span", "small", "sup", "sub", "kbd", "mark", "u",
                          "s", "abbr", "font", "tt"})


class _HtmlLinks(HTMLParser):
    """Every <a href> of an HTML block (line, href, text, holds an image, text after it) and loose images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[list] = []
        self._link: list | None = None
        self._tail: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._tail = None
            self._close_link()
            href = dict(attrs).get("href")
            if href is not None:
                self._link = [self.getpos()[0], href, [], False]
        elif tag == "img":
            if self._link is not None:
                self._link[3] = True
            else:
                self.found.append(["img", self.getpos()[0]])
        elif tag not in _INLINE_TAGS:
            self._tail = None

    def handle_endtag(self, tag):
        if tag == "a":
            self._close_link()
        elif tag not in _INLINE_TAGS:
            self._tail = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[2].append(data)
        elif self._tail is not None:
            self._tail.append(data)

    def _close_link(self) -> None:
        if self._link is None:
            return
        line, href, parts, image = self._link
        self._link = None
        self._tail = []
        self.found.append(["a", line, href, "".join(parts), image, self._tail])

    def close(self) -> None:
        super().close()
        self._close_link()


def _html_block(col: _Collector, token) -> None:
    reader = _HtmlLinks()
    try:
        reader.feed(token.content)
        reader.close()
    except Exception:  # html.parser can trip on odd markup; keep what it read so far
        pass
    base = token.map[0] if token.map else 0
    for found in reader.found:
        line_no = base + found[1]
        if found[0] == "img":
            col.skip(line_no, IMAGE)
            continue
        _, _, href, text, image, tail = found
        title = _clean(text)
        if image and title is None:
            col.skip(line_no, BADGE)
            continue
        url, reason = _classify(href)
        if url is None:
            col.skip(line_no, reason or NOT_WEB)
            continue
        description = _clean(_LEADING_SEPARATOR.sub("", _clean("".join(tail)) or "", count=1))
        if description is not None and not any(ch.isalnum() for ch in description):
            description = None  # "•", "|" between banner links
        col.entry(url, title if title != href.strip() else None, description, line_no)


def _heading(col: _Collector, open_token, inline, title: bool) -> None:
    base = inline.map[0] + 1 if inline.map else 1
    items = [item for line in _flatten(inline.children or []) for item in line]
    part = _heading_text(_runs_of(items), topic=not title)
    col.heading_event(_Heading(int(open_token.tag[1:]), part, title))
    for item in items:
        if isinstance(item, (_Link, _Image)):
            col.link(item, base + item.offset, allowed=False)


# --------------------------------------------------------------------------------------- document

def _struct(inline) -> tuple[str, str]:
    """A paragraph's plain text, and the same with escaped characters masked (for pattern matching)."""
    runs = _runs_of([item for line in _flatten(inline.children or []) for item in line])
    plain = "".join(run.text for run in runs)
    masked = "".join("\x00" * len(run.text) if run.kind == _ESC else run.text for run in runs)
    return plain, masked


def _has_candidates(inline) -> bool:
    return any(_has_link(_segment(line)) or any(isinstance(i, _Image) for i in line)
               for line in _flatten(inline.children or []))


def _own_front(leading: list) -> tuple[str | None, str | None, list, bool]:
    """From the paragraphs right after the title (at most two, their inline tokens): (the curator our
    metadata line names, the description, the inline tokens of the paragraphs they came from, whether it
    is one of our exports). Someone else's "Curated by" line is found apart (``_curator_line``)."""
    consumed: list = []
    description = None
    metas = []
    for inline in leading:
        plain, masked = _struct(inline)
        plain, masked = plain.strip(), masked.strip()
        metas.append((_META.fullmatch(masked), plain))
    own = None
    if metas and metas[0][0]:
        own = 0
    elif len(metas) > 1 and metas[1][0]:
        own = 1
        if not _has_candidates(leading[0]):
            description = _clean(metas[0][1])
            consumed.append(leading[0])
    if own is not None:
        match, plain = metas[own]
        assert match is not None  # (own is a paragraph that matched)
        curator = None
        if match.group("curator") is not None:
            curator = _clean(plain[match.start("curator"):match.end("curator")])
        consumed.append(leading[own])
        return curator, description, consumed, True
    # Someone else's file.
    if leading:
        first = leading[0]
        text = _clean(_struct(first)[0])
        if text and not text.startswith("Curated by ") and len(text) <= _MAX_FOREIGN_DESCRIPTION \
                and not _has_candidates(first):
            description = text
            consumed.append(first)
    return None, description, consumed, False


def _curator_line(inline) -> tuple[bool, str | None]:
    """For a top-level paragraph of someone else's file before its first topic: (whether it is a "Curated
    by NAME" line, the name)."""
    text = _clean(_struct(inline)[0])
    if text and text.startswith("Curated by ") and len(text) <= 120:
        return True, _clean(text[len("Curated by "):].rstrip("."))
    return False, None


# ------------------------------------------------------------------------------ tokens, a block at a time
# markdown-it's tokens of a whole file take about 60 times its size (a 3 MB list of 50,000 links: 190 MB),
# so the file is tokenized one top-level block at a time (a heading, a paragraph, a whole list, a table...),
# each block's inline tokens filled in as markdown-it's "inline" rule does, and let go once read. The blocks
# are markdown-it's own: its block rules run in its own loop (ParserBlock.tokenize, copied below at the top
# level only), so every token is the one a whole parse gives (a test compares them). Two things of a whole
# file are known before its first block is read: link reference definitions (a link may use one defined
# further down), and whether it has more than one H1 (then the first heading is not the title). When the
# text cannot hold either (no "]:"; at most one line that could be an H1), nothing more is read; otherwise
# the block rules run once over the whole file first, keeping only those two.

# A line that could be an H1, ATX or setext underline, inside any blockquotes and list items (a superset:
# every H1 has its own such line).
_H1_LINE = re.compile(r"(?m)^[ \t>]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+[ \t>]*)*(?:#(?![^ \t\n])|=+[ \t]*$)")


def _block_rules(md: MarkdownIt, src: str, env: dict, *, inline: bool) -> Iterator[list]:
    """The tokens of each top-level block of ``src`` (already normalised), in order; with ``inline``
    their inline tokens' children filled in. ``ParserBlock.tokenize`` at the top level, yielding after
    each block."""
    from markdown_it.rules_block import StateBlock

    state = StateBlock(src, md, env, [])
    rules = md.block.ruler.getRules("")
    line, end = state.line, state.lineMax
    max_nesting = md.options.maxNesting
    has_empty_lines = False
    while line < end:
        state.line = line = state.skipEmptyLines(line)
        if line >= end or state.sCount[line] < state.blkIndent:
            break
        if state.level >= max_nesting:
            break
        for rule in rules:
            if rule(state, line, end, False):
                if state.line <= line:
                    raise RuntimeError("block rule didn't increment state.line")
                break
        else:
            raise RuntimeError("none of the block rules matched")
        state.tight = not has_empty_lines
        line = state.line
        if (line - 1) < end and state.isEmpty(line - 1):
            has_empty_lines = True
        if line < end and state.isEmpty(line):
            has_empty_lines = True
            line += 1
            state.line = line
        tokens, state.tokens = state.tokens, []
        if not tokens:  # (a link reference definition: no token)
            continue
        if inline:
            for tok in tokens:
                if tok.type == "inline":
                    if tok.children is None:
                        tok.children = []
                    md.inline.parse(tok.content, md, env, tok.children)
        yield tokens


def _h1_count(tokens: list) -> int:
    return sum(1 for tok in tokens if tok.type == "heading_open" and tok.tag == "h1")


def _streamed(text: str) -> tuple[Iterator[list], bool]:
    """The file's top-level blocks, one at a time, and whether it has at most one H1."""
    from markdown_it.rules_core import normalize
    from markdown_it.rules_core.state_core import StateCore

    md = _markdown()
    if md.core.ruler.get_active_rules() != ["normalize", "block", "inline"]:
        raise RuntimeError("the Markdown parser runs core rules the block-at-a-time reading does not")
    env: dict = {}
    state = StateCore(text, md, env)
    normalize(state)
    src = state.src
    lines = 0
    for _ in _H1_LINE.finditer(src):
        lines += 1
        if lines > 1:
            break
    few_h1 = lines <= 1
    if "]:" in src or not few_h1:
        few_h1 = sum(_h1_count(tokens) for tokens in _block_rules(md, src, env, inline=False)) <= 1
    return _block_rules(md, src, env, inline=True), few_h1


def _whole(text: str) -> tuple[Iterator[list], bool]:
    """The same from markdown-it's parse of the whole file at once (what the tests compare with)."""
    tokens = _markdown().parse(text)

    def blocks() -> Iterator[list]:
        block: list = []
        for tok in tokens:
            block.append(tok)
            if tok.level == 0 and tok.nesting <= 0:
                yield block
                block = []
        if block:
            yield block

    return blocks(), _h1_count(tokens) <= 1


def _closing(tokens, start: int) -> int:
    """The index of the token that closes the block opened at ``start``."""
    opened = tokens[start]
    closing = opened.type.replace("_open", "_close")
    for j in range(start + 1, len(tokens)):
        if tokens[j].type == closing and tokens[j].level == opened.level:
            return j
    return len(tokens) - 1


def _same_file_links(tokens, start: int) -> tuple[int, int]:
    """(how many links of the list opened at ``start`` go to places in the same file, the index of its
    closing token); (0, -1) as soon as a link or image goes elsewhere: then it is not a table of contents."""
    same = 0
    opened = tokens[start]
    closing = opened.type.replace("_open", "_close")
    for end in range(start + 1, len(tokens)):
        tok = tokens[end]
        if tok.type == closing and tok.level == opened.level:
            return same, end
        if tok.type == "html_block":
            return 0, -1
        if tok.type != "inline":
            continue
        for line in _flatten(tok.children or []):
            for item in _segment(line):
                if isinstance(item, _Link) and item.href.strip().startswith("#") and not item.image:
                    same += 1
                elif isinstance(item, (_Link, _Url, _Image)):
                    return 0, -1
    return same, len(tokens) - 1


def _note(tokens, start: int, end: int) -> str | None:
    """A quote under a list item's link, as a note: its paragraphs, each line cleaned; None when it holds
    anything but plain paragraphs, or a link (then its links are read as any others)."""
    paragraphs = []
    j = start + 1
    while j < end:
        if tokens[j].type != "paragraph_open" or tokens[j + 1].type != "inline" or _has_candidates(tokens[j + 1]):
            return None
        lines = (_clean("".join(run.text for run in _runs_of(line))) for line in _flatten(tokens[j + 1].children or []))
        paragraphs.append("\n".join(line for line in lines if line))
        j += 3
    return "\n\n".join(p for p in paragraphs if p) or None


def parse_markdown_list(data: bytes, name: str, *, whole: bool = False) -> ParsedList:
    """The resources of a Markdown list, with their topics; FileRejected if it is not one (see module doc).
    The file is tokenized a top-level block at a time (``whole``: at once, the same result in more memory)."""
    text = decode_text(data, name, "a Markdown file")
    deepest = max((len(m[1]) for m in re.finditer(r"(?m)^([ \t>]*)(?:[-*+]|\d+[.)])[ \t]", text)), default=0)
    if deepest > 2 * MAX_NESTING:  # (the parser would drop what lies deeper without a word)
        raise FileRejected(f"{name} has lists nested deeper than {MAX_NESTING} levels; nothing was imported")
    blocks, few_h1 = (_whole if whole else _streamed)(text)
    del text

    col = _Collector()
    title = description = own_curator = found_curator = None
    own = curator_found = heading_seen = topic_seen = False
    consumed: list = []  # the inline tokens of the paragraphs of the front matter
    ahead: deque[list] = deque()
    while (tokens := ahead.popleft() if ahead else next(blocks, None)) is not None:
        if not topic_seen and not curator_found and tokens[0].type == "paragraph_open":
            curator_found, found_curator = _curator_line(tokens[1])
        row: list | None = None
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            typ = tok.type
            if typ == "heading_open":
                # The first heading is the title when it is an H1 and the only one.
                is_title = not heading_seen and few_h1 and tok.tag == "h1"
                heading_seen = True
                topic_seen = topic_seen or not is_title
                if is_title and tok.level == 0:  # the paragraphs right after it (the next blocks)
                    while len(ahead) < 2 and (block := next(blocks, None)) is not None:
                        ahead.append(block)
                    leading = []
                    for block in ahead:
                        if block[0].type != "paragraph_open":
                            break
                        leading.append(block[1])
                    own_curator, description, consumed, own = _own_front(leading)
                _heading(col, tok, tokens[i + 1], is_title)
                if is_title:
                    title = col.heading.part
                i += 3
                continue
            if typ == "paragraph_open":
                if not any(tokens[i + 1] is inline for inline in consumed):
                    _paragraph(col, tokens[i + 1])
                i += 3
                continue
            if typ == "tr_open":
                row = []
            elif typ == "tr_close":
                if row:
                    _table_row(col, row)
                row = None
            elif typ == "inline" and row is not None:
                row.append(tok)
            elif typ == "html_block":
                _html_block(col, tok)
            elif typ in ("bullet_list_open", "ordered_list_open") and tok.level == 0:
                same, end = _same_file_links(tokens, i)
                if same:  # a table of contents: never the parent of what follows
                    ours = own and col.heading.part == "Contents" and col.heading.level == 2 and col.heading.web == 0
                    col.toc(same if ours else 0)
                    if ours:  # our export's own: nothing to report
                        i = end + 1
                        continue
            elif typ == "blockquote_open" and i >= 4 and tokens[i - 1].type == "paragraph_close" \
                    and tokens[i - 4].type == "list_item_open" and col.events and col.events[-1][0] == "e" \
                    and col.events[-1][4] > (tokens[i - 2].map or [10**9])[0]:
                end = _closing(tokens, i)
                note = _note(tokens, i, end)
                if note is not None:  # "  > …" right under an item's line: its note
                    col.note(note)
                    i = end + 1
                    continue
            i += 1
    curator = own_curator if own else found_curator

    entries: list[ListEntry] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}
    stack: list[tuple[int, _Heading]] = []
    path: list[str] = []
    bold: str | None = None
    top = next((e[1].level for e in col.events if e[0] == "h" and e[1].visible), 1)
    for event in col.events:
        kind = event[0]
        if kind == "e":
            _, url, entry_title, entry_description, line, extra = event
            if url in seen:
                skipped.append(Skipped(name, line, f"listed earlier on line {seen[url]}"))
                continue
            seen[url] = line
            parts = path + [bold] if bold else path
            entries.append(ListEntry(url, entry_title, entry_description, "/".join(parts) or None, line, **extra))
        elif kind == "s":
            skipped.append(Skipped(name, event[1], event[2]))
        elif kind == "b":
            bold = event[1]
        else:
            heading: _Heading = event[1]
            bold = None
            if heading.title:
                continue
            level = max(heading.level, top)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            path = [h.part for _, h in stack[:-1] if h.visible and h.part]  # (a visible heading has a part)
            if heading.part and not heading.toc:  # (a table of contents is not its own links' topic either)
                path.append(heading.part)
    if not entries:
        raise FileRejected(f"{name} has no web links to import")
    return ParsedList(title, curator, description, tuple(entries), tuple(skipped))


# --------------------------------------------------------------------------------------- exporting

_SPECIAL = frozenset("\\`*_[]<>~$")


def _escape(text: str, *, colon: bool = True, heading: bool = False) -> str:
    """Backslash the characters that would make Markdown (or a link, or a GitHub extra) out of text."""
    out = []
    for i, ch in enumerate(text):
        if ch in _SPECIAL or (heading and ch in "#/"):
            out.append("\\" + ch)
        elif ch == "&" and _ENTITY_LIKE.match(text, i + 1):
            out.append("\\&")
        elif ch == ":" and colon and text.startswith("//", i + 1):
            out.append("\\:")
        else:
            out.append(ch)
    return "".join(out)


def _heading_md(text: str, *, slash: bool) -> str:
    """Heading text; a symbol at either end becomes a character reference, which import does not strip."""
    head = tail = ""
    if text and _is_symbol(text[0]):
        head, text = f"&#x{ord(text[0]):X};", text[1:]
    if text and _is_symbol(text[-1]):
        tail, text = f"&#x{ord(text[-1]):X};", text[:-1]
    body = _escape(text, heading=True)
    if not slash:
        body = body.replace("\\/", "/")
    return head + body + tail


def _paragraph_md(text: str) -> str:
    """A paragraph of its own: also escape what would start a heading, list, rule or our metadata line."""
    out = _escape(text)
    if _META.fullmatch(text):
        out = out.replace("-", "\\-")
    if out[:1] in ("#", "+", "-", "="):
        return "\\" + out
    match = _ORDERED_START.match(out)
    if match:
        out = out[:match.end()] + "\\" + out[match.end():]
    return out


def _as_stored(url: str) -> str:
    """A link exactly as stored, but for a control character (in a row stored before links were checked):
    that one is percent-encoded, so the file never carries it and reads back as one link."""
    url = url.strip()
    if not has_control_characters(url):
        return url
    return "".join(ch if clean(f"a{ch}a") == f"a{ch}a" and ch not in "\t\n\r" else quote(ch, safe="")
                   for ch in url)


def _destination(url: str) -> str:
    """A link target: the URL as stored, backslashes and angle brackets escaped, in <...> when it holds a
    space or a parenthesis."""
    out = []
    for i, ch in enumerate(url):
        if ch in "\\<>" or (ch == "&" and _ENTITY_LIKE.match(url, i + 1)):
            out.append("\\" + ch)
        else:
            out.append(ch)
    body = "".join(out)
    if not url or any(ch in url for ch in " ()<>"):
        return f"<{body}>"
    return body


def _slug_base(text: str) -> str:
    """GitHub's heading anchor: lower case, spaces to "-", punctuation and symbols dropped."""
    out = []
    for ch in text.lower():
        if ch == " ":
            out.append("-")
        elif ch in "-_" or unicodedata.category(ch)[0] in "LNM":
            out.append(ch)
    return "".join(out)


class _Slugger:
    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slug = _slug_base(text)
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        return slug


def _topic_parts(topic: str | None) -> tuple[str, ...]:
    parts = tuple(p for p in (_clean(part) for part in (topic or "").split("/")) if p)
    return parts or ("General",)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _note_md(note: str | None) -> list[str]:
    """A note as a quote under its item: paragraphs kept, each line cleaned and escaped so that nothing in
    it starts a block ("- ", "# ", "1. ", "|", "===")."""
    out: list[str] = []
    for paragraph in _note_paragraphs(note):
        if out:
            out.append("  >")
        out.extend("  > " + _paragraph_md(line).replace("|", "\\|") for line in paragraph)
    return out


def _note_paragraphs(note: str | None) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for raw in (clean(note, multiline=True) or "").split("\n"):
        line = _clean(raw)
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def note_as_written(note: str | None) -> str | None:
    """A note as an export writes it and an import reads it back: paragraphs of cleaned lines."""
    return "\n\n".join("\n".join(lines) for lines in _note_paragraphs(note)) or None


def _item_md(item: ExportItem, with_progress: bool) -> str:
    """``- [x] [Title](url) — description *(studying · book · added DAY · done DAY)*`` and its note."""
    status = item.state if item.state in RESOURCE_STATUSES else "new"
    marker = ("[x] " if status == "done" else "[ ] ") if with_progress else ""
    item_title = _clean(item.title)
    url = _as_stored(item.url)
    text = _escape(item_title) if item_title else _escape(url, colon=False)  # (reads back untitled)
    line = f"- {marker}[{text}]({_destination(url)})"
    item_description = _clean(item.description)
    if item_description:
        line += f" — {_escape(item_description)}"
    parts = []
    if with_progress and status in ("studying", "skipped"):
        parts.append(status)
    if item.kind in RESOURCE_KINDS and (with_progress or item.kind != guess_kind(url)):
        parts.append(item.kind)
    if with_progress and item.added_on is not None:
        parts.append(f"added {item.added_on.isoformat()}")
    if with_progress and status == "done" and item.done_on is not None:
        parts.append(f"done {item.done_on.isoformat()}")
    if parts:
        line += f" *({' · '.join(parts)})*"
    return "\n".join([line, *_note_md(item.note)])


def render_markdown_list(doc: ExportDoc) -> str:
    """The list as Markdown (see module doc); parse_markdown_list reads it back exactly."""
    # Consecutive sections with the same topic are one section.
    merged: list[tuple[tuple[str, ...], list[ExportItem]]] = []
    for section in doc.sections:
        parts = _topic_parts(section.topic)
        if merged and merged[-1][0] == parts:
            merged[-1][1].extend(section.items)
        else:
            merged.append((parts, list(section.items)))

    title = _clean(doc.title) or "Resources"
    slug = _Slugger()
    slug(title)
    blocks = [f"# {_heading_md(title, slash=False)}"]
    description = _clean(doc.description)
    if description:
        blocks.append(_paragraph_md(description))
    count = sum(len(items) for _, items in merged)
    topics = len({parts for parts, items in merged if items})
    meta = f"exported {doc.exported.isoformat()} · {_plural(count, 'resource')} in {_plural(topics, 'topic')}"
    curator = _clean(doc.curator)
    if curator:
        meta = f"Curated by {_escape(curator)} · {meta}"
    blocks.append(meta)

    # Headings: a topic path deeper than five levels keeps its tail in the deepest heading ("E\/F").
    contents: list[str] = []
    body: list[str] = []
    if merged:
        slug("Contents")
    previous: tuple[str, ...] = ()
    for parts, items in merged:
        levels = parts if len(parts) <= _DEEPEST else parts[:_DEEPEST - 1] + ("/".join(parts[_DEEPEST - 1:]),)
        common = 0
        while common < min(len(levels), len(previous)) and levels[common] == previous[common]:
            common += 1
        if common == len(levels):  # a parent of the previous section: write its heading again
            common -= 1
        for depth in range(common, len(levels)):
            text = levels[depth]
            anchor = slug(text)
            body.append(f"{'#' * (depth + 2)} {_heading_md(text, slash=True)}")
            contents.append(f"{'  ' * depth}- [{_escape(text)}](#{anchor})")
        previous = levels
        lines = []
        for item in items:
            lines.append(_item_md(item, doc.with_progress))
        if lines:
            body.append("\n".join(lines))
    if merged:
        blocks.append("## Contents")
        blocks.append("\n".join(contents))
    blocks.extend(body)
    return "\n\n".join(blocks) + "\n"

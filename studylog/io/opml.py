"""OPML subscription lists (newsletters, blogs, podcasts exported from a feed reader) -> feeds.

Each feed becomes a ``NewFeed``: a subscription, a kind of its own (stored in ``feed`` by
``studylog.services.feeds``), not a reading item: it is not on the reading list and never counts as reading.

What becomes what:

- A **feed** is an ``<outline>`` with an ``xmlUrl`` attribute, at any depth under ``<body>``. A **folder**
  is an ``<outline>`` without ``xmlUrl`` that holds other outlines; the names (``text``, else ``title``)
  of all the folders on the way to a feed become its tags (studylog.text.tag: "Status Pages" -> "status-pages")
  (outermost first, without repeats, at most ``MAX_TAGS``).
- **Title**: ``text``, else ``title``, else the site URL (``htmlUrl``), else the feed URL; cleaned to one
  line. The XML parser has already turned ``&amp;``, ``&#174;``, ``&quot;``... into their characters.
- **url** is the site a person reads (``htmlUrl``) when that is an http(s) link, else the feed URL.
  **source** is ``"opml"`` and **source_id** the normalised feed URL (``normalise_url``), so the same
  feed from the same or another OPML file is recognised. **added** is left empty: the import sets the day
  it stores a feed.
- **kind** (one of ``FEED_KINDS``), first rule that applies:
  1. ``"podcast"`` when the outline's ``type`` says podcast;
  2. the nearest folder whose name says "podcast" (-> ``"podcast"``) or "newsletter" (-> ``"newsletter"``),
     looking outwards from the feed, and last the document's own ``<head><title>``;
  3. ``"newsletter"`` when the feed or the site is on a newsletter platform (``NEWSLETTER_HOSTS``:
     Substack, Buttondown, beehiiv, Mailchimp, Revue, Ghost, ConvertKit/Kit, TinyLetter), subdomains
     included;
  4. ``"podcast"`` when the feed or site address says "podcast" (``/feed/podcast``, ``podcast.example.org``);
  5. otherwise ``"blog"``.
- A leaf ``<outline>`` without ``xmlUrl`` but with an http(s) ``htmlUrl`` is a site followed without a
  feed: it is imported the same way, its source_id being the normalised site URL.

Skipped, with a reason: a feed whose ``xmlUrl`` is not an http(s) link; a feed listed earlier in the
same file (its folder names are added to the earlier one's tags, up to ``MAX_TAGS``, as feed readers such
as Feedly list a feed once per folder it is in); a leaf that looks like a link but has no usable URL.
Empty folders and plain-text outlines are ignored without a word.

Refused (``FileRejected``): anything ``parse_xml`` refuses (empty, binary, not XML, malformed, any DTD or
entity declaration), XML whose root is not ``<opml>``, and an OPML file without a single feed in it (one
whose feeds are all unusable is not refused: the skipped list says why each one was left out).
Versions 1.0, 2.0 or none are all read; ``<head>`` is ignored except for its title; unknown attributes
are ignored; attribute names are matched without regard to case (``xmlurl`` is seen as ``xmlUrl``).
Line numbers are the line each ``<outline>`` starts on.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from studylog.domain.values import NewFeed, Skipped
from studylog.io.common import FileRejected, Parsed
from studylog.io.safexml import local, parse_xml
from studylog.io.urls import NotAWebLink, is_web_url, normalise_url
from studylog.text import clean
from studylog.text import tag as text_tag

SOURCE = "opml"
MAX_TAGS = 16  # per feed; feeds in deeper (or more) folders still import. Keeps pathological files linear
NEWSLETTER_HOSTS = (
    "substack.com", "buttondown.email", "buttondown.com", "beehiiv.com", "mailchimp.com", "list-manage.com",
    "campaign-archive.com", "eepurl.com", "getrevue.co", "ghost.io", "convertkit.com", "ck.page", "kit.com",
    "tinyletter.com",
)
_LINK_TYPES = frozenset({"rss", "atom", "link", "include", "feed"})


def parse_opml(data: bytes, name: str) -> Parsed[NewFeed]:
    """Every feed in an OPML file as a ``NewFeed`` (see the module docstring for the rules)."""
    lines: dict[ET.Element, int] = {}
    root = parse_xml(data, name, "OPML", lines=lines)
    if local(root.tag) != "opml":
        raise FileRejected(f"{name} is XML but not OPML (its root element is <{local(root.tag)}>)")
    head = _child(root, "head")
    body = _child(root, "body")
    head_title = _child(head, "title") if head is not None else None
    document_hint = _kind_hint(head_title.text if head_title is not None else None)

    items: list[tuple[int | None, NewFeed]] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}  # source_id -> index in items
    feeds = 0
    # (outline, folder tags, innermost folder kind hint); a stack rather than recursion, for deep files
    stack: list[tuple[ET.Element, tuple[str, ...], str | None]] = [
        (outline, (), document_hint) for outline in reversed(_outlines(body if body is not None else root))]
    while stack:
        outline, tags, hint = stack.pop()
        line = lines.get(outline)
        attrs = _attributes(outline)
        children = _outlines(outline)
        feed_url = clean(attrs.get("xmlurl"), multiline=False)
        site_url = clean(attrs.get("htmlurl"), multiline=False)
        if children:
            if feed_url is None:  # a folder
                folder = clean(attrs.get("text"), multiline=False) or clean(attrs.get("title"), multiline=False)
                if folder:
                    tag = text_tag(folder)
                    if tag not in tags and len(tags) < MAX_TAGS:
                        tags = (*tags, tag)
                    hint = _kind_hint(folder) or hint
            stack.extend((child, tags, hint) for child in reversed(children))
        if feed_url is None and (children or not site_url or not is_web_url(site_url)):
            if not children and (site_url or attrs.get("url") or attrs.get("type", "").lower() in _LINK_TYPES):
                skipped.append(Skipped(name, line, "has no feed URL (xmlUrl) and no http(s) site URL"))
            continue
        feeds += 1
        key_url = feed_url or site_url
        assert key_url is not None  # (no feed URL: a site URL, as the outlines with neither were left above)
        source_id = _source_id(key_url)
        if source_id is None:
            skipped.append(Skipped(name, line, f"feed URL is not an http(s) link: {_short(key_url)}"))
            continue
        site = site_url if site_url and is_web_url(site_url) else None
        title = (clean(attrs.get("text"), multiline=False) or clean(attrs.get("title"), multiline=False)
                 or site or key_url)
        earlier = seen.get(source_id)
        if earlier is not None:
            first_line, first = items[earlier]
            new_tags = tuple(t for t in tags if t not in first.tags)[: max(0, MAX_TAGS - len(first.tags))]
            if new_tags:
                items[earlier] = (first_line, first._replace(tags=first.tags + new_tags))
            where = f", on line {first_line}" if first_line is not None else ""
            named = f" as “{_short(first.title)}”" if first.title != title else ""
            also = "; its folder names were added to that one's tags" if new_tags else ""
            skipped.append(Skipped(name, line, f"{_short(title)}: feed listed earlier{where}{named}{also}"))
            continue
        kind = _kind(attrs.get("type"), hint, (key_url, site))
        seen[source_id] = len(items)
        items.append((line, NewFeed(title=title, kind=kind, url=site or key_url, tags=tags, source=SOURCE,
                                    source_id=source_id)))
    if not feeds:
        raise FileRejected(f"{name} is an OPML file with no feeds in it")
    return Parsed(items=tuple(items), skipped=tuple(skipped))


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if local(child.tag) == name), None)


def _outlines(element: ET.Element) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == "outline"]


def _attributes(element: ET.Element) -> dict[str, str]:
    """Attributes without a namespace, by lower-cased name (``xmlUrl``, ``xmlurl`` and ``XMLURL`` alike)."""
    return {key.lower(): value for key, value in element.attrib.items() if "}" not in key}


def _source_id(url: str) -> str | None:
    if not is_web_url(url):
        return None
    try:
        return normalise_url(url)
    except NotAWebLink:  # e.g. a port that is not a number
        return None


def _kind_hint(label: str | None) -> str | None:
    """What a folder name (or the document title) says about the feeds in it, if anything."""
    lowered = (label or "").lower()
    if "podcast" in lowered:
        return "podcast"
    if "newsletter" in lowered:
        return "newsletter"
    return None


def _kind(outline_type: str | None, hint: str | None, urls: tuple[str | None, ...]) -> str:
    if "podcast" in (outline_type or "").lower():
        return "podcast"
    if hint:
        return hint
    for url in urls:
        host = _host(url)
        if host and any(host == domain or host.endswith("." + domain) for domain in NEWSLETTER_HOSTS):
            return "newsletter"
    if any(url and "podcast" in url.lower() for url in urls):  # feeds.example.com/podcast.xml, podcasts.x.org
        return "podcast"
    return "blog"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _short(value: str, width: int = 80) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"

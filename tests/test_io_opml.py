"""OPML import (studylog.io.opml) and the safe XML reader under it (studylog.io.safexml)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylog.domain.values import FEED_KINDS, NewFeed
from studylog.io.common import FileRejected, Parsed
from studylog.io.opml import MAX_TAGS, parse_opml
from studylog.io.safexml import local, parse_xml

OPML_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "opml"


def opml(body: str, head: str = "<title>Subscriptions</title>", version: str = ' version="2.0"') -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<opml{version}>\n<head>{head}</head>\n'
            f"<body>\n{body}\n</body>\n</opml>\n").encode()


def feed(xml_url: str = "https://example.com/feed.xml", **attrs: str) -> str:
    attrs = {"type": "rss"} | attrs
    pairs = " ".join(f"{key}={quoteattr(value)}" for key, value in attrs.items())
    return f"<outline {pairs} xmlUrl={quoteattr(xml_url)}/>\n"


def items(data: bytes) -> list[NewFeed]:
    return [item for _, item in parse_opml(data, "subs.opml").items]


def only(data: bytes) -> NewFeed:
    (item,) = items(data)
    return item


# ------------------------------------------------------------------------------------------ the rules

def test_a_feed_becomes_a_feed_not_a_reading_item():
    parsed = parse_opml(opml(feed("https://Example.COM/feed.xml/?utm_source=x", text="Example",
                                  htmlUrl="https://example.com/")), "subs.opml")
    assert isinstance(parsed, Parsed)
    assert parsed.skipped == ()
    ((line, item),) = parsed.items
    assert line == 5
    assert item == NewFeed(title="Example", kind="blog", url="https://example.com/", tags=(), source="opml",
                           source_id="https://example.com/feed.xml")
    assert type(item) is NewFeed  # a subscription, not a reading item (tuples compare equal by value)


def test_folder_names_become_tags():
    data = opml('<outline text="Tech  News" title="ignored">'
                + feed("https://a.example/feed", text="A") + feed("https://b.example/feed", text="B")
                + "</outline>" + feed("https://c.example/feed", text="C"))
    assert [(i.title, i.tags) for i in items(data)] == [("A", ("tech-news",)), ("B", ("tech-news",)), ("C", ())]


def test_nested_folders_all_become_tags_outermost_first():
    data = opml('<outline text="Reading"><outline title="Deep\n Dives">'
                '<outline text="ML"><outline text="reading">' + feed(text="Deep one") + "</outline></outline>"
                "</outline>" + feed("https://b.example/feed", text="Shallow") + "</outline>")
    deep, shallow = items(data)
    assert deep.tags == ("reading", "deep-dives", "ml")  # the repeated folder name is one tag
    assert shallow.tags == ("reading",)


def test_deep_nesting_up_to_the_limit_is_read_and_tags_are_capped_beyond_it_is_refused():
    depth = 97  # with <opml>, <body> and the feed itself: 100 levels, the most studylog reads
    data = opml("".join(f'<outline text="f{n}">' for n in range(depth)) + feed(text="Bottom")
                + "</outline>" * depth)
    (item,) = items(data)
    assert item.tags == tuple(f"f{n}" for n in range(MAX_TAGS))
    deeper = 5000
    data = opml("".join(f'<outline text="f{n}">' for n in range(deeper)) + feed(text="Bottom")
                + "</outline>" * deeper)
    with pytest.raises(FileRejected, match="nests elements 5,003 deep \\(at most 100\\)"):
        items(data)


@pytest.mark.parametrize(("attrs", "title"), [
    ({"text": "Text", "title": "Title", "htmlUrl": "https://site.example/"}, "Text"),
    ({"title": "Title", "htmlUrl": "https://site.example/"}, "Title"),
    ({"text": "   ", "title": "Title"}, "Title"),
    ({"htmlUrl": "https://site.example/"}, "https://site.example/"),
    ({"htmlUrl": "javascript:alert(1)"}, "https://example.com/feed.xml"),
    ({}, "https://example.com/feed.xml"),
])
def test_title_falls_back_from_text_to_title_to_site_to_feed(attrs, title):
    assert only(opml(feed(**attrs))).title == title


@pytest.mark.parametrize(("html_url", "url"), [
    ("https://site.example/blog/", "https://site.example/blog/"),
    ("http://site.example", "http://site.example"),
    ("ftp://site.example/", "https://example.com/feed.xml"),
    ("/relative/path", "https://example.com/feed.xml"),
    (None, "https://example.com/feed.xml"),
])
def test_url_is_the_site_when_it_is_a_web_link_else_the_feed(html_url, url):
    attrs = {"text": "X"} | ({"htmlUrl": html_url} if html_url else {})
    item = only(opml(feed(**attrs)))
    assert item.url == url
    assert item.source_id == "https://example.com/feed.xml"


@pytest.mark.parametrize(("xml_url", "kind"), [
    ("https://someone.substack.com/feed", "newsletter"),
    ("https://buttondown.email/someone/rss", "newsletter"),
    ("https://buttondown.com/someone/rss", "newsletter"),
    ("https://rss.beehiiv.com/feeds/abc.xml", "newsletter"),
    ("https://us5.campaign-archive.com/feed?u=1&id=2", "newsletter"),
    ("https://someone.list-manage.com/feed", "newsletter"),
    ("https://www.getrevue.co/profile/someone?format=rss", "newsletter"),
    ("https://someone.ghost.io/rss/", "newsletter"),
    ("https://tinyletter.com/someone/letters/rss", "newsletter"),
    ("https://notsubstack.com/feed", "blog"),
    ("https://substack.com.evil.example/feed", "blog"),
    ("https://blog.example/feed", "blog"),
])
def test_newsletter_platforms_make_newsletters(xml_url, kind):
    assert only(opml(feed(xml_url, text="X"))).kind == kind


def test_a_newsletter_platform_site_url_is_enough():
    assert only(opml(feed(text="X", htmlUrl="https://someone.substack.com/"))).kind == "newsletter"


def test_folders_and_types_decide_newsletter_and_podcast():
    data = opml('<outline text="My Newsletters">' + feed("https://a.example/feed", text="A") + "</outline>"
                '<outline text="Podcasts">' + feed("https://b.example/feed", text="B")
                + '<outline text="Interviews">' + feed("https://c.example/feed", text="C") + "</outline>"
                + '<outline text="Newsletter">' + feed("https://d.example/feed", text="D") + "</outline>"
                + feed("https://e.substack.com/feed", text="E") + "</outline>"
                + feed("https://f.example/feed", text="F", type="podcast")
                + '<outline text="Newsletters">' + feed("https://g.example/feed", text="G", type="Podcast")
                + "</outline>")
    kinds = {item.title: item.kind for item in items(data)}
    assert kinds == {"A": "newsletter", "B": "podcast", "C": "podcast", "D": "newsletter", "E": "podcast",
                     "F": "podcast", "G": "podcast"}


def test_the_document_title_counts_as_the_outermost_folder_for_the_kind_but_not_for_tags():
    data = opml(feed(text="A") + '<outline text="Blogs">' + feed("https://b.example/f", text="B") + "</outline>",
                head="<title>My podcast subscriptions</title>")
    assert [(i.kind, i.tags) for i in items(data)] == [("podcast", ()), ("podcast", ("blogs",))]


def test_the_same_feed_twice_is_skipped_and_its_folders_join_the_first_ones_tags():
    data = opml('<outline text="Tech">' + feed("https://a.example/feed", text="A") + "</outline>"
                '<outline text="Favourites">' + feed("https://A.example/feed/", text="A again") + "</outline>"
                '<outline text="Tech">' + feed("https://a.example/feed", text="A") + "</outline>")
    parsed = parse_opml(data, "subs.opml")
    ((line, item),) = parsed.items
    assert item.title == "A" and item.tags == ("tech", "favourites")
    first, second = parsed.skipped
    assert first.file == "subs.opml" and first.line == 6 and line == 5
    assert "listed earlier" in first.reason and f"line {line}" in first.reason and "A again" in first.reason
    assert "tags" in first.reason
    assert "listed earlier" in second.reason and "tags" not in second.reason


def test_a_feed_listed_in_many_folders_keeps_at_most_max_tags():
    data = opml("".join(f'<outline text="F{n}">' + feed(text="A") + "</outline>" for n in range(3 * MAX_TAGS)))
    parsed = parse_opml(data, "subs.opml")
    ((_, item),) = parsed.items
    assert item.tags == tuple(f"f{n}" for n in range(MAX_TAGS))
    assert len(parsed.skipped) == 3 * MAX_TAGS - 1


def test_the_same_feed_from_two_files_has_the_same_source_id():
    one = only(opml(feed("https://Example.com:443/feed/", text="One")))
    two = only(opml(feed("https://example.com/feed?utm_medium=rss", text="Two"), version=' version="1.0"'))
    assert one.source_id == two.source_id == "https://example.com/feed"
    assert only(opml(feed("https://example.com/feed", text="x"))) == only(opml(feed("https://example.com/feed",
                                                                                       text="x")))


@pytest.mark.parametrize("xml_url", ["ftp://example.com/feed", "feed://example.com/rss", "javascript:alert(1)",
                                     "file:///etc/passwd", "example.com/feed", "http://", "http://host:port/x"])
def test_a_feed_url_that_is_not_a_web_link_is_skipped(xml_url):
    parsed = parse_opml(opml(feed(xml_url, text="Bad") + feed(text="Good")), "subs.opml")
    assert [item.title for _, item in parsed.items] == ["Good"]
    (skip,) = parsed.skipped
    assert skip.line == 5 and skip.reason.startswith("feed URL is not an http(s) link")


def test_a_file_whose_feeds_are_all_unusable_returns_the_reasons_rather_than_refusing():
    parsed = parse_opml(opml(feed("ftp://a.example/f") + feed("mailto:x")), "subs.opml")
    assert parsed.items == () and len(parsed.skipped) == 2


def test_entities_come_out_as_characters():
    data = opml('<outline type="rss" text="Pen &amp; Paper&#174; &quot;Q&quot; &lt;b&gt; &#x2014; caf&#233;" '
                'xmlUrl="https://example.com/feed?a=1&amp;b=2"/>')
    item = only(data)
    assert item.title == 'Pen & Paper® "Q" <b> — café'
    assert item.source_id == "https://example.com/feed?a=1&b=2"


def test_markup_looking_titles_are_kept_literally():
    assert only(opml(feed(text="[bold]x[/] [link=https://evil.example]y[/link]"))).title == (
        "[bold]x[/] [link=https://evil.example]y[/link]")


def test_control_characters_are_stripped_and_whitespace_collapsed():
    data = opml('<outline text="A&#x9b;B&#x7f;C&#x85;D\tE&#9;F&#10;G   H" xmlUrl="https://example.com/f"/>')
    assert only(data).title == "ABCD E F G H"


def test_a_raw_escape_character_is_not_xml_at_all():
    with pytest.raises(FileRejected, match="line 5"):
        parse_opml(opml(feed(text="\x1b[31mred")), "subs.opml")


def test_the_formats_seen_in_the_wild_are_all_accepted():
    versions = [opml(feed("https://example.com/feed", text="v"), version=v) for v in (' version="1.0"', ' version="2.0"', "", ' version="x"')]
    multi_line = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<opml version=\"2.0\" >\n"
                  b"<head>\n<dateCreated>\nThu Mar 12 22:37:55 CET 2015\n</dateCreated>\n<ownerName/></head>\n"
                  b"<body>\n<outline\n  xmlUrl=\"https://example.com/feed\"\n  description=\"d\"\n"
                  b"  version=\"RSS\"\n  unknown:thing=\"x\" xmlns:unknown=\"urn:x\"\n  text=\"v\" />\n</body></opml>")
    only_url = b"<opml><body><outline xmlUrl='https://example.com/feed'/></body></opml>"
    no_head = b'<opml version="1.0"><body><outline text="v" xmlUrl="https://example.com/feed"/></body></opml>'
    for data in [*versions, multi_line, only_url, no_head]:
        item = only(data)
        assert item.source_id == "https://example.com/feed"
        assert item.title in {"v", "https://example.com/feed"}


def test_attribute_names_are_matched_without_case():
    item = only(b'<opml><body><outline TEXT="T" xmlurl="https://a.example/f" HTMLURL="https://a.example/"/>'
                b"</body></opml>")
    assert (item.title, item.url) == ("T", "https://a.example/")


def test_utf16_and_declared_single_byte_encodings_are_read():
    text = '<?xml version="1.0" encoding="{}"?><opml><body>' + feed(text="Café") + "</body></opml>"
    assert only(text.format("UTF-16").encode("utf-16")).title == "Café"
    assert only(text.format("ISO-8859-1").encode("latin-1")).title == "Café"


def test_a_site_without_a_feed_is_imported_as_a_blog():
    data = opml('<outline text="Sites"><outline text="Just a site" htmlUrl="https://site.example/"/>'
                '<outline text="A letter" htmlUrl="https://x.substack.com/"/></outline>')
    site, letter = items(data)
    assert site == NewFeed(title="Just a site", kind="blog", url="https://site.example/", tags=("sites",),
                           source="opml", source_id="https://site.example")
    assert letter.kind == "newsletter"


def test_leaves_without_any_usable_url_are_skipped_and_empty_folders_ignored():
    data = opml(feed(text="ok") + '<outline text="Empty folder"/><outline text="A note"></outline>'
                '<outline type="rss" text="No feed URL"/><outline text="x" htmlUrl="ftp://x.example/"/>'
                '<outline type="include" url="https://example.com/other.opml" text="inc"/>')
    parsed = parse_opml(data, "subs.opml")
    assert len(parsed.items) == 1
    assert [s.reason for s in parsed.skipped] == ["has no feed URL (xmlUrl) and no http(s) site URL"] * 3


def test_a_feed_outline_with_children_is_a_feed_and_its_children_are_read_too():
    data = opml('<outline text="Parent" xmlUrl="https://p.example/feed">' + feed(text="Child") + "</outline>")
    assert [(i.title, i.tags) for i in items(data)] == [("Parent", ()), ("Child", ())]


def test_line_numbers_are_where_each_outline_starts():
    data = (b'<?xml version="1.0"?>\n<opml>\n<body>\n<outline text="F">\n<outline\n text="A"\n'
            b' xmlUrl="https://a.example/f"/>\n<outline text="B" xmlUrl="https://b.example/f"/>\n</outline>\n'
            b'</body>\n</opml>')
    assert [line for line, _ in parse_opml(data, "subs.opml").items] == [5, 8]


def test_every_item_is_a_valid_feed():
    for item in items(opml(feed(text="A") + '<outline text="Podcasts">' + feed("https://b.example/f") + "</outline>")):
        assert item.kind in FEED_KINDS and item.title


# ------------------------------------------------------------------------------------------ refusals

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + b"".join(f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
                             .encode() for n in range(1, 10))
                  + b']>\n<opml><body><outline text="&lol9;" xmlUrl="https://example.com/f"/></body></opml>')
QUADRATIC = (b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY a "' + b"a" * 50_000 + b'">]>\n'
             b'<opml><body><outline text="' + b"&a;" * 50_000 + b'" xmlUrl="https://example.com/f"/></body></opml>')
EXTERNAL = (b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            b'<opml><body><outline text="&x;" xmlUrl="https://example.com/f"/></body></opml>')
PARAMETER = (b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>\n'
             b"<opml><body/></opml>")
PLAIN_DTD = (b'<?xml version="1.0"?>\n<!DOCTYPE opml SYSTEM "http://example.com/opml.dtd">\n'
             b'<opml><body><outline xmlUrl="https://example.com/f"/></body></opml>')
INTERNAL_DTD = b'<!DOCTYPE opml [<!ELEMENT opml ANY>]><opml><body><outline xmlUrl="https://a.example/f"/></body></opml>'
SAFETY = "declares a DTD or entities, which OPML files never need; refused for safety"

REFUSED = [
    pytest.param(BILLION_LAUGHS, SAFETY, id="billion-laughs"),
    pytest.param(QUADRATIC, SAFETY, id="quadratic-blowup"),
    pytest.param(EXTERNAL, SAFETY, id="external-entity"),
    pytest.param(PARAMETER, SAFETY, id="external-parameter-entity"),
    pytest.param(PLAIN_DTD, SAFETY, id="dtd"),
    pytest.param(INTERNAL_DTD, SAFETY, id="internal-dtd"),
    pytest.param(b"<!DOCTYPE html>\n<html><body><p>hi</p></body></html>", "is an HTML page, not OPML", id="html"),
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"  \n\t\n", "is empty", id="blank"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not OPML", id="png"),
    pytest.param(b"PK\x03\x04rest", "is a ZIP archive, not OPML", id="zip"),
    pytest.param(b"<opml>\x00\x01\x02</opml>", "holds binary data, not OPML", id="nul-bytes"),
    pytest.param(b"title,url\nA,https://a.example\n", "is not XML, so it cannot be OPML", id="csv"),
    pytest.param(b"\xef\xbb\xbfjust some text", "is not XML, so it cannot be OPML", id="text-with-bom"),
    pytest.param(b'<opml><body>\n<outline text="caf\xe9" xmlUrl="https://a.example/f"/></body></opml>',
                 r"not well-formed XML \(invalid token on line 2", id="invalid-bytes"),
    pytest.param(b"<opml><body>\n<outline>\n</body></opml>", r"not well-formed XML \(mismatched tag on line 3",
                 id="malformed"),
    pytest.param(b"<opml><body><outline", "not well-formed XML", id="truncated"),
    pytest.param(b"<?xml version='1.0' encoding='no-such-thing'?><opml/>", "declares an encoding that cannot be read",
                 id="unknown-encoding"),
    pytest.param(b"<?xml version='1.0' encoding='shift_jis'?><opml/>", "cannot be read as XML", id="multibyte"),
]


@pytest.mark.parametrize(("data", "message"), REFUSED)
def test_refused_by_parse_xml(data, message):
    started = time.perf_counter()
    with pytest.raises(FileRejected, match=message) as caught:
        parse_xml(data, "subs.opml", "OPML")
    assert time.perf_counter() - started < 10  # a hang guard: refused before anything is expanded
    assert str(caught.value).startswith("subs.opml ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("data", "message"), REFUSED)
def test_refused_by_parse_opml(data, message):
    with pytest.raises(FileRejected, match=message):
        parse_opml(data, "subs.opml")


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
            '<opml><body><outline text="&x;" xmlUrl="https://example.com/f"/></body></opml>').encode()
    with pytest.raises(FileRejected, match="refused for safety") as caught:
        parse_opml(data, "subs.opml")
    assert "TOP-SECRET" not in str(caught.value)


@pytest.mark.parametrize(("data", "message"), [
    (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
     r"^subs.opml is XML but not OPML \(its root element is <rss>\)$"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', r"its root element is <feed>"),
    (b'<opml version="2.0"><head><title>Nothing</title></head><body/></opml>', r"^subs.opml is an OPML file with no feeds"),
    (b'<opml version="2.0"><head/></opml>', "no feeds"),
    (b'<opml><body><outline text="Empty folder"><outline text="Also empty"/></outline></body></opml>', "no feeds"),
])
def test_refused_by_parse_opml_only(data, message):
    with pytest.raises(FileRejected, match=message):
        parse_opml(data, "subs.opml")
    parse_xml(data, "subs.opml", "OPML")  # well-formed XML, only not (usable) OPML


def test_parse_xml_returns_the_root_and_can_note_lines():
    lines: dict = {}
    root = parse_xml(b'<?xml version="1.0"?>\n<gpx xmlns="http://www.topografix.com/GPX/1/1">\n'
                     b"  <trk>\n    <name>x</name>\n  </trk>\n</gpx>", "a.gpx", "GPX", lines=lines)
    assert local(root.tag) == "gpx"
    assert [(local(e.tag), lines[e]) for e in root.iter()] == [("gpx", 2), ("trk", 3), ("name", 4)]
    with pytest.raises(FileRejected, match="which GPX files never need"):
        parse_xml(BILLION_LAUGHS, "a.gpx", "GPX")


@pytest.mark.parametrize(("tag", "name"), [("{http://www.topografix.com/GPX/1/1}trkpt", "trkpt"),
                                           ("outline", "outline"), ("{}x", "x")])
def test_local_drops_the_namespace(tag, name):
    assert local(tag) == name


# ------------------------------------------------------------------------------------------ properties

_VALID = opml(feed("https://a.example/f", text="A &amp; B", htmlUrl="https://a.example/")
              + '<outline text="Folder">' + feed("https://b.example/f") + "</outline>")


@st.composite
def _mutated(draw) -> bytes:
    """A valid OPML document with a few bytes changed, inserted or deleted."""
    data = bytearray(_VALID)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "delete":
            del data[at]
        else:
            data[at:at + (action == "set")] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), _mutated()))
def test_arbitrary_bytes_either_parse_or_are_refused(data):
    try:
        parsed = parse_opml(data, "fuzz.opml")
    except FileRejected:
        return
    assert all(isinstance(item, NewFeed) for _, item in parsed.items)


_xml_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff",
                           min_codepoint=0x09).filter(lambda c: c in "\t\n\r" or c >= " ")
_attr_text = st.one_of(st.text(_xml_chars, max_size=30), st.text(max_size=10))  # the second is often not XML
_urlish = st.one_of(st.sampled_from(["https://a.example/f", "HTTP://B.example:80/x/", "ftp://c/", "http://h:99999/",
                                     "https://x.substack.com/", "https://a.example/f?utm_x=1", "", " "]), _attr_text)


@st.composite
def _documents(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        attrs = {key: draw(value) for key, value in (("text", _attr_text), ("title", _attr_text),
                                                      ("xmlUrl", _urlish), ("htmlUrl", _urlish),
                                                      ("type", st.sampled_from(["rss", "podcast", "link", "x"])))
                 if draw(st.booleans())}
        pairs = " ".join(f"{key}={quoteattr(value)}" for key, value in attrs.items())
        inner = draw(_documents(depth + 1)) if depth < 3 and draw(st.booleans()) else ""
        parts.append(f"<outline {pairs}>{inner}</outline>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_documents(), st.text(_xml_chars, max_size=30))
def test_generated_opml_documents_parse_or_are_refused(body, head_title):
    data = opml(body, head=f"<title>{quoteattr(head_title)[1:-1]}</title>")
    try:
        parsed = parse_opml(data, "gen.opml")
    except FileRejected:
        return
    ids = [item.source_id for _, item in parsed.items]
    assert len(ids) == len(set(ids))
    for line, item in parsed.items:
        assert isinstance(line, int) and item.kind in FEED_KINDS and item.title
        assert item.url and item.url.lower().startswith("http")


# ------------------------------------------------------------------------------------------ real files

def _fixture(name: str) -> Parsed:
    if not OPML_FIXTURES.is_dir():
        pytest.skip(f"shared OPML fixtures not found at {OPML_FIXTURES}")
    path = OPML_FIXTURES / name
    return parse_opml(path.read_bytes(), path.name)


def _by_title(parsed: Parsed) -> dict[str, tuple[int | None, NewFeed]]:
    return {item.title: (line, item) for line, item in parsed.items}


def test_engineering_blogs_422_feeds_in_one_folder_two_of_them_repeated():
    parsed = _fixture("engineering-blogs__engineering_blogs.opml")
    assert len(parsed.items) + len(parsed.skipped) == 422
    assert len(parsed.items) == 420
    assert [(s.line, "listed earlier" in s.reason) for s in parsed.skipped] == [(66, True), (92, True)]
    assert {item.tags for _, item in parsed.items} == {("engineering-blogs",)}
    podcasts = [item.title for _, item in parsed.items if item.kind == "podcast"]
    assert podcasts == ["Made Tech"]  # its feed is https://www.madetech.com/feed/podcast
    assert {item.kind for _, item in parsed.items} == {"blog", "podcast"}
    titles = _by_title(parsed)
    assert titles["8th Light"] == (8, NewFeed(
        title="8th Light", kind="blog", url="https://8thlight.com/blog/",
        tags=("engineering-blogs",), source="opml", source_id="https://8thlight.com/insights/feed/rss.xml"))
    assert titles["Sky Betting & Gaming"][1].url == "http://engineering.skybettingandgaming.com/"
    pinterest = titles["Pinterest"][1]
    assert pinterest.source_id == "https://medium.com/feed/@Pinterest_Engineering"
    assert pinterest.url == "https://medium.com/@Pinterest_Engineering"
    assert "Facebook AI Research" not in titles and "HomeAway" not in titles  # same feeds as Facebook, Expedia


def test_eugeneius_663_feeds_in_15_folders():
    parsed = _fixture("eugeneius-subscriptions__subscriptions.opml")
    assert len(parsed.items) == 663 and parsed.skipped == ()
    per_folder = Counter(item.tags for _, item in parsed.items)
    assert len(per_folder) == 15
    assert per_folder[("developers",)] == 123 and per_folder[("status-pages",)] == 21
    assert all(len(tags) == 1 for tags in per_folder)
    titles = _by_title(parsed)
    line, xkcd = titles["xkcd"]
    assert line == 252
    assert (xkcd.url, xkcd.source_id, xkcd.tags, xkcd.kind) == (
        "http://xkcd.com/", "http://www.xkcd.com/rss.xml", ("comics",), "blog")
    assert titles["AppShopper.com: Zen Bound®"][1].tags == ("appshopper",)
    assert 'AppShopper.com: Search Results in All Categories for "Game Oven"' in titles
    assert titles["@getsentry Status - Incident History"][1].tags == ("status-pages",)
    assert titles["AppShopper.com: A Dark Room"][1].source_id == (
        "http://appshopper.com/feed?platform=ios&appname=a-dark-room")


def test_repat_newsreader_17_feeds_with_attributes_over_several_lines():
    parsed = _fixture("repat-blog-subscriptions__newsreader.opml")
    assert len(parsed.items) == 17 and parsed.skipped == ()
    titles = _by_title(parsed)
    assert titles["Moxie Marlinspike's Blog"] == (63, NewFeed(
        title="Moxie Marlinspike's Blog", kind="blog", url="http://www.thoughtcrime.org/blog/",
        tags=(), source="opml", source_id="http://www.thoughtcrime.org/blog/rss.xml"))
    slim = titles["SlimRoms"][1]
    assert slim.source_id == "http://slimroms.net/index.php?format=feed&type=rss"
    assert slim.url == "http://slimroms.net/index.php/component/content/?view=featured"


def test_repat_podcasts_36_outlines_with_only_a_feed_url():
    parsed = _fixture("repat-blog-subscriptions__podcasts.opml")
    assert len(parsed.items) == 36 and parsed.skipped == ()
    for _, item in parsed.items:
        assert item.title == item.url and item.source_id and item.tags == ()
    line, radiolab = parsed.items[-2]
    assert line == 81
    assert radiolab == NewFeed(title="http://feeds.wnyc.org/radiolab", kind="blog",
                               url="http://feeds.wnyc.org/radiolab", source="opml",
                               source_id="http://feeds.wnyc.org/radiolab")
    assert Counter(item.kind for _, item in parsed.items) == {"podcast": 23, "blog": 13}  # "podcast" in the URL
    last = parsed.items[-1][1]
    assert last.kind == "podcast"
    assert last.title == "http://podcast.99percentinvisible.org/feed/podcast/"
    assert last.source_id == "http://podcast.99percentinvisible.org/feed/podcast"

"""The quicker ways imports clean and key their values (issue 15) give exactly what the plain ways give:
each is compared here with the straightforward version it replaced."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studylog import text
from studylog.db import sqlite
from studylog.io import csvfile, urls
from studylog.services.reading import title_key

_CONTROL = re.compile(text._CONTROL)
_ESCAPE_SEQ = re.compile(text._ESCAPE_SEQ)


def plain_clean(value: str | None, *, multiline: bool = True) -> str | None:
    """``text.clean`` as it was: every pattern applied whenever anything is not printable."""
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not value.isprintable() or not text._INVISIBLE.isdisjoint(value):
        value = _ESCAPE_SEQ.sub("", value)
        value = _CONTROL.sub("", value)
        value = re.sub("[\ud800-\udfff]", "\ufffd", value)
    if not multiline:
        value = " ".join(value.split())
    value = value.strip()
    return value or None


_ODD = st.text(alphabet=st.sampled_from(list("ab \n\t\r\x1b[]31m;\x07\\\x00\x7f\x85\x9b\u200b\u200d\u202e\ufeff"
                                              "\ud800\xa0é😀\u2028<>&#/:")), max_size=30)


@settings(max_examples=500)
@given(st.one_of(_ODD, st.text(max_size=30)), st.booleans())
@example("Line one\nline\ttwo", True)
@example("a\x1b[31mred\x1b[0m\n", False)
def test_clean_gives_what_every_pattern_gives(value, multiline):
    assert text.clean(value, multiline=multiline) == plain_clean(value, multiline=multiline)


def plain_title_key(title: str, authors: Iterable[str]) -> str:
    main = re.split(r"[:(\[]", title, maxsplit=1)[0]
    first = next(iter(authors), "")
    surname = first.replace(",", " ").split()[-1] if first.strip() else ""
    if "," in first:
        surname = first.split(",")[0].strip()
    folded = unicodedata.normalize("NFKD", f"{main} {surname}".casefold())
    return " ".join("".join(c for c in folded if c.isalnum() or c.isspace()).split())


@settings(max_examples=500)
@given(st.one_of(_ODD, st.text(max_size=30)), st.lists(st.one_of(_ODD, st.text(max_size=12)), max_size=2))
@example("Straße: a Novel (Book 1)", ["Müller, Jörg"])
@example("snake_case ½ Ⅻ ﬁ", ["O'Brien"])
def test_title_key_gives_what_the_character_by_character_way_gives(title, authors):
    def key(way) -> object:  # noqa: ANN001
        try:
            return way(title, authors)
        except IndexError:  # (an author of nothing but commas: both ways fail alike)
            return IndexError

    assert key(title_key) == key(plain_title_key)


def plain_guess_kind(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "other"
    host = (parts.hostname or "").lower()
    for kind, hosts in urls._KIND_HINTS:
        if any(host == h or host.endswith("." + h) for h in hosts):
            if kind == "repo" and host.endswith("github.com") and parts.path.count("/") < 2:
                return "other"
            return kind
    return "paper" if parts.path.lower().endswith(".pdf") else "article"


_HOSTS = [h for _, hosts in urls._KIND_HINTS for h in hosts] + ["example.org", "notgithub.com", "org", "ai"]


@settings(max_examples=500)
@given(st.sampled_from(["https://", "http://", "", "ftp://", "https://[::1"]),
       st.sampled_from(["", "www.", "a.b.", "x", "fake-"]), st.sampled_from(_HOSTS),
       st.sampled_from(["", ".evil", ":8080", ":x"]), st.sampled_from(["", "/", "/u", "/u/r", "/a.PDF", "/x/y.pdf"]),
       st.booleans())
def test_guess_kind_gives_what_the_host_by_host_way_gives(scheme, sub, host, tail, path, upper):
    url = scheme + sub + host + tail + path
    url = url.upper() if upper else url
    assert urls.guess_kind(url) == plain_guess_kind(url)


def plain_html_to_text(value: str) -> str | None:
    if not value.strip():
        return None
    value = csvfile._GOODREADS_LINK.sub(lambda m: m[1].strip(), value)
    value = csvfile._BREAK.sub("\n", value)
    value = csvfile._ANCHOR.sub(csvfile._anchor, value)
    value = csvfile._TAG.sub("", value)
    value = html.unescape(value).replace("\xa0", " ")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = csvfile._BLANK_LINES.sub("\n\n", csvfile._TRAILING_SPACE.sub("\n", value))
    return text.clean(value)


_HTMLISH = st.lists(st.sampled_from([
    "<br/>", "<br>", "<p>", "</p>", "<div class=x>", "<a href=\"https://a.org\">A</a>", "<A HREF='u'>u</A>",
    "<b>", "</b>", "[b:Title|1|Full|Auth|c|1]", "[a:Name|2|N|p]", "&amp;", "&nbsp;", "\xa0", " ", "\t", "\n",
    "\r\n", "\r", "text", "[", "]", "|", "<", ">", "a\n\n\n\nb", "  \n",
]), max_size=25).map("".join)


@settings(max_examples=500)
@given(_HTMLISH)
def test_html_to_text_gives_what_every_pattern_gives(value):
    assert csvfile.html_to_text(value) == plain_html_to_text(value)


@given(st.lists(st.sampled_from(["", " ", "\t", "x", " y "]), max_size=6))
def test_a_blank_record_is_one_with_nothing_but_blanks(row):
    assert csvfile._blank(row) == (not any(value.strip() for value in row))


@settings(max_examples=500)
@given(st.lists(st.one_of(_ODD, st.text(max_size=12), st.sampled_from(['"', "\\", 'a"b', "c\\d", "\x1f", "\x7f",
                                                                       "\u2028", "é"])), max_size=4))
@example([])
@example([""])
@example(["", ""])
def test_a_json_list_is_what_json_dumps_writes(values):
    assert sqlite.to_json_list(values) == json.dumps(values, ensure_ascii=False)
    assert sqlite.to_json_list(tuple(values)) == json.dumps(values, ensure_ascii=False)


PLAIN_BREAK = re.compile(r"<br\s*/?>|</?p(?:\s[^<>]*)?>|</?div(?:\s[^<>]*)?>", re.IGNORECASE)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["<", ">", "/", "br", "BR", "p", "P", "div", "Div", " ", "\t", "\n", "x", "=",
                                 "<br/>", "<p class=a>", "</div>", "<brr>", "<pre>", "<br / >"]),
                max_size=20).map("".join))
def test_the_break_pattern_matches_what_the_three_patterns_match(value):
    assert csvfile._BREAK.sub("\n", value) == PLAIN_BREAK.sub("\n", value)
    assert [m.span() for m in csvfile._BREAK.finditer(value)] == [m.span() for m in PLAIN_BREAK.finditer(value)]


def plain_parse_date(value: str):  # noqa: ANN201
    match = csvfile._DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


@settings(max_examples=500)
@given(st.lists(st.sampled_from(list("0123456789/- \t٣x") + ["2020", "1999", "02", "29", "13", "31"]),
                max_size=8).map("".join))
@example("2020/02/29")
@example("2021/02/29")
@example("2020-1-05")
@example("2020/01-05")
@example("２０２０/01/05")
def test_parse_date_gives_what_the_pattern_gives(value):
    assert csvfile.parse_date(value) == plain_parse_date(value)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["a", " ", "\t", "\n", "  \n", "\t\n", " \t \n", "x y"]), max_size=12).map("".join))
def test_trailing_blanks_go_as_the_pattern_takes_them(value):
    if " \n" in value or "\t\n" in value:  # (html_to_text's way, on a value without markup)
        assert csvfile.html_to_text(value) == plain_html_to_text(value)

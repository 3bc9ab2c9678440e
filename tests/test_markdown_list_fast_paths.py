"""The quicker ways a Markdown list's links are read and stored (issue 15, point 4) give exactly what the plain
ways gave: each is compared here with the straightforward version it replaced."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studylog.io import markdown_list, urls
from studylog.text import not_utf8


def plain_normalise_url(url: str) -> str:
    """``urls.normalise_url`` as it was: every link through urlsplit and urlunsplit."""
    raw = url
    if not_utf8(url):
        raise urls.NotAWebLink(f"not a web link (not UTF-8 text): {raw.strip()!r}")
    if urls.has_control_characters(url):
        raise urls.NotAWebLink(f"{urls.CONTROL}: {raw.strip()!r}")
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise urls.NotAWebLink(f"not a web link: {raw!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in urls.DEFAULT_PORTS or not parts.hostname:
        raise urls.NotAWebLink(f"not an http(s) link: {raw!r}")
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (f"{userinfo}@" if userinfo else "") + host
    if port is not None and port != urls.DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = parts.path
    if path.endswith("/"):
        path = path.rstrip("/")
    query = parts.query
    if query:
        kept = []
        for pair in query.split("&"):
            key = unquote(pair.partition("=")[0]).lower()
            if pair and not key.startswith(urls.TRACKING_PREFIXES) and key not in urls.TRACKING_NAMES:
                kept.append(pair)
        query = "&".join(kept)
    return urlunsplit((scheme, netloc, path, query, parts.fragment))


def plain_classify(href: str) -> tuple[str | None, str | None]:
    """``markdown_list._classify`` as it was: the scheme of every link from urlsplit."""
    href = href.strip()
    if not href:
        return None, markdown_list.EMPTY
    if urls.has_control_characters(href):
        return None, urls.CONTROL
    if href.startswith("#"):
        return None, markdown_list.SAME_FILE
    try:
        parts = urlsplit(href)
    except ValueError:
        return None, markdown_list.NOT_WEB
    scheme = parts.scheme.lower()
    if not scheme:
        if href.startswith("//") and parts.netloc:
            href, scheme = "https:" + href, "https"
        else:
            return None, markdown_list.RELATIVE
    if scheme not in ("http", "https"):
        return None, f"not an http(s) link ({scheme})"
    try:
        return urls.normalise_url(href), None
    except (urls.NotAWebLink, ValueError):
        return None, markdown_list.NOT_WEB


def _outcome(way, url: str) -> object:  # noqa: ANN001
    try:
        return way(url)
    except ValueError as exc:  # (NotAWebLink too: its message says which)
        return type(exc), str(exc)


_PIECES = st.sampled_from([
    "http", "https", "HTTPS", "hTtP", "ftp", "mailto", ":", "://", "//", "/", "///", "?", "#", "&", "=", "@",
    "user:pw@", ":80", ":443", ":8080", ":0", ":99999", ":x", "[::1]", "[", "]", "example.org", "EXAMPLE.Org",
    "a.b.arxiv.org", "github.com", "x-y.io", ".", "-", "utm_source=x", "UTM_Medium=y", "fbclid=1", "q=a%20b",
    "%75tm_x=1", "a b", " ", "\t", "\n", "\r", "\x00", "\x1b[31m", "\u200b", "\u202e", "\xa0", "é", "ſ",
    "\u212a", "😀", "\ud800", "ｅｘａｍｐｌｅ", "％", "\\", "(", ")", "~", "*", ".pdf", "index.html",
])
_URLS = st.one_of(
    st.lists(_PIECES, max_size=12).map("".join),
    st.tuples(st.sampled_from(["http://", "https://", "HTTP://", "https:"]), st.lists(_PIECES, max_size=10))
    .map(lambda parts: parts[0] + "".join(parts[1])),
    st.text(max_size=30),
)
_EXAMPLES = [
    "https://example.org/a/b", "https://Example.ORG/", "HTTPS://example.org/a/?utm_source=x&b=1#top",
    "https://example.org?", "https://example.org#", "https://example.org///", "http://example.org:80/a",
    "https://user@example.org/a", "https://[::1]/x", "https://ex\u212aample.org/", "https://example.org/a\tb",
    "https://example.org/é?q=ü#ß", " https://example.org/a ", "https://example.org/a\n", "https://-/x",
    "https://a..b/c", "https://example.org/\ud800", "https://example.org/a?x=1&&utm_y=2&", "https://.",
]


@settings(max_examples=1500)
@given(_URLS)
def test_normalise_url_gives_what_urlsplit_and_urlunsplit_give(url):
    assert _outcome(urls.normalise_url, url) == _outcome(plain_normalise_url, url)


def test_normalise_url_gives_what_urlsplit_and_urlunsplit_give_on_examples():
    for url in _EXAMPLES:
        assert _outcome(urls.normalise_url, url) == _outcome(plain_normalise_url, url), url


@settings(max_examples=1500)
@given(_URLS)
@example("HTTP:/example.org")
@example("https:example.org")
@example("https//example.org")
@example("http:")
def test_classify_gives_what_urlsplit_gives(href):
    assert markdown_list._classify(href) == plain_classify(href)
    for url in _EXAMPLES:
        assert markdown_list._classify(url) == plain_classify(url), url


def plain_guess_kind(url: str) -> str:
    """``urls.guess_kind`` as it was: every link through urlsplit, every host's domains looked up."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "other"
    host = (parts.hostname or "").lower()
    found = [urls._HOST_KINDS[name] for name in (host, *(host[i + 1:] for i, ch in enumerate(host) if ch == "."))
             if name in urls._HOST_KINDS]
    if found:
        _, kind = min(found)
        if kind == "repo" and host.endswith("github.com") and parts.path.count("/") < 2:
            return "other"
        return kind
    if parts.path.lower().endswith(".pdf"):
        return "paper"
    return "article"


@settings(max_examples=1500)
@given(_URLS)
@example("https://GitHub.com/a\n/b")
@example("https://example.org/a.pd\tf")
def test_guess_kind_gives_what_urlsplit_gives(url):
    assert urls.guess_kind(url) == plain_guess_kind(url)
    for example_url in _EXAMPLES:
        assert urls.guess_kind(example_url) == plain_guess_kind(example_url), example_url

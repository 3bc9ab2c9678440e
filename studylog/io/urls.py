"""URLs as keys: the same page written two ways is one resource."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from studylog.text import clean, not_utf8

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc",
                  "_hsmi", "ref_src", "spm"}


CONTROL = "a link with control characters in it"
_BLANKS = " \t\n\r\f\v"  # around a link (the end of a pasted line), not part of it


class NotAWebLink(ValueError):
    pass


# The usual link: http(s), a plain host name (no user, no port, no IPv6 literal), a path, query and fragment
# without a tab or line break (which urlsplit would remove). Its parts are read here, without urlsplit: they
# are the ones urlsplit gives, and its netloc is its host name (tests/test_markdown_list_fast_paths.py).
_PLAIN = re.compile(r"(https?)://([A-Za-z0-9.-]+)(/[^?#\t\n\r]*)?(?:\?([^#\t\n\r]*))?(?:#([^\t\n\r]*))?",
                    re.IGNORECASE | re.ASCII)  # (ASCII: "K", the Kelvin sign, is no "k")


def _plain_parts(url: str) -> tuple[str, str, str, str, str] | None:
    """(scheme lower-cased, host, path, query, fragment) of a link of the usual form, else None."""
    found = _PLAIN.fullmatch(url)
    if found is None:
        return None
    scheme, host, path, query, fragment = found.groups()
    return scheme.lower(), host, path or "", query or "", fragment or ""


def has_control_characters(url: str) -> bool:
    """Whether a link holds, anywhere but in the blanks around it, a character that studylog.text.clean
    removes (C0 and C1 controls, escape sequences, bidi overrides and isolates, zero-width characters), a
    tab or a line break. Percent-encoded ones ("%1B") are text, and stay as written."""
    url = url.strip(_BLANKS)
    if "\t" in url or "\n" in url or "\r" in url:
        return True
    if not_utf8(url):
        return False  # (said apart: not UTF-8)
    if clean(url) == url:  # (the usual case: one pass)
        return False
    return any(clean(f"a{ch}a") != f"a{ch}a" for ch in set(url))  # not only blanks at an end (" ", "\xa0")


def is_web_url(url: str) -> bool:
    if has_control_characters(url) or not_utf8(url):
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return False
    return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, default port and trailing slash dropped, tracking parameters removed;
    the fragment is kept (it often names a section of a long page). Only http(s) links are accepted; a
    link holding a control character is refused (NotAWebLink, its message starting with CONTROL), never
    cleaned into another link."""
    raw = url
    if not_utf8(url):
        raise NotAWebLink(f"not a web link (not UTF-8 text): {raw.strip()!r}")
    if has_control_characters(url):
        raise NotAWebLink(f"{CONTROL}: {raw.strip()!r}")
    url = url.strip()
    plain = _plain_parts(url)
    if plain is not None:  # (the usual link: no user, no port; its host name is its netloc)
        scheme, host, path, query, fragment = plain
        return _joined(scheme, host.lower(), path, query, fragment)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise NotAWebLink(f"not a web link: {raw!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise NotAWebLink(f"not an http(s) link: {raw!r}")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (f"{userinfo}@" if userinfo else "") + host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return _joined(scheme, netloc, parts.path, parts.query, parts.fragment)


def _joined(scheme: str, netloc: str, path: str, query: str, fragment: str) -> str:
    """The normalised link of its parts (urlsplit's, scheme and host lower-cased, the port dealt with)."""
    if path.endswith("/"):
        path = path.rstrip("/")
    if query:  # drop tracking pairs, keep the others exactly as written
        kept = []
        for pair in query.split("&"):
            key = unquote(pair.partition("=")[0]).lower()
            if pair and not key.startswith(TRACKING_PREFIXES) and key not in TRACKING_NAMES:
                kept.append(pair)
        query = "&".join(kept)
    if netloc and (not path or path[0] == "/"):  # (what urlunsplit gives then, more quickly)
        return f"{scheme}://{netloc}{path}{'?' if query else ''}{query}{'#' if fragment else ''}{fragment}"
    return urlunsplit((scheme, netloc, path, query, fragment))


_KIND_HINTS = (
    ("video", ("youtube.com", "youtu.be", "vimeo.com", "videolectures.net")),
    ("paper", ("arxiv.org", "openreview.net", "aclanthology.org", "papers.nips.cc", "proceedings.mlr.press",
               "dl.acm.org", "ieeexplore.ieee.org", "semanticscholar.org", "biorxiv.org")),
    ("course", ("coursera.org", "edx.org", "udemy.com", "udacity.com", "fast.ai", "course.fast.ai",
                "ocw.mit.edu", "deeplearning.ai", "khanacademy.org")),
    ("repo", ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "huggingface.co")),
    ("book", ("oreilly.com", "manning.com", "nostarch.com", "leanpub.com", "d2l.ai")),
)

_HOST_KINDS: dict[str, tuple[int, str]] = {}  # host -> (its kind's place in _KIND_HINTS, the kind)
for _order, (_kind, _hosts) in enumerate(_KIND_HINTS):
    for _host in _hosts:
        _HOST_KINDS.setdefault(_host, (_order, _kind))


def guess_kind(url: str) -> str:
    """A resource kind from its address: a video, paper, course, repo or book; else an article."""
    plain = _plain_parts(url)
    if plain is not None:
        host, path = plain[1].lower(), plain[2]
    else:
        try:
            parts = urlsplit(url)
        except ValueError:
            return "other"
        host, path = (parts.hostname or "").lower(), parts.path
    kind = _host_kind(host)
    if kind is not None:
        if kind == "repo" and host.endswith("github.com") and path.count("/") < 2:
            return "other"  # a user or organisation page, not a repository
        return kind
    if path.lower().endswith(".pdf"):
        return "paper"
    return "article"


@lru_cache(maxsize=1024)  # (a list's links share a few hosts)
def _host_kind(host: str) -> str | None:
    """The kind of the links of a host, if it has one: the host and each domain it is under
    ("a.b.arxiv.org": "b.arxiv.org", "arxiv.org", "org"), the first kind of _KIND_HINTS one of them is
    listed under."""
    found = [_HOST_KINDS[name] for name in (host, *(host[i + 1:] for i, ch in enumerate(host) if ch == "."))
             if name in _HOST_KINDS]
    return min(found)[1] if found else None

"""search: the app's search from the shell, across writing, workouts, reading and resources.

A quick command: the standard library and the stdlib sqlite3 services only (no rich, no ORM)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from studylog.cli import EXIT_OK, EXIT_USAGE, Context, UserError, list_limit, print_json

if TYPE_CHECKING:
    from studylog.services.search import SearchHit

PAGE = 20  # hits shown unless --limit says otherwise
MARK = ("\ue000", "\ue001")  # (private-use characters: where the api marks the words found, until printed)
TITLE_WIDTH = 70
QUERY_SHOWN = 60  # characters of the query repeated in a message


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    from studylog.domain.kinds import SEARCHED

    kinds = tuple(kind.name for kind in SEARCHED)
    search = commands.add_parser("search", help="find writing, workouts, reading and resources by their words",
                                 description="Search everything studylog keeps, title matches first, then the "
                                             "rest, newest first: all the words must match, the last one "
                                             "as a prefix ('deep learn').")
    search.add_argument("query", nargs="+", metavar="QUERY", help="words to look for")
    search.add_argument("--kind", action="append", choices=kinds,
                        help=f"only this kind ({', '.join(kinds)}; repeatable)")
    search.add_argument("--limit", help=f"at most N matches (default {PAGE}; 0 for all)")
    search.add_argument("--json", action="store_true", help="a list of objects (words found between « and »)")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import search
    from studylog.limits import MAX_LIST_LIMIT
    from studylog.text import clean, one_line

    typed = " ".join(args.query)
    if not clean(typed, multiline=False):
        raise UserError("give a word to look for, e.g. studylog search transformers", EXIT_USAGE)
    limit = list_limit(args.limit, PAGE)
    kinds = list(dict.fromkeys(args.kind)) if args.kind else None
    wanted = MAX_LIST_LIMIT if limit is None else limit + 1  # (one more: is there more than shown?)
    hits = search.search(ctx, typed, limit=wanted, kinds=kinds, mark=MARK)
    more = limit is not None and len(hits) > limit
    hits = hits[:limit] if more else hits
    if args.json:
        print_json([{"kind": h.kind, "id": h.ref, "date": h.day, "title": _text(h.title),
                     "snippet": _marked(h.snippet, ("«", "»"))} for h in hits])
        return EXIT_OK
    shown = one_line(clean(typed, multiline=False), QUERY_SHOWN)
    where = f" in {', '.join(kinds)}" if kinds else ""
    if not hits:
        print(f'No matches for "{shown}"{where}.')
        return EXIT_OK
    bold = sys.stdout.isatty()
    lines = [_hit_line(hit) + _snippet_line(hit, bold) for hit in hits]
    sys.stdout.write("".join(lines))
    if more:
        print(f"First {len(hits)} match{'es' if len(hits) != 1 else ''} shown; use --limit N (0 for all) for more")
    return EXIT_OK


def _text(value: str | None) -> str:
    """Stored text as one clean line (no escape sequence, no control character, no marker left)."""
    from studylog.text import clean

    cleaned = clean(value, multiline=False) or ""
    return cleaned.replace(MARK[0], "").replace(MARK[1], "")


def _marked(snippet: str, marks: tuple[str, str]) -> str:
    """The snippet as one clean line, the words found between ``marks``."""
    from studylog.text import clean

    return (clean(snippet, multiline=False) or "").replace(MARK[0], marks[0]).replace(MARK[1], marks[1])


def _hit_line(hit: SearchHit) -> str:
    from studylog.text import one_line

    day = hit.day.isoformat() if hit.day else "-"
    title = one_line(_text(hit.title), TITLE_WIDTH) or "(untitled)"
    return f"{hit.kind} #{hit.ref} · {day} · {title}\n"


def _snippet_line(hit: SearchHit, bold: bool) -> str:
    """The matching text under its hit, indented; the words found in bold on a terminal, else between « »."""
    if _marked(hit.snippet, ("", "")) in ("", _text(hit.title)):
        return ""  # (nothing but the title again)
    snippet = _marked(hit.snippet, ("\x1b[1m", "\x1b[22m") if bold else ("«", "»"))
    return f"    {snippet}" + ("\x1b[0m" if bold else "") + "\n"

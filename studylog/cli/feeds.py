"""feeds: the subscriptions imported from a feed reader (newsletters, blogs, podcasts); not reading."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from studylog.cli import EXIT_OK, Context, print_json
from studylog.domain.values import FEED_KINDS
from studylog.limits import MAX_LIST_LIMIT
from studylog.parsing import parse_count

if TYPE_CHECKING:
    from studylog.domain.values import Feed

FIRST_PAGE = 20


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    feeds = commands.add_parser(
        "feeds", help="the newsletters, blogs and podcasts you follow (studylog import opml FILE)",
        description="List the subscriptions imported from a feed reader's OPML file, newest first. "
                    "They are not on the reading list and do not count as reading.")
    feeds.add_argument("--kind", choices=FEED_KINDS)
    feeds.add_argument("--limit", help=f"at most N rows (default {FIRST_PAGE}; 0 for all)")
    feeds.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import feeds

    limit: int | None = FIRST_PAGE
    if args.limit is not None:
        limit = parse_count(args.limit, "limit", str(FIRST_PAGE), high=MAX_LIST_LIMIT) or None
    rows = feeds.feeds(ctx, kind=args.kind, limit=limit)
    total = feeds.count(ctx, kind=args.kind) if limit and len(rows) == limit else None
    if args.json:
        print_json(rows)
        return EXIT_OK
    print_feeds(rows, total=total, kind=args.kind)
    return EXIT_OK


def print_feeds(rows: list[Feed], *, total: int | None, kind: str | None = None) -> None:
    """The feeds as a plain table (no rich: a quick command)."""
    from studylog.cli import textable
    from studylog.text import one_line

    if not rows:
        if kind:
            print(f"No {kind} feeds (studylog feeds lists every kind)")
        else:
            print("No feeds yet. Import a feed reader's export: studylog import opml subscriptions.opml")
        return
    header = ("ID", "Kind", "Title", "Site", "Tags")
    cells = [(str(f.id), f.kind, one_line(f.title), one_line(f.url), " ".join(f"#{t}" for t in f.tags))
             for f in rows]
    import shutil

    # the title, the site and the tags share what the terminal's width leaves (80 columns: one line a
    # feed): the widest of them gives way first, so short ones are never cut
    room = max(40, shutil.get_terminal_size((80, 24)).columns - max(len(c[0]) for c in cells) - 10 - 8)
    natural = [max(len(header[i]), *(len(c[i]) for c in cells)) for i in (2, 3, 4)]
    while sum(natural) > room:
        natural[natural.index(max(natural))] -= 1
    widths = (None, None, *natural)
    sys.stdout.write(textable.render(header, cells, right=(True,), max_widths=widths,
                                     bold_header=sys.stdout.isatty()))
    if total is not None and total > len(rows):
        print(f"{len(rows)} of {total:,} shown; use --limit N (0 for all) for more")

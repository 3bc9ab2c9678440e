"""read: the reading list (books, papers, articles, newsletters, blogs, talks)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from studylog.cli import (
    EXIT_OK,
    EXIT_USAGE,
    Context,
    UserError,
    int_arg,
    list_limit,
    opt_text,
    parse_day,
    print_json,
    print_more,
    refuse_ambiguous,
)
from studylog.domain.values import READING_KINDS, READING_STATUSES
from studylog.parsing import parse_count, parse_rating, parse_tags

if TYPE_CHECKING:
    from studylog.domain.values import ReadingItem

MAX_SKIPPED_SHOWN = 20
PAGE = 20  # items `read list` shows unless --year or --limit says otherwise


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    if name == "read":
        read = commands.add_parser("read", help="the reading list: books, papers, newsletters...",
                                   description="Keep a reading list.")
        actions = read.add_subparsers(dest="action", metavar="ACTION", required=True)
        add = actions.add_parser("add", help='add an item: studylog read add "Deep Work" --author "Cal Newport"')
        add.add_argument("title")
        add.add_argument("--author", action="append", default=[], help="an author (repeat for more)")
        add.add_argument("--kind", choices=READING_KINDS, default="book")
        add.add_argument("--url")
        add.add_argument("--isbn")
        add.add_argument("--pages")
        add.add_argument("--status", choices=READING_STATUSES, default="to-read")
        add.add_argument("--tag", action="append", default=[])
        add.add_argument("--json", action="store_true")
        for verb, text in (("start", "started reading"), ("finish", "finished"), ("abandon", "stopped reading")):
            act = actions.add_parser(verb, help=f"{text}: an id or (part of) a title")
            act.add_argument("ref", metavar="ID-or-title")
            act.add_argument("--date", default="today")
            if verb == "finish":
                act.add_argument("--rating", help="0 to 5 in half steps, e.g. 4.5")
                act.add_argument("--review")
            act.add_argument("--json", action="store_true")
        lst = actions.add_parser("list", help="the reading list: reading first, then to-read, then the rest")
        lst.add_argument("--status", choices=READING_STATUSES)
        lst.add_argument("--kind", choices=READING_KINDS)
        lst.add_argument("--year", type=int_arg(1900, 2100, "year"), help="items finished (or else started, or added) in that year")
        lst.add_argument("--limit", help=f"at most N items (default {PAGE} unless --year is given; 0 for all)")
        lst.add_argument("--json", action="store_true")


def run(ctx: Context, args: argparse.Namespace) -> int:
    return {"add": cmd_add, "start": cmd_status, "finish": cmd_status, "abandon": cmd_status,
            "list": cmd_list}[args.action](ctx, args)


def describe(item: ReadingItem) -> str:
    by = f" by {', '.join(item.authors)}" if item.authors else ""
    parts = [f"{item.kind} #{item.id}: \"{item.title}\"{by} · {item.status}"]
    if item.status == "finished" and item.finished:
        parts.append(f"finished {item.finished.isoformat()}")
    elif item.status == "reading" and item.started:
        parts.append(f"started {item.started.isoformat()}")
    elif item.status == "abandoned" and item.finished:
        parts.append(f"stopped {item.finished.isoformat()}")
    if item.rating is not None:
        parts.append(f"rated {item.rating:g}/5")
    from studylog.text import clean

    return clean(" · ".join(parts), multiline=False) or ""  # (nothing stored reaches the terminal as an escape)


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records
    from studylog.domain.values import NewReading

    new = NewReading(title=args.title, kind=args.kind, authors=tuple(args.author), url=opt_text(args.url),
                     isbn=opt_text(args.isbn), status=args.status, tags=parse_tags(args.tag),
                     pages=parse_count(args.pages, "pages", "320") if args.pages else None)
    if args.status == "reading":
        new = new._replace(started=ctx.today)
    elif args.status in ("finished", "abandoned"):
        new = new._replace(finished=ctx.today)
    try:
        item = records.add(ctx, new)
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if args.json:
        print_json(item)
    else:
        print(f"Stored {describe(item)}")
    return EXIT_OK


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import reading
    from studylog.domain.errors import Ambiguous
    from studylog.limits import check_day

    day = parse_day(ctx, args.date)
    check_day(day, ctx.today, "it")
    rating = parse_rating(args.rating) if getattr(args, "rating", None) else None
    try:
        item = reading.find(ctx, args.ref)
        item = reading.act(ctx, item, args.action, day=day, rating=rating,
                           review=opt_text(args.review) if args.action == "finish" else None)
    except Ambiguous as exc:
        refuse_ambiguous(exc, describe)
    except LookupError as exc:
        raise UserError(str(exc.args[0])) from None
    if args.json:
        print_json(item)
    else:
        print(f"Updated {describe(item)}")
    return EXIT_OK



def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    """A first page (PAGE items) unless a year or --limit is given; --json follows the same limit."""
    from studylog.api import reading

    limit = list_limit(args.limit, None if args.year is not None else PAGE)
    filters = {"status": args.status, "kind": args.kind, "year": args.year}
    total = None
    items = reading.items(ctx, **filters, limit=None if limit is None else limit + 1)
    if limit is not None and len(items) > limit:  # cut: say of how many
        items = items[:limit]
        total = reading.count(ctx, **filters)
    if args.json:
        print_json(items)
        return EXIT_OK
    from studylog.cli import render

    render.reading_table(items)
    print_more(len(items), total)
    return EXIT_OK

"""res: learning resources by topic, and resource lists shared as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studylog.cli import EXIT_OK, EXIT_USAGE, Context, UserError, id_arg, opt_text, path_arg, print_json
from studylog.domain.values import RESOURCE_KINDS, RESOURCE_STATUSES

if TYPE_CHECKING:
    from studylog.domain.values import Resource

STATUS_VERBS = {"done": "done", "studying": "studying", "skip": "skipped", "new": "new"}
PAGE = 20  # resources `res list` shows unless --limit says otherwise


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    res = commands.add_parser("res", help="learning resources by topic, and shared resource lists",
                              description="Learning resources by topic; import and export resource lists.")
    actions = res.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a link: studylog res add URL --topic 'Deep Learning/Transformers'")
    add.add_argument("url")
    add.add_argument("--title")
    add.add_argument("--topic", help="a topic path, levels separated by /")
    add.add_argument("--kind", choices=RESOURCE_KINDS, help="default: guessed from the address")
    add.add_argument("--description")
    add.add_argument("--note")
    add.add_argument("--json", action="store_true")
    for verb in STATUS_VERBS:
        one = actions.add_parser(verb, help=f"mark resources {STATUS_VERBS[verb]}")
        one.add_argument("ids", type=id_arg, nargs="+", metavar="ID")
    lst = actions.add_parser("list", help="resources, by topic")
    lst.add_argument("--topic", help="a topic and its subtopics")
    lst.add_argument("--status", choices=RESOURCE_STATUSES)
    lst.add_argument("--limit", help=f"at most N resources (default {PAGE}; 0 for all)")
    lst.add_argument("--json", action="store_true")
    actions.add_parser("topics", help="the topic tree with counts (total, done)")
    actions.add_parser("lists", help="the resource lists imported so far")
    imp = actions.add_parser("import", help="import a Markdown list of links (awesome-lists, course notes...)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--list", dest="list_name", help="the list's name (default: the file's title)")
    imp.add_argument("--curator", help="who made the list")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    from studylog.cli.files import add_max_size

    add_max_size(imp, "markdown")
    exp = actions.add_parser("export", help="write resources as a Markdown list to share")
    exp.add_argument("--list", dest="lists", action="append", default=[], help="a list by name (repeatable)")
    exp.add_argument("--topic", dest="topics", action="append", default=[], help="a topic (repeatable)")
    exp.add_argument("--with-progress", action="store_true", help="mark done items with [x]")
    exp.add_argument("-o", "--output", type=path_arg, help="write to this file instead of the screen")
    exp.add_argument("--force", action="store_true", help="overwrite an existing output file")


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.action in STATUS_VERBS:
        return cmd_status(ctx, args)
    return {"add": cmd_add, "list": cmd_list, "topics": cmd_topics, "lists": cmd_lists, "import": cmd_import,
            "export": cmd_export}[args.action](ctx, args)


def describe(r: Resource) -> str:
    topic = f" in {r.topic}" if r.topic else ""
    title = f'"{r.title}" ' if r.title else ""
    return f"resource #{r.id}: {title}<{r.url}>{topic} · {r.kind} · {r.status}"


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records
    from studylog.domain.values import NewResource
    from studylog.io.urls import NotAWebLink

    new = NewResource(url=args.url, title=opt_text(args.title), topic=opt_text(args.topic),
                      kind=args.kind, description=opt_text(args.description),
                      note=opt_text(args.note))
    try:
        resource, created = records.add_resource(ctx, new)
    except NotAWebLink as exc:
        raise UserError(f"{exc}: give a link such as https://arxiv.org/abs/1706.03762", EXIT_USAGE) from None
    if args.json:
        print_json(resource)
    elif created:
        print(f"Stored {describe(resource)}")
    else:
        print(f"Already there: {describe(resource)}")
    return EXIT_OK


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources

    status = STATUS_VERBS[args.action]
    for resource_id in args.ids:
        try:
            resource = resources.set_status(ctx, resource_id, status)
        except LookupError as exc:
            raise UserError(str(exc.args[0])) from None
        print(f"Marked {describe(resource)}")
    return EXIT_OK


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    """A first page (PAGE resources) unless --limit is given; --json follows the same limit."""
    from studylog.api import resources
    from studylog.cli import list_limit, print_more

    limit = list_limit(args.limit, PAGE)
    total = None
    found = resources.resources(ctx, topic=args.topic, status=args.status, limit=None if limit is None else limit + 1)
    if limit is not None and len(found) > limit:  # cut: say of how many
        found = found[:limit]
        total = resources.count(ctx, topic=args.topic, status=args.status)
    if args.json:
        print_json(found)
        return EXIT_OK
    from studylog.cli import render

    render.resources_table(found, filtered=args.topic is not None or args.status is not None)
    print_more(len(found), total)
    return EXIT_OK


def cmd_topics(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources
    from studylog.cli import render

    render.topic_tree(resources.topic_counts(ctx))
    return EXIT_OK


def cmd_lists(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources

    found = resources.lists(ctx)
    if not found:
        print("No resource lists yet. Import one: studylog res import list.md --curator 'Your mentor'")
    for info in found:
        curator = f" curated by {info.curator}" if info.curator else ""
        print(f"{info.name}{curator}: {info.size:,} resource{'s' if info.size != 1 else ''} (from {info.origin or 'studylog'})")
    return EXIT_OK


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api.imports import read_resource_list, store_resource_list
    from studylog.cli.files import (
        BIG_BATCH,
        BIG_FILE,
        file_size,
        print_summary,
        progress_bar,
        progress_status,
        refused_whole,
    )
    from studylog.io.common import shown_path

    shown = shown_path(args.file.name)
    with refused_whole(), progress_status(f"Reading {shown}", big=file_size(args.file) >= BIG_FILE):
        parsed = read_resource_list(args.file, max_size=args.max_size)
    name = opt_text(args.list_name) or parsed.title or args.file.stem
    with progress_bar(f"Storing {shown}", len(parsed.entries), big=len(parsed.entries) >= BIG_BATCH) as tick:
        summary = store_resource_list(ctx, parsed, file=shown, name=name, curator=opt_text(args.curator),
                                      progress=tick)
    print_summary(summary, f"list '{shown_path(name)}'", args.json)
    return EXIT_OK


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources
    from studylog.domain.errors import UnknownList

    try:
        markdown, doc = resources.export_markdown(ctx, list_names=args.lists, topics=args.topics,
                                                  with_progress=args.with_progress)
    except UnknownList as exc:
        raise UserError(str(exc.args[0])) from None
    if not any(section.items for section in doc.sections):
        raise UserError("nothing to export: no resources match")
    if args.output is None:
        sys.stdout.write(markdown)
        return EXIT_OK
    from studylog.cli.files import output_file, write_atomically

    target = output_file(args.output, f"{doc.title}.md", force=args.force, locations=ctx.locations)
    write_atomically(target, markdown)
    count = resources.items_in(doc)
    topics = len({s.topic for s in doc.sections})
    from studylog.io.common import shown_path

    print(f"Wrote {count:,} resource{'s' if count != 1 else ''} in {topics} topic{'s' if topics != 1 else ''} to "
          f"{shown_path(target)}")
    return EXIT_OK


